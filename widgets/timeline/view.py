"""The release timeline: dates across, a lane per team, release go-live lines with their freeze
windows, a today line, and the CR bars (DESIGN.md section 3). It shows a `TimelineLayout` and
says what the planner did with signals (selected, dropped on a release, opened, clicked a
release, asked for a bar's menu); it reads the plan only through the session, and asks the
workspace's mover what a drag would do (widgets/timeline/drops.py).

Rows keep one height on screen (ROW_PX): more lanes than fit scroll vertically (the pane's
scrollbar, Shift+wheel, dragging the background), fewer never stretch bars to fill the view.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF

from app.views.timeline_layout import TimelineLayout, bar_days
from widgets.common.plain_text import rich_lines
from widgets.timeline.axes import DateAxis, LaneAxis
from widgets.timeline.backdrop import ReleaseLabels, TimelineBackdrop
from widgets.timeline.band import SelectingViewBox
from widgets.timeline.bars import LANE_GAP, SECONDS_PER_DAY, TimelineBars
from widgets.timeline.drops import TimelineDrops
from widgets.timeline.keys import navigate
from widgets.timeline.selection import click_more, select_band

ROW_PX = 26  # one sub-row on screen, whatever the number of lanes
HEADER_ROWS = 1.5  # above the first lane: room for the two lines of release labels
TOP_ROW = -LANE_GAP - HEADER_ROWS  # the view's top when scrolled all the way up
FIRST_VIEW_DAYS = 120
RELEASE_CLICK_PX = 5  # a click this close to a go-live line picks the release
FULL_LABELS_UP_TO = 8  # with more releases in the plan, lines are labelled by key only
ZOOM_PRESETS = {"Week": 7, "Month": 31, "Quarter": 92, "Year": 366}

pg.setConfigOptions(antialias=False, mouseRateLimit=-1)


class TimelineView(pg.PlotWidget):
    rows_changed = Signal()  # the lanes' total height or the rows in view changed
    select_requested = Signal(list, object)  # keys, the current one (None: nothing)
    activated = Signal(str)  # a double-click or Enter on a bar: open it
    release_clicked = Signal(str)  # a go-live line or a release's label
    release_double_clicked = Signal(str)  # a go-live line, away from the bars: edit it
    context_menu_requested = Signal(str, QPoint)  # a bar right-clicked, where on the screen
    dropped = Signal(str, object)  # a bar or backlog row dropped: the CR, its Target

    def __init__(self, session, workspace):
        """Reads the plan through `session`; asks `workspace` what a drag would do and which
        bars are selected."""
        self.lane_axis = LaneAxis()
        super().__init__(axisItems={"bottom": DateAxis(), "left": self.lane_axis},
                         viewBox=SelectingViewBox())
        self.session = session
        self.workspace = workspace
        self.anchor: str | None = None  # where a Shift-click range starts
        self.layout_data: TimelineLayout | None = None
        self._lane_names: list[tuple[float, float, str]] = []  # top, rows shown, name
        self.setBackground(self.palette().color(self.backgroundRole()))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows, Enter and Esc on bars
        plot = self.getPlotItem()
        ink = self.palette().windowText().color()  # team names and dates in the text colour
        for side in ("left", "bottom"):
            plot.getAxis(side).setTextPen(ink)
            plot.getAxis(side).setPen(ink)
        plot.invertY(True)
        plot.showGrid(x=True, y=False, alpha=0.15)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        box = plot.getViewBox()
        box.setMouseEnabled(x=True, y=True)
        box.sigYRangeChanged.connect(self._keep_row_height)
        box.style_band(self.palette().highlight().color())
        box.band_released.connect(lambda rect, add: select_band(self, rect, add))
        self.bars = TimelineBars(session, workspace.selection)
        self.backdrop = TimelineBackdrop()
        self.backdrop.setZValue(-10)
        self.addItem(self.backdrop)
        self.addItem(self.bars)
        self.bars.setZValue(10)
        self.release_labels = ReleaseLabels(self.backdrop)
        self.release_labels.setZValue(20)
        self.addItem(self.release_labels)
        self.drops = TimelineDrops(self)
        self.bars.dragged.connect(self.drops.bar_dragged)
        self.lane_axis.clicked.connect(self._lane_clicked)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)

    # ---- showing -----------------------------------------------------------------------------

    def show_layout(self, layout: TimelineLayout, fold_empty: bool = False) -> None:
        """Show `layout`; with `fold_empty` (a filter is on) lanes with nothing matching fold
        away."""
        first = self.layout_data is None
        self.layout_data = layout
        self.getPlotItem().getAxis("bottom").dated = True
        self.bars.set_layout(layout, fold_empty)
        self._place_lanes()
        if first:
            self.scroll_rows_to(TOP_ROW)
            self.show_in_flight()

    def _place_lanes(self) -> None:
        """The team names, lane bands and vertical limits for where the lanes now are."""
        layout = self.layout_data
        ticks, bands = [], []
        for n, lane in enumerate(layout.lanes):
            top, height = self.bars.tops[n], self.bars.heights[n]
            if not height:
                continue  # folded away: no band, no name
            collapsed = lane.team in self.bars.collapsed
            name = f"{'▸' if collapsed else '▾'} {lane.name}" + (
                f" ({len(lane.bars)})" if collapsed or self.bars.fold_empty else "")
            ticks.append((top, height, name))
            tint = QColor(lane.color)
            tint.setAlpha(30)  # the team's colour, faint enough for bars to read on top
            bands.append((top - LANE_GAP / 2, top + height + LANE_GAP / 2, tint))
        self._lane_names = ticks
        # As wide as every team's name with its count, folded or not: the same whatever is
        # in view or filtered, so the panels under the timeline (which align to it) keep
        # every team's label.
        metrics = QFontMetricsF(self.lane_axis.font())
        self.lane_axis.setWidth(int(max((metrics.horizontalAdvance(
            f"▸ {lane.name} ({len(lane.bars)})") for lane in layout.lanes), default=40) + 16))
        self.backdrop.set_content(bands, layout.releases, layout.today,
                                  full_labels=len(layout.releases) <= FULL_LABELS_UP_TO)
        self.scroll_rows_to(self.getPlotItem().viewRange()[1][0])
        self.rows_changed.emit()

    def _name_lanes(self) -> None:
        """Each lane's name where the lane is in view: near its top, and kept on screen while
        a lane taller than the view is scrolled through."""
        _, (y0, y1) = self.getPlotItem().viewRange()
        ticks = []
        for top, height, name in self._lane_names:
            if top + height < y0 or top > y1:
                continue
            at = top + min(height, 3) / 2
            ticks.append((max(min(at, top + height - 0.5), min(y0 + 0.5, top + height - 0.5)),
                          name))
        self.lane_axis.setTicks([ticks, []])

    def show_marks(self, marks: dict[str, set[str]]) -> None:
        self.bars.set_marks(marks)

    def show_selection(self) -> None:
        """The workspace's selection changed (here or in another view)."""
        self.bars.selected = self.workspace.selection.current
        self.bars.update()

    def tooltip(self, cr: str) -> str:
        """Everything about a bar, with its plan text escaped."""
        derived = self.session.derived
        return rich_lines(derived.describe(cr)) if derived is not None and cr in \
            derived.plan.crs else ""

    def bar_size(self, cr: str) -> tuple[str, float] | None:
        """A CR's team and bar length in days: the ghost of a backlog row being dragged."""
        plan = self.session.plan
        found = plan.crs.get(cr) if plan is not None else None
        return None if found is None else (found.team, bar_days(plan, found))

    # ---- lanes -------------------------------------------------------------------------------

    def set_collapsed(self, team: str, collapsed: bool) -> None:
        if collapsed:
            self.bars.collapsed.add(team)
        else:
            self.bars.collapsed.discard(team)
        if self.layout_data is not None:
            self.bars.place_lanes()
            self._place_lanes()

    def _lane_clicked(self, y: float) -> None:
        n = self.bars.lane_at(y)
        if n is not None:
            team = self.bars.lanes[n].lane.team
            self.set_collapsed(team, team not in self.bars.collapsed)

    def go_to_lane(self, team: str) -> None:
        """Expand the team's lane and scroll it to the top of the view."""
        self.set_collapsed(team, False)
        n = next((n for n, lb in enumerate(self.bars.lanes) if lb.lane.team == team), None)
        if n is not None:
            self.scroll_rows_to(self.bars.tops[n] + TOP_ROW)

    # ---- rows: a fixed height on screen, scrolled vertically ---------------------------------

    def rows_in_view(self) -> float:
        return max(1.0, self.getPlotItem().getViewBox().height() / ROW_PX)

    def content_rows(self) -> float:
        return max(self.bars.height, 1.0)

    def scroll_rows_to(self, y0: float) -> None:
        """Show the rows from `y0` down, as many as fit; never past the lanes' ends."""
        span = self.rows_in_view()
        top = max(TOP_ROW, min(y0, self.content_rows() - span))
        self.getPlotItem().getViewBox().setYRange(top, top + span, padding=0)
        self._name_lanes()
        self.rows_changed.emit()

    def _keep_row_height(self, _box, y_range) -> None:
        """Pans move rows; nothing zooms them (a right-drag, the view's own handling)."""
        if abs((y_range[1] - y_range[0]) - self.rows_in_view()) > 1e-6 \
                or y_range[0] < TOP_ROW - 1e-6 \
                or y_range[0] > max(TOP_ROW, self.content_rows() - self.rows_in_view()) + 1e-6:
            self.scroll_rows_to(y_range[0])
        else:
            self._name_lanes()
            self.rows_changed.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if getattr(self, "layout_data", None) is not None:  # also called while constructing
            self.scroll_rows_to(self.getPlotItem().viewRange()[1][0])

    # ---- time --------------------------------------------------------------------------------

    def show_in_flight(self) -> None:
        """The first view of a plan: all of it when it spans a few months, else the weeks
        around today, where the work in flight is (five years of bars are slivers)."""
        releases = self.layout_data.releases if self.layout_data else []
        if not releases or releases[-1].go_live - releases[0].go_live <= FIRST_VIEW_DAYS:
            self.fit()
            return
        today = self.layout_data.today
        self.getPlotItem().setXRange((today - 14) * SECONDS_PER_DAY,
                                     (today + FIRST_VIEW_DAYS - 14) * SECONDS_PER_DAY, padding=0)

    def fit(self) -> None:
        """The whole plan across, and the lanes from the top."""
        if not self.layout_data:
            return
        starts = [min(b.start for b in lane.bars) for lane in self.layout_data.lanes if lane.bars]
        xs = [r.go_live for r in self.layout_data.releases] + starts
        if xs:
            self.getPlotItem().setXRange((min(xs) - 3) * SECONDS_PER_DAY,
                                         (max(xs) + 8) * SECONDS_PER_DAY, padding=0)
        self.scroll_rows_to(TOP_ROW)

    def show_matches(self) -> None:
        """After a filter: the selected CR if it is shown (a search cleared after Find keeps
        it in view), else the lanes from the top and, when no matching bar is in view, the
        span of the matching bars."""
        if self.bars.selected is not None and self.bars.rect_of(self.bars.selected) is not None:
            self.centre_on(self.bars.selected)
            return
        self.scroll_rows_to(TOP_ROW)
        (x0, x1), _ = self.getPlotItem().viewRange()
        lanes = [lb for lb in self.bars.lanes if len(lb.x0)]
        if not lanes or any(((lb.x1 >= x0) & (lb.x0 <= x1)).any() for lb in lanes):
            return
        left = min(float(lb.x0.min()) for lb in lanes)
        right = max(float(lb.x1.max()) for lb in lanes)
        margin = max((right - left) * 0.05, 3 * SECONDS_PER_DAY)
        self.getPlotItem().setXRange(left - margin, right + margin, padding=0)

    def centre_on(self, cr: str) -> bool:
        """Expand the CR's lane and put its bar in the middle of the view (zooming out if
        it is wider than the view). False when it has no bar."""
        where = self.bars.locate(cr)
        if where is None:
            return False
        self.set_collapsed(self.bars.lanes[where[0]].lane.team, False)
        rect = self.bars.rect_of(cr)
        (x0, x1), _ = self.getPlotItem().viewRange()
        half = max((x1 - x0) / 2, rect.width() * 0.75)
        middle = rect.center().x()
        self.getPlotItem().setXRange(middle - half, middle + half, padding=0)
        self.scroll_rows_to(rect.center().y() - self.rows_in_view() / 2)
        return True

    def ensure_visible(self, cr: str) -> None:
        rect = self.bars.rect_of(cr)
        if rect is None:
            return
        (x0, x1), (y0, y1) = self.getPlotItem().viewRange()
        if rect.right() < x0 or rect.left() > x1 or rect.bottom() > y1 or rect.top() < y0:
            self.centre_on(cr)

    def zoom(self, factor: float) -> None:
        self.getPlotItem().getViewBox().scaleBy(x=factor, y=1)

    def days_in_view(self) -> float:
        (x0, x1), _ = self.getPlotItem().viewRange()
        return (x1 - x0) / SECONDS_PER_DAY

    def show_days(self, days: float, middle: float | None = None) -> None:
        """Zoom to `days` across, keeping the centre (or around day `middle`)."""
        (x0, x1), _ = self.getPlotItem().viewRange()
        centre = (x0 + x1) / 2 if middle is None else middle * SECONDS_PER_DAY
        half = days * SECONDS_PER_DAY / 2
        self.getPlotItem().setXRange(centre - half, centre + half, padding=0)

    def middle_day(self) -> float:
        (x0, x1), _ = self.getPlotItem().viewRange()
        return (x0 + x1) / 2 / SECONDS_PER_DAY

    def go_to_today(self) -> None:
        if self.layout_data:
            self.show_days(self.days_in_view(), self.layout_data.today)

    def wheelEvent(self, event) -> None:
        # Ctrl+wheel zooms time around the date under the pointer (rows keep their height);
        # Shift+wheel scrolls the lanes; a plain wheel scrolls time.
        box = self.getPlotItem().getViewBox()
        up = event.angleDelta().y() > 0 or event.angleDelta().x() > 0
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            anchor = box.mapSceneToView(self.mapToScene(event.position().toPoint()))
            box.scaleBy(x=0.85 if up else 1 / 0.85, y=1, center=anchor)
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.scroll_rows_to(self.getPlotItem().viewRange()[1][0] + (-3 if up else 3))
        else:
            (x0, x1), _ = self.getPlotItem().viewRange()
            step = (x1 - x0) * 0.1 * (-1 if up else 1)
            self.getPlotItem().setXRange(x0 + step, x1 + step, padding=0)
        event.accept()

    # ---- clicks and keys ---------------------------------------------------------------------

    def _clicked(self, event) -> None:
        point = self.getPlotItem().getViewBox().mapSceneToView(event.scenePos())
        cr = self.bars.cr_at(point.x(), point.y())
        self.setFocus()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if event.button() == Qt.MouseButton.LeftButton and (ctrl or shift):
            if cr is not None and self.bars.selection is not None:
                click_more(self, cr, ctrl, shift)
            return  # beside the bars: the selection stays
        if event.button() == Qt.MouseButton.LeftButton:
            self.anchor = cr
            self.select_requested.emit([] if cr is None else [cr], cr)
            if event.double() and cr is not None:
                self.activated.emit(cr)
            line = self.release_line_at(point.x()) if cr is None else None
            release = line or (None if cr is not None else
                               self.backdrop.label_at(QPointF(self.mapFromScene(
                                   event.scenePos()))))
            if release is not None:
                if event.double() and line is not None:
                    self.release_double_clicked.emit(release)
                else:
                    self.release_clicked.emit(release)
        elif event.button() == Qt.MouseButton.RightButton and cr is not None:
            event.accept()
            if cr not in self.workspace.selection:
                # a right-click inside the selection acts on all of it
                self.select_requested.emit([cr], cr)
            self.context_menu_requested.emit(cr, event.screenPos().toPoint())

    def cancel_drag(self) -> bool:
        """Esc during a drag: the bar stays where it is (a rubber band selects nothing). False
        when nothing was dragged."""
        return self.drops.cancel()

    # Qt's drag and drop of a backlog row onto the timeline (widgets/timeline/drops.py).
    def dragEnterEvent(self, event) -> None:
        self.drops.drag_enter(event)

    def dragMoveEvent(self, event) -> None:
        self.drops.drag_move(event)

    def dragLeaveEvent(self, event) -> None:
        self.drops.drag_leave()

    def dropEvent(self, event) -> None:
        self.drops.drop(event)

    def keyPressEvent(self, event) -> None:
        if not navigate(self, event):  # widgets/timeline/keys.py
            super().keyPressEvent(event)

    def release_line_at(self, x: float) -> str | None:
        """The release whose go-live line is within a few pixels of `x` (view seconds)."""
        if not self.layout_data:
            return None
        reach = RELEASE_CLICK_PX * self.getPlotItem().getViewBox().viewPixelSize()[0]
        near = [(abs(r.go_live * SECONDS_PER_DAY - x), r.key) for r in self.layout_data.releases]
        best = min(near, default=None)
        return best[1] if best is not None and best[0] <= reach else None
