"""All CR bars of the timeline as one pyqtgraph item (DESIGN.md sections 3 and 7).

Thousands of separate graphics items do not scale (6.4 s and 247 MB for 100,000 bars); this
item keeps the bars in numpy arrays, paints only those in view with one drawRects call per
colour, and hit-tests with numpy. Dragging a bar reports the drop through a callback; the item
itself decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen

from app.timeline_layout import Bar

SECONDS_PER_DAY = 86_400.0
BAR_HEIGHT = 0.74  # of a sub-row; the gap keeps stacked bars apart

STAGE_COLORS = {  # colour-blind-aware, readable on light and dark backgrounds
    "draft": "#9aa5b1", "build": "#56b4e9", "test": "#e69f00", "approved": "#009e73",
    "on_hold": "#7f6a93", "deployed": "#c8ccd0",
}
MARK_PENS = {"conflict": ("#d7263d", 2.6), "blocked": ("#6a3d9a", 2.0),
             "stale": ("#ff7f0e", 2.0)}


class TimelineBars(pg.GraphicsObject):
    def __init__(self, on_drag: Callable[[str, float, str], None] | None = None):
        """`on_drag(cr, end, phase)` is called with phase "move" while a bar is dragged and
        "finish" when it is dropped; `end` is where the dragged bar's end is, in seconds."""
        super().__init__()
        self.on_drag = on_drag
        self.bars: list[Bar] = []
        self._x0 = self._x1 = self._y0 = np.zeros(0)
        self._stage: list[str] = []
        self._dragging: int | None = None
        self._drag_dx = 0.0
        self.setAcceptHoverEvents(True)

    def set_bars(self, bars: list[Bar], y_of: dict[tuple[str, int], float]) -> None:
        """Bars and the y position of each (team, row)."""
        self.prepareGeometryChange()
        self.bars = bars
        self._x0 = np.array([b.start for b in bars]) * SECONDS_PER_DAY
        self._x1 = np.array([b.end for b in bars]) * SECONDS_PER_DAY
        self._y0 = np.array([y_of[b.team, b.row] for b in bars]) + (1 - BAR_HEIGHT) / 2
        self._stage = [b.stage for b in bars]
        # Rectangles grouped by what paints them, built once per change of bars, not per frame.
        self._rects = [self._rect(i) for i in range(len(bars))]
        self._groups: dict[tuple[str, str], np.ndarray] = {}
        for kind, key in [("stage", s) for s in STAGE_COLORS] + [("mark", m) for m in MARK_PENS] \
                + [("mark", "emergency")]:
            if kind == "stage":
                members = [i for i, stage in enumerate(self._stage) if stage == key]
            else:
                members = [i for i, bar in enumerate(bars) if getattr(bar, key)]
            self._groups[kind, key] = np.array(members, dtype=int)
        self._dragging = None
        self.update()

    def boundingRect(self) -> QRectF:
        if not len(self._x0):
            return QRectF()
        return QRectF(QPointF(self._x0.min(), self._y0.min()),
                      QPointF(self._x1.max(), self._y0.max() + BAR_HEIGHT))

    def bar_at(self, x: float, y: float) -> int | None:
        hits = np.nonzero((self._x0 <= x) & (x <= self._x1) & (self._y0 <= y)
                          & (y <= self._y0 + BAR_HEIGHT))[0]
        return int(hits[-1]) if len(hits) else None

    def paint(self, painter, *_args) -> None:
        view = self.getViewBox()
        if view is None or not len(self._x0):
            return
        (vx0, vx1), (vy0, vy1) = view.viewRange()
        visible = np.nonzero((self._x1 >= vx0) & (self._x0 <= vx1) & (self._y0 + 1 >= vy0)
                             & (self._y0 <= vy1))[0]
        # Most bars in view: hand Qt whole prebuilt lists (it clips in C++); few: pick them.
        in_view = np.zeros(len(self._x0), dtype=bool)
        in_view[visible] = True
        mostly = len(visible) > len(self._x0) // 3

        def rects(kind: str, key: str) -> list[QRectF]:
            members = self._groups[kind, key]
            if not mostly:
                members = members[in_view[members]]
            return [self._rects[i] for i in members]

        painter.setPen(Qt.PenStyle.NoPen)
        for stage, color in STAGE_COLORS.items():
            painter.setBrush(QBrush(QColor(color)))
            painter.drawRects(rects("stage", stage))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for mark, (color, width) in MARK_PENS.items():
            pen = pg.mkPen(color, width=width)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawRects(rects("mark", mark))
        emergencies = rects("mark", "emergency")
        if emergencies:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor("#d7263d")))
            # A red stripe on the leading edge: the emergency mark.
            painter.drawRects([QRectF(r.left(), r.top(), min(r.width(), SECONDS_PER_DAY * 0.25),
                                      r.height()) for r in emergencies])
        self._paint_labels(painter, visible)
        if self._dragging is not None:
            pen = QPen(QColor("#1f1f1f"), 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._rect(self._dragging).translated(self._drag_dx, 0))

    def _paint_labels(self, painter, visible) -> None:
        """CR keys inside bars wide enough to hold them, drawn in device pixels so the text is
        sharp at any zoom; skipped when too many bars are in view to read anyway."""
        if len(visible) > 400:
            return
        transform = painter.transform()
        metrics = painter.fontMetrics()
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor("#111111"))
        for i in visible:
            rect = transform.mapRect(self._rect(i))
            text = self.bars[i].cr
            if rect.width() > metrics.horizontalAdvance(text) + 6 and rect.height() > 10:
                painter.drawText(rect.adjusted(3, 0, -2, 0),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()

    def _rect(self, i: int) -> QRectF:
        return QRectF(self._x0[i], self._y0[i], self._x1[i] - self._x0[i], BAR_HEIGHT)

    # ---- interaction -------------------------------------------------------------------------

    def hoverEvent(self, event) -> None:
        if event.isExit():
            self.setToolTip("")
            return
        pos = event.pos()
        i = self.bar_at(pos.x(), pos.y())
        self.setToolTip(self.tooltip_for(i) if i is not None else "")

    tooltip_for: Callable[[int], str] = staticmethod(lambda i: "")  # set by the view

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
        cr = self.bars[self._dragging].cr
        end = float(self._x1[self._dragging]) + self._drag_dx
        phase = "finish" if event.isFinish() else "move"
        if phase == "finish":
            self._dragging = None
            self._drag_dx = 0.0
        self.update()
        if self.on_drag is not None:
            self.on_drag(cr, end, phase)
