"""Dependency arrows over the timeline's bars: from the end of each dependency's bar to the
start of the bar that waits for it, with a head there. Drawn above the bars and thick enough to
follow; the selected CR's whole chain (what it waits for and what waits for it, transitively)
in the accent colour and thicker, so a planner sees what a move drags along."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen

from widgets.common.style import ARROW_PX, CHAIN_PX

HEAD_PX = 7.0
BEND_PX = 36.0  # how far an arrow leaves its bar sideways before it turns


def paint_dependencies(bars, painter, shown, all_of_them: bool) -> None:
    """Arrows for the bars `shown` of a TimelineBars item (every one when `all_of_them`,
    else only the selected CR's chain: too many bars are in view for the rest)."""
    chain = bars.chains.chain(bars.selected) if bars.selected is not None else set()
    ink = bars.palette_text()
    plain = QColor(ink)
    plain.setAlpha(190)
    accent = bars.accent()
    transform = painter.transform()
    lines: list[tuple[QPointF, QPointF, bool]] = []
    for n, visible in shown:
        lane_bars = bars.lanes[n].lane.bars
        for i in visible.tolist():
            cr = lane_bars[i].cr
            in_chain = cr in chain
            if not (all_of_them or in_chain):
                continue
            target = bars.rect_of(cr)
            for dep in bars.chains.depends_on.get(cr, ()):
                source = bars.rect_of(dep)
                if source is not None and target is not None:
                    lines.append((transform.map(QPointF(source.right(), source.center().y())),
                                  transform.map(QPointF(target.left(), target.center().y())),
                                  in_chain and dep in chain))
    painter.save()
    try:
        painter.resetTransform()  # widths and heads in pixels
        for highlighted in (False, True):  # the chain last, on top
            pen = QPen(accent if highlighted else plain, CHAIN_PX if highlighted else ARROW_PX)
            for a, b, on_chain in lines:
                if on_chain == highlighted:
                    # A curve that leaves the dependency to the right and enters the dependent
                    # from the left: bars of one release end together, and a straight line
                    # between them would run along their ends, unseen.
                    curve = QPainterPath(a)
                    curve.cubicTo(QPointF(a.x() + BEND_PX, a.y()), QPointF(b.x() - BEND_PX, b.y()),
                                  QPointF(b.x() - HEAD_PX, b.y()))
                    painter.setPen(pen)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawPath(curve)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(accent if highlighted else plain)
                    painter.drawPath(_head(QPointF(b.x() - HEAD_PX, b.y()), b))
    finally:  # a painter left saved would break every later frame
        painter.restore()


def _head(a: QPointF, b: QPointF) -> QPainterPath:
    """A filled head at `b`, pointing from `a`."""
    angle = math.atan2(b.y() - a.y(), b.x() - a.x())
    path = QPainterPath(b)
    for side in (-0.5, 0.5):
        path.lineTo(b.x() - HEAD_PX * math.cos(angle + side),
                    b.y() - HEAD_PX * math.sin(angle + side))
    path.closeSubpath()
    return path
