"""The main window: toolbar, the release timeline, the docks (backlog, bundle preview, CR
editor, offer packs) and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cr_filter import CrFilter
from app.domain import STAGES
from app.services import PlanService
from app.store_port import PlanStore, StoreError
from widgets.backlog_model import BacklogModel
from widgets.bundle_preview import BundlePreview
from widgets.comms_view import add_comms_dock
from widgets.cr_editor import CrEditor
from widgets.pack_browser import PackBrowser
from widgets.plan_controller import PlanController
from widgets.plan_setup import PlanSetup
from widgets.report_export import ReportExport
from widgets.timeline_bars import MARK_PENS, STAGE_COLORS
from widgets.timeline_view import TimelineView
from widgets.undo import UndoHistory

RECENT_LIMIT = 8
SEARCH_PAUSE_MS = 250  # filter once typing pauses, not on every key, at 100,000 CRs


def settings() -> QSettings:
    return QSettings("release-planner", "release-planner")


class MainWindow(QMainWindow):
    def __init__(self, controller: PlanController, database: str, user: str,
                 open_store: Callable[[str], PlanStore] | None = None):
        """`open_store(target)` opens another database (a file path or a URL) for the Open
        action; without it the window stays on `controller`'s."""
        super().__init__()
        self.controller = controller
        self.database = database
        self.user = user
        self.open_store = open_store
        self.selected_cr: str | None = None
        self.undo_stack = QUndoStack(self)
        self.history = controller.undo_history = UndoHistory(self.undo_stack)
        self.history.controller = controller
        self.setWindowTitle(f"Release Planner: {database}")
        self.timeline = TimelineView(controller.describe, self.drop)
        self.timeline.on_select = self._select
        self.timeline.on_context_menu = self._bar_menu
        self.timeline.on_release_click = self.preview_release
        self.timeline.on_activate = self.open_cr
        self.legend = QLabel()
        self.legend.setContentsMargins(8, 0, 8, 2)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.timeline, 1)
        column.addWidget(self.legend)  # a strip under the timeline: toolbars overflow
        self.setCentralWidget(centre)
        self._build_backlog()
        self._build_preview()
        self._build_editor()
        self._build_pack_browser()
        self.counts = QLabel()
        self.work_note = QLabel()
        self.statusBar().addPermanentWidget(self.work_note)
        self.statusBar().addPermanentWidget(self.counts)
        self._build_toolbar()
        self.comms_dock = add_comms_dock(self)
        self._build_filters()
        controller.changed.connect(self.refresh)
        controller.edited.connect(self._edited)
        controller.marks_changed.connect(self._marks_ready)
        controller.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        controller.failed.connect(self._load_failed)
        self._restore()
        self._remember(database)
        # Issue 14: the Plan menu, set-up dialogs and the welcome page of an empty database.
        self.plan_setup = PlanSetup(self)

    # ---- building ----------------------------------------------------------------------------

    def _build_backlog(self) -> None:
        self.backlog = BacklogModel(self.controller, on_drop=lambda cr: self.drop(cr, None))
        view = self.backlog_view = QTableView()
        view.setModel(self.backlog)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.selectionModel().selectionChanged.connect(self._backlog_selection)
        self.backlog_dock = QDockWidget("Backlog (not scheduled)", self)
        self.backlog_dock.setObjectName("backlog")
        self.backlog_dock.setWidget(view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.backlog_dock)
        self.timeline.is_over_backlog = self._over_backlog
        self.timeline.on_backlog_hover = self._highlight_backlog

    def _build_preview(self) -> None:
        self.exporter = ReportExport(self, self.controller, settings())
        self.exporter.database, self.exporter.user = self.database, self.user
        self.preview = BundlePreview(self.controller, self.open_cr, self.deploy_release,
                                     self.exporter.export_release)
        self.preview_dock = QDockWidget("Bundle preview", self)
        self.preview_dock.setObjectName("bundle-preview")
        self.preview_dock.setWidget(self.preview)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.preview_dock)
        self.preview_dock.hide()  # opened from the toolbar; it costs a bundle per refresh
        self.preview_dock.visibilityChanged.connect(
            lambda shown: shown and self.controller.plan is not None
            and self.preview.fill_releases())

    def _build_editor(self) -> None:
        self.editor = CrEditor(self.controller, self.open_cr)
        self.editor_dock = QDockWidget("Change request", self)
        self.editor_dock.setObjectName("cr-editor")
        self.editor_dock.setWidget(self.editor)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.editor_dock)
        self.tabifyDockWidget(self.backlog_dock, self.editor_dock)  # full height for each
        self.editor_dock.hide()  # opened by a double-click, F2 or New CR: the timeline is wide

    def _build_pack_browser(self) -> None:
        self.packs = PackBrowser(self.controller)
        self.packs.cr_activated.connect(self.open_cr)
        self.packs_dock = QDockWidget("Offer packs", self)
        self.packs_dock.setObjectName("offer-packs")
        self.packs_dock.setWidget(self.packs)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.packs_dock)
        self.tabifyDockWidget(self.preview_dock, self.packs_dock)
        self.packs_dock.hide()

    def open_cr(self, key: str) -> None:
        """Select a CR everywhere and show it in the editor (a double-click in any view)."""
        self._select(key)
        self.editor_dock.show()
        self.editor_dock.raise_()

    def preview_release(self, release: str) -> None:
        """A release line was clicked: show what it ships."""
        status = self.controller.plan.releases[release].status
        if status != "planned":
            self.statusBar().showMessage(f"{release} is {status}: there is no bundle to "
                                         "preview.", 8000)
            return
        self.preview_dock.show()
        self.preview_dock.raise_()
        self.preview.show_release(release)

    def deploy_release(self, release: str) -> None:
        """Deploy after a confirmation that says what ships and that it cannot be undone."""
        report = self.controller.report(release)
        answer = QMessageBox.question(
            self, f"Deploy {release}",
            f"Deploy {release} now? {len(report.included)} change requests ship to production "
            f"and the rest of its work moves to the next release.\n\nA deployment cannot be "
            f"undone: production has changed. Earlier moves leave the undo history.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.controller.deploy(release, self._deployed)

    def _deployed(self, outcome) -> None:
        """Written: say what shipped and what moved on."""
        release = outcome.release
        slipped = "\n".join(f"  {cr} -> {target or 'backlog'}"
                             for cr, target in sorted(outcome.slipped.items()))
        QMessageBox.information(
            self, f"{release} deployed",
            f"Shipped: {', '.join(outcome.shipped) or 'nothing'}\n\n"
            + (f"Moved on:\n{slipped}" if slipped else "Nothing slipped."))

    def _action(self, text: str, shortcut, slot, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setToolTip(f"{tip or text} ({act.shortcut().toString()})" if shortcut else tip or text)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        self.addToolBar(bar)
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self._fill_open_menu)
        open_button = QToolButton()
        open_button.setText("Open")
        open_button.setToolTip("Open a plan: a database file, a server, or a recent one")
        open_button.setMenu(self.recent_menu)
        open_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(open_button)
        export_button = QToolButton()
        export_button.setText("Export")
        export_button.setToolTip("Reports, the release calendar and timeline images")
        export_button.setMenu(self._export_menu())
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button = export_button
        self.open_file_action = self._action("Open file...", QKeySequence.StandardKey.Open,
                                             self.choose_file)
        self.connect_action = self._action("Connect to server...", None, self.choose_server)
        self.new_action = self._action("New CR", QKeySequence.StandardKey.New, self.new_cr,
                                       "Create a change request")
        self.refresh_action = self._action("Refresh", QKeySequence.StandardKey.Refresh,
                                           self.controller.reload_in_background,
                                           "Read the plan again: see other planners' changes")
        undo, redo = self.undo_action, self.redo_action = self.history.actions(self)
        self.addAction(undo)
        self.addAction(redo)
        self.move_action = self._action("Move to release...", "Ctrl+M", self.move_selected,
                                        "Move the selected change request to another release")
        self.edit_action = self._action("Edit CR", "F2", lambda: self.selected_cr
                                        and self.open_cr(self.selected_cr),
                                        "Edit the selected change request")
        self.delete_action = self._action("Delete CR...", QKeySequence.StandardKey.Delete,
                                          self.delete_selected,
                                          "Delete the selected change request")
        self.dependencies_action = self._action("Dependencies", "Ctrl+D",
                                                self._toggle_dependencies,
                                                "Show dependency arrows between bars")
        self.dependencies_action.setCheckable(True)
        bar.addWidget(export_button)
        for act in (self.new_action, self.refresh_action, None, undo, redo, None,
                    self._action("Zoom in", "Ctrl++", lambda: self.timeline.zoom(0.7)),
                    self._action("Zoom out", "Ctrl+-", lambda: self.timeline.zoom(1.4)),
                    self._action("Fit", "Ctrl+0", self.timeline.fit, "Show the whole plan"),
                    self._action("Today", "Ctrl+T", self.timeline.go_to_today), None,
                    self.move_action, self.edit_action, self.dependencies_action, None,
                    self.backlog_dock.toggleViewAction(), self.preview_dock.toggleViewAction(),
                    self.editor_dock.toggleViewAction(), self.packs_dock.toggleViewAction()):
            if act is None:
                bar.addSeparator()
            else:
                bar.addAction(act)
        self.legend.setText("  ".join(
            f'<span style="background:{color}">&nbsp;&nbsp;&nbsp;</span> {stage.replace("_", " ")}'
            for stage, color in STAGE_COLORS.items() if stage != "deployed")
            + " &nbsp;|&nbsp; outline: " + " ".join(
                f"<b style='color:{color}'>{mark.replace('stale', 'stale base')}</b>"
                for mark, (color, _) in MARK_PENS.items())
            + " &nbsp; red edge: emergency &nbsp;|&nbsp; hatched: freeze window")
        self.legend.setTextFormat(Qt.TextFormat.RichText)

    def _export_menu(self) -> QMenu:
        menu = QMenu(self)
        for fmt, text in (("pdf", "Release report (PDF)..."), ("html", "Release report (HTML)..."),
                          ("xlsx", "Release report (Excel)..."),
                          ("csv", "Release changes (CSV)...")):
            menu.addAction(text, lambda fmt=fmt: self.export_report(fmt))
        menu.addSeparator()
        menu.addAction("Release calendar (.ics)...", lambda: self.export_report("ics"))
        menu.addAction("Timeline image (PNG)...", lambda: self.exporter.export_timeline("png"))
        menu.addAction("Timeline image (SVG)...", lambda: self.exporter.export_timeline("svg"))
        return menu

    def export_report(self, fmt: str) -> None:
        """The report of the release in the preview, else of the selected CR's release, else
        of one the planner picks (for a calendar: every release)."""
        plan = self.controller.plan
        if plan is None:
            return
        choices = [r for r in plan.release_order() if r.status != "cancelled"]
        if not choices:
            self.statusBar().showMessage("The plan has no release to report on.", 8000)
            return
        release = self.preview.release.currentData() if self.preview_dock.isVisible() else None
        if release is None and self.selected_cr in plan.crs:
            release = plan.crs[self.selected_cr].release
        if fmt == "ics":
            release = release or choices[0].key
        elif release is None:
            names = [f"{r.key}  {r.name}  ({r.status})" for r in choices]
            choice, ok = QInputDialog.getItem(self, "Release report", "Report on:", names, 0,
                                              False)
            if not ok:
                return
            release = choice.split()[0]
        self.exporter.export_release(release, fmt)

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
        self._action("Find", QKeySequence.StandardKey.Find,
                     lambda: (self.search.setFocus(), self.search.selectAll()))
        for label, widget in (("Team", self.team_filter), ("Offer pack", self.pack_filter),
                              ("Stage", self.stage_filter), ("Search", self.search)):
            bar.addWidget(QLabel(f" {label} "))
            bar.addWidget(widget)
        self.search.setMaximumWidth(420)
        for combo in (self.team_filter, self.pack_filter, self.stage_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.search_pause = QTimer(self)
        self.search_pause.setSingleShot(True)
        self.search_pause.setInterval(SEARCH_PAUSE_MS)
        self.search_pause.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(self.search_pause.start)

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
        self.search_pause.stop()
        self.controller.set_filter(CrFilter(self.team_filter.currentData(),
                                            self.pack_filter.currentData(),
                                            self.stage_filter.currentData(),
                                            self.search.text()))

    # ---- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """A new plan or layout (a load, a filter): show all of it."""
        layout = self.controller.layout
        first = self.timeline.layout_data is None
        self.timeline.show_layout(layout)
        if first:
            self._restore_zoom()
        self.backlog.refresh()
        if self.preview_dock.isVisible():
            self.preview.fill_releases()
        if self.team_filter.count() == 0:
            self._fill_filter_choices()
        self._show_counts()

    def _edited(self, changes) -> None:
        """An edit shown or taken back: only what it touched is drawn again."""
        self.timeline.show_layout(self.controller.layout)  # unchanged lanes are reused
        self.backlog.apply(changes)
        if self.preview_dock.isVisible() and self.preview.concerns(changes):
            self.preview.fill_releases()
        if changes.touches("team") or changes.touches("pack"):
            self._fill_filter_choices()
        self._show_counts()

    def _show_counts(self) -> None:
        layout, plan = self.controller.layout, self.controller.plan
        planned = sum(r.status == "planned" for r in plan.releases.values())
        shown = ""
        if self.controller.filter.active:
            shown = f"showing {len(layout.bars) + len(layout.backlog)} matching, "
        at = self.controller.refreshed_at
        self.counts.setText(f"{self.database}  |  {self.user}  |  {len(plan.teams)} teams, "
                            f"{planned} planned releases, {len(plan.crs)} CRs ({shown}"
                            f"{len(layout.backlog)} in the backlog)  |  "
                            f"refreshed {at:%H:%M:%S}")
        self.work_note.setText("Checking conflicts..." if self.controller.busy() else "")

    def _marks_ready(self) -> None:
        self.timeline.show_marks(self.controller.layout.marks)
        self.work_note.setText("")

    def _load_failed(self, reason: str) -> None:
        self.work_note.setText("")
        QMessageBox.warning(self, "Release Planner", f"The plan could not be read.\n\n{reason}")

    def _backlog_selection(self) -> None:
        rows = self.backlog_view.selectionModel().selectedRows()
        if rows:
            self._select(self.backlog.rows[rows[0].row()].key)

    def _select(self, cr: str | None) -> None:
        if cr is not None and not self.editor.show_cr(cr):
            self.timeline.select(self.selected_cr)  # the planner kept unsaved edits
            return
        self.selected_cr = cr
        self.timeline.select(cr)

    def delete_selected(self) -> None:
        if self.selected_cr is None or self.editor.base is None:
            self.statusBar().showMessage("Select a change request to delete first.", 8000)
            return
        self.editor.delete()

    # ---- moving work -------------------------------------------------------------------------

    def drop(self, cr: str, target: str | None) -> None:
        """A bar or backlog row dropped on a release (None: the backlog): one undo step."""
        if self.controller.plan is None or cr not in self.controller.plan.crs:
            return  # another plan is loading; what was dragged belongs to the old one
        if self.controller.plan.crs[cr].release == target:
            self.controller.changed.emit()  # the bar returns to its place
            return
        self.controller.move(cr, target)

    def move_selected(self) -> None:
        """The keyboard path: move the selected CR (on the timeline or in the backlog) to a
        release chosen by name, or to the backlog."""
        cr = self.selected_cr
        if cr is None or cr not in self.controller.plan.crs:
            self.statusBar().showMessage("Select a change request on the timeline or in the "
                                         "backlog first.", 8000)
            return
        plan = self.controller.plan
        current = plan.crs[cr].release
        choices = [f"{r.key}  {r.name}" for r in plan.planned_releases() if r.key != current]
        if current is not None:
            choices.append("backlog  (not scheduled)")
        choice, ok = QInputDialog.getItem(self, "Move to release", f"Move {cr} to:", choices,
                                          0, False)
        if ok and choice:
            target = choice.split()[0]
            self.drop(cr, None if target == "backlog" else target)

    def _bar_menu(self, cr: str, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.move_action)
        if self.controller.plan.crs[cr].release is not None:
            menu.addAction("Move to backlog", lambda: self.drop(cr, None))
        menu.popup(where)
        self.bar_menu = menu  # kept for tests and so it is not collected while open

    def _over_backlog(self, screen_pos: QPointF) -> bool:
        if not self.backlog_dock.isVisible():
            return False
        view = self.backlog_view
        return view.rect().contains(view.mapFromGlobal(screen_pos.toPoint()))

    def _highlight_backlog(self, over: bool) -> None:
        self.backlog_view.setStyleSheet("QTableView { border: 3px solid #1f77b4; }" if over
                                        else "")

    def new_cr(self) -> None:
        """A new CR in the editor, in the selected CR's team and release (Save creates it)."""
        plan = self.controller.plan
        if plan is None:
            return
        near = plan.crs.get(self.selected_cr) if self.selected_cr else None
        self.editor_dock.show()
        self.editor_dock.raise_()
        self.editor.start_new(near.team if near else None, near.release if near else None)

    def _toggle_dependencies(self, on: bool) -> None:
        self.timeline.bars.dependencies = lambda cr: self.controller.plan.crs[cr].depends_on
        self.timeline.bars.show_dependencies = on
        self.timeline.bars.update()
        settings().setValue("view/dependencies", on)

    # ---- opening another database ------------------------------------------------------------

    def _fill_open_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        menu.addAction(self.open_file_action)
        menu.addAction(self.connect_action)
        recent = self.recent_databases()
        if recent:
            menu.addSection("Recent")
            for target in recent:
                menu.addAction(target, lambda t=target: self.open_database(t))

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a plan database", "",
                                              "Plan databases (*.db *.sqlite);;All files (*)")
        if path:
            self.open_database(path)

    def choose_server(self) -> None:
        url, ok = QInputDialog.getText(
            self, "Connect to a shared plan",
            "Server URL, such as postgresql+psycopg://planner@db.example.com/plans:",
            text=next((r for r in self.recent_databases() if "://" in r), ""))
        if ok and url.strip():
            self.open_database(url.strip())

    def open_database(self, target: str) -> bool:
        """Show the plan in `target`; if it cannot be opened, say why and stay on this one."""
        if self.open_store is None:
            return False
        try:
            store = self.open_store(target)
        except StoreError as fault:
            QMessageBox.warning(self, "Release Planner",
                                f"{target} cannot be opened.\n\n{fault}\n\n"
                                f"You are still on {self.database}.")
            return False
        self.controller.wait_idle()  # the edits on their way belong to the old database
        old = self.controller.service.store
        self.controller.use_service(PlanService(store, reuse_snapshot=True))
        old.close()
        self.undo_stack.clear()  # its moves belong to the other database
        self.database = target
        self.setWindowTitle(f"Release Planner: {target}")
        self._remember(target)
        self.timeline.layout_data = None
        self.team_filter.clear()  # refilled from the new plan
        self.plan_setup.start()  # its plan, or the welcome page of an empty database
        return True

    def recent_databases(self) -> list[str]:
        return [str(r) for r in (settings().value("recent/databases") or [])]

    def _remember(self, target: str) -> None:
        recent = [target] + [r for r in self.recent_databases() if r != target]
        settings().setValue("recent/databases", recent[:RECENT_LIMIT])

    # ---- persistence of the window -----------------------------------------------------------

    def _restore(self) -> None:
        stored = settings()
        geometry = stored.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.restoreState(stored.value("window/state"))
        else:
            self.resize(1400, 820)
        if stored.value("view/dependencies") in (True, "true"):
            self.dependencies_action.setChecked(True)
            self._toggle_dependencies(True)

    def _restore_zoom(self) -> None:
        days = settings().value("view/days")
        if days:
            self.timeline.show_days(float(days))
            self.timeline.go_to_today()

    def closeEvent(self, event) -> None:
        stored = settings()
        stored.setValue("window/geometry", self.saveGeometry())
        stored.setValue("window/state", self.saveState())
        if self.timeline.layout_data is not None:
            stored.setValue("view/days", self.timeline.days_in_view())
        self.controller.jobs.shutdown()
        self.controller.runner.shutdown()  # every edit on screen is written first
        super().closeEvent(event)
