"""The window's undo history: a QUndoStack of thin commands over app.edits.undo.UndoableEdit.

QUndoStack moves its index first and asks the command afterwards, so a refused undo would
leave the stack claiming it happened. Here the work comes first: `undo()` runs the edit's
compensating use case through the controller, and only when the rules accept it does the stack
move (its commands do nothing themselves). If the write is refused later (someone else changed
the rows meanwhile), the stack is put back where it was, and the plan with it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from shiboken6 import isValid

from app.edits.undo import UndoableEdit
from app.model.change_set import ChangeSet


class EditCommand(QUndoCommand):
    def __init__(self, edit: UndoableEdit):
        super().__init__(edit.text)
        self.edit = edit

    def undo(self) -> None:  # done by UndoHistory before the stack moves
        pass

    def redo(self) -> None:
        pass


class _Dropped(QUndoCommand):
    """Pushed to cut off the steps above the index (a write refused after it was pushed):
    obsolete, so the stack deletes it at once."""

    def redo(self) -> None:
        self.setObsolete(True)


class UndoHistory(QObject):
    def __init__(self, stack: QUndoStack):
        super().__init__(stack)  # a child of the stack: its connections end with the stack
        self.stack = stack
        self.controller = None  # set by the controller that runs the edits
        self._actions: tuple[QAction, QAction] | None = None

    def push(self, text: str, changes: ChangeSet) -> int:
        """Record an edit the window shows; returns the index before it (to drop it again)."""
        before = self.stack.index()
        if changes:
            self.stack.push(EditCommand(UndoableEdit(text, changes)))
        return before

    def drop_from(self, index: int) -> None:
        """Forget the steps from `index` on: their edits were refused and taken back."""
        if index < self.stack.count():
            self.stack.setIndex(index)
            self.stack.push(_Dropped())

    def undo(self) -> None:
        index = self.stack.index()
        if index > 0:
            self._step(index, index - 1, self.stack.command(index - 1).edit.undo_case())

    def redo(self) -> None:
        index = self.stack.index()
        if index < self.stack.count():
            self._step(index, index + 1, self.stack.command(index).edit.redo_case())

    def _step(self, here: int, there: int, use_case) -> None:
        def put_back(_fault=None):
            if self.stack.index() == there:
                self.stack.setIndex(here)

        verb = "undone" if use_case.restoring else "redone"
        if self.controller.apply(use_case, f"{use_case.text} was not {verb}", put_back):
            self.stack.setIndex(there)

    def actions(self, parent) -> tuple[QAction, QAction]:
        """Undo and Redo actions that follow the stack (text, enabled) and run through here."""
        undo = QAction("Undo", parent)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.undo)
        redo = QAction("Redo", parent)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.triggered.connect(self.redo)

        self._actions = (undo, redo)
        self.stack.indexChanged.connect(self._follow)
        self._follow()
        return undo, redo

    def _follow(self) -> None:
        if not isValid(self.stack):
            return  # the stack is being destroyed with the window and says so one last time
        undo, redo = self._actions
        for action, verb, can, what in ((undo, "Undo", self.stack.canUndo(),
                                         self.stack.undoText()),
                                        (redo, "Redo", self.stack.canRedo(),
                                         self.stack.redoText())):
            action.setEnabled(can)
            action.setText(f"{verb} {what}".strip())  # in menus and the tooltip: what it does
            action.setIconText(verb)  # on the toolbar: a button that keeps its width
            action.setToolTip(f"{verb} {what}".strip() + f" ({action.shortcut().toString()})")
