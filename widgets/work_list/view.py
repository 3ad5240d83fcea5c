"""The work list: every change request the filters match, as a sortable table beside the
timeline, sharing its selection; stage, estimate, priority and release are edited in place
(double-click, or F2 on a cell), each as one undo step; a CR the login may not change
(another team's) opens in the editor instead, read only."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
)

from app.model.plan import STAGES
from widgets.common.release_picker import fill_targets
from widgets.common.table_selection import TableSelection
from widgets.work_list.model import (
    EMERGENCY,
    HOURS,
    PRIORITY,
    RELEASE,
    STAGE,
    TEAM,
    WorkListModel,
)


class WorkListDelegate(QStyledItemDelegate):
    """A stage or release picked from a list; hours and priority in their allowed ranges."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session

    def createEditor(self, parent, option, index):
        column = index.column()
        if column == STAGE:
            editor = QComboBox(parent)
            for stage in STAGES:
                if stage != "deployed":  # reached only by deploying the release
                    editor.addItem(stage.replace("_", " "), stage)
            return editor
        if column == RELEASE:
            editor = QComboBox(parent)
            fill_targets(editor, self.session.plan, self.session.today())
            return editor
        if column == HOURS:
            editor = QDoubleSpinBox(parent)
            editor.setRange(0, 100_000)
            editor.setDecimals(1)
            editor.setSuffix(" h")
            return editor
        if column == PRIORITY:
            editor = QSpinBox(parent)
            editor.setRange(1, 5)  # SPEC.md: 1 highest to 5 lowest
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            at = editor.findData(value)
            editor.setCurrentIndex(max(at, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class WorkList(QTableView):
    select_requested = Signal(list, object)  # the rows the planner selected: keys, current
    activated = Signal(str)  # a double-click on a cell that is not edited in place

    def __init__(self, session, workspace):
        super().__init__()
        self.session = session
        self.model_ = WorkListModel(session, workspace.mover)
        self.setModel(self.model_)
        self.setItemDelegate(WorkListDelegate(session, self))
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        for column, width in ((TEAM, 170), (STAGE, 110), (RELEASE, 90), (HOURS, 70),
                              (PRIORITY, 70), (EMERGENCY, 90)):
            self.setColumnWidth(column, width)
        self._stale = True  # the plan changed while the list was hidden
        self._wanted: tuple[list[str], str | None] = ([], None)  # the selection everywhere
        self.rows_selection = TableSelection(self, self.model_.key_at, self.model_.row_of)
        self.rows_selection.selected.connect(self.select_requested)
        self.doubleClicked.connect(self._double_clicked)
        session.plan_changed.connect(self._plan_changed)
        session.edited.connect(self._edited)

    def _plan_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _edited(self, changes) -> None:
        if self._stale:
            if self.isVisible():
                self.refresh()
            return
        self.model_.apply(changes)

    def refresh(self) -> None:
        if self.session.plan is None:
            return
        self._stale = False
        self.model_.refresh()
        self.rows_selection.show(*self._wanted)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _double_clicked(self, index) -> None:
        if index.column() not in (STAGE, RELEASE, HOURS, PRIORITY) \
                or not index.flags() & Qt.ItemFlag.ItemIsEditable:  # e.g. another team's CR
            self.activated.emit(self.model_.key_at(index.row()))

    def show_selection(self, keys: list[str], current: str | None) -> None:
        """The CRs selected elsewhere (timeline, board): their rows selected, the current one
        scrolled to."""
        self._wanted = (keys, current)
        if not self._stale:
            self.rows_selection.show(keys, current)
