"""The legend under the timeline image: every mark the picture can hold, each with a swatch
drawn the way the picture draws it, wrapped onto as many lines as the width needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

SWATCH_W, GAP, ITEM_GAP = 16.0, 5.0, 14.0
FADED_ALPHA = 90  # other releases' bars beside the release a report is about


@dataclass(frozen=True)
class Entry:
    label: str
    draw: Callable[[QPainter, QRectF], None]  # the swatch, in its box


@dataclass(frozen=True)
class Colours:
    stages: dict[str, str]
    marks: dict[str, tuple[str, float]]
    emergency: str
    freeze: QColor
    hatch: QColor
    today: QColor
    ink: QColor
    accent: QColor
    muted: QColor


def entries(c: Colours, focus: bool) -> list[Entry]:
    out = []

    def fill(color: QColor) -> Callable[[QPainter, QRectF], None]:
        return lambda p, box: p.fillRect(box, color)

    for stage, color in c.stages.items():
        out.append(Entry(stage.replace("_", " "), fill(QColor(color))))
    if focus:
        faded = QColor(c.stages["approved"])
        faded.setAlpha(FADED_ALPHA)
        out.append(Entry("faded: other releases' work", fill(faded)))
    def outline(color: QColor) -> Callable[[QPainter, QRectF], None]:
        def draw(p, box):
            p.setPen(QPen(color, 2))
            p.drawRect(box)
        return draw

    for mark, (color, _width) in c.marks.items():
        out.append(Entry({"stale": "stale base"}.get(mark, mark) + " (outline)",
                         outline(QColor(color))))

    def edge(p, box):
        p.fillRect(box, QColor("#e8ebf0"))
        p.fillRect(QRectF(box.left(), box.top(), 4, box.height()), QColor(c.emergency))
    out.append(Entry("emergency (red edge)", edge))

    def line(color: QColor, width: float, style) -> Callable[[QPainter, QRectF], None]:
        def draw(p, box):
            p.setPen(QPen(color, width, style))
            x = box.center().x()
            p.drawLine(QPointF(x, box.top() - 1), QPointF(x, box.bottom() + 1))
        return draw

    if focus:
        out.append(Entry("this release's go-live", line(c.accent, 3, Qt.PenStyle.SolidLine)))
    out.append(Entry("go-live", line(c.ink, 1.5, Qt.PenStyle.SolidLine)))
    out.append(Entry("deployed release (dashed)", line(c.muted, 1.5, Qt.PenStyle.DashLine)))

    def hatch(p, box):
        p.fillRect(box, c.freeze)
        p.save()
        p.setClipRect(box)
        p.setPen(QPen(c.hatch, 1))
        for k in range(-int(box.height()), int(box.width()), 5):
            p.drawLine(QPointF(box.left() + k, box.bottom()),
                       QPointF(box.left() + k + box.height(), box.top()))
        p.restore()
    out.append(Entry("freeze window", hatch))
    out.append(Entry("today", line(c.today, 1.5, Qt.PenStyle.DotLine)))
    return out


def _places(font: QFont, items: list[Entry], left: float, width: float):
    """(entry, x, line) for each entry: left to right, a new line when one would not fit."""
    metrics = QFontMetricsF(font)
    x, line = left, 0
    for item in items:
        advance = SWATCH_W + GAP + metrics.horizontalAdvance(item.label)
        if x > left and x + advance > left + width:
            x, line = left, line + 1
        yield item, x, line
        x += advance + ITEM_GAP


def legend_height(font: QFont, items: list[Entry], width: float) -> float:
    lines = 1 + max((line for _item, _x, line in _places(font, items, 0, width)), default=0)
    return lines * (QFontMetricsF(font).height() + 4)


def draw_legend(p: QPainter, left: float, top: float, width: float, items: list[Entry],
                ink: QColor) -> None:
    metrics = QFontMetricsF(p.font())
    step = metrics.height() + 4
    for item, x, line in _places(p.font(), items, left, width):
        y = top + line * step
        box = QRectF(x, y + 3, SWATCH_W, metrics.ascent() - 3)
        p.save()
        item.draw(p, box)
        p.restore()
        p.setPen(ink)
        p.drawText(QPointF(x + SWATCH_W + GAP, y + metrics.ascent()), item.label)
