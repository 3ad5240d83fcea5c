"""Undo for the desktop client: each edit is one command on a QUndoStack. The edit happens
before the command is pushed (a refused edit pushes nothing), so the first redo is skipped."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.domain import ChangeRequest
from widgets.plan_controller import PlanController


def _say_problems(controller: PlanController, key: str, what: str, problems) -> None:
    """An undo or redo the rules now refuse says why in the status bar."""
    if problems:
        controller.message.emit(f"{key} was not {what}: "
                                + "; ".join(p.message for p in problems))


class _DoneCommand(QUndoCommand):
    """A command for an edit that was already made when it is pushed."""

    def __init__(self, text: str):
        super().__init__(text)
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.again()

    def again(self) -> None:
        raise NotImplementedError


class MoveCommand(_DoneCommand):
    def __init__(self, controller: PlanController, cr: str, before: str | None,
                 after: str | None):
        super().__init__(f"Move {cr} to {after or 'backlog'}")
        self.controller = controller
        self.cr, self.before, self.after = cr, before, after

    def again(self) -> None:
        self.controller.move(self.cr, self.after)

    def undo(self) -> None:
        self.controller.move(self.cr, self.before)


class CreateCommand(_DoneCommand):
    def __init__(self, controller: PlanController, cr: ChangeRequest):
        super().__init__(f"Create {cr.key}")
        self.controller = controller
        self.cr = cr

    def again(self) -> None:
        _say_problems(self.controller, self.cr.key, "created again",
                      self.controller.create(self.cr))

    def undo(self) -> None:
        self.controller.delete(self.cr.key)


class EditCommand(_DoneCommand):
    """The CR editor's save: undo saves the version from before."""

    def __init__(self, controller: PlanController, before: ChangeRequest,
                 after: ChangeRequest):
        super().__init__(f"Edit {after.key}")
        self.controller = controller
        self.before, self.after = before, after

    def again(self) -> None:
        _say_problems(self.controller, self.after.key, "edited again",
                      self.controller.save(self.after))

    def undo(self) -> None:
        _say_problems(self.controller, self.before.key, "put back",
                      self.controller.save(self.before))


class DeleteCommand(_DoneCommand):
    def __init__(self, controller: PlanController, cr: ChangeRequest):
        super().__init__(f"Delete {cr.key}")
        self.controller = controller
        self.cr = cr

    def again(self) -> None:
        self.controller.delete(self.cr.key)

    def undo(self) -> None:
        self.controller.restore(self.cr)
