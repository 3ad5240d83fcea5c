"""The live timeline's axes: dates along the bottom with the month and year always readable
("Mon 16 Feb 2027" zoomed in, "Feb 2027" further out), and the team names down the left, where
a click collapses or expands a lane."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF

from app.views.timeline_layout import EPOCH, day_number
from widgets.common.style import SECONDS_PER_DAY

# (name, typical days per step, strftime format of a label); the widest that fits is used.
STEPS = (("day", 1, "%a %-d %b %Y"), ("week", 7, "%-d %b %Y"), ("month", 30.4, "%b %Y"),
         ("quarter", 91.3, "%b %Y"), ("year", 365.2, "%Y"))
SPARE_PX = 10  # between two labels


def step_for(days_across: float, pixels: float, width_of: Callable[[str], float]) -> tuple:
    """The finest step whose labels fit side by side along `pixels`."""
    per_day = pixels / max(days_across, 1e-9)
    sample = date(2027, 2, 16)  # a typical weekday and month name
    for step in STEPS:
        if step[1] * per_day >= width_of(sample.strftime(step[2])) + SPARE_PX:
            return step
    return STEPS[-1]


def step_dates(step: tuple, d0: float, d1: float) -> list[date]:
    """The dates from day `d0` to `d1` on which `step`'s ticks fall."""
    name = step[0]
    first = EPOCH + timedelta(days=int(d0) - 1)
    last = EPOCH + timedelta(days=int(d1) + 1)
    if name == "day":
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if name == "week":
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        return [monday + timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)]
    months = {"month": 1, "quarter": 3, "year": 12}[name]
    out, d = [], date(first.year, first.month, 1)
    while d <= last:
        if (d.month - 1) % months == 0:
            out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


class DateAxis(pg.AxisItem):
    def __init__(self):
        super().__init__(orientation="bottom")
        self._step = STEPS[0]
        self.dated = False  # no plan shown yet: pyqtgraph's range is days of 1970, not the plan's

    def tickValues(self, minVal, maxVal, size):
        metrics = QFontMetricsF(self.font())
        d0, d1 = minVal / SECONDS_PER_DAY, maxVal / SECONDS_PER_DAY
        self._step = step_for(d1 - d0, size, metrics.horizontalAdvance)
        values = [day_number(d) * SECONDS_PER_DAY for d in step_dates(self._step, d0, d1)]
        return [(self._step[1] * SECONDS_PER_DAY, [v for v in values if minVal <= v <= maxVal])]

    def tickStrings(self, values, scale, spacing):
        if not self.dated:
            return [" "] * len(values)  # the axis keeps its height; no 1970 dates
        return [(EPOCH + timedelta(days=round(v / SECONDS_PER_DAY))).strftime(self._step[2])
                for v in values]


class LaneAxis(pg.AxisItem):
    """Team names; a click on one says the row coordinate it was clicked at."""

    clicked = Signal(float)

    def __init__(self):
        super().__init__(orientation="left")

    def mouseClickEvent(self, event):
        if event.button() != Qt.MouseButton.LeftButton or self.linkedView() is None:
            return super().mouseClickEvent(event)
        event.accept()
        self.clicked.emit(self.linkedView().mapSceneToView(event.scenePos()).y())
