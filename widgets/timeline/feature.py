"""The Timeline page: dates across, a lane per team, each CR a bar (widgets/timeline/view.py),
with the legend under it. This module wires the view to the workspace: what the planner does
on it goes out as requests (select, open, preview a release, drop), and the session's news
comes in (a new plan, an edit, the marks, another planner's move)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu, QVBoxLayout, QWidget

from app.model.plan import Target
from app.model.row_kinds import RowKind
from app.scenarios.model import LIVE
from widgets.common.palette import scenario_tint
from widgets.common.style import SCENARIO_AMBER, SECONDS_PER_DAY, legend_html
from widgets.shell.feature import ActionSpec, Built, Menu, Place
from widgets.shell.layout_state import settings
from widgets.timeline.pane import TimelinePane
from widgets.timeline.view import TOP_ROW, ZOOM_PRESETS, TimelineView

DAYS_PAUSE_MS = 60  # the dates in view are shared once a pan or zoom pauses


class TimelineFeature:
    name = "timeline"
    title = "Timeline"
    place = Place.PAGE
    shown_first = True

    def build(self, workspace) -> Built:
        page = TimelinePage(workspace)
        return Built(page, page, page.actions(), save=page.save, restore=page.restore)


class TimelinePage(QWidget):
    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.session = session = workspace.session
        self.view = view = TimelineView(session, workspace)
        self.pane = TimelinePane(view)
        self.legend = QLabel()
        self.legend.setContentsMargins(8, 0, 8, 2)
        self.legend.setWordWrap(True)  # a narrow window wraps it rather than widening
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setText(legend_html(self.palette().window().color()))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.pane, 1)
        column.addWidget(self.legend)
        self.setFocusProxy(view)
        # Drawn as the planner left them: the Dependencies action starts checked from here.
        view.bars.show_dependencies = settings().value("view/dependencies") in (True, "true")
        self._filter = session.filter
        self._old_places: dict = {}
        self.menu: QMenu | None = None
        # What the planner does on the timeline goes out as requests.
        view.select_requested.connect(workspace.select)
        view.activated.connect(workspace.open_cr)
        view.release_clicked.connect(workspace.preview_release)
        view.release_double_clicked.connect(workspace.edit_release)
        view.dropped.connect(workspace.mover.drop)
        view.context_menu_requested.connect(self._bar_menu)
        # What happens to the plan comes in.
        session.plan_changed.connect(self._plan_changed)
        session.edited.connect(self._edited)
        session.put_back.connect(lambda _keys: view.bars.update())
        session.derived_ready.connect(self._derived)
        session.remote_coming.connect(self._remember_places)
        session.remote.connect(self._remote)
        workspace.selection.changed.connect(view.show_selection)
        workspace.mover.moved.connect(lambda keys: view.ensure_visible(keys[0]))
        workspace.show_cr.connect(view.centre_on)
        workspace.on_escape(view.cancel_drag, 1)
        workspace.opened.connect(self._other_database)
        workspace.timeline_overlay.connect(lambda item: item.attach(view))
        workspace.scenario_shown.connect(self._scenario)
        self._days = QTimer(self)
        self._days.setSingleShot(True)
        self._days.setInterval(DAYS_PAUSE_MS)
        self._days.timeout.connect(self._share_days)
        view.getPlotItem().getViewBox().sigXRangeChanged.connect(lambda *_: self._days.start())
        view.getPlotItem().getAxis("left").geometryChanged.connect(self._share_axis_width)

    # ---- the session's news ----------------------------------------------------------------

    def _plan_changed(self) -> None:
        view, session = self.view, self.session
        if session.layout is None:
            return
        first = view.layout_data is None
        view.show_layout(session.layout, fold_empty=session.filter.active)
        view.show_marks(session.layout.marks)
        self._chains()
        if not first and session.filter != self._filter:
            view.show_matches()
        self._filter = session.filter

    def _edited(self, changes) -> None:
        if self.session.layout is None:
            return
        self.view.show_layout(self.session.layout, fold_empty=self.session.filter.active)
        if changes.touches(RowKind.CR):
            self._chains()

    def _derived(self, kind: str) -> None:
        if kind == "marks" and self.session.layout is not None:
            self.view.show_marks(self.session.layout.marks)

    def _remember_places(self, crs: list[str]) -> None:
        bars = self.view.bars
        self._old_places = {cr: bars.rect_of(cr) for cr in crs}

    def _remote(self, _applied) -> None:
        """Another planner's commits are on screen: what they moved slides to its new place
        and glows for a moment."""
        self.view.bars.flash.start(self._old_places)
        self._old_places = {}

    def _other_database(self, _target: str) -> None:
        self.view.layout_data = None  # the first layout of that plan: its own view
        self.view.bars.collapsed.clear()

    def _scenario(self, name: str, changed: frozenset) -> None:
        """In a scenario: its changed bars marked, and an amber tint, so that nobody takes it
        for the live plan; in live neither."""
        view = self.view
        paper = view.palette().color(view.backgroundRole())
        view.bars.scenario_crs = changed
        view.setBackground(paper if name == LIVE else scenario_tint(paper, SCENARIO_AMBER))
        self.legend.setText(legend_html(self.palette().window().color(), scenario=name != LIVE))
        view.bars.update()

    def _share_days(self) -> None:
        if self.view.layout_data is None:  # pyqtgraph's default range, 1 Jan 1970: no dates yet
            return
        (x0, x1), _ = self.view.getPlotItem().viewRange()
        self.workspace.set_days(x0 / SECONDS_PER_DAY, x1 / SECONDS_PER_DAY)

    def _share_axis_width(self) -> None:
        self.workspace.set_axis_width(self.view.getPlotItem().getAxis("left").width())

    # ---- actions -----------------------------------------------------------------------------

    def actions(self) -> list[ActionSpec]:
        view = self.view
        zoom = [ActionSpec(f"zoom_{name.lower()}", name,
                           lambda _=False, days=days: view.show_days(days), Menu.VIEW, "zoom",
                           f"Ctrl+{n}", f"Show a {name.lower()} across", toolbar=name,
                           submenu="Zoom")
                for n, (name, days) in enumerate(ZOOM_PRESETS.items(), start=1)]
        zoom += [
            ActionSpec("zoom_fit", "Fit", view.fit, Menu.VIEW, "zoom", "Ctrl+0",
                       "Show the whole plan", toolbar="Fit", submenu="Zoom"),
            ActionSpec("zoom_today", "Today", view.go_to_today, Menu.VIEW, "zoom", "Ctrl+T",
                       "Go to today", toolbar="Today", submenu="Zoom"),
            ActionSpec("zoom_in", "Zoom in", lambda: view.zoom(0.7), Menu.VIEW, "zoom",
                       ["Ctrl++", "Ctrl+="], submenu="Zoom"),
            ActionSpec("zoom_out", "Zoom out", lambda: view.zoom(1.4), Menu.VIEW, "zoom",
                       "Ctrl+-", submenu="Zoom")]
        return [*zoom,
                ActionSpec("dependencies", "Dependencies", self._toggle_dependencies, Menu.VIEW,
                           "lanes", "Ctrl+D", "Show dependency arrows between bars",
                           toolbar="Dependencies", checkable=True,
                           checked=view.bars.show_dependencies),
                ActionSpec("compact", "Compact lanes", self.session.compact, Menu.VIEW, "lanes",
                           "Ctrl+L", "Pack each lane's bars into as few rows as they need"),
                ActionSpec("go_to_team", "Go to team...", self.go_to_team, Menu.VIEW, "lanes",
                           "Ctrl+G", "Scroll to a team's lane"),
                ActionSpec("collapse_all", "Collapse all lanes", lambda: self.collapse_all(True),
                           Menu.VIEW, "lanes"),
                ActionSpec("expand_all", "Expand all lanes", lambda: self.collapse_all(False),
                           Menu.VIEW, "lanes")]

    def _toggle_dependencies(self, on: bool) -> None:
        self.view.bars.show_dependencies = on
        self._chains()
        settings().setValue("view/dependencies", on)

    def _chains(self) -> None:
        bars, derived = self.view.bars, self.session.derived
        bars.chains = derived.chains() if bars.show_dependencies and derived is not None \
            else None
        bars.update()

    def collapse_all(self, collapsed: bool) -> None:
        for lane in self.view.bars.lanes:
            self.view.set_collapsed(lane.lane.team, collapsed)

    def go_to_team(self) -> None:
        lanes = [lb.lane for lb in self.view.bars.lanes]
        if not lanes:
            return
        names = [f"{lane.name}  ({len(lane.bars)} CRs)" for lane in lanes]
        choice, ok = QInputDialog.getItem(self, "Go to team", "Team:", names, 0, False)
        if ok and choice in names:
            self.view.go_to_lane(lanes[names.index(choice)].team)

    def _bar_menu(self, cr: str, where: QPoint) -> None:
        """A bar's right-click menu: it acts on the selection the bar is part of."""
        workspace, plan = self.workspace, self.session.plan
        group = workspace.selection.group_of(cr)
        menu = QMenu(self)
        menu.addAction("Move to release...\tCtrl+M", lambda: workspace.mover.choose_target(
            [k for k in group if k in plan.crs]))
        if any(plan.crs[k].release is not None for k in group if k in plan.crs):
            menu.addAction("Move to backlog" if len(group) == 1 else
                           f"Move {len(group)} to backlog",
                           lambda: workspace.mover.move(group, Target.backlog()))
        menu.addAction("Open", lambda: workspace.open_cr.emit(cr))
        menu.popup(where)
        self.menu = menu  # kept for tests and so it is not collected while open

    # ---- what the planner arranged, per database -----------------------------------------

    def save(self) -> dict:
        view = self.view
        if view.layout_data is None:
            return {}
        return {"days": view.days_in_view(), "middle": view.middle_day(),
                "top": view.getPlotItem().viewRange()[1][0],
                "collapsed": sorted(view.bars.collapsed)}

    def restore(self, stored: dict) -> None:
        view = self.view
        teams = {lane.team for lane in view.layout_data.lanes}
        for team in stored.get("collapsed", []):
            if team in teams:
                view.set_collapsed(team, True)
        if stored.get("days"):
            view.show_days(float(stored["days"]), float(stored["middle"])
                           if stored.get("middle") is not None else None)
        view.scroll_rows_to(float(stored.get("top", TOP_ROW)))
