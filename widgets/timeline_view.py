"""The release timeline: dates across, a lane per team, release go-live lines with their freeze
windows, a today line, and the CR bars (DESIGN.md section 3). It shows a `TimelineLayout` and
reports drops, clicks and context menus; it reads no data of its own."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from app.timeline_layout import TimelineLayout
from widgets.cr_drag import cr_from_mime
from widgets.timeline_backdrop import TimelineBackdrop
from widgets.timeline_bars import LANE_GAP, SECONDS_PER_DAY, TimelineBars

ROWS_IN_VIEW = 40  # more rows scroll vertically rather than squeeze bars into slivers
FIRST_VIEW_DAYS = 120
RELEASE_CLICK_PX = 5  # a click this close to a go-live line picks the release
FULL_LABELS_UP_TO = 8  # with more releases in the plan, lines are labelled by key only

pg.setConfigOptions(antialias=False, mouseRateLimit=-1)


class TimelineView(pg.PlotWidget):
    def __init__(self, describe: Callable[[str], str],
                 on_drop: Callable[[str, str | None], None]):
        """`describe(cr)` gives a bar's tooltip; `on_drop(cr, release)` is called when a bar
        or a backlog row is dropped nearest to a release (release None: on the backlog)."""
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)  # dates are calendar days
        super().__init__(axisItems={"bottom": axis})
        self.describe = describe
        self.on_drop = on_drop
        self.on_select: Callable[[str | None], None] = lambda cr: None
        self.on_context_menu: Callable[[str, QPoint], None] = lambda cr, pos: None
        self.on_release_click: Callable[[str], None] = lambda release: None
        self.on_activate: Callable[[str], None] = lambda cr: None  # a bar double-clicked
        self.is_over_backlog: Callable[[QPointF], bool] = lambda screen_pos: False
        self.on_backlog_hover: Callable[[bool], None] = lambda over: None
        self.layout_data: TimelineLayout | None = None
        self.setBackground(self.palette().color(self.backgroundRole()))
        plot = self.getPlotItem()
        ink = self.palette().windowText().color()  # team names and dates in the text colour
        for side in ("left", "bottom"):
            plot.getAxis(side).setTextPen(ink)
            plot.getAxis(side).setPen(ink)
        plot.invertY(True)
        plot.showGrid(x=True, y=False, alpha=0.15)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.getViewBox().setMouseEnabled(x=True, y=True)
        self.bars = TimelineBars(on_drag=self._dragged)
        self.bars.tooltip_for = self.describe
        self.backdrop = TimelineBackdrop()
        self.backdrop.setZValue(-10)
        self.addItem(self.backdrop)
        self.addItem(self.bars)
        self.bars.setZValue(10)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)

    # ---- showing -----------------------------------------------------------------------------

    def show_layout(self, layout: TimelineLayout) -> None:
        first = self.layout_data is None
        self.layout_data = layout
        self.bars.set_layout(layout)
        ticks, bands = [], []
        for lane, top in zip(layout.lanes, self.bars.tops, strict=True):
            ticks.append((top + min(lane.rows, 3) / 2, lane.name))
            tint = QColor(lane.color)
            tint.setAlpha(30)  # the team's colour, faint enough for bars to read on top
            bands.append((top - LANE_GAP / 2, top + lane.rows + LANE_GAP / 2, tint))
        self.getPlotItem().getAxis("left").setTicks([ticks, []])
        self.backdrop.set_content(bands, layout.releases, layout.today,
                                  full_labels=len(layout.releases) <= FULL_LABELS_UP_TO)
        height = max(self.bars.height, 1)
        self.getPlotItem().getViewBox().setLimits(yMin=-LANE_GAP, yMax=height)
        if first:
            self.getPlotItem().setYRange(-LANE_GAP, min(height, ROWS_IN_VIEW), padding=0)
            self.show_in_flight()

    def show_marks(self, marks: dict[str, set[str]]) -> None:
        self.bars.set_marks(marks)

    def select(self, cr: str | None) -> None:
        self.bars.selected = cr
        self.bars.update()

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
        if not self.layout_data:
            return
        starts = [min(b.start for b in lane.bars) for lane in self.layout_data.lanes if lane.bars]
        xs = [r.go_live for r in self.layout_data.releases] + starts
        if xs:
            self.getPlotItem().setXRange((min(xs) - 3) * SECONDS_PER_DAY,
                                         (max(xs) + 8) * SECONDS_PER_DAY, padding=0)

    def zoom(self, factor: float) -> None:
        self.getPlotItem().getViewBox().scaleBy(x=factor, y=1)

    def days_in_view(self) -> float:
        (x0, x1), _ = self.getPlotItem().viewRange()
        return (x1 - x0) / SECONDS_PER_DAY

    def show_days(self, days: float) -> None:
        """Zoom to `days` across, keeping the centre (a restored zoom)."""
        (x0, x1), _ = self.getPlotItem().viewRange()
        middle = (x0 + x1) / 2
        half = days * SECONDS_PER_DAY / 2
        self.getPlotItem().setXRange(middle - half, middle + half, padding=0)

    def go_to_today(self) -> None:
        if self.layout_data:
            (x0, x1), _ = self.getPlotItem().viewRange()
            half = (x1 - x0) / 2
            now = self.layout_data.today * SECONDS_PER_DAY
            self.getPlotItem().setXRange(now - half, now + half, padding=0)

    def wheelEvent(self, event) -> None:
        # Ctrl+wheel zooms time around the date under the pointer (rows keep their height);
        # a plain wheel scrolls time.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            box = self.getPlotItem().getViewBox()
            anchor = box.mapSceneToView(self.mapToScene(event.position().toPoint()))
            box.scaleBy(x=0.85 if event.angleDelta().y() > 0 else 1 / 0.85, y=1, center=anchor)
            event.accept()
            return
        (x0, x1), _ = self.getPlotItem().viewRange()
        step = (x1 - x0) * 0.1 * (-1 if event.angleDelta().y() > 0 else 1)
        self.getPlotItem().setXRange(x0 + step, x1 + step, padding=0)

    # ---- clicks ------------------------------------------------------------------------------

    def _clicked(self, event) -> None:
        point = self.getPlotItem().getViewBox().mapSceneToView(event.scenePos())
        cr = self.bars.cr_at(point.x(), point.y())
        if event.button() == Qt.MouseButton.LeftButton:
            self.select(cr)
            self.on_select(cr)
            if event.double() and cr is not None:
                self.on_activate(cr)
            release = None if cr is not None else self.release_line_at(point.x())
            if release is not None:
                self.on_release_click(release)
        elif event.button() == Qt.MouseButton.RightButton and cr is not None:
            event.accept()
            self.select(cr)
            self.on_select(cr)
            self.on_context_menu(cr, event.screenPos().toPoint())

    def release_line_at(self, x: float) -> str | None:
        """The release whose go-live line is within a few pixels of `x` (view seconds)."""
        if not self.layout_data:
            return None
        reach = RELEASE_CLICK_PX * self.getPlotItem().getViewBox().viewPixelSize()[0]
        near = [(abs(r.go_live * SECONDS_PER_DAY - x), r.key) for r in self.layout_data.releases]
        best = min(near, default=None)
        return best[1] if best is not None and best[0] <= reach else None

    # ---- dragging ----------------------------------------------------------------------------

    def nearest_release(self, end_seconds: float) -> str | None:
        """The release whose bars end nearest to where a dragged bar's end is."""
        if not self.layout_data or not self.layout_data.releases:
            return None
        day = end_seconds / SECONDS_PER_DAY
        best = min(self.layout_data.releases,
                   key=lambda r: abs((r.go_live if r.status != "planned" else r.freeze_start)
                                     - day))
        return best.key

    def _dragged(self, cr: str, end: float, phase: str, screen_pos: QPointF) -> None:
        to_backlog = self.is_over_backlog(screen_pos)
        target = None if to_backlog else self.nearest_release(end)
        self.backdrop.set_highlight(target if phase == "move" else None)
        self.on_backlog_hover(to_backlog and phase == "move")
        if phase == "finish" and (target is not None or to_backlog):
            self.on_drop(cr, target)

    def _release_under(self, pos: QPoint) -> str | None:
        point = self.getPlotItem().getViewBox().mapSceneToView(self.mapToScene(pos))
        return self.nearest_release(point.x())

    def dragEnterEvent(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            self.backdrop.set_highlight(self._release_under(event.position().toPoint()))
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.backdrop.set_highlight(None)

    def dropEvent(self, event) -> None:
        """A backlog row dropped on the timeline: scheduled to the nearest release."""
        cr = cr_from_mime(event.mimeData())
        self.backdrop.set_highlight(None)
        target = self._release_under(event.position().toPoint())
        if cr is None or target is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.on_drop(cr, target)
