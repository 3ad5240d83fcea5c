"""The date axis and the legend of the timeline image (widgets.timeline_image)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from app.timeline_layout import EPOCH, day_number


def ticks(d0: float, d1: float) -> tuple[list[date], str]:
    """Labelled dates for a span of days, and their strftime format: days for a fortnight,
    Mondays for a few months, months for a year or two, then quarters."""
    first, last = EPOCH + timedelta(days=int(d0)), EPOCH + timedelta(days=int(d1))
    span = d1 - d0
    if span <= 16:
        return [first + timedelta(days=n) for n in range((last - first).days + 1)], "%a %-d"
    if span <= 120:
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        return [monday + timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)], \
            "%-d %b"
    months = 1 if span <= 750 else 3
    out, d = [], date(first.year, first.month, 1)
    while d <= last:
        if d >= first and (d.month - 1) % months == 0:
            out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out, "%b %Y"


def draw_axis(p: QPainter, x: Callable[[float], float], d0: float, d1: float, top: float,
              bottom: float, rule: QColor, muted: QColor) -> None:
    """Light gridlines through the lanes at each labelled date, labels under the lanes."""
    dates, fmt = ticks(d0, d1)
    metrics = QFontMetricsF(p.font())
    right_of_last = float("-inf")
    for d in dates:
        px = x(day_number(d))
        p.setPen(QPen(rule, 1))
        p.drawLine(QPointF(px, top), QPointF(px, bottom + 4))
        label = d.strftime(fmt)
        left = px - metrics.horizontalAdvance(label) / 2
        inside = left >= x(d0) and left + metrics.horizontalAdvance(label) <= x(d1)
        if inside and left > right_of_last:
            p.setPen(muted)
            p.drawText(QPointF(left, bottom + 4 + metrics.ascent() + 2), label)
            right_of_last = left + metrics.horizontalAdvance(label) + 8
    p.setPen(QPen(muted, 1))
    p.drawLine(QPointF(x(d0), bottom), QPointF(x(d1), bottom))


def draw_legend(p: QPainter, left: float, y: float, stages: dict[str, str],
                marks: dict[str, tuple[str, float]], emergency: str, freeze: QColor,
                hatch: QColor, today: QColor, ink: QColor) -> None:
    """One line: the stage colours, the outlines, the emergency edge, freeze and today."""
    metrics = QFontMetricsF(p.font())
    x = left
    base = y + metrics.ascent()

    def swatch(fill: QColor | None, outline: QColor | None, label: str) -> None:
        nonlocal x
        box = QRectF(x, y + 2, 16, metrics.ascent() - 2)
        if fill is not None:
            p.fillRect(box, fill)
        if outline is not None:
            p.setPen(QPen(outline, 2))
            p.drawRect(box)
        p.setPen(ink)
        p.drawText(QPointF(x + 21, base), label)
        x += 21 + metrics.horizontalAdvance(label) + 14

    for stage, color in stages.items():
        if stage != "deployed":
            swatch(QColor(color), None, stage.replace("_", " "))
    for mark, (color, _width) in marks.items():
        swatch(None, QColor(color), {"stale": "stale base"}.get(mark, mark))
    swatch(QColor(emergency), None, "emergency")
    p.fillRect(QRectF(x, y + 2, 16, metrics.ascent() - 2), freeze)
    p.setPen(QPen(hatch, 1))
    for k in range(0, 16, 5):
        p.drawLine(QPointF(x + k, y + metrics.ascent()), QPointF(x + k + 4, y + 2))
    p.setPen(ink)
    p.drawText(QPointF(x + 21, base), "freeze window")
    x += 21 + metrics.horizontalAdvance("freeze window") + 14
    p.setPen(QPen(today, 1.5))
    p.drawLine(QPointF(x, y + 1), QPointF(x, y + metrics.ascent() + 1))
    p.setPen(ink)
    p.drawText(QPointF(x + 6, base), "today")
