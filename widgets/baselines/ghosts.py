"""The timeline's comparison with a baseline: each CR that moved since shows a dashed ghost
where its bar ended then, with an arrow to its bar now; a release whose go-live moved shows
its go-live then as a dashed line beside today's. Drawn over the bars, never hit by the mouse:
the bars stay what the planner drags and clicks."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen

from widgets.common.style import ARROW_PX, SECONDS_PER_DAY

GHOST = QColor(120, 120, 120)
HEAD_PX = 6.0


class BaselineGhosts(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self.view = None
        self.ghosts: list = []  # app.baselines.ghosts.Ghost
        self.moved: list = []  # app.baselines.ghosts.MovedGoLive
        self.setZValue(15)  # over the bars, under the release labels
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def attach(self, view) -> None:
        """Put the overlay on the timeline view (the timeline's overlay hook calls this)."""
        self.view = view
        view.addItem(self)
        view.rows_changed.connect(self.update)

    def show_comparison(self, ghosts: list, moved: list) -> None:
        self.prepareGeometryChange()
        self.ghosts, self.moved = ghosts, moved
        self.update()

    def places(self) -> list[tuple[str, QRectF, QRectF]]:
        """Each ghost's rectangle and its bar's now, in view coordinates (seconds, rows); CRs
        whose bar is not shown (backlog, collapsed lane, filtered out) are left out."""
        if self.view is None:
            return []
        out = []
        for g in self.ghosts:
            now = self.view.bars.rect_of(g.cr)
            if now is None:
                continue
            end = g.then_end * SECONDS_PER_DAY
            out.append((g.cr, QRectF(end - now.width(), now.top(), now.width(), now.height()),
                        now))
        return out

    def boundingRect(self) -> QRectF:
        if self.view is None or not (self.ghosts or self.moved):
            return QRectF()
        return self.view.bars.boundingRect().united(self._lines_rect())

    def _lines_rect(self) -> QRectF:
        xs = [m.then * SECONDS_PER_DAY for m in self.moved]
        return QRectF(min(xs), 0, max(xs) - min(xs) + 1, 1e6) if xs else QRectF()

    def paint(self, painter, *_args) -> None:
        if self.view is None:
            return
        transform = painter.transform()
        places = self.places()
        top, bottom = self.view.getPlotItem().viewRange()[1]
        painter.save()
        try:
            painter.resetTransform()  # pens and heads in pixels
            dashed = QPen(GHOST, 1.5, Qt.PenStyle.DashLine)
            for _cr, ghost, now in places:
                painter.setPen(dashed)
                fill = QColor(GHOST)
                fill.setAlpha(50)
                painter.setBrush(fill)
                painter.drawRect(transform.mapRect(ghost))
                a = transform.map(QPointF(ghost.center().x(), ghost.center().y()))
                b = transform.map(QPointF(now.left() if now.left() > ghost.right()
                                          else now.right(), now.center().y()))
                self._arrow(painter, a, b)
            for m in self.moved:
                x = transform.map(QPointF(m.then * SECONDS_PER_DAY, 0)).x()
                y0, y1 = transform.map(QPointF(0, top)).y(), transform.map(QPointF(0, bottom)).y()
                painter.setPen(QPen(GHOST, 2.0, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x, y0), QPointF(x, y1))
        finally:
            painter.restore()

    @staticmethod
    def _arrow(painter, a: QPointF, b: QPointF) -> None:
        painter.setPen(QPen(GHOST, ARROW_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(a)
        path.lineTo(b)
        painter.drawPath(path)
        direction = 1 if b.x() >= a.x() else -1
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(GHOST)
        head = QPainterPath(b)
        head.lineTo(QPointF(b.x() - direction * HEAD_PX, b.y() - HEAD_PX / 2))
        head.lineTo(QPointF(b.x() - direction * HEAD_PX, b.y() + HEAD_PX / 2))
        head.closeSubpath()
        painter.drawPath(head)
