"""The sends of the communications view as one pyqtgraph item: a marker per send in its
audience's row at its send date, coloured by kind; a red ring and a red link for two sends too
close together, a red band for a week over the cap, a dashed ring for a send that goes out
before its release goes live. Markers keep their size in pixels at every zoom.

The item says what the planner did with signals (clicked a send, dropped it on a day) and
decides nothing itself. A send that no change request sets the date of cannot be dragged: a
press on it says why, before any drag.
"""

from __future__ import annotations

from datetime import date, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen

from app.engine.send_calendar import CalendarSend, SendCalendar
from app.views.timeline_layout import day_number

SECONDS_PER_DAY = 86_400.0
KIND_COLORS = {"email": "#0072b2", "sms": "#e69f00", "push": "#cc79a7"}  # colour-blind aware
OTHER_KIND = "#7f7f7f"
WARN = "#d7263d"
RADIUS = 7.0  # pixels
HIT = RADIUS + 3


def kind_color(kind: str) -> str:
    return KIND_COLORS.get(kind, OTHER_KIND)


def seconds(day: date) -> float:
    return day_number(day) * SECONDS_PER_DAY


class SendMarkers(pg.GraphicsObject):
    clicked = Signal(object)  # a CalendarSend
    dropped = Signal(object, object)  # a CalendarSend, the date it was dropped on
    fixed = Signal(object)  # a press on a send no CR sets the date of: it cannot move

    def __init__(self) -> None:
        super().__init__()
        self.describe = None  # view-side: a send's tooltip
        self.calendar: SendCalendar | None = None
        self.rows: dict[str, int] = {}
        self.points: list[tuple[CalendarSend, float, float]] = []  # send, x seconds, y row
        self.early: set[str] = set()  # sends dated before their release's go-live
        self._dragging: CalendarSend | None = None
        self._held = False  # a press on a send that cannot move: its drag does nothing
        self._drag_days = 0
        self._bounds = QRectF()
        self.setAcceptHoverEvents(True)

    def set_calendar(self, calendar: SendCalendar, early: set[str]) -> None:
        self.prepareGeometryChange()
        self.calendar, self.early = calendar, early
        self.rows = {audience: i for i, audience in enumerate(calendar.audiences())}
        same_day: dict[tuple[str, date], list[CalendarSend]] = {}
        for s in calendar.sends:
            same_day.setdefault((s.audience, s.send_date), []).append(s)
        self.points = []
        for (audience, day), sends in same_day.items():
            for k, s in enumerate(sends):  # sends of one day side by side in the row
                offset = (k - (len(sends) - 1) / 2) * 0.28
                self.points.append((s, seconds(day), self.rows[audience] + 0.5 + offset))
        xs = [x for _, x, _ in self.points] or [0.0]
        pad = 7 * SECONDS_PER_DAY
        self._bounds = QRectF(min(xs) - pad, 0, max(xs) - min(xs) + 2 * pad,
                              max(len(self.rows), 1))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    # ---- painting ----------------------------------------------------------------------------

    def paint(self, painter, *_args) -> None:
        if self.calendar is None:
            return
        self._paint_capped_weeks(painter)
        transform = painter.transform()
        painter.resetTransform()  # markers in pixels from here on
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        where = {s.item: transform.map(QPointF(x, y)) for s, x, y in self.points}
        painter.setPen(QPen(QColor(WARN), 2.5))
        for w in self.calendar.overlaps:
            a, b = (where.get(k) for k in w.items)
            if a is not None and b is not None:
                painter.drawLine(a, b)
        marked = self.calendar.marked()
        for s, _x, _y in self.points:
            centre = where[s.item]
            if s.item in self.early:  # an outer dashed ring, apart from the overlap's
                painter.setPen(QPen(QColor(WARN), 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, RADIUS + 4, RADIUS + 4)
            painter.setPen(QPen(QColor(WARN), 3) if s.item in marked else QPen(self._ink(), 1))
            painter.setBrush(QBrush(QColor(kind_color(s.kind))))
            painter.drawEllipse(centre, RADIUS, RADIUS)
        if self._dragging is not None:
            self._paint_ghost(painter, transform)

    def _paint_capped_weeks(self, painter) -> None:
        band = QColor(WARN)
        band.setAlpha(45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(band))
        for w in self.calendar.capped:
            monday = date.fromisocalendar(int(w.week[:4]), int(w.week[6:]), 1)
            row = self.rows.get(w.audience)
            if row is not None:
                painter.drawRect(QRectF(seconds(monday), row + 0.08, 7 * SECONDS_PER_DAY, 0.84))

    def _paint_ghost(self, painter, transform) -> None:
        s = self._dragging
        x, y = next((x, y) for p, x, y in self.points if p is s)
        centre = transform.map(QPointF(x + self._drag_days * SECONDS_PER_DAY, y))
        painter.setPen(QPen(self._ink(), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, RADIUS + 2, RADIUS + 2)
        day = s.send_date + timedelta(days=self._drag_days)
        painter.setPen(self._ink())
        painter.drawText(centre + QPointF(RADIUS + 5, -RADIUS), f"{day:%a %d %b}")

    def _ink(self) -> QColor:
        widget = self.getViewWidget()
        return widget.palette().windowText().color() if widget else QColor("#1f1f1f")

    # ---- finding -----------------------------------------------------------------------------

    def send_at(self, pos: QPointF) -> CalendarSend | None:
        """The send whose marker is under `pos` (item coordinates), the nearest if several."""
        px, py = self.pixelWidth() or 1.0, self.pixelHeight() or 1.0
        best, reach = None, HIT * HIT
        for s, x, y in self.points:
            d = ((pos.x() - x) / px) ** 2 + ((pos.y() - y) / py) ** 2
            if d <= reach:
                best, reach = s, d
        return best

    def position_of(self, item: str) -> QPointF | None:
        return next((QPointF(x, y) for s, x, y in self.points if s.item == item), None)

    # ---- interaction -------------------------------------------------------------------------

    def hoverEvent(self, event) -> None:
        if event.isExit():
            self.setToolTip("")
            return
        view = self.getViewWidget()
        send = self.send_at(event.pos())
        describe = getattr(view.parentWidget(), "describe", None) if view is not None else None
        self.setToolTip(describe(send) if describe is not None and send is not None else "")

    def mouseClickEvent(self, event) -> None:
        send = self.send_at(event.pos())
        if event.button() == Qt.MouseButton.LeftButton and send is not None:
            event.accept()
            self.clicked.emit(send)
        else:
            event.ignore()

    def mouseDragEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        if event.isStart():
            self._dragging = self.send_at(event.buttonDownPos())
            if self._dragging is None:
                event.ignore()  # not on a marker: let the view pan
                return
            if not self._dragging.date_setters:
                send, self._dragging = self._dragging, None
                self._held = True  # the rest of this drag moves nothing, nor pans the view
                event.accept()
                self.fixed.emit(send)
                return
        if self._held:
            event.accept()
            self._held = not event.isFinish()
            return
        if self._dragging is None:
            event.ignore()
            return
        event.accept()
        self._drag_days = round((event.pos().x() - event.buttonDownPos().x()) / SECONDS_PER_DAY)
        if event.isFinish():
            send, days = self._dragging, self._drag_days
            self._dragging, self._drag_days = None, 0
            self.update()
            if days:
                self.dropped.emit(send, send.send_date + timedelta(days=days))
            return
        self.update()

