"""The promote dialog (issue 22): a checklist of the scenario's changes grouped by release,
the stale ones (changed in live since) marked and resolved through the three-way merge dialog,
then one promotion: every chosen change applied to live as one edit (one step of Edit > Undo,
app.scenarios.promote_undo), or, when any is refused or stale, none, with the reasons listed
here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from app.edits.merge import three_way
from app.scenarios.promote_undo import PromoteScenario, PromotionRefused
from widgets.editor.merge_dialog import KEEP_THEIRS, SAVE_MERGED, MergeDialog

STALE = QColor("#b3261e")
KEY_ROLE = Qt.ItemDataRole.UserRole


def _describe(ch) -> str:
    if ch.kind != "cr":
        verb = "added" if ch.base is None else "removed" if ch.after is None else "changed"
        return f"{ch.kind} {ch.key} {verb}"
    if ch.after is None:
        return f"{ch.key}: deleted"
    if ch.base is None:
        return f"{ch.key}: new, to {ch.after.release or 'the backlog'}"
    what = []
    if ch.base.release != ch.after.release:
        what.append(f"{ch.base.release or 'backlog'} \u2192 {ch.after.release or 'backlog'}")
    if ch.base.stage != ch.after.stage:
        what.append(f"stage {ch.base.stage} \u2192 {ch.after.stage}")
    return f"{ch.key}: {', '.join(what) or 'edited'}"


def _group(ch) -> str:
    if ch.kind != "cr":
        return "Releases, teams and other rows"
    if ch.after is None:
        return "Deleted"
    return ch.after.release or "Backlog"


class PromoteDialog(QDialog):
    def __init__(self, session, name: str, parent=None):
        super().__init__(parent)
        self.session, self.name = session, name
        self.changes = []
        self.theirs = {}
        self.setWindowTitle(f"Promote scenario {name} to live")
        intro = QLabel("Choose the changes to apply to the live plan. They are applied as one "
                       "edit, under the rules of any edit; if any is refused or stale, none "
                       "is.")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("promote-changes")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.merge_button = QPushButton("Merge\u2026")
        self.merge_button.setObjectName("merge-button")
        self.merge_button.setToolTip("Resolve a stale change: its row changed in live since")
        self.merge_button.clicked.connect(self.merge_current)
        self.problems = QLabel()
        self.problems.setObjectName("promote-problems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.promote_button = self.buttons.addButton("Promote",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.promote_button.setObjectName("promote-button")
        self.buttons.accepted.connect(self.promote)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        for w in (intro, self.tree, self.merge_button, self.problems, self.buttons):
            column.addWidget(w)
        self.resize(560, 480)
        self.reload()

    # ---- the checklist -----------------------------------------------------------------------

    def reload(self) -> None:
        name = self.name

        def work(store):
            catalog = store.scenarios()
            changes, live_versions = catalog.changes(name)
            crs = [c.key for c in changes if c.kind == "cr"]
            theirs = catalog.store.load_scope(crs).plan.crs if crs else {}
            return changes, live_versions, theirs

        self.session.queue(work, self._fill, lambda fault: self.problems.setText(str(fault)))

    def _fill(self, result) -> None:
        changes, live_versions, self.theirs = result
        self.changes = [c for c in changes if not c.is_noop]
        self.stale = {(c.kind, c.key) for c in self.changes if c.is_stale(live_versions)}
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for ch in self.changes:
            group = _group(ch)
            if group not in groups:
                groups[group] = QTreeWidgetItem(self.tree, [group])
                groups[group].setExpanded(True)
            text = _describe(ch)
            item = QTreeWidgetItem(groups[group], [text])
            item.setData(0, KEY_ROLE, (ch.kind, ch.key))
            item.setCheckState(0, Qt.CheckState.Checked)
            if (ch.kind, ch.key) in self.stale:
                item.setText(0, text + " \u2014 stale: changed in live since; merge it")
                item.setForeground(0, QBrush(STALE))
        if not self.changes:
            self.problems.setText("This scenario has no changes to promote.")
        self._enable()

    def items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i).child(j) for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]

    def chosen(self) -> set[tuple[str, str]]:
        return {item.data(0, KEY_ROLE) for item in self.items()
                if item.checkState(0) == Qt.CheckState.Checked}

    def _current_change(self):
        item = self.tree.currentItem()
        key = item.data(0, KEY_ROLE) if item is not None else None
        return next((c for c in self.changes if (c.kind, c.key) == key), None)

    def _enable(self) -> None:
        ch = self._current_change()
        self.merge_button.setEnabled(
            ch is not None and (ch.kind, ch.key) in self.stale and ch.kind == "cr"
            and ch.base is not None and ch.after is not None and ch.key in self.theirs)
        self.promote_button.setEnabled(bool(self.changes))

    # ---- merging a stale change ---------------------------------------------------------------

    def merge_current(self) -> None:
        ch = self._current_change()
        theirs = self.theirs[ch.key]
        dialog = MergeDialog(three_way(ch.base, ch.after, theirs), "Live", self)
        answer = dialog.exec()
        if answer == SAVE_MERGED:
            merged = dialog.merged()
        elif answer == KEEP_THEIRS:
            merged = theirs
        else:
            return
        self.session.queue(lambda store: store.scenarios().rebase(self.name, ch, merged),
                           lambda _none: self.reload(),
                           lambda fault: self.problems.setText(str(fault)))

    # ---- promoting ---------------------------------------------------------------------------

    def promote(self) -> None:
        """One edit of the session (one step of Edit > Undo), decided and written on the
        worker: the session says it in the status bar and reads the plan again."""
        self.promote_button.setEnabled(False)
        self.session.run_stored(PromoteScenario(self.name, frozenset(self.chosen())),
                                lambda _promoted: self.accept(), self._failed)

    def _failed(self, fault: Exception) -> None:
        if isinstance(fault, PromotionRefused):
            promotion = fault.promotion
            lines = [f"{r.key}: {r.message}" for r in promotion.refused]
            lines += [f"{c.key}: stale, changed in live since; merge it first"
                      for c in promotion.stale]
            self.problems.setText("Nothing was promoted:\n" + "\n".join(lines))
        else:
            self.problems.setText(f"Nothing was promoted: {fault}")
        self.promote_button.setEnabled(True)
