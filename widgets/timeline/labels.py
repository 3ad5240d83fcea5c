"""Where each bar's label goes: a CR's key, and its title when there is room, inside its bar or
beside it, never over another bar or another label.

Bars end at their release's freeze start and are often a day or two long, so most keys do not
fit inside; the row is usually free to the left of a bar (back to the previous release's bars),
which is where its label reads best. Positions are in device pixels, computed per sub-row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt

from widgets.common.style import BAR_HEIGHT, STAGE_COLORS, text_on

GAP = 4.0  # pixels kept between a label and the next bar or label
INSIDE_PAD = 5.0


class BarBox(NamedTuple):
    left: float
    right: float
    key: str
    title: str
    ref: object  # what the caller needs to draw it (lane and index)


class Label(NamedTuple):
    left: float
    right: float
    text: str
    inside: bool  # drawn on the bar (text in the bar's ink) rather than beside it
    ref: object


def place_row(boxes: list[BarBox], view_left: float, view_right: float,
              width: Callable[[str], float], fit: Callable[[str, float], str]) -> list[Label]:
    """Labels for the bars of one sub-row. `width(text)` is the text's advance, `fit(text, w)`
    the text elided to `w` pixels (or "" when not even the key fits)."""
    boxes = sorted(boxes, key=lambda b: b.left)
    labels = []
    free_from = view_left  # where the row is free from: after the last bar or label placed
    for n, box in enumerate(boxes):
        next_left = boxes[n + 1].left if n + 1 < len(boxes) else view_right
        key_width = width(box.key)
        full = f"{box.key}  {box.title}" if box.title else box.key
        inside = box.right - box.left - 2 * INSIDE_PAD
        left_room = box.left - GAP - max(free_from, view_left) - GAP
        right_room = min(next_left, view_right) - GAP - box.right - GAP
        # Inside or on the left, whichever shows more of the title (inside when equal);
        # else on the right; else no label (the tooltip still tells).
        options = []
        if key_width <= inside:
            options.append((True, _best(full, box.key, inside, width, fit)))
        if left_room >= key_width:
            options.append((False, _best(full, box.key, left_room, width, fit)))
        if options:
            on_bar, text = max(options, key=lambda o: len(o[1]))
            if on_bar:
                labels.append(Label(box.left + INSIDE_PAD, box.right - INSIDE_PAD, text, True,
                                    box.ref))
            else:
                labels.append(Label(box.left - GAP - width(text), box.left - GAP, text, False,
                                    box.ref))
            free_from = box.right
        elif right_room >= key_width:
            # To the right, the row is free up to the next bar: a short label, so that the
            # next bar still has room for its own on its left.
            text = _best(full, box.key, min(right_room, key_width * 2.5), width, fit)
            labels.append(Label(box.right + GAP, box.right + GAP + width(text), text, False,
                                box.ref))
            free_from = box.right + GAP + width(text)
        else:
            free_from = box.right
    return labels


def _best(full: str, key: str, room: float, width, fit) -> str:
    if width(full) <= room:
        return full
    if full != key and room >= width(key) + width("  ...") + 20:
        return fit(full, room) or key
    return key


def paint_labels(bars, painter, shown, vx0: float, vx1: float) -> None:
    """Each CR's key, with its title where there is room, inside its bar or beside it, for
    the bars `shown` of a TimelineBars item; in device pixels so the text is sharp at any
    zoom."""
    transform = painter.transform()
    metrics = painter.fontMetrics()
    if metrics.height() > abs(transform.map(QPointF(0, BAR_HEIGHT)).y()
                              - transform.map(QPointF(0, 0)).y()) + 3:
        return  # rows too thin for text
    left = transform.map(QPointF(vx0, 0)).x()
    right = transform.map(QPointF(vx1, 0)).x()
    painter.save()
    try:
        _paint_rows(bars, painter, shown, transform, metrics, left, right)
    finally:  # a painter left saved would break every later frame
        painter.restore()


def _paint_rows(bars, painter, shown, transform, metrics, left: float, right: float) -> None:
    painter.resetTransform()
    ink = bars.palette_text()
    selection = bars.selection if bars.selection is not None and len(bars.selection) else None
    widget = bars.getViewWidget()
    marked = bars.accent()
    marked_ink = widget.palette().highlightedText().color() if widget else ink
    width = metrics.horizontalAdvance
    bars.last_labels = {}  # CR -> the label drawn for it, in the last frame

    def fit(text: str, room: float) -> str:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room))

    for n, visible in shown:
        lane_bars = bars.lanes[n]
        rects = lane_bars.rects()
        rows: dict[float, list[BarBox]] = {}
        for i in visible.tolist():
            rect = transform.mapRect(rects[i].translated(0, bars.tops[n]))
            bar = lane_bars.lane.bars[i]
            rows.setdefault(bar.row, []).append(
                BarBox(rect.left(), rect.right(), bar.cr, bars.title(bar.cr), (i, rect)))
        for boxes in rows.values():
            for label in place_row(boxes, left, right, width, fit):
                i, rect = label.ref
                stage = lane_bars.lane.bars[i].stage
                bars.last_labels[lane_bars.lane.bars[i].cr] = label.text
                box = QRectF(label.left, rect.top(), label.right - label.left + 2, rect.height())
                if not label.inside and selection is not None \
                        and lane_bars.lane.bars[i].cr in selection:
                    painter.fillRect(box.adjusted(-3, 0, 1, 0), marked)  # selected: as in a list
                    painter.setPen(marked_ink)
                else:
                    painter.setPen(text_on(STAGE_COLORS.get(stage, "#9aa5b1")) if label.inside
                                   else ink)
                painter.drawText(box,
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 label.text)
