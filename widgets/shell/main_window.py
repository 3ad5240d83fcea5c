"""The main window: the release timeline in the middle, the docks around it (window_docks), the
actions and toolbar (window_actions), the filter bar and Find (window_filters), opening
databases (database_opening) and what the window remembers (view_state)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.edits.store_port import PlanStore
from app.views.dependency_chain import DependencyChains
from app.views.timeline_layout import bar_days
from widgets.export.window_exports import WindowExports
from widgets.session.controller import PlanController
from widgets.session.selection import CrSelection
from widgets.session.selection_views import drop_dragged
from widgets.session.undo_stack import UndoHistory
from widgets.setup.plan_setup import PlanSetup
from widgets.sharing.shared_planning import SharedPlanning
from widgets.shell.actions import build_actions
from widgets.shell.database_opening import DatabaseOpening
from widgets.shell.docks import build_docks, show_editor
from widgets.shell.filter_bar import FilterBar
from widgets.shell.plan_views import install_plan_views
from widgets.shell.status_bar import ElidedLabel, MessageBar
from widgets.shell.view_state import ViewState, settings
from widgets.timeline.pane import TimelinePane
from widgets.timeline.style import legend_html
from widgets.timeline.view import TimelineView

READ_ONLY_STYLE = "QLabel { background: #fff3cd; color: #4d3800; padding: 4px 8px; }"


class MainWindow(DatabaseOpening, ViewState, WindowExports, QMainWindow):
    def __init__(self, controller: PlanController, database: str, user: str,
                 open_store: Callable[[str], PlanStore] | None = None):
        """`open_store(target)` opens another database (a file path or a URL) for the Open
        action; without it the window stays on `controller`'s."""
        super().__init__()
        self.controller = controller
        self.database = database
        self.user = user
        self.open_store = open_store
        self.selected_cr: str | None = None  # the current one of self.selection
        self.selection = CrSelection()  # shared by every view (widgets/session/selection_views.py)
        self.read_only = False
        self.chains: DependencyChains | None = None  # of the plan shown, built when needed
        self._chains_plan = None
        self.docks = []
        self.undo_stack = QUndoStack(self)
        self.history = controller.undo_history = UndoHistory(self.undo_stack)
        self.history.controller = controller
        self.setWindowTitle(f"Release Planner: {database}")
        self.setStatusBar(MessageBar())
        self.timeline = TimelineView(controller.describe, self.drop)
        self.timeline.on_select = self._select
        self.timeline.on_context_menu = self._bar_menu
        self.timeline.on_release_click = self.preview_release
        self.timeline.on_activate = self.open_cr
        self.timeline.check_move = self._move_refusal
        self.timeline.bar_size = self._bar_size
        self.timeline.bars.titles = self._title
        self.read_only_note = QLabel()
        self.read_only_note.setStyleSheet(READ_ONLY_STYLE)
        self.read_only_note.hide()
        self.legend = QLabel()
        self.legend.setContentsMargins(8, 0, 8, 2)
        self.legend.setWordWrap(True)  # a narrow window wraps it rather than widening
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setText(legend_html(self.palette().window().color()))
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.read_only_note)
        self.timeline_pane = TimelinePane(self.timeline)
        column.addWidget(self.timeline_pane, 1)
        column.addWidget(self.legend)  # a strip under the timeline: toolbars overflow
        self.setCentralWidget(centre)
        build_docks(self)
        self.counts = ElidedLabel()
        self.work_note = QLabel()
        self.statusBar().addPermanentWidget(self.work_note)
        self.statusBar().addPermanentWidget(self.counts)
        build_actions(self)
        self.filters = FilterBar(self)
        self.team_filter, self.pack_filter = self.filters.team, self.filters.pack
        self.stage_filter, self.search = self.filters.stage, self.filters.search
        install_plan_views(self)  # issue 14: board, work list, capacity pane, bulk moves
        controller.changed.connect(self.refresh)
        controller.edited.connect(self._edited)
        controller.marks_changed.connect(self._marks_ready)
        controller.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        controller.failed.connect(self._load_failed)
        self.restore_window()
        self._remember(database)
        self.show_read_only()
        self.timeline.setFocus()  # the arrow keys reach the bars from the start
        # Other planners live, the connection banner, presence, the login's role (issue 12).
        self.shared = SharedPlanning(self)
        self.shared.start(controller.service.store)
        # Issue 14: the Plan menu, set-up dialogs and the welcome page of an empty database.
        self.plan_setup = PlanSetup(self)

    # ---- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """A new plan or layout (a load, a filter): show all of it."""
        layout = self.controller.layout
        plan = self.controller.plan
        first = self.timeline.layout_data is None
        if plan is not self._chains_plan:  # another plan: its dependencies, when asked
            self.chains, self._chains_plan = None, plan
            self.timeline.bars.chains = None
        self.timeline.show_layout(layout, fold_empty=self.controller.filter.active)
        self._toggle_dependencies(self.dependencies_action.isChecked(), remember=False)
        if first:
            self.restore_view()
        self.backlog.refresh()
        if self.preview_dock.isVisible():
            self.preview.fill_releases()
        if self.team_filter.count() == 0:
            self.filters.fill_choices()
        self._show_counts()

    def _edited(self, changes) -> None:
        """An edit shown or taken back (ours or another planner's): only what it touched is
        drawn again; the timeline reuses every lane it did not touch."""
        if changes.touches("cr") and self.chains is not None:
            self.chains, self._chains_plan = None, self.controller.plan  # dependencies moved
            self.timeline.bars.chains = None
            self._toggle_dependencies(self.dependencies_action.isChecked(), remember=False)
        self.timeline.show_layout(self.controller.layout,
                                  fold_empty=self.controller.filter.active)
        self.backlog.apply(changes)
        if self.preview_dock.isVisible() and self.preview.concerns(changes):
            self.preview.fill_releases()
        if changes.touches("team") or changes.touches("pack"):
            self.filters.fill_choices()
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

    def _bar_size(self, key: str) -> tuple[str, float] | None:
        plan = self.controller.plan
        cr = plan.crs.get(key) if plan is not None else None
        return None if cr is None else (cr.team, bar_days(plan, cr))

    def _title(self, key: str) -> str:
        """A bar's title for its label; "" while another plan loads (the old bars remain)."""
        plan = self.controller.plan
        cr = plan.crs.get(key) if plan is not None else None
        return cr.title if cr is not None else ""

    def open_cr(self, key: str) -> None:
        """Select a CR everywhere and show it in the editor (a double-click in any view)."""
        self._select(key)
        show_editor(self)

    def show_found(self, key: str) -> None:
        """Find's answer: selected, and its bar centred (or its backlog row shown)."""
        self._select(key)
        if not self.timeline.centre_on(key):
            self.backlog_dock.show()
            self.backlog_dock.raise_()
            row = self.backlog.row_of(key)
            if row is not None:
                self.backlog_view.selectRow(row)
                self.backlog_view.scrollTo(self.backlog.index(row, 0))

    def _select(self, cr: str | None) -> None:
        self.select_many([] if cr is None else [cr], cr)

    def select_many(self, keys, current: str | None) -> None:
        """Select `keys` in every view; `current` (one of them) goes to the editor."""
        if current is not None and not self.editor.show_cr(current):
            self.selection.changed.emit()  # the planner kept unsaved edits: views go back
            return
        self.selected_cr = current
        self.selection.set(keys, current)

    def escape(self) -> None:
        """Esc: cancel a drag in progress; from the filter bar, back to the timeline; else
        close the editor (asking about unsaved changes). The timeline has the focus after it,
        for the arrow keys."""
        if self.timeline.cancel_drag():
            self.statusBar().showMessage("Drag cancelled: nothing moved.", 5000)
        elif self.focusWidget() in (self.search, self.team_filter, self.pack_filter,
                                    self.stage_filter):
            self.timeline.setFocus()
        elif self.editor_dock.isVisible() and self.editor_may_close():
            self.editor_dock.hide()
            self.timeline.setFocus()
        else:
            self.timeline.setFocus()

    def delete_selected(self) -> None:
        if self.selected_cr is None or self.editor.base is None:
            self.statusBar().showMessage("Select a change request to delete first.", 8000)
            return
        self.editor.delete()

    # ---- moving work -------------------------------------------------------------------------

    def _move_refusal(self, cr: str, target: str | None) -> str | None:
        if self.read_only:
            return "the database is read-only"
        if self.controller.plan is None or cr not in self.controller.plan.crs:
            return None
        return self.controller.move_refusal(cr, target)

    def drop(self, cr: str, target: str | None) -> None:
        """A bar or backlog row dropped on a release (None: the backlog): one undo step."""
        if self.controller.plan is None or cr not in self.controller.plan.crs:
            return  # another plan is loading; what was dragged belongs to the old one
        before = self.controller.plan.crs[cr].release
        if before == target or self.read_only:
            if self.read_only:
                self.statusBar().showMessage(f"{cr} stays where it is: the database is "
                                             "read-only.", 8000)
            self.controller.changed.emit()  # the bar returns to its place
            return
        self.controller.move(cr, target)  # one undo step, made by the controller

    def move_selected(self) -> None:
        """The keyboard path: move the selected CR (on the timeline or in the backlog) to a
        release chosen by name, or to the backlog."""
        cr = self._selected_or_say()
        if cr is None:
            return
        why = self.controller.refusal("schedule", cr)  # another team's CR: no need to ask where
        if why:
            self.statusBar().showMessage(f"{cr} stays where it is: {why}", 8000)
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

    def move_selected_by(self, step: int) -> None:
        """Ctrl+Shift+Right / Left: the selected CR one planned release later / earlier (from
        the backlog, later is the first planned release)."""
        cr = self._selected_or_say()
        if cr is None:
            return
        order = [r.key for r in self.controller.plan.planned_releases()]
        current = self.controller.plan.crs[cr].release
        at = order.index(current) + step if current in order else (0 if step > 0 else -1)
        if not 0 <= at < len(order):
            self.statusBar().showMessage(f"{cr} has no {'later' if step > 0 else 'earlier'} "
                                         "planned release to move to.", 8000)
            return
        self.drop(cr, order[at])
        self.timeline.ensure_visible(cr)

    def _selected_or_say(self) -> str | None:
        cr = self.selected_cr
        if cr is None or self.controller.plan is None or cr not in self.controller.plan.crs:
            self.statusBar().showMessage("Select a change request on the timeline or in the "
                                         "backlog first.", 8000)
            return None
        return cr

    def _bar_menu(self, cr: str, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.move_action)
        group = self.selection.group_of(cr)  # right-clicked inside a selection: all of it
        if any(self.controller.plan.crs[k].release is not None for k in group):
            menu.addAction("Move to backlog" if len(group) == 1 else
                           f"Move {len(group)} to backlog", lambda: drop_dragged(self, cr, None))
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
        if plan is None or not plan.teams or not plan.planned_releases():
            self.statusBar().showMessage(
                "A change request needs a team and a planned release first: start from the "
                "welcome page, or add them from the Plan menu.", 10000)
            return
        near = plan.crs.get(self.selected_cr) if self.selected_cr else None
        show_editor(self)
        self.editor.start_new(near.team if near else None, near.release if near else None)

    # ---- lanes and arrows --------------------------------------------------------------------

    def compact_lanes(self) -> None:
        """Pack every lane tightly again (moves leave the other bars where they were)."""
        if self.controller.plan is not None:
            self.controller.show_plan(self.controller.plan)

    def collapse_all(self, collapsed: bool) -> None:
        for lane in self.timeline.bars.lanes:
            self.timeline.set_collapsed(lane.lane.team, collapsed)

    def go_to_team(self) -> None:
        lanes = [lb.lane for lb in self.timeline.bars.lanes]
        if not lanes:
            return
        names = [f"{lane.name}  ({len(lane.bars)} CRs)" for lane in lanes]
        choice, ok = QInputDialog.getItem(self, "Go to team", "Team:", names, 0, False)
        if ok and choice in names:
            self.timeline.go_to_lane(lanes[names.index(choice)].team)

    def _toggle_dependencies(self, on: bool, remember: bool = True) -> None:
        bars = self.timeline.bars
        if on and self.chains is None and self.controller.plan is not None:
            plan = self.controller.plan
            self.chains = DependencyChains.of(plan)
            bars.chains = self.chains
        bars.show_dependencies = on
        bars.update()
        if remember:
            settings().setValue("view/dependencies", on)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # The plan's counts give way to messages: at most 40 % of the bar, elided.
        self.counts.setMaximumWidth(max(120, int(self.width() * 0.4)))

    def closeEvent(self, event) -> None:
        if not self.editor_may_close():
            event.ignore()
            return
        self.save_window()
        self.controller.runner.shutdown()  # every edit on screen is written first
        self.shared.stop(closing=True)
        self.controller.jobs.shutdown()
        super().closeEvent(event)
