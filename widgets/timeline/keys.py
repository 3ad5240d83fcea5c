"""Moving the selection between bars from the keyboard: left and right to the previous and
next bar of the lane in time, up and down to the nearest bar in time of the lane above or
below (collapsed and folded lanes are skipped)."""

from __future__ import annotations


def _in_time_order(lane_bars) -> list[int]:
    return sorted(range(len(lane_bars.lane.bars)),
                  key=lambda i: (float(lane_bars.x0[i]), float(lane_bars.row[i])))


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
    if direction in ("left", "right"):
        order = _in_time_order(lane_bars)
        at = order.index(i) + (1 if direction == "right" else -1)
        return lane_bars.lane.bars[order[at]].cr if 0 <= at < len(order) else selected
    at = open_lanes.index(n) + (1 if direction == "down" else -1)
    if not 0 <= at < len(open_lanes):
        return selected
    middle = (float(lane_bars.x0[i]) + float(lane_bars.x1[i])) / 2
    return _nearest(bars, open_lanes[at], middle)


def _nearest(bars, n: int, x: float) -> str:
    lane_bars = bars.lanes[n]
    middles = (lane_bars.x0 + lane_bars.x1) / 2
    i = int(abs(middles - x).argmin())
    return lane_bars.lane.bars[i].cr
