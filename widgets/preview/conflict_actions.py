"""Resolving in the bundle preview what it shows (issue 14): in the Conflicts tab, pick the CR
whose value wins, then set the other CRs' changes of that field to it or move those CRs out to
the next planned release; in the Warnings tab, rebase a CR written against a stale base. Each is
one use case (app.edits.conflicts) and one undo step; a refusal (the freeze rule) is shown here
and nothing changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QVBoxLayout, QWidget

from app.edits.conflicts import ALIGN, MOVE, Rebase, ResolveConflict, next_release
from app.model.errors import Refusal
from app.rules.permissions import Action
from widgets.common.forms import problem_label

# Where bundle_preview keeps what a row is about, beside the CR in column 0.
ABOUT = Qt.ItemDataRole.UserRole + 1


def _with_bar(tree: QTreeWidget, bar: QWidget) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(tree, 1)
    column.addWidget(bar)
    tree.show()  # a page taken out of a QTabWidget was hidden by it
    return page


class ConflictActions:
    def __init__(self, preview):
        self.preview = preview
        self.session = preview.session
        self.conflicts = preview.lists["Conflicts"]
        self.warnings = preview.lists["Warnings"]
        self.hint = QLabel("Select the change request whose value wins.")
        self.align = QPushButton("Keep its value: set the others to it")
        self.align.clicked.connect(lambda: self.resolve(ALIGN))
        self.move = QPushButton("Keep its value: move the others out")
        self.move.clicked.connect(lambda: self.resolve(MOVE))
        self.rebase = QPushButton("Rebase")
        self.rebase.setToolTip("Take the current value (before this release) as the base of "
                               "every stale change of the selected change request")
        self.rebase.clicked.connect(self.rebase_selected)
        self.problem = problem_label()
        conflict_bar, warning_bar = QWidget(), QWidget()
        row = QHBoxLayout(conflict_bar)
        row.setContentsMargins(4, 2, 4, 2)
        for widget in (self.hint, self.align, self.move):
            row.addWidget(widget)
        row.addStretch(1)
        row = QHBoxLayout(warning_bar)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.rebase)
        row.addStretch(1)
        self.problem_box = QWidget()
        box = QVBoxLayout(self.problem_box)
        box.setContentsMargins(4, 0, 4, 0)
        box.addWidget(self.problem)
        tabs = preview.tabs
        for tree, bar in ((self.conflicts, conflict_bar), (self.warnings, warning_bar)):
            at = tabs.indexOf(tree)
            text = tabs.tabText(at)
            tabs.removeTab(at)
            tabs.insertTab(at, _with_bar(tree, bar), text)
        preview.layout().addWidget(self.problem_box)
        self.conflicts.itemSelectionChanged.connect(self.follow)
        self.warnings.itemSelectionChanged.connect(self.follow)
        self.follow()

    # ---- what is selected ------------------------------------------------------------------

    def _chosen(self, tree: QTreeWidget):
        items = tree.selectedItems()
        if not items:
            return None, None
        return items[0].data(0, Qt.ItemDataRole.UserRole), items[0].data(0, ABOUT)

    def follow(self) -> None:
        """Enable what the selection allows, saying why not where it does not."""
        plan, release = self.session.plan, self.preview.release.currentData()
        cr, about = self._chosen(self.conflicts)
        ok = plan is not None and release is not None and cr in (plan.crs if plan else ())
        conflict = about if ok and isinstance(about, tuple) else None
        target = next_release(plan, release) if conflict else None
        self.move.setText(f"Keep its value: move the others to {target.described()}"
                          if conflict else "Keep its value: move the others out")
        self.align.setEnabled(conflict is not None and not conflict[1].startswith("("))
        self.move.setEnabled(conflict is not None)
        self.align.setToolTip("" if conflict is None or self.align.isEnabled() else
                              f"a {conflict[1]} conflict has no value to align to")
        if conflict is not None:
            self._follow_gate(plan, conflict)
        if self.conflicts.topLevelItemCount() == 0:
            self.hint.setText("No conflicts to resolve in this release.")
        else:
            self.hint.setText("Select the change request whose value wins.")
        cr, code = self._chosen(self.warnings)
        stale = plan is not None and code == "stale-base" and cr in plan.crs
        self.rebase.setEnabled(stale)
        self.rebase.setText(f"Rebase {cr}" if stale else "Rebase")

    def _follow_gate(self, plan, conflict) -> None:
        """The other CRs change: this login must be allowed to edit (or move) them."""
        others = [row.data(0, Qt.ItemDataRole.UserRole) for row in self._conflict_rows(conflict)]
        for button, action in ((self.align, Action.EDIT_CR), (self.move, Action.SCHEDULE)):
            why = next((w for cr in others if cr in plan.crs
                        and (w := self.session.gate(action, cr))), "")
            if why and button.isEnabled():
                button.setEnabled(False)
                button.setToolTip(why)

    def _conflict_rows(self, conflict):
        """The rows of the CRs other than the selected one in the selected conflict."""
        selected = self.conflicts.selectedItems()[0]
        head = selected.parent()
        return [head.child(i) for i in range(head.childCount()) if head.child(i) is not selected]

    # ---- doing it -----------------------------------------------------------------------------

    def _run(self, use_case) -> bool:
        """One undo step; a refusal (the freeze rule) is shown here and nothing changes."""
        self.problem.hide()
        try:
            self.session.run(use_case)
        except Refusal as refusal:
            self.problem.setText(f"{use_case.failure}: {refusal.message}")
            self.problem.show()
            return False
        return True

    def resolve(self, how: str) -> None:
        cr, (item, field) = self._chosen(self.conflicts)
        self._run(ResolveConflict(self.preview.release.currentData(), item, field, cr, how))

    def rebase_selected(self) -> None:
        cr, _ = self._chosen(self.warnings)
        self._run(Rebase(cr))
