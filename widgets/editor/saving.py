"""Saving, deleting and leaving the CR editor, by composition of a CrEditor: a save is one use
case run by the session (one undo step); problems show next to their fields; a save the
database refuses after it was shown brings the planner's version back; a save that met someone
else's newer version opens the three-way merge (issue 12), naming who saved it. Closing the
merge dialog (Esc) keeps the planner's edit in the editor, unsaved; only "Keep theirs" drops
it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.edits.crs import CreateCr, DeleteCr, EditCr
from app.edits.merge import three_way
from app.edits.store_port import StaleEdit
from app.model.errors import PlanFileError, Problem, Refusal
from app.model.plan import ChangeRequest
from app.model.row_kinds import RowKind
from widgets.editor.merge_dialog import KEEP_THEIRS, SAVE_MERGED, MergeDialog

# The field of a new CR that a refusal is about, to show the message next to it.
REFUSAL_FIELDS = {"duplicate-key": "key", "frozen": "release", "release-closed": "release",
                  "unknown-release": "release", "cr-closed": "stage"}


class Saving:
    def __init__(self, editor):
        self.editor = editor
        self.session = editor.session
        self.merging: tuple[ChangeRequest, ChangeRequest] | None = None  # (base, mine)
        self.merge_dialog: MergeDialog | None = None  # open now (tests, and kept from the GC)

    # ---- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        editor = self.editor
        if editor.base is None or not (editor.dirty or editor.new) or editor.refused_here():
            return False
        cr = editor.draft()
        current = None if editor.new else self.session.plan.crs.get(cr.key)
        if current is not None and current != editor.base:  # saved by someone else meanwhile
            self._ask_merge(editor.base, cr, current)
            return False
        problems = editor.form.check(cr)
        if not problems:
            new, base = editor.new, editor.base
            use_case = CreateCr(cr) if new else EditCr(cr)
            try:
                self.session.run(use_case, on_failed=lambda fault: self._refused(cr, new, base,
                                                                                fault))
            except PlanFileError as bad:
                problems = list(bad.problems)
            except Refusal as refusal:
                problems = [Problem(REFUSAL_FIELDS.get(refusal.code, ""), refusal.message)]
        if problems:
            self.show_problems(problems)
            return False
        editor.base, editor.new, editor.dirty = self.session.plan.crs[cr.key], False, False
        editor._load(editor.base)
        return True

    def _refused(self, draft: ChangeRequest, new: bool, base: ChangeRequest | None,
                 fault: Exception) -> None:
        """The save was shown, then refused by the database. A race lost to someone else
        asks for a merge once their version is shown; otherwise (the server went away) the
        planner's version comes back, not saved, to save again."""
        editor = self.editor
        if editor.base is not None and editor.base.key != draft.key \
                and (editor.dirty or editor.new):
            return  # the planner is busy with another CR; the status bar has said it
        if isinstance(fault, StaleEdit) and not new and base is not None:
            self.merging = (base, draft)  # once the plan is read again: merge_now
            return
        self._draft_back(draft)

    def _draft_back(self, draft: ChangeRequest) -> None:
        editor = self.editor
        stored = self.session.plan.crs.get(draft.key)
        editor.base, editor.new = (stored, False) if stored is not None else (draft, True)
        editor._load(draft)
        editor._edited()

    def merge_now(self) -> None:
        """The plan was read again after the lost race: merge with their version of the CR
        (or, if they deleted it or did not change it, the planner's version comes back)."""
        if self.merging is None or not self.session.idle():
            return
        base, mine = self.merging
        self.merging = None
        theirs = self.session.plan.crs.get(mine.key)
        if theirs is None or theirs == base:  # deleted, or the race was on another row
            self._draft_back(mine)
            if theirs is None:
                self.session.message.emit(f"{mine.key} was deleted by someone else; your "
                                          "version is in the editor: save it to create it "
                                          "again.")
            return
        self._ask_merge(base, mine, theirs)

    def _ask_merge(self, base: ChangeRequest, mine: ChangeRequest,
                   theirs: ChangeRequest) -> None:
        """Who saved `theirs` is read from the audit log (on the worker), then the merge."""
        key = mine.key

        def named(rows) -> None:
            self._merge_with(base, mine, theirs, rows[-1]["user"] if rows else "")

        self.session.queue(lambda store: store.history(RowKind.CR, key), named,
                           lambda _fault: self._merge_with(base, mine, theirs, ""))

    def _merge_with(self, base: ChangeRequest, mine: ChangeRequest, theirs: ChangeRequest,
                    who: str) -> None:
        """Someone else saved `theirs` since the planner started from `base`: a three-way
        merge, field by field; the merged CR is saved on top of theirs. "Keep theirs" drops
        the planner's edit; closing the dialog keeps it in the editor; nothing is overwritten
        without a decision."""
        editor = self.editor
        dialog = MergeDialog(three_way(base, mine, theirs), who or "Someone else", editor)
        self.merge_dialog = dialog
        answer = dialog.exec()
        self.merge_dialog = None
        if answer == SAVE_MERGED:
            editor.base, editor.new = theirs, False
            editor._load(dialog.merged())
            editor.dirty = True
            self.save()
        elif answer == KEEP_THEIRS:
            editor.base, editor.new, editor.dirty = theirs, False, False
            editor._load(theirs)
            self.session.message.emit(f"{mine.key}: kept their version; your edit was "
                                      "dropped.")
        else:  # closed or Esc: the planner's edit stays in the editor, on top of theirs
            editor.base, editor.new = theirs, False
            editor._load(mine)
            editor._edited()
            self.session.message.emit(f"{mine.key}: not saved; your edit is still in the "
                                      "editor (Save to merge again).")

    def show_problems(self, problems: list[Problem]) -> None:
        editor = self.editor
        tab = editor.changes_tab
        rest = []
        tab.model.problems = {}
        for problem in editor.form.show_problems(problems):
            path = problem.path
            if path.startswith("depends_on"):
                editor.dependencies.show_problem(problem.message)
            elif path.startswith("changes["):
                row = int(path[len("changes["):path.index("]")])
                tab.model.problems[row] = problem.message
                rest.append(Problem(f"change {row + 1}", problem.message))
            else:
                rest.append(problem)
        tab.model.layoutChanged.emit()
        changes = [p for p in rest if p.path.startswith("change ")]
        tab.error.setText("\n".join(map(str, changes)))
        tab.error.setVisible(bool(changes))
        general = [p for p in rest if not p.path.startswith("change ")]
        editor.general_error.setText("\n".join(map(str, general)))
        editor.general_error.setVisible(bool(general))
        if changes and not general:
            editor.tabs.setCurrentIndex(1)

    # ---- leaving and deleting ----------------------------------------------------------------

    def may_leave(self) -> bool:
        """Unsaved edits are not dropped without asking (Save, Discard or Cancel)."""
        editor = self.editor
        if not (editor.dirty or editor.new) or editor.base is None:
            return True
        key = f"The new change request {editor.base.key}" if editor.new else editor.base.key
        answer = QMessageBox.question(
            editor, "Unsaved change request", f"{key} has changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            editor.dirty = False
            if editor.new:
                editor.base, editor.new = None, False
            editor._load(editor.base)
            return True
        return False

    def delete(self, confirm: bool = True) -> bool:
        editor = self.editor
        cr = editor.base
        if cr is None or editor.new:
            return False
        why = editor.refused_here()
        if why:
            self.session.message.emit(f"{cr.key} was not deleted: {why}")
            return False
        if confirm and QMessageBox.question(
                editor, f"Delete {cr.key}", f"Delete {cr.key} ({cr.title})? Undo puts it back."
        ) != QMessageBox.StandardButton.Yes:
            return False
        if self.session.attempt(DeleteCr(cr.key)) is None:
            return False
        editor.base, editor.dirty = None, False
        editor._load(None)
        return True
