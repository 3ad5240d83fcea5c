"""The board (Azure DevOps Delivery Plans' layout): a row per team, a column per release around
the dates in view on the timeline (and the backlog), each CR a card with its key, title, stage
colour, estimate and marks; the column header shows go-live, freeze state and load against
capacity. Dragging a card to another column (or onto the backlog) reschedules it through the
same path as the timeline: same rules, same undo, same refusal in the status bar.

Only the cards in view are painted (a custom-painted scroll area, not a widget per card), so it
stays responsive at 100,000 CRs.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from widgets.board.card import paint_card, paint_card_back, paint_count, warning_ink
from widgets.board.cells import BoardCells
from widgets.board.selection import (
    dragged_count,
    is_selected,
    position_of,
    press_card,
    release_card,
)
from widgets.capacity.view import capacity_of
from widgets.common.cr_drag import cr_from_mime

TEAM_W, COL_W, HEAD_H = 150, 250, 76
CELL_HEAD, CARD_H, GAP, PAD = 22, 62, 6, 10
PITCH = CARD_H + GAP
DRAG_PX = 8


class BoardView(QAbstractScrollArea):
    def __init__(self, controller, on_select: Callable[[str | None], None],
                 on_activate: Callable[[str], None],
                 on_drop: Callable[[str, str | None], None]):
        super().__init__()
        self.controller = controller
        self.on_select, self.on_activate, self.on_drop = on_select, on_activate, on_drop
        self.is_over_backlog: Callable[[QPointF], bool] = lambda screen_pos: False
        self.on_backlog_hover: Callable[[bool], None] = lambda over: None
        self.data = BoardCells(controller)
        self.days: tuple[float, float] | None = None
        self.tops: list[int] = []  # each team row's top in content pixels
        self.height_px = 0
        self.selected: str | None = None  # the current card
        self.selection = None  # the window's CrSelection: every card selected
        self.on_select_many: Callable[[list[str], str | None], None] = lambda keys, cr: None
        self.anchor: str | None = None  # where a Shift-click range starts
        self.pending_single: str | None = None
        self._press: tuple[str, QPoint] | None = None
        self._drag: tuple[str, QPoint] | None = None  # the card dragged and where it is
        self._target: int | None = None  # the column a drag would drop on
        self._stale = True
        self._loads_of, self._loads_index = None, {}
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.viewport().setMouseTracking(True)
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(PITCH // 2)
        controller.changed.connect(self.refresh)
        controller.edited.connect(lambda _changes: self.refresh())
        controller.marks_changed.connect(self.viewport().update)

    # ---- content -----------------------------------------------------------------------------

    def set_days(self, days: tuple[float, float] | None) -> None:
        """The dates in view on the timeline (day numbers): the releases to show."""
        if days != self.days:
            self.days = days
            self.refresh()

    def refresh(self) -> None:
        if self.controller.plan is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.data.rebuild(self.days)
        self.tops, top = [], 0
        for key, _ in self.data.teams:
            self.tops.append(top)
            top += CELL_HEAD + max(1, self.data.most_cards(key)) * PITCH + PAD
        self.height_px = top
        self._update_scrollbars()
        self.viewport().update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        width = TEAM_W + len(self.data.columns) * COL_W
        self.horizontalScrollBar().setRange(0, max(0, width - self.viewport().width()))
        self.horizontalScrollBar().setPageStep(self.viewport().width())
        self.verticalScrollBar().setRange(0, max(0, self.height_px
                                                 - (self.viewport().height() - HEAD_H)))
        self.verticalScrollBar().setPageStep(self.viewport().height() - HEAD_H)

    # ---- geometry ----------------------------------------------------------------------------

    def _origin(self) -> tuple[int, int]:
        return self.horizontalScrollBar().value(), self.verticalScrollBar().value()

    def column_rect(self, release: str | None) -> QRect | None:
        """The column of `release` (None: the backlog) in viewport pixels, below the header."""
        for c, column in enumerate(self.data.columns):
            if column.release == release:
                dx, _ = self._origin()
                return QRect(TEAM_W + c * COL_W - dx, HEAD_H, COL_W,
                             self.viewport().height() - HEAD_H)
        return None

    def card_rect(self, key: str) -> QRect | None:
        """Where the card of `key` is drawn, in viewport pixels (None: not on the board)."""
        where = position_of(self, key)
        return None if where is None else self._card(*where)

    def _card(self, row: int, column: int, i: int) -> QRect:
        dx, dy = self._origin()
        return QRect(TEAM_W + column * COL_W - dx + 6,
                     HEAD_H + self.tops[row] - dy + CELL_HEAD + i * PITCH, COL_W - 12, CARD_H)

    def column_at(self, pos: QPoint) -> int | None:
        dx, _ = self._origin()
        x = pos.x() + dx - TEAM_W
        if pos.x() < TEAM_W or x < 0 or not self.viewport().rect().contains(pos):
            return None
        c = x // COL_W
        return c if c < len(self.data.columns) else None

    def card_at(self, pos: QPoint) -> str | None:
        if self._stale or self.controller.plan is None:
            return None
        c = self.column_at(pos)
        if c is None or pos.y() < HEAD_H or not self.tops:
            return None
        _, dy = self._origin()
        y = pos.y() - HEAD_H + dy
        r = bisect.bisect_right(self.tops, y) - 1
        if r < 0:
            return None
        team = self.data.teams[r][0]
        keys = self.data.cells.get((team, self.data.columns[c].release), ())
        i = (y - self.tops[r] - CELL_HEAD) // PITCH
        if 0 <= i < len(keys) and self._card(r, c, i).contains(pos):
            return keys[i]
        return None

    def show_selection(self, key: str | None) -> None:
        """The selection changed (here or elsewhere): `key`, the current card, scrolled
        into view."""
        self.selected = key
        if key and self.isVisible():
            self.ensure_visible(key)
        self.viewport().update()

    def ensure_visible(self, key: str) -> None:
        rect = self.card_rect(key)
        if rect is not None and not self.viewport().rect().adjusted(
                TEAM_W, HEAD_H, 0, 0).contains(rect):
            dx, dy = self._origin()
            if rect.left() < TEAM_W or rect.right() > self.viewport().width():
                self.horizontalScrollBar().setValue(dx + rect.left() - TEAM_W - 6)
            self.verticalScrollBar().setValue(dy + rect.top() - HEAD_H - CELL_HEAD)

    # ---- painting ----------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        pal = self.palette()
        area = self.viewport().rect()
        painter.fillRect(area, pal.color(QPalette.ColorRole.Window))
        if not self.data.columns or self.controller.plan is None or self._stale:
            painter.end()  # another plan is on its way: nothing of the old one is drawn
            return
        dx, dy = self._origin()
        normal = QFont(self.font())
        bold = QFont(normal)
        bold.setBold(True)
        small = QFont(normal)
        small.setPointSizeF(max(7.0, normal.pointSizeF() * 0.9))
        ink = pal.color(QPalette.ColorRole.WindowText)
        mid = pal.color(QPalette.ColorRole.Mid)
        c0 = max(0, (dx) // COL_W)
        c1 = min(len(self.data.columns), (dx + area.width() - TEAM_W) // COL_W + 1)
        y_top, y_bottom = dy, dy + area.height() - HEAD_H
        r0 = max(0, bisect.bisect_right(self.tops, y_top) - 1)
        r1 = bisect.bisect_right(self.tops, y_bottom)
        marks = self.controller.layout.marks if self.controller.layout else {}
        crs = self.controller.plan.crs
        loads = self._loads()
        painter.setClipRect(QRect(TEAM_W, HEAD_H, area.width() - TEAM_W, area.height() - HEAD_H))
        for c in range(c0, c1):
            column = self.data.columns[c]
            x = TEAM_W + c * COL_W - dx
            shade = QColor(mid)
            shade.setAlpha(70 if column.frozen or not column.open else 25)
            if c == self._target:
                shade = QColor(pal.color(QPalette.ColorRole.Highlight))
                shade.setAlpha(70)
            painter.fillRect(QRect(x + 2, HEAD_H, COL_W - 4, area.height() - HEAD_H), shade)
            for r in range(r0, min(r1, len(self.tops))):
                team = self.data.teams[r][0]
                top = HEAD_H + self.tops[r] - dy
                load = loads.get((team, column.release))
                if load is not None:
                    painter.setFont(small)
                    painter.setPen(warning_ink(pal) if load.over else ink)
                    over = "  over capacity" if load.over else ""
                    painter.drawText(QRect(x + 8, top + 2, COL_W - 16, CELL_HEAD - 4),
                                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                     f"{load.load_hours:g} / {load.capacity_hours:g} h{over}")
                keys = self.data.cells.get((team, column.release), ())
                first = max(0, (y_top - self.tops[r] - CELL_HEAD) // PITCH)
                last = min(len(keys), (y_bottom - self.tops[r] - CELL_HEAD) // PITCH + 1)
                for i in range(first, last):
                    paint_card(painter, pal, self._card(r, c, i), crs[keys[i]], marks,
                               (normal, bold, small), is_selected(self, keys[i]))
        painter.setClipping(False)
        for r in range(r0, min(r1, len(self.tops))):  # row rules and team names, fixed left
            top = HEAD_H + self.tops[r] - dy
            painter.setPen(QPen(mid, 1))
            painter.drawLine(0, top, area.width(), top)
        painter.fillRect(QRect(0, HEAD_H, TEAM_W, area.height()), pal.color(QPalette.ColorRole.Window))
        painter.setFont(bold)
        painter.setPen(ink)
        teams = self.controller.plan.teams
        for r in range(r0, min(r1, len(self.tops))):
            key, name = self.data.teams[r]
            top = HEAD_H + self.tops[r] - dy
            painter.setClipRect(QRect(0, HEAD_H, TEAM_W, area.height()))
            painter.setFont(bold)
            painter.drawText(QRect(8, top + 4, TEAM_W - 12, 20), Qt.AlignmentFlag.AlignLeft, name)
            team = teams[key]
            painter.setFont(small)
            painter.drawText(QRect(8, top + 24, TEAM_W - 12, 18), Qt.AlignmentFlag.AlignLeft,
                             f"{team.members} x {team.hours_per_day:g} h a day")
        painter.setClipping(False)
        self._paint_headers(painter, c0, c1, dx, (normal, bold, small), ink)
        if self._drag is not None:
            key, at = self._drag
            ghost = QRect(at.x() - (COL_W - 12) // 2, at.y() - CARD_H // 2, COL_W - 12, CARD_H)
            painter.setOpacity(0.75)
            many = dragged_count(self, key)
            if many > 1:  # a stack: the cards dragged with it, blank, behind
                paint_card_back(painter, pal, ghost.translated(6, 6))
            paint_card(painter, pal, ghost, crs[key], marks, (normal, bold, small), True)
            painter.setOpacity(1)
            if many > 1:
                paint_count(painter, pal, ghost, many, bold)
        painter.end()

    def _loads(self):
        """(team, release) -> TeamLoad, rebuilt only when the plan's capacity was recomputed."""
        loads = capacity_of(self.controller)
        if self._loads_of is not loads:
            self._loads_of = loads
            self._loads_index = {(t.team, t.release): t for per_release in loads.values()
                                 for t in per_release}
        return self._loads_index

    def _paint_headers(self, painter, c0, c1, dx, fonts, ink) -> None:
        _, bold, small = fonts
        pal = self.palette()
        area = self.viewport().rect()
        painter.fillRect(QRect(0, 0, area.width(), HEAD_H), pal.color(QPalette.ColorRole.Window))
        painter.setClipRect(QRect(TEAM_W, 0, area.width() - TEAM_W, HEAD_H))
        for c in range(c0, c1):
            column = self.data.columns[c]
            x = TEAM_W + c * COL_W - dx
            box = QRect(x + 2, 2, COL_W - 4, HEAD_H - 4)
            painter.fillRect(box, pal.color(QPalette.ColorRole.Button))
            painter.setPen(ink)
            painter.setFont(bold)
            text = painter.fontMetrics().elidedText(column.title, Qt.TextElideMode.ElideRight,
                                                    COL_W - 16)
            painter.drawText(QRect(x + 8, 4, COL_W - 16, 18), Qt.AlignmentFlag.AlignLeft, text)
            painter.setFont(small)
            for n, line in enumerate(column.lines):
                painter.setPen(warning_ink(pal) if column.frozen and n == 1 else ink)
                painter.drawText(QRect(x + 8, 22 + n * 16, COL_W - 16, 16),
                                 Qt.AlignmentFlag.AlignLeft, line)
            if column.load:
                over = f", {len(column.over)} over" if column.over else ""
                painter.setPen(warning_ink(pal) if column.over else ink)
                painter.drawText(QRect(x + 8, 22 + len(column.lines) * 16, COL_W - 16, 16),
                                 Qt.AlignmentFlag.AlignLeft, column.load + over)
        painter.setClipping(False)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(0, HEAD_H - 1, area.width(), HEAD_H - 1)

    # ---- mouse -------------------------------------------------------------------------------

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            key = self.card_at(event.pos())
            if key is not None:
                QToolTip.showText(event.globalPos(), self.controller.describe(key), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            key = self.card_at(pos)
            self._press = (key, pos) if key is not None else None
            if key is not None:
                press_card(self, key, event.modifiers())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position().toPoint()
        if self._press is not None and (self._drag is not None or
                                        (pos - self._press[1]).manhattanLength() >= DRAG_PX):
            self._drag = (self._press[0], pos)
            over_backlog = self.is_over_backlog(event.globalPosition())
            self._target = None if over_backlog else self.column_at(pos)
            self.on_backlog_hover(over_backlog)
            self.viewport().update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        drag, self._press, self._drag = self._drag, None, None
        target, self._target = self._target, None
        release_card(self, dragged=drag is not None)
        if drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self.on_backlog_hover(False)
            self.viewport().update()
            if self.is_over_backlog(event.globalPosition()):
                self.on_drop(drag[0], None)
            elif target is not None:
                column = self.data.columns[target]
                self.on_drop(drag[0], column.release)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        key = self.card_at(event.position().toPoint())
        if key is not None:
            self.on_activate(key)

    # ---- a backlog row dragged onto the board ------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            self._target = self.column_at(event.position().toPoint())
            self.viewport().update()
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._target = None
        self.viewport().update()

    def dropEvent(self, event) -> None:
        cr = cr_from_mime(event.mimeData())
        target, self._target = self.column_at(event.position().toPoint()), None
        self.viewport().update()
        if cr is None or target is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.on_drop(cr, self.data.columns[target].release)
