"""Many bars selected on the timeline: which bars a rubber band or a Shift-click range covers,
and drawing the selection (each selected bar outlined; while they are dragged, a ghost of
each where it lands). A selection of thousands costs a frame no more than
the bars in view: each lane keeps a mask of its selected bars, rebuilt only when the selection
changes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPen

from widgets.common.style import BAR_HEIGHT, PAD

GHOSTS_UP_TO = 2000  # more landing ghosts than this would slow every drag frame


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


def paint_selection(bars, painter, shown) -> None:
    """Outline every selected bar in view (the current one is drawn by the bars themselves)."""
    selection = bars.selection
    if selection is None or not selection.is_many():
        return
    pen = QPen(bars.accent(), 2)
    pen.setCosmetic(True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    for n, visible in shown:
        members = visible[selected_mask(bars.lanes[n], selection)[visible]].tolist()
        if members:
            rects, top = bars.lanes[n].rects(), bars.tops[n]
            painter.drawRects([rects[i].translated(0, top).adjusted(0, -0.06, 0, 0.06)
                               for i in members])


def landing_ghosts(bars, keys, end: float) -> list[QRectF]:
    """Where the bars of `keys` land when dragged together to a release whose bars end at
    `end` (seconds): each in its row, moved to end there."""
    ghosts = []
    for key in keys[:GHOSTS_UP_TO]:
        rect = bars.rect_of(key)
        if rect is not None:
            ghosts.append(rect.translated(end - rect.right(), 0))
    return ghosts


def click_more(view, cr: str, ctrl: bool, shift: bool) -> None:
    """Ctrl-click: the bar joins the selection or leaves it. Shift-click: the bars of the box
    from the anchor (the last bar clicked without Shift) to this one; Ctrl+Shift adds them."""
    selection = view.bars.selection
    if shift:
        anchor = view.anchor if view.anchor in selection else selection.current
        keys = (keys_between(view.bars, anchor, cr) if anchor else None) or [cr]
        view.select_requested.emit([*selection.keys, *keys] if ctrl else keys, cr)
        return
    view.anchor = cr
    view.select_requested.emit(*selection.toggled(cr))


def select_band(view, rect: QRectF, add: bool) -> None:
    """A rubber band released: the bars it touches selected (added, with Ctrl)."""
    selection = view.bars.selection
    keys = keys_in(view.bars, rect)
    if add:
        keys = [*selection.keys, *keys]
    current = selection.current if selection.current in keys else (keys[0] if keys else None)
    view.anchor = current
    view.select_requested.emit(keys, current)
