"""The board (Azure DevOps Delivery Plans' layout): a row per team, a column per release around
the dates in view on the timeline (and the backlog), each CR a card with its key, title, stage
colour, estimate and marks; the column header shows go-live, freeze state and load against
capacity. Dragging a card to another column (or onto the backlog panel) reschedules it through
the workspace's mover, as on the timeline: while dragging, a column the rules refuse turns red
with the reason beside the pointer, before anything is dropped; same undo.

Only the cards in view are painted (a custom-painted scroll area, not a widget per card), so it
stays responsive at 100,000 CRs.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, QPoint, QRect, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from app.model.plan import Target
from app.scenarios.model import LIVE
from widgets.board.cells import BoardCells
from widgets.board.drags import BoardDrags
from widgets.board.geometry import CARD_H, CELL_HEAD, COL_W, HEAD_H, PAD, PITCH, TEAM_W
from widgets.board.painting import paint_board
from widgets.board.selection import position_of
from widgets.common.palette import scenario_tint
from widgets.common.plain_text import rich_lines
from widgets.common.style import SCENARIO_AMBER


class BoardView(QAbstractScrollArea):
    select_requested = Signal(list, object)  # keys, the current one (None: nothing)
    activated = Signal(str)  # a card double-clicked: open it
    dropped = Signal(str, object)  # a card dropped: the CR and its Target

    def __init__(self, session, workspace):
        super().__init__()
        self.session = session
        self.workspace = workspace
        self.data = BoardCells(session)
        self.days: tuple[float, float] | None = None
        self.tops: list[int] = []  # each team row's top in content pixels
        self.height_px = 0
        self.selected: str | None = None  # the current card
        self.selection = workspace.selection  # every card selected
        self.anchor: str | None = None  # where a Shift-click range starts
        self.pending_single: str | None = None
        self.scenario_crs: frozenset[str] = frozenset()  # cards changed in the scenario shown
        self.tint: QColor | None = None  # the background while in a scenario
        self._stale = True
        self.drags = BoardDrags(self)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.viewport().setMouseTracking(True)
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(PITCH // 2)
        session.plan_changed.connect(self.refresh)
        session.edited.connect(lambda _changes: self.refresh())
        session.put_back.connect(lambda _keys: self.viewport().update())
        session.derived_ready.connect(self._derived)
        workspace.days_changed.connect(lambda first, last: self.set_days((first, last)))
        workspace.scenario_shown.connect(self._scenario)

    def _scenario(self, name: str, changed: frozenset) -> None:
        self.scenario_crs = changed
        self.tint = None if name == LIVE else scenario_tint(self.palette().window().color(),
                                                            SCENARIO_AMBER)
        self.viewport().update()

    def _derived(self, kind: str) -> None:
        if kind == "capacity":
            self.refresh()  # the column headers' loads
        else:
            self.viewport().update()

    # ---- content -----------------------------------------------------------------------------

    def set_days(self, days: tuple[float, float] | None) -> None:
        """The dates in view on the timeline (day numbers): the releases to show."""
        if days != self.days:
            self.days = days
            self.refresh()

    def refresh(self) -> None:
        if self.session.plan is None:
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

    def column_rect(self, target: Target) -> QRect | None:
        """The column of `target` in viewport pixels, below the header."""
        for c, column in enumerate(self.data.columns):
            if column.target == target:
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
        if self._stale or self.session.plan is None:
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
        keys = self.data.cells.get((team, self.data.columns[c].target), ())
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
        paint_board(self)

    # ---- mouse and drags (widgets/board/drags.py) ------------------------------------------

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            key = self.card_at(event.pos())
            derived = self.session.derived
            if key is not None and derived is not None:
                QToolTip.showText(event.globalPos(), rich_lines(derived.describe(key)),
                                  self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:
        self.drags.press(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        self.drags.move(event)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self.drags.release(event)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        key = self.card_at(event.position().toPoint())
        if key is not None:
            self.activated.emit(key)

    def dragEnterEvent(self, event) -> None:
        self.drags.drag_enter(event)

    def dragMoveEvent(self, event) -> None:
        self.drags.drag_move(event)

    def dragLeaveEvent(self, event) -> None:
        self.drags.drag_leave()

    def dropEvent(self, event) -> None:
        self.drags.drop(event)
