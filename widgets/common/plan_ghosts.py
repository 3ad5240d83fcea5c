"""Ghost bars of another plan on the timeline (app.views.ghost_bars): where a baseline had the
CRs that moved since (dashed, over the bars, an arrow to each bar now), or where a compared
scenario puts the CRs it places differently (grey, behind the bars, as Meisterplan draws
them); go-lives the other plan has elsewhere as dashed lines. The one home of both: each
feature owns an instance and hands it to the timeline's overlay hook. Never hit by the mouse:
the bars stay what the planner drags and clicks."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen

from widgets.common.style import ARROW_PX, BAR_HEIGHT, LABELS_UP_TO, PAD, SECONDS_PER_DAY

GHOST = QColor(120, 120, 120)
BEHIND_FILL = QColor(128, 128, 128, 120)  # reads on lane tints, light and dark
HEAD_PX = 6.0
OVER_Z, BEHIND_Z = 15, 5  # the bars are at 10, the backdrop at -10, release labels at 20


class PlanGhosts(pg.GraphicsObject):
    def __init__(self, behind: bool = False):
        """`behind`: grey bars under the real ones; else dashed over them, with arrows."""
        super().__init__()
        self.view = None
        self.behind = behind
        self.ghosts: list = []  # app.views.ghost_bars.GhostBar
        self.moved: list = []  # app.views.ghost_bars.MovedGoLive
        self.setZValue(BEHIND_Z if behind else OVER_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def attach(self, view) -> None:
        """Put the overlay on the timeline view (the timeline's overlay hook calls this)."""
        self.view = view
        view.addItem(self)
        view.rows_changed.connect(self.update)

    def show_ghosts(self, ghosts: list, moved: list) -> None:
        self.prepareGeometryChange()
        self.ghosts, self.moved = ghosts, moved
        self.update()

    def places(self) -> list[tuple[str, QRectF, QRectF | None]]:
        """Each ghost's rectangle and its CR's bar now (None: no bar), in view coordinates
        (seconds, rows); ghosts in a collapsed or folded lane, or that take a bar not shown,
        are left out."""
        if self.view is None:
            return []
        bars = self.view.bars
        lanes = {lb.lane.team: n for n, lb in enumerate(bars.lanes)}
        out = []
        for g in self.ghosts:
            now = bars.rect_of(g.cr)
            if g.row is None or g.team is None:
                if now is None:
                    continue
                top = now.top()
            else:
                n = lanes.get(g.team)
                if n is None or not bars.expanded(n):
                    continue
                top = bars.tops[n] + g.row + PAD
            if g.start is None:
                if now is None:
                    continue
                width = now.width()
            else:
                width = (g.end - g.start) * SECONDS_PER_DAY
            out.append((g.cr, QRectF(g.end * SECONDS_PER_DAY - width, top, width, BAR_HEIGHT),
                        now))
        return out

    def boundingRect(self) -> QRectF:
        if self.view is None or not (self.ghosts or self.moved):
            return QRectF()
        xs = [g.end for g in self.ghosts] + [g.start for g in self.ghosts if g.start is not None] \
            + [m.then for m in self.moved]
        span = QRectF(min(xs) * SECONDS_PER_DAY, 0, (max(xs) - min(xs)) * SECONDS_PER_DAY + 1,
                      1e6)
        return self.view.bars.boundingRect().united(span)

    def paint(self, painter, *_args) -> None:
        if self.view is None:
            return
        transform = painter.transform()
        top, bottom = self.view.getPlotItem().viewRange()[1]
        painter.save()
        try:
            painter.resetTransform()  # pens and heads in pixels
            places = self.places()
            if self.behind:
                painter.setPen(QPen(GHOST, 1.5))
                painter.setBrush(BEHIND_FILL)
            for cr, ghost, now in places:
                if not self.behind:
                    painter.setPen(QPen(GHOST, 1.5, Qt.PenStyle.DashLine))
                    fill = QColor(GHOST)
                    fill.setAlpha(50)
                    painter.setBrush(fill)
                painter.drawRect(transform.mapRect(ghost))
                if self.behind and len(places) <= LABELS_UP_TO:
                    _label(painter, transform.mapRect(ghost), cr)
                if not self.behind and now is not None:
                    a = transform.map(ghost.center())
                    b = transform.map(QPointF(now.left() if now.left() > ghost.right()
                                              else now.right(), now.center().y()))
                    _arrow(painter, a, b)
            for m in self.moved:
                x = transform.map(QPointF(m.then * SECONDS_PER_DAY, 0)).x()
                y0, y1 = transform.map(QPointF(0, top)).y(), transform.map(QPointF(0, bottom)).y()
                painter.setPen(QPen(GHOST, 2.0, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x, y0), QPointF(x, y1))
        finally:
            painter.restore()


def _label(painter, ghost: QRectF, cr: str) -> None:
    """A ghost's key to its left, in grey: it has no tooltip (the mouse never finds it)."""
    pen, width = painter.pen(), painter.fontMetrics().horizontalAdvance(cr) + 2
    painter.setPen(GHOST)
    painter.drawText(QRectF(ghost.left() - width - 4, ghost.top() - 4, width, ghost.height() + 8),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, cr)
    painter.setPen(pen)


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
