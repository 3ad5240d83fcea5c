"""The main window: toolbar, the release timeline, the backlog dock and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QToolBar,
)

from app.cr_filter import CrFilter
from app.domain import STAGES
from widgets.plan_controller import PlanController
from widgets.timeline_bars import STAGE_COLORS
from widgets.timeline_view import TimelineView
from widgets.undo import MoveCommand


class BacklogModel(QAbstractTableModel):
    """Unscheduled CRs: a thin adapter over the controller's plan (no reads in data())."""

    HEADERS = ("CR", "Title", "Team", "Stage", "Hours")

    def __init__(self, controller: PlanController):
        super().__init__()
        self.controller = controller
        self.rows: list = []

    def refresh(self) -> None:
        self.beginResetModel()
        plan = self.controller.plan
        self.rows = [plan.crs[k] for k in self.controller.layout.backlog]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        cr = self.rows[index.row()]
        return (cr.key, cr.title, cr.team, cr.stage.replace("_", " "),
                f"{cr.estimate_hours:g}")[index.column()]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        # Sorting the Python list: a QSortFilterProxyModel took 16.6 s at 100,000 rows.
        keys = (lambda c: c.key, lambda c: c.title.lower(), lambda c: c.team,
                lambda c: c.stage, lambda c: c.estimate_hours)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class MainWindow(QMainWindow):
    def __init__(self, controller: PlanController, database: str, user: str):
        super().__init__()
        self.controller = controller
        self.database = database
        self.user = user
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"Release Planner: {database}")
        self.timeline = TimelineView(controller.describe, self.drop)
        self.setCentralWidget(self.timeline)
        self.backlog = BacklogModel(controller)
        self.backlog_view = QTableView()
        self.backlog_view.setModel(self.backlog)
        self.backlog_view.setSortingEnabled(True)
        self.backlog_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.backlog_view.verticalHeader().hide()
        self.backlog_view.horizontalHeader().setStretchLastSection(True)
        dock = QDockWidget("Backlog (not scheduled)", self)
        dock.setObjectName("backlog")
        dock.setWidget(self.backlog_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.counts = QLabel()
        self.statusBar().addPermanentWidget(self.counts)
        self._build_toolbar(dock)
        self._build_filters()
        controller.changed.connect(self.refresh)
        controller.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self._restore()

    def _build_toolbar(self, dock: QDockWidget) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        self.addToolBar(bar)
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        self.move_action = QAction("Move to release...", self)
        self.move_action.setShortcut(QKeySequence("Ctrl+M"))
        self.move_action.triggered.connect(self.move_selected)

        def action(text: str, shortcut: str | None, slot) -> QAction:
            act = QAction(text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            return act

        legend = QLabel("  ".join(
            f'<span style="background:{color}">&nbsp;&nbsp;&nbsp;</span> {stage.replace("_", " ")}'
            for stage, color in STAGE_COLORS.items() if stage != "deployed")
            + "  &nbsp;|&nbsp; outline: <b style='color:#d7263d'>conflict</b> "
              "<b style='color:#6a3d9a'>blocked</b> <b style='color:#ff7f0e'>stale base</b>"
              " &nbsp; red edge: emergency")
        legend.setTextFormat(Qt.TextFormat.RichText)
        for act in (undo, redo, None, action("Zoom in", "Ctrl++", lambda: self.timeline.zoom(0.7)),
                    action("Zoom out", "Ctrl+-", lambda: self.timeline.zoom(1.4)),
                    action("Fit", "Ctrl+0", self.timeline.fit),
                    action("Today", "Ctrl+T", self.timeline.go_to_today), None,
                    self.move_action, dock.toggleViewAction()):
            if act is None:
                bar.addSeparator()
            else:
                bar.addAction(act)
                self.addAction(act)
        bar.addSeparator()
        bar.addWidget(legend)

    def _build_filters(self) -> None:
        """Team, offer pack and stage pickers and a search box: they narrow every view."""
        bar = QToolBar("Filters")
        bar.setObjectName("filter-toolbar")
        self.addToolBarBreak()
        self.addToolBar(bar)
        self.team_filter, self.pack_filter, self.stage_filter = QComboBox(), QComboBox(), QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search CRs, titles, items (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        find = QAction("Find", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)
        for label, widget in (("Team", self.team_filter), ("Offer pack", self.pack_filter),
                              ("Stage", self.stage_filter), ("Search", self.search)):
            bar.addWidget(QLabel(f" {label} "))
            bar.addWidget(widget)
        for combo in (self.team_filter, self.pack_filter, self.stage_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.search.textChanged.connect(self._filter_changed)

    def _fill_filter_choices(self) -> None:
        plan = self.controller.plan
        choices = ((self.team_filter, "All teams", [(t.key, t.name) for t in plan.teams.values()]),
                   (self.pack_filter, "All offer packs",
                    [(p.key, p.name) for p in plan.packs.values()]),
                   (self.stage_filter, "All stages",
                    [(s, s.replace("_", " ")) for s in STAGES]))
        for combo, everything, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key, name in items:
                combo.addItem(name, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _filter_changed(self) -> None:
        self.controller.set_filter(CrFilter(self.team_filter.currentData(),
                                            self.pack_filter.currentData(),
                                            self.stage_filter.currentData(),
                                            self.search.text()))

    def refresh(self) -> None:
        layout = self.controller.layout
        self.timeline.show_layout(layout)
        self.backlog.refresh()
        plan = self.controller.plan
        if self.team_filter.count() == 0:
            self._fill_filter_choices()
        planned = sum(r.status == "planned" for r in plan.releases.values())
        shown = ""
        if self.controller.filter.active:
            shown = f"showing {len(layout.bars) + len(layout.backlog)} matching, "
        self.counts.setText(f"{self.database}  |  {self.user}  |  {len(plan.teams)} teams, "
                            f"{planned} planned releases, {len(plan.crs)} CRs ({shown}"
                            f"{len(layout.backlog)} in the backlog)")

    def drop(self, cr: str, target: str | None) -> None:
        """A bar or backlog row dropped on a release (None: the backlog): one undo step."""
        before = self.controller.plan.crs[cr].release
        if before == target:
            self.controller.changed.emit()  # the bar returns to its place
            return
        if self.controller.move(cr, target):
            self.undo_stack.push(MoveCommand(self.controller, cr, before, target))

    def move_selected(self) -> None:
        """The keyboard path: move the CR selected in the backlog to a release chosen by name."""
        rows = self.backlog_view.selectionModel().selectedRows()
        if not rows:
            self.statusBar().showMessage("Select a change request in the backlog first.", 8000)
            return
        cr = self.backlog.rows[rows[0].row()].key
        plan = self.controller.plan
        choices = [f"{r.key}  {r.name}" for r in plan.planned_releases()]
        choice, ok = QInputDialog.getItem(self, "Move to release", f"Move {cr} to:", choices,
                                          0, False)
        if ok and choice:
            self.drop(cr, choice.split()[0])

    # ---- persistence of the window -----------------------------------------------------------

    def _restore(self) -> None:
        settings = QSettings("release-planner", "release-planner")
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.restoreState(settings.value("window/state"))
        else:
            self.resize(1400, 820)

    def closeEvent(self, event) -> None:
        settings = QSettings("release-planner", "release-planner")
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        super().closeEvent(event)
