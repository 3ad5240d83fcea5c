"""Undo and redo without Qt (the pattern of glue's command stack and Orange's commands): each
step is an edit that was made, with the change set it wrote. Undoing applies the inverse as a
compensating edit, redoing applies the change set again; both are use cases (`ApplyChanges`)
with their own rule check (app.edits.change_rules) and the store's version check.

The history moves only once an undo or redo has been accepted and shown (`moved`), and moves
back if its write is refused later (`drop_from` for a refused edit, `moved` again for a
refused undo): it never claims what did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.edits.change_rules import check_change_set
from app.edits.use_case import UseCase
from app.model.change_set import ChangeSet, Edited


@dataclass(frozen=True)
class ApplyChanges(UseCase):
    """Undo (the inverse of an edit's change set, `restoring`) or redo (the change set again)
    as a compensating edit, under app.edits.change_rules."""

    changes: ChangeSet
    text: str  # what the edit was called, e.g. "Move CR-201 to R-MAR"
    restoring: bool

    @property
    def action(self) -> str:
        return f"{'undo' if self.restoring else 'redo'}: {self.text}"

    @property
    def undo_text(self) -> None:
        return None  # the history itself moves: an undo is not a step of its own

    @property
    def failure(self) -> str:
        return f"{self.text} was not {'undone' if self.restoring else 'redone'}"

    def note(self, outcome) -> str:
        return f"{'Undone' if self.restoring else 'Redone'}: {self.text}."

    def decide(self, plan, today):
        check_change_set(plan, self.changes, today, self.restoring)
        return Edited.of(plan, self.changes)


@dataclass(frozen=True, slots=True)
class UndoableEdit:
    text: str  # what the planner did, e.g. "Move CR-201 to R-MAR"
    changes: ChangeSet

    def undo_case(self) -> ApplyChanges:
        return ApplyChanges(self.changes.inverse(), self.text, restoring=True)

    def redo_case(self) -> ApplyChanges:
        return ApplyChanges(self.changes, self.text, restoring=False)


class EditHistory:
    """The steps a planner can undo (before `index`) and redo (from `index` on). A step is an
    UndoableEdit, or any value with its `text`, `undo_case()` and `redo_case()` (a scenario's
    promotion, app.scenarios.promote_undo, whose cases are app.edits.use_case.StoredEdit)."""

    def __init__(self):
        self._steps: list[UndoableEdit] = []
        self.index = 0

    def __len__(self) -> int:
        return len(self._steps)

    def push(self, text: str, changes: ChangeSet) -> int:
        """Record an edit that is shown; the steps that could be redone are gone. Returns the
        index before it, to drop it again if its write is refused."""
        if not changes:
            return self.index
        return self.push_step(UndoableEdit(text, changes))

    def push_step(self, step) -> int:
        """Record a step that is shown (and, for a step of the store's, written); the steps
        that could be redone are gone. Returns the index before it."""
        before = self.index
        del self._steps[self.index:]
        self._steps.append(step)
        self.index = len(self._steps)
        return before

    def drop_from(self, index: int) -> None:
        """Forget the steps from `index` on: their edits were refused and taken back."""
        del self._steps[index:]
        self.index = min(self.index, index)

    def clear(self) -> None:
        self._steps.clear()
        self.index = 0

    def can_undo(self) -> bool:
        return self.index > 0

    def can_redo(self) -> bool:
        return self.index < len(self._steps)

    def undo_text(self) -> str:
        return self._steps[self.index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._steps[self.index].text if self.can_redo() else ""

    def undo_case(self) -> ApplyChanges | None:
        return self._steps[self.index - 1].undo_case() if self.can_undo() else None

    def redo_case(self) -> ApplyChanges | None:
        return self._steps[self.index].redo_case() if self.can_redo() else None

    def moved(self, to: int) -> None:
        """An undo or redo was shown (or its write refused): the history stands at `to`."""
        self.index = max(0, min(to, len(self._steps)))
