"""The release timeline: dates across, a lane per team, release go-live lines with their freeze
windows, a today line, and the CR bars (DESIGN.md section 3). It shows a `TimelineLayout` and
reports drops; it reads no data of its own."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.timeline_layout import TimelineLayout
from widgets.timeline_backdrop import TimelineBackdrop
from widgets.timeline_bars import SECONDS_PER_DAY, TimelineBars

LANE_GAP = 0.6  # rows of space between two teams' lanes
ROWS_IN_VIEW = 40  # more rows scroll vertically rather than squeeze bars into slivers
FULL_LABELS_UP_TO = 8  # with more releases in the plan, lines are labelled by key only

pg.setConfigOptions(antialias=False, mouseRateLimit=-1)


class TimelineView(pg.PlotWidget):
    def __init__(self, describe: Callable[[str], str], on_drop: Callable[[str, str], None]):
        """`describe(cr)` gives a bar's tooltip; `on_drop(cr, release)` is called when a bar is
        dropped nearest to a release."""
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)  # dates are calendar days
        super().__init__(axisItems={"bottom": axis})
        self.describe = describe
        self.on_drop = on_drop
        self.layout_data: TimelineLayout | None = None
        self.setBackground(self.palette().color(self.backgroundRole()))
        plot = self.getPlotItem()
        plot.invertY(True)
        plot.showGrid(x=True, y=False, alpha=0.15)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.getViewBox().setMouseEnabled(x=True, y=True)
        self.bars = TimelineBars(on_drag=self._dragged)
        self.bars.tooltip_for = lambda i: self.describe(self.bars.bars[i].cr)
        self.backdrop = TimelineBackdrop()
        self.backdrop.setZValue(-10)
        self.addItem(self.backdrop)
        self.addItem(self.bars)
        self.bars.setZValue(10)

    # ---- showing -----------------------------------------------------------------------------

    def show_layout(self, layout: TimelineLayout) -> None:
        first = self.layout_data is None
        self.layout_data = layout
        y_of, ticks, bands, y = {}, [], [], 0.0
        for lane in layout.lanes:
            ticks.append((y + min(lane.rows, 3) / 2, lane.name))
            tint = QColor(lane.color)
            tint.setAlpha(30)  # the team's colour, faint enough for bars to read on top
            bands.append((y - LANE_GAP / 2, y + lane.rows + LANE_GAP / 2, tint))
            for row in range(lane.rows):
                y_of[lane.team, row] = y + row
            y += lane.rows + LANE_GAP
        self.getPlotItem().getAxis("left").setTicks([ticks, []])
        self.backdrop.set_content(bands, layout.releases, layout.today,
                                  full_labels=len(layout.releases) <= FULL_LABELS_UP_TO)
        self.bars.set_bars(layout.bars, y_of)
        box = self.getPlotItem().getViewBox()
        box.setLimits(yMin=-LANE_GAP, yMax=max(y, 1))
        if first:
            self.getPlotItem().setYRange(-LANE_GAP, min(max(y, 1), ROWS_IN_VIEW), padding=0)
            self.fit()

    def fit(self) -> None:
        if not self.layout_data:
            return
        xs = [r.go_live for r in self.layout_data.releases] + [b.start for b in
                                                                self.layout_data.bars]
        if xs:
            self.getPlotItem().setXRange((min(xs) - 3) * SECONDS_PER_DAY,
                                         (max(xs) + 8) * SECONDS_PER_DAY, padding=0)

    def zoom(self, factor: float) -> None:
        self.getPlotItem().getViewBox().scaleBy(x=factor, y=1)

    def go_to_today(self) -> None:
        if self.layout_data:
            (x0, x1), _ = self.getPlotItem().viewRange()
            half = (x1 - x0) / 2
            now = self.layout_data.today * SECONDS_PER_DAY
            self.getPlotItem().setXRange(now - half, now + half, padding=0)

    def wheelEvent(self, event) -> None:
        # Ctrl+wheel zooms time around the pointer; a plain wheel scrolls time.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        (x0, x1), _ = self.getPlotItem().viewRange()
        step = (x1 - x0) * 0.1 * (-1 if event.angleDelta().y() > 0 else 1)
        self.getPlotItem().setXRange(x0 + step, x1 + step, padding=0)

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

    def _dragged(self, cr: str, end: float, phase: str) -> None:
        target = self.nearest_release(end)
        self.backdrop.set_highlight(target if phase == "move" else None)
        if phase == "finish" and target is not None:
            self.on_drop(cr, target)


