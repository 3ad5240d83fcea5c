"""What the CR editor does when a save goes wrong: problems shown next to their fields, a
save the database refuses after it was shown (the planner's version comes back), and a save
that met someone else's newer version (the three-way merge, issue 12). A mixin of CrEditor."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from app.edits.merge import three_way
from app.edits.store_port import StaleEdit
from app.model.errors import Problem
from app.model.plan import ChangeRequest
from widgets.editor.merge_dialog import MergeDialog


class EditorSaving:
    _merging: tuple[ChangeRequest, ChangeRequest] | None = None  # (base, mine) to merge

    def _save_refused(self, draft: ChangeRequest, new: bool, base: ChangeRequest | None,
                      fault: Exception) -> None:
        """The save was shown, then refused by the database. A race lost to someone else
        asks for a merge once their version is shown; otherwise (the server went away) the
        planner's version comes back, not saved, to save again."""
        if self.base is not None and self.base.key != draft.key and (self.dirty or self.new):
            return  # the planner is busy with another CR; the status bar has said it
        if isinstance(fault, StaleEdit) and not new and base is not None:
            self._merging = (base, draft)  # once the plan is read again: _merge_now
            return
        self._draft_back(draft)

    def _draft_back(self, draft: ChangeRequest) -> None:
        stored = self.controller.plan.crs.get(draft.key)
        self.base, self.new = (stored, False) if stored is not None else (draft, True)
        self._load(draft)
        self._edited()

    def _merge_now(self) -> None:
        """The plan was read again after the lost race: merge with their version of the CR
        (or, if they deleted it or did not change it, the planner's version comes back)."""
        if self._merging is None or not self.controller.idle():
            return
        base, mine = self._merging
        self._merging = None
        theirs = self.controller.plan.crs.get(mine.key)
        if theirs is None or theirs == base:  # deleted, or the race was on another row
            self._draft_back(mine)
            if theirs is None:
                self.controller.message.emit(f"{mine.key} was deleted by someone else; your "
                                             "version is in the editor: save it to create it "
                                             "again.")
            return
        self._merge_with(base, mine, theirs)

    def _merge_with(self, base: ChangeRequest, mine: ChangeRequest,
                    theirs: ChangeRequest) -> bool:
        """Someone else saved `theirs` since the planner started from `base`: a three-way
        merge, field by field; the merged CR is saved on top of theirs. Keep theirs drops the
        planner's edit; nothing is overwritten without a decision."""
        dialog = MergeDialog(three_way(base, mine, theirs), parent=self)
        self.merge_dialog = dialog  # for tests and so it is not collected while open
        self.base, self.new, self.dirty = theirs, False, False
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._load(dialog.merged())
            self.dirty = True
            return self.save()
        self._load(theirs)
        self.controller.message.emit(f"{mine.key}: kept their version; your edit was dropped.")
        return False

    def _show_problems(self, problems: list[Problem]) -> None:
        rest = []
        self.changes.problems = {}
        for problem in self.form.show_problems(problems):
            path = problem.path
            if path.startswith("depends_on"):
                self.dependencies.show_problem(problem.message)
            elif path.startswith("changes["):
                row = int(path[len("changes["):path.index("]")])
                self.changes.problems[row] = problem.message
                rest.append(Problem(f"change {row + 1}", problem.message))
            else:
                rest.append(problem)
        self.changes.layoutChanged.emit()
        changes = [p for p in rest if p.path.startswith("change ")]
        self.changes_error.setText("\n".join(map(str, changes)))
        self.changes_error.setVisible(bool(changes))
        general = [p for p in rest if not p.path.startswith("change ")]
        self.general_error.setText("\n".join(map(str, general)))
        self.general_error.setVisible(bool(general))
        if changes and not general:
            self.tabs.setCurrentIndex(1)

    def _may_leave(self) -> bool:
        """Unsaved edits are not dropped without asking."""
        if not (self.dirty or self.new) or self.base is None:
            return True
        answer = QMessageBox.question(
            self, "Unsaved change request", f"{self.base.key} has changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
