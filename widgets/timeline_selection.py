"""Many bars selected on the timeline: which bars a rubber band or a Shift-click range covers,
and drawing the selection (each selected bar outlined; while a selected bar is dragged, every
selected bar's outline follows the pointer). A selection of thousands costs a frame no more than
the bars in view: each lane keeps a mask of its selected bars, rebuilt only when the selection
changes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPen

from widgets.timeline_style import BAR_HEIGHT, PAD

DRAGGED_OUTLINES_UP_TO = 2000  # more dashed outlines than this would slow every drag frame


def selected_mask(lane_bars, selection) -> np.ndarray:
    """Which of the lane's bars are selected (cached for the selection's version)."""
    cached = getattr(lane_bars, "_selected", None)
    if cached is None or cached[0] != selection.version:
        bars = lane_bars.lane.bars
        mask = np.fromiter((b.cr in selection for b in bars), bool, len(bars))
        cached = lane_bars._selected = (selection.version, mask)
    return cached[1]


def keys_in(bars, rect: QRectF) -> list[str]:
    """The CRs whose bars meet `rect` (view coordinates: seconds, rows), lane by lane from the
    top and by start date within a lane; bars of collapsed lanes are not on screen: left out."""
    keys = []
    for n, lane_bars in enumerate(bars.lanes):
        top = bars.tops[n]
        if not bars.expanded(n) or top > rect.bottom() or top + bars.heights[n] < rect.top():
            continue
        y0, y1 = rect.top() - top, rect.bottom() - top
        hits = np.nonzero((lane_bars.x1 >= rect.left()) & (lane_bars.x0 <= rect.right())
                          & (lane_bars.row + PAD + BAR_HEIGHT >= y0) & (lane_bars.row + PAD <= y1))[0]
        order = hits[np.argsort(lane_bars.x0[hits], kind="stable")]
        keys.extend(lane_bars.lane.bars[i].cr for i in order.tolist())
    return keys


def keys_between(bars, first: str, last: str) -> list[str] | None:
    """Shift-click: the bars of the box spanned by two bars (None: one of them is not shown)."""
    a, b = bars.rect_of(first), bars.rect_of(last)
    if a is None or b is None:
        return None
    keys = keys_in(bars, a.united(b))
    return keys if first in keys and last in keys else [first, last]


def paint_selection(bars, painter, shown, dragging_group: bool, drag_dx: float) -> None:
    """Outline every selected bar in view (the current one is drawn by the bars themselves);
    during a drag of the selection, dashed outlines where each would go."""
    selection = bars.selection
    if selection is None or not selection.is_many():
        return
    pen = QPen(bars.accent(), 2)
    pen.setCosmetic(True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    moving = []
    for n, visible in shown:
        members = visible[selected_mask(bars.lanes[n], selection)[visible]].tolist()
        if not members:
            continue
        rects = bars.lanes[n].rects()
        top = bars.tops[n]
        placed = [rects[i].translated(0, top).adjusted(0, -0.06, 0, 0.06) for i in members]
        painter.drawRects(placed)
        moving.extend(placed)
    if dragging_group and moving:
        pen = QPen(bars.palette_text(), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawRects([r.translated(drag_dx, 0) for r in moving[:DRAGGED_OUTLINES_UP_TO]])


def click_more(view, cr: str, ctrl: bool, shift: bool) -> None:
    """Ctrl-click: the bar joins the selection or leaves it. Shift-click: the bars of the box
    from the anchor (the last bar clicked without Shift) to this one; Ctrl+Shift adds them."""
    selection = view.bars.selection
    if shift:
        anchor = view.anchor if view.anchor in selection else selection.current
        keys = (keys_between(view.bars, anchor, cr) if anchor else None) or [cr]
        view.on_select_many([*selection.keys, *keys] if ctrl else keys, cr)
        return
    view.anchor = cr
    view.on_select_many(*selection.toggled(cr))


def select_band(view, rect: QRectF, add: bool) -> None:
    """A rubber band released: the bars it touches selected (added, with Ctrl)."""
    selection = view.bars.selection
    keys = keys_in(view.bars, rect)
    if add:
        keys = [*selection.keys, *keys]
    current = selection.current if selection.current in keys else (keys[0] if keys else None)
    view.anchor = current
    view.on_select_many(keys, current)
