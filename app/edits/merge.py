"""Three-way merge of a change request (issue 12): the CR as the planner started editing it
(base), the planner's version (mine) and the version someone else saved meanwhile (theirs).

A field changed on one side only takes that side's value by itself; a field both changed to
different values is a conflict the planner decides. Nothing is overwritten without a decision:
`result` refuses while a conflict has no choice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.model.plan import ChangeRequest

FIELDS = ("title", "team", "stage", "release", "estimate_hours", "priority", "emergency",
          "justification", "depends_on", "changes")
LABELS = {"estimate_hours": "estimate (hours)", "depends_on": "dependencies",
          "changes": "field-level changes"}


@dataclass(frozen=True)
class FieldMerge:
    name: str
    base: object
    mine: object
    theirs: object

    @property
    def conflict(self) -> bool:
        return self.mine != self.base and self.theirs != self.base and self.mine != self.theirs

    @property
    def merged(self):
        """The value without a decision: the side that changed it (theirs when neither did
        or both made the same change); for a conflict, None."""
        if self.conflict:
            return None
        return self.mine if self.mine != self.base else self.theirs

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)


@dataclass(frozen=True)
class Merge:
    base: ChangeRequest
    mine: ChangeRequest
    theirs: ChangeRequest
    fields: tuple[FieldMerge, ...]

    @property
    def conflicts(self) -> list[FieldMerge]:
        return [f for f in self.fields if f.conflict]

    @property
    def changed(self) -> list[FieldMerge]:
        """The fields either side changed (what the dialog shows)."""
        return [f for f in self.fields if f.mine != f.base or f.theirs != f.base]

    def result(self, choices: dict[str, str]) -> ChangeRequest:
        """The merged CR; `choices` maps each conflicting field to "mine" or "theirs"."""
        values = {}
        for f in self.fields:
            if f.conflict:
                side = choices.get(f.name)
                if side not in ("mine", "theirs"):
                    raise ValueError(f"choose a value for {f.label}")
                values[f.name] = f.mine if side == "mine" else f.theirs
            else:
                values[f.name] = f.merged
        return replace(self.theirs, **values)


def three_way(base: ChangeRequest, mine: ChangeRequest, theirs: ChangeRequest) -> Merge:
    return Merge(base, mine, theirs, tuple(
        FieldMerge(name, getattr(base, name), getattr(mine, name), getattr(theirs, name))
        for name in FIELDS))
