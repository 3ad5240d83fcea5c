"""A lane of the timeline as arrays (where each bar starts and ends, its row, stage, marks),
which the painting and the hit tests work on in numpy rather than bar by bar."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from app.views.timeline_layout import MARK_KINDS, Lane
from widgets.common.style import BAR_HEIGHT, PAD, SECONDS_PER_DAY, STAGE_CODES


class LaneBars:
    """One lane's bars as arrays, in lane coordinates (y = sub-row). The arrays are built when
    first asked: a group drop at 100,000 CRs changes many lanes, and only those in view are
    painted (a lane out of view is built when it scrolls in, or is hit)."""

    def __init__(self, lane: Lane):
        self.lane = lane
        self._columns: tuple | None = None  # crs, x0, x1, row, stage, emergency
        self._mark_source: dict[str, set[str]] | None = None
        self._marks: dict[str, np.ndarray] | None = None
        self._rects: list[QRectF] | None = None
        self._index: dict[str, int] | None = None
        self._span: tuple[float, float] | None = None

    def _built(self) -> tuple:
        if self._columns is None:
            bars = self.lane.bars
            # Bars are tuples: their columns in one pass in C.
            crs, _teams, _releases, stages, starts, ends, rows, emergency = \
                zip(*bars, strict=True) if bars else ((),) * 8
            self._columns = (crs, np.array(starts, float) * SECONDS_PER_DAY,
                             np.array(ends, float) * SECONDS_PER_DAY, np.array(rows, float),
                             np.array([STAGE_CODES.get(s, 0) for s in stages], int),
                             np.array(emergency, bool))
        return self._columns

    crs = property(lambda self: self._built()[0])
    x0 = property(lambda self: self._built()[1])
    x1 = property(lambda self: self._built()[2])
    row = property(lambda self: self._built()[3])
    stage = property(lambda self: self._built()[4])
    emergency = property(lambda self: self._built()[5])

    @property
    def index(self) -> dict[str, int]:
        """Each CR's place among this lane's bars, built when first asked: a drop rebuilds
        only the lanes it changed, and most of them are never asked."""
        if self._index is None:
            bars = self.lane.bars
            self._index = {bar.cr: i for i, bar in enumerate(bars)}
        return self._index

    def span(self) -> tuple[float, float] | None:
        """The earliest start and the latest end, in seconds (None: no bars), without the
        arrays: the bars are ordered by end, latest first."""
        bars = self.lane.bars
        if not bars:
            return None
        if self._span is None:
            self._span = (min(b.start for b in bars) * SECONDS_PER_DAY,
                          bars[0].end * SECONDS_PER_DAY)
        return self._span

    def set_marks(self, marks: dict[str, set[str]]) -> None:
        if marks is not self._mark_source:
            self._mark_source, self._marks = marks, None

    @property
    def marks(self) -> dict[str, np.ndarray]:
        if self._marks is None:
            crs, marks = self.crs, self._mark_source or {}
            n = len(crs)
            # No marks yet (a plan just loaded; the worker brings them): nothing to look up.
            self._marks = {kind: np.fromiter(map(marks[kind].__contains__, crs), bool, n)
                           if marks.get(kind) else np.zeros(n, bool) for kind in MARK_KINDS}
        return self._marks

    def rects(self) -> list[QRectF]:
        if self._rects is None:
            self._rects = [QRectF(x0, row + PAD, x1 - x0, BAR_HEIGHT) for x0, x1, row
                           in zip(self.x0.tolist(), self.x1.tolist(), self.row.tolist(),
                                  strict=True)]
        return self._rects

    def visible(self, vx0: float, vx1: float, r0: float, r1: float) -> np.ndarray:
        return np.nonzero((self.x1 >= vx0) & (self.x0 <= vx1) & (self.row + 1 >= r0)
                          & (self.row <= r1))[0]

    def at(self, x: float, row_y: float) -> int | None:
        hits = np.nonzero((self.x0 <= x) & (x <= self.x1) & (self.row + PAD <= row_y)
                          & (row_y <= self.row + PAD + BAR_HEIGHT))[0]
        return int(hits[-1]) if len(hits) else None
