"""The CRs a scenario changes, which the window marks on its bars and cards: read with the
scenario's changes, then kept up to date by the edits the window makes in it, so a move marks
its bar at once and an undo back to live's value takes the mark away (ScenarioChange.is_noop,
as promotion counts them)."""

from __future__ import annotations

from dataclasses import replace

from app.model.change_set import ChangeSet
from app.model.row_kinds import RowKind
from app.scenarios.model import ScenarioChange


class ChangedCrs:
    def __init__(self, changes: list[ScenarioChange]):
        self._held = {ch.key: ch for ch in changes if ch.kind == RowKind.CR}
        self.keys = self._marked()

    def _marked(self) -> frozenset[str]:
        return frozenset(key for key, ch in self._held.items() if not ch.is_noop)

    def edited(self, changes: ChangeSet) -> frozenset[str]:
        """Take in an edit made in the scenario (or taken back); the CRs marked now."""
        for row in changes:
            if row.kind != RowKind.CR:
                continue
            held = self._held.get(row.key)
            # A row the scenario did not hold yet is written against live's: the edit's before.
            self._held[row.key] = replace(held, after=row.after) if held is not None else \
                ScenarioChange(RowKind.CR, row.key, row.before, None, row.after, 0)
        self.keys = self._marked()
        return self.keys
