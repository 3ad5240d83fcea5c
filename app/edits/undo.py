"""Undo and redo as plain values (the pattern of glue's and Orange's command objects): an edit
that was made, with the change set it wrote. Undoing applies the inverse as a compensating
edit, redoing applies the change set again; both are use cases with their own rule check
(app.edits.change_rules) and the store's version check. No Qt here: widgets/session/undo_stack.py adapts
these to a QUndoStack."""

from __future__ import annotations

from dataclasses import dataclass

from app.edits.use_cases import ApplyChanges
from app.model.change_set import ChangeSet


@dataclass(frozen=True, slots=True)
class UndoableEdit:
    text: str  # what the planner did, e.g. "Move CR-201 to R-MAR"
    changes: ChangeSet

    def undo_case(self) -> ApplyChanges:
        return ApplyChanges(self.changes.inverse(), self.text, restoring=True)

    def redo_case(self) -> ApplyChanges:
        return ApplyChanges(self.changes, self.text, restoring=False)
