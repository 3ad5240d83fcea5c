"""The timeline's view box with a rubber band: Shift-drag on the background draws a box, and
releasing it selects every bar it touches (Ctrl+Shift adds them to the selection). Any other
background drag pans, as before; a drag that starts on a bar moves the bar (the bars' item takes
it first)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor


class SelectingViewBox(pg.ViewBox):
    band_released = Signal(QRectF, bool)  # the band in view coordinates; Ctrl held (add)?

    def __init__(self):
        super().__init__()
        self._banding = False
        self._cancelled = False  # Esc during a band: the rest of that drag does nothing

    def style_band(self, accent: QColor) -> None:
        """The band in the palette's highlight colour, translucent over the bars."""
        fill = QColor(accent)
        fill.setAlpha(45)
        pen = pg.mkPen(accent, width=1)
        self.rbScaleBox.setPen(pen)
        self.rbScaleBox.setBrush(fill)

    def mouseDragEvent(self, ev, axis=None) -> None:
        starting = ev.isStart() and ev.button() == Qt.MouseButton.LeftButton and axis is None \
            and bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if self._cancelled:
            ev.accept()
            self._cancelled = not ev.isFinish()
            return
        if not (self._banding or starting):
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        self._banding = True
        self.updateScaleBox(ev.buttonDownPos(), ev.pos())
        if ev.isFinish():
            self._banding = False
            self.rbScaleBox.hide()
            rect = QRectF(self.mapToView(ev.buttonDownPos()), self.mapToView(ev.pos()))
            self.band_released.emit(rect.normalized(),
                                    bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier))

    def cancel_band(self) -> bool:
        """Esc while drawing a band: nothing is selected. False when there was no band."""
        if not self._banding:
            return False
        self._banding, self._cancelled = False, True
        self.rbScaleBox.hide()
        return True
