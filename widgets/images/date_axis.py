"""The date axis of the timeline image (widgets.images.timeline_image); its legend is
widgets.images.legend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from app.views.timeline_layout import EPOCH, day_number


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

