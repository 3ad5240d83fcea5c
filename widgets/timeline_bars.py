"""All CR bars of the timeline as one pyqtgraph item (DESIGN.md sections 3 and 7).

Thousands of separate graphics items do not scale (6.4 s and 247 MB for 100,000 bars). This item
keeps each lane's bars in numpy arrays, paints only the lanes and bars in view with one
drawRects call per colour, and hit-tests with numpy. Rectangles are kept in lane coordinates and
built the first time a lane is painted, so a lane that did not change keeps them when lanes
above it grow or shrink, and a plan of 100,000 CRs shows without building 100,000 rectangles.
Dragging a bar reports the drop through a callback; the item itself decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen

from app.timeline_layout import MARK_KINDS, Bar, Lane, TimelineLayout

SECONDS_PER_DAY = 86_400.0
BAR_HEIGHT = 0.74  # of a sub-row; the gap keeps stacked bars apart
PAD = (1 - BAR_HEIGHT) / 2
LANE_GAP = 0.6  # rows of space between two teams' lanes
LABELS_UP_TO = 400  # with more bars in view, keys could not be read anyway
ARROWS_UP_TO = 3000  # dependency arrows of at most this many bars in view

STAGE_COLORS = {  # colour-blind-aware, readable on light and dark backgrounds
    "draft": "#9aa5b1", "build": "#56b4e9", "test": "#e69f00", "approved": "#009e73",
    "on_hold": "#7f6a93", "deployed": "#c8ccd0",
}
STAGE_CODES = {stage: code for code, stage in enumerate(STAGE_COLORS)}
MARK_PENS = {"conflict": ("#d7263d", 2.6), "blocked": ("#6a3d9a", 2.0),
             "stale": ("#ff7f0e", 2.0)}
EMERGENCY = "#d7263d"


class LaneBars:
    """One lane's bars as arrays, in lane coordinates (y = sub-row)."""

    def __init__(self, lane: Lane):
        self.lane = lane
        bars = lane.bars
        self.x0 = np.fromiter((b.start for b in bars), float, len(bars)) * SECONDS_PER_DAY
        self.x1 = np.fromiter((b.end for b in bars), float, len(bars)) * SECONDS_PER_DAY
        self.row = np.fromiter((b.row for b in bars), float, len(bars))
        self.stage = np.fromiter((STAGE_CODES.get(b.stage, 0) for b in bars), int, len(bars))
        self.emergency = np.fromiter((b.emergency for b in bars), bool, len(bars))
        self.marks: dict[str, np.ndarray] = {}
        self._rects: list[QRectF] | None = None

    def set_marks(self, marks: dict[str, set[str]]) -> None:
        bars = self.lane.bars
        self.marks = {kind: np.fromiter((b.cr in marks[kind] for b in bars), bool, len(bars))
                      for kind in MARK_KINDS}

    def rects(self) -> list[QRectF]:
        if self._rects is None:
            self._rects = [QRectF(x0, row + PAD, x1 - x0, BAR_HEIGHT) for x0, x1, row
                           in zip(self.x0.tolist(), self.x1.tolist(), self.row.tolist(),
                                  strict=True)]
        return self._rects

    def visible(self, vx0: float, vx1: float, r0: float, r1: float) -> np.ndarray:
        return np.nonzero((self.x1 >= vx0) & (self.x0 <= vx1) & (self.row + 1 >= r0)
                          & (self.row <= r1))[0]

    def at(self, x: float, row_y: float) -> int | None:
        hits = np.nonzero((self.x0 <= x) & (x <= self.x1) & (self.row + PAD <= row_y)
                          & (row_y <= self.row + PAD + BAR_HEIGHT))[0]
        return int(hits[-1]) if len(hits) else None


