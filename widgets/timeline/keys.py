"""Moving the selection between bars from the keyboard: left and right to the previous and
next bar of the lane in time (a bar that starts later, or earlier; the nearest row among those
that start first), up and down to the nearest bar in time of the row above or below, and on
into the lane above or below (collapsed and folded lanes are skipped)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt


def neighbour(bars, selected: str | None, direction: str, centre_x: float) -> str | None:
    """The CR to select after an arrow key from `selected` (None: the bar nearest the middle
    of the view, `centre_x` seconds, in the first lane shown)."""
    open_lanes = [n for n in range(len(bars.lanes)) if bars.expanded(n) and len(bars.lanes[n].x0)]
    if not open_lanes:
        return None
    where = bars.locate(selected) if selected is not None else None
    if where is None or where[0] not in open_lanes:
        return _nearest(bars, open_lanes[0], centre_x)
    n, i = where
    lane_bars = bars.lanes[n]
    x0, row = float(lane_bars.x0[i]), int(lane_bars.row[i])
    if direction in ("left", "right"):
        later = direction == "right"
        starts = lane_bars.x0 > x0 if later else lane_bars.x0 < x0
        if not starts.any():
            return selected
        first = lane_bars.x0[starts].min() if later else lane_bars.x0[starts].max()
        candidates = (lane_bars.x0 == first).nonzero()[0]
        best = min(candidates.tolist(), key=lambda j: (abs(int(lane_bars.row[j]) - row), j))
        return lane_bars.lane.bars[best].cr
    middle = (x0 + float(lane_bars.x1[i])) / 2
    step = 1 if direction == "down" else -1
    rows = range(row + step, int(lane_bars.row.max()) + 1) if step > 0 else range(row - 1, -1, -1)
    for r in rows:
        in_row = (lane_bars.row == r).nonzero()[0]
        if len(in_row):
            return _nearest(bars, n, middle, in_row)
    at = open_lanes.index(n) + step
    if not 0 <= at < len(open_lanes):
        return selected
    return _nearest(bars, open_lanes[at], middle)


def _nearest(bars, n: int, x: float, among=None) -> str:
    """The bar of lane `n` (of the bars `among`, else all) whose middle is nearest `x`."""
    lane_bars = bars.lanes[n]
    among = np.arange(len(lane_bars.x0)) if among is None else among
    middles = (lane_bars.x0[among] + lane_bars.x1[among]) / 2
    return lane_bars.lane.bars[int(among[abs(middles - x).argmin()])].cr


def navigate(view, event) -> bool:
    """Arrows move the selection between bars (left and right in the lane, up and down to the
    next lane), Enter opens the selected CR; whether the key was one of those. (Esc is the
    window's: it cancels a drag or closes the editor.)"""
    key = event.key()
    directions = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Up: "up",
                  Qt.Key.Key_Down: "down"}
    plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if key in directions and plain and view.layout_data is not None:
        (x0, x1), _ = view.getPlotItem().viewRange()
        cr = neighbour(view.bars, view.bars.selected, directions[key], (x0 + x1) / 2)
        if cr is not None:
            view.anchor = cr
            view.select_requested.emit([cr], cr)
            view.ensure_visible(cr)
        event.accept()
        return True
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and view.bars.selected is not None:
        view.activated.emit(view.bars.selected)
        event.accept()
        return True
    return False
