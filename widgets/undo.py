"""Undo for the desktop client: each move is one command on a QUndoStack. The move happens
before the command is pushed (a refused drop pushes nothing), so the first redo is skipped."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from widgets.plan_controller import PlanController


class MoveCommand(QUndoCommand):
    def __init__(self, controller: PlanController, cr: str, before: str | None,
                 after: str | None):
        super().__init__(f"Move {cr} to {after or 'backlog'}")
        self.controller = controller
        self.cr, self.before, self.after = cr, before, after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.controller.move(self.cr, self.after)

    def undo(self) -> None:
        self.controller.move(self.cr, self.before)
