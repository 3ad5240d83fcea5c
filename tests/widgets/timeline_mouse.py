"""Real mouse events on the timeline's viewport, at points given in the plot's coordinates
(seconds across, rows down)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from widgets.common.style import SECONDS_PER_DAY

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def pixel(view, x: float, y: float) -> QPointF:
    box = view.getPlotItem().getViewBox()
    return QPointF(view.mapFromScene(box.mapViewToScene(QPointF(x, y))))


def pixel_width(view) -> float:
    """Seconds per pixel across."""
    return view.getPlotItem().getViewBox().viewPixelSize()[0]


def send(view, kind, pos: QPointF, buttons, modifiers=NONE) -> None:
    viewport = view.viewport()
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else LEFT
    QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos), button,
                                                 buttons, modifiers))


def press_and_move(view, start: tuple[float, float], end: tuple[float, float],
                   steps: int = 10, modifiers=NONE) -> None:
    """Press at `start` and move to `end` (plot coordinates), the button still held."""
    a, b = pixel(view, *start), pixel(view, *end)
    send(view, QEvent.Type.MouseButtonPress, a, LEFT, modifiers)
    for step in range(1, steps + 1):
        send(view, QEvent.Type.MouseMove, a + (b - a) * step / steps, LEFT, modifiers)


def release(view, end: tuple[float, float], modifiers=NONE) -> None:
    send(view, QEvent.Type.MouseButtonRelease, pixel(view, *end), Qt.MouseButton.NoButton,
         modifiers)


def drag_to(view, start: tuple[float, float], end: tuple[float, float], modifiers=NONE) -> None:
    press_and_move(view, start, end, modifiers=modifiers)
    release(view, end, modifiers)


def click(view, point: tuple[float, float], modifiers=NONE) -> None:
    """A click (press and release in place) at `point` in plot coordinates."""
    at = pixel(view, *point)
    send(view, QEvent.Type.MouseButtonPress, at, LEFT, modifiers)
    send(view, QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.NoButton, modifiers)


def release_mark(view, key: str):
    return next(r for r in view.layout_data.releases if r.key == key)


def go_live_x(view, key: str) -> float:
    return release_mark(view, key).go_live * SECONDS_PER_DAY


def grab_points(view, cr: str) -> dict[str, tuple[float, float]]:
    """A bar's start, middle and end, each a pixel inside the bar."""
    rect = view.bars.rect_of(cr)
    inside = pixel_width(view) * 1.5
    y = rect.center().y()
    return {"start": (rect.left() + inside, y), "middle": (rect.center().x(), y),
            "end": (rect.right() - inside, y)}
