"""Another planner's edit, pointed at (issue 12): a bar they moved slides from where it was to
its new place and glows for a moment, so that a planner sees what changed under their eyes."""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QBrush, QColor, QPen

SLIDE_S = 0.4  # from the old place to the new
GLOW_S = 2.0  # then it fades
FRAME_MS = 33


class BarFlash:
    def __init__(self, bars):
        self.bars = bars
        self.active: dict[str, tuple[QRectF | None, float]] = {}  # cr -> (old rect, start)
        self.timer = QTimer(bars)  # a child of the bars item: it ends with the window
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._frame)

    def start(self, old_rects: dict[str, QRectF | None]) -> None:
        """Point at these bars; each slides from its old rect (None: it only glows)."""
        now = time.monotonic()
        for cr, rect in old_rects.items():
            self.active[cr] = (rect, now)
        if self.active:
            self.timer.start()
            self.bars.update()

    def _frame(self) -> None:
        now = time.monotonic()
        self.active = {cr: v for cr, v in self.active.items() if now - v[1] < SLIDE_S + GLOW_S}
        if not self.active:
            self.timer.stop()
        self.bars.update()

    def paint(self, painter) -> None:
        if not self.active:
            return
        now = time.monotonic()
        accent = self.bars.accent()
        for cr, (old, start) in self.active.items():
            new = self.bars.rect_of(cr)
            if new is None:
                continue
            age = now - start
            rect = new
            if old is not None and age < SLIDE_S:
                f = age / SLIDE_S
                f = 1 - (1 - f) ** 3  # ease out: fast, then settling in place
                rect = QRectF(old.left() + (new.left() - old.left()) * f,
                              old.top() + (new.top() - old.top()) * f, new.width(), new.height())
            fade = 1.0 if age < SLIDE_S else max(0.0, 1 - (age - SLIDE_S) / GLOW_S)
            color = QColor(accent)
            color.setAlphaF(fade)
            pen = QPen(color, 3)
            pen.setCosmetic(True)
            fill = QColor(accent)
            fill.setAlphaF(0.35 * fade)
            painter.setPen(pen)
            painter.setBrush(QBrush(fill))
            painter.drawRect(rect.adjusted(0, -0.1, 0, 0.1))