class TimelineBars(pg.GraphicsObject):
    def __init__(self, on_drag: Callable[[str, float, str, QPointF], None] | None = None):
        """`on_drag(cr, end, phase, screen_pos)` is called with phase "move" while a bar is
        dragged and "finish" when it is dropped; `end` is where the dragged bar's end is, in
        seconds, and `screen_pos` where the pointer is on the screen."""
        super().__init__()
        self.on_drag = on_drag
        self.lanes: list[LaneBars] = []
        self.tops: list[float] = []  # y of each lane's first row
        self.height = 0.0
        self.show_dependencies = False
        self.dependencies: Callable[[str], tuple[str, ...]] = lambda cr: ()
        self.selected: str | None = None
        self._marks: dict[str, set[str]] | None = None  # the marks the lanes show
        self._where: dict[str, tuple[int, int]] | None = None  # cr -> (lane, index)
        self._dragging: tuple[int, int] | None = None
        self._drag_dx = 0.0
        self.setAcceptHoverEvents(True)

    # ---- content -----------------------------------------------------------------------------

    def set_layout(self, layout: TimelineLayout) -> None:
        """Show `layout`, reusing the arrays of every lane that did not change."""
        self.prepareGeometryChange()
        kept = {id(lb.lane): lb for lb in self.lanes}
        same_marks = layout.marks is self._marks
        self._marks = layout.marks
        old_lanes = self.lanes
        self.lanes = [kept.get(id(lane)) or LaneBars(lane) for lane in layout.lanes]
        self._update_where(old_lanes)
        for lane_bars in self.lanes:
            if not (same_marks and lane_bars.marks):
                lane_bars.set_marks(layout.marks)
        self.tops, y = [], 0.0
        for lane_bars in self.lanes:
            self.tops.append(y)
            y += lane_bars.lane.rows + LANE_GAP
        self.height = y
        self._dragging = None
        self.update()

    def set_marks(self, marks: dict[str, set[str]]) -> None:
        self._marks = marks
        for lane_bars in self.lanes:
            lane_bars.set_marks(marks)
        self.update()

    @property
    def bars(self) -> list[Bar]:
        return [bar for lane_bars in self.lanes for bar in lane_bars.lane.bars]

    def _update_where(self, old_lanes: list[LaneBars]) -> None:
        """Keep the CR index up to date for the lanes that changed only: rebuilding it for
        100,000 bars after every drop would cost the repaint about 15 ms."""
        if self._where is None:
            return
        if len(old_lanes) != len(self.lanes):
            self._where = None  # another plan: built again when first asked
            return
        for n, (old, new) in enumerate(zip(old_lanes, self.lanes, strict=True)):
            if old is new:
                continue
            for bar in old.lane.bars:
                if self._where.get(bar.cr, (None,))[0] == n:
                    del self._where[bar.cr]
            self._where.update((bar.cr, (n, i)) for i, bar in enumerate(new.lane.bars))

    def locate(self, cr: str) -> tuple[int, int] | None:
        if self._where is None:
            self._where = {bar.cr: (n, i) for n, lb in enumerate(self.lanes)
                           for i, bar in enumerate(lb.lane.bars)}
        return self._where.get(cr)

    def rect_of(self, cr: str) -> QRectF | None:
        """Where the bar of `cr` is drawn, in view coordinates (seconds, rows)."""
        where = self.locate(cr)
        if where is None:
            return None
        n, i = where
        return self.lanes[n].rects()[i].translated(0, self.tops[n])

    def boundingRect(self) -> QRectF:
        xs = [(lb.x0.min(), lb.x1.max()) for lb in self.lanes if len(lb.x0)]
        if not xs:
            return QRectF()
        return QRectF(QPointF(min(a for a, _ in xs), 0), QPointF(max(b for _, b in xs),
                                                                  self.height))

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        for n, top in enumerate(self.tops):
            if top <= y <= top + self.lanes[n].lane.rows:
                i = self.lanes[n].at(x, y - top)
                return None if i is None else (n, i)
        return None

    def cr_at(self, x: float, y: float) -> str | None:
        hit = self.bar_at(x, y)
        return None if hit is None else self.lanes[hit[0]].lane.bars[hit[1]].cr

    # ---- painting ----------------------------------------------------------------------------

    def paint(self, painter, *_args) -> None:
        view = self.getViewBox()
        if view is None:
            return
        (vx0, vx1), (vy0, vy1) = view.viewRange()
        shown = []  # (lane number, visible indices)
        for n, (lane_bars, top) in enumerate(zip(self.lanes, self.tops, strict=True)):
            if top + lane_bars.lane.rows < vy0 or top > vy1 or not len(lane_bars.x0):
                continue
            visible = lane_bars.visible(vx0, vx1, vy0 - top, vy1 - top)
            if len(visible):
                shown.append((n, visible))
        marks_pens = {}
        for mark, (color, width) in MARK_PENS.items():
            pen = pg.mkPen(color, width=width)
            pen.setCosmetic(True)
            marks_pens[mark] = pen
        for n, visible in shown:
            lane_bars = self.lanes[n]
            rects = lane_bars.rects()
            painter.save()
            painter.translate(0, self.tops[n])
            painter.setPen(Qt.PenStyle.NoPen)
            stages = lane_bars.stage[visible]
            for stage, color in STAGE_COLORS.items():
                members = visible[stages == STAGE_CODES[stage]]
                if len(members):
                    painter.setBrush(QBrush(QColor(color)))
                    painter.drawRects([rects[i] for i in members.tolist()])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for mark, pen in marks_pens.items():
                members = visible[lane_bars.marks[mark][visible]]
                if len(members):
                    painter.setPen(pen)
                    painter.drawRects([rects[i] for i in members.tolist()])
            members = visible[lane_bars.emergency[visible]]
            if len(members):  # a red stripe on the leading edge: the emergency mark
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(QColor(EMERGENCY)))
                painter.drawRects([QRectF(rects[i].left(), rects[i].top(),
                                          min(rects[i].width(), SECONDS_PER_DAY * 0.25),
                                          rects[i].height()) for i in members.tolist()])
            painter.restore()
        count = sum(len(v) for _, v in shown)
        if self.show_dependencies and count <= ARROWS_UP_TO:
            self._paint_dependencies(painter, shown)
        if count <= LABELS_UP_TO:
            self._paint_labels(painter, shown)
        self._paint_selection_and_drag(painter)

    def _paint_labels(self, painter, shown) -> None:
        """CR keys inside bars wide enough to hold them, drawn in device pixels so the text is
        sharp at any zoom."""
        transform = painter.transform()
        metrics = painter.fontMetrics()
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor("#111111"))  # bars are mid-tone in both palettes
        for n, visible in shown:
            lane_bars = self.lanes[n]
            rects = lane_bars.rects()
            for i in visible.tolist():
                rect = transform.mapRect(rects[i].translated(0, self.tops[n]))
                text = lane_bars.lane.bars[i].cr
                if rect.width() > metrics.horizontalAdvance(text) + 8 and rect.height() > 10:
                    painter.drawText(rect.adjusted(5, 0, -2, 0),
                                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                     text)
        painter.restore()

    def _paint_dependencies(self, painter, shown) -> None:
        """A line from the end of each dependency's bar to the start of the bar that waits
        for it, for the bars in view."""
        pen = QPen(QColor(90, 90, 90, 200), 1.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for n, visible in shown:
            bars = self.lanes[n].lane.bars
            for i in visible.tolist():
                target = self.rect_of(bars[i].cr)
                for dep in self.dependencies(bars[i].cr):
                    source = self.rect_of(dep)
                    if source is not None:
                        painter.drawLine(QPointF(source.right(), source.center().y()),
                                         QPointF(target.left(), target.center().y()))
                        painter.drawEllipse(QPointF(target.left(), target.center().y()),
                                            SECONDS_PER_DAY * 0.12, 0.08)

    def _paint_selection_and_drag(self, painter) -> None:
        pen = QPen(self.palette_text(), 2)
        pen.setCosmetic(True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.selected is not None:
            rect = self.rect_of(self.selected)
            if rect is not None:
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(0, -0.06, 0, 0.06))
        if self._dragging is not None:
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            n, i = self._dragging
            painter.drawRect(self.lanes[n].rects()[i].translated(self._drag_dx, self.tops[n]))

    def palette_text(self) -> QColor:
        widget = self.getViewWidget()
        return widget.palette().windowText().color() if widget else QColor("#1f1f1f")

    # ---- interaction -------------------------------------------------------------------------

    def hoverEvent(self, event) -> None:
        if event.isExit():
            self.setToolTip("")
            return
        pos = event.pos()
        cr = self.cr_at(pos.x(), pos.y())
        self.setToolTip(self.tooltip_for(cr) if cr is not None else "")

    tooltip_for: Callable[[str], str] = staticmethod(lambda cr: "")  # set by the view

    def mouseDragEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        if event.isStart():
            start = event.buttonDownPos()
            self._dragging = self.bar_at(start.x(), start.y())
            if self._dragging is None:
                event.ignore()  # not on a bar: let the view pan
                return
        if self._dragging is None:
            event.ignore()
            return
        event.accept()
        self._drag_dx = event.pos().x() - event.buttonDownPos().x()
        n, i = self._dragging
        cr = self.lanes[n].lane.bars[i].cr
        end = float(self.lanes[n].x1[i]) + self._drag_dx
        phase = "finish" if event.isFinish() else "move"
        if phase == "finish":
            self._dragging = None
            self._drag_dx = 0.0
        self.update()
        if self.on_drag is not None:
            self.on_drag(cr, end, phase, event.screenPos())
