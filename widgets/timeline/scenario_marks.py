"""The bars a scenario changed (issue 22), marked while the window works in it: an amber frame
just outside the bar, apart from the conflict, blocked and stale outlines on its edge, and an
amber corner, which reads even on a bar too short for its frame to show.

Looked up by CR, not lane by lane: a scenario changes tens or hundreds of CRs, the plan may
hold 100,000."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen

from widgets.common.palette import readable
from widgets.common.style import SCENARIO_AMBER

FRAME_PX = 2.0
GAP_PX = 2.5  # between the bar and its frame
CORNER_PX = 8.0


def scenario_rects(bars, view_rect: QRectF) -> list[QRectF]:
    """The marked bars in `view_rect` (view coordinates), as they are drawn."""
    out = []
    for cr in bars.scenario_crs:
        rect = bars.rect_of(cr)
        if rect is not None and rect.intersects(view_rect):
            out.append(rect)
    return out


def paint_scenario_marks(bars, painter, view_rect: QRectF, background: QColor) -> None:
    rects = scenario_rects(bars, view_rect)
    if not rects:
        return
    amber = readable(SCENARIO_AMBER, background, 2.2)  # a frame, not text: 2.2:1 shows it
    transform = painter.transform()
    painter.save()
    try:
        painter.resetTransform()  # frames and corners in pixels, sharp at any zoom
        painter.setPen(QPen(amber, FRAME_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pixels = [transform.mapRect(rect) for rect in rects]
        painter.drawRects([p.adjusted(-GAP_PX, -GAP_PX, GAP_PX, GAP_PX) for p in pixels])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(amber)
        for p in pixels:
            corner = QPainterPath(QPointF(p.left() - GAP_PX, p.top() - GAP_PX))
            corner.lineTo(QPointF(p.left() - GAP_PX + CORNER_PX, p.top() - GAP_PX))
            corner.lineTo(QPointF(p.left() - GAP_PX, p.top() - GAP_PX + CORNER_PX))
            corner.closeSubpath()
            painter.drawPath(corner)
    finally:
        painter.restore()
