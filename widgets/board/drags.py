"""Dragging cards on the board, by composition of a BoardView: a card pressed and moved far
enough is dragged; over a column the workspace's mover says what a drop would do (the same
answer as on the timeline: a column the rules refuse turns red, and the note beside the
pointer says why, before anything is dropped); over the backlog panel it goes to the backlog.
A backlog row dragged onto the board (Qt's drag and drop) gets the same note."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from widgets.board.geometry import DRAG_PX
from widgets.board.selection import press_card, release_card
from widgets.common.cr_drag import cr_from_mime
from widgets.common.style import ALLOWED, PARTIAL, REFUSED

NOTE_OFFSET = QPoint(18, 14)


class BoardDrags:
    def __init__(self, board):
        self.board = board
        self.mover = board.workspace.mover
        self.pressed: tuple[str, QPoint] | None = None
        self.dragged: tuple[str, QPoint] | None = None  # the card dragged and where it is
        self.target: int | None = None  # the column a drop now would go to
        self.refused = False  # whether the rules refuse that column for all dragged
        self.note = QLabel(board.viewport())
        self.note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.note.setWordWrap(True)
        self.note.setMaximumWidth(380)
        self.note.hide()

    # ---- a card dragged on the board -------------------------------------------------------

    def press(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        key = self.board.card_at(pos)
        self.pressed = (key, pos) if key is not None else None
        if key is not None:
            press_card(self.board, key, event.modifiers())

    def move(self, event) -> None:
        pos = event.position().toPoint()
        if self.pressed is None or (self.dragged is None and
                                    (pos - self.pressed[1]).manhattanLength() < DRAG_PX):
            return
        key = self.pressed[0]
        self.dragged = (key, pos)
        zone = self.mover.zone_at(event.globalPosition().toPoint())
        self.mover.hover_zone(zone[0] if zone is not None else None)
        column = None if zone is not None else self.board.column_at(pos)
        target = zone[1] if zone is not None else (
            self.board.data.columns[column].target if column is not None else None)
        self._show(key, target, pos, column)

    def release(self, event) -> None:
        dragged, self.pressed, self.dragged = self.dragged, None, None
        column, self.target = self.target, None
        release_card(self.board, dragged=dragged is not None)
        if dragged is None or event.button() != Qt.MouseButton.LeftButton:
            return
        zone = self.mover.zone_at(event.globalPosition().toPoint())
        target = zone[1] if zone is not None else (
            self.board.data.columns[column].target if column is not None else None)
        if target is not None:
            self.board.dropped.emit(dragged[0], target)
        self.mover.hover_zone(None)
        self._clear()

    # ---- a backlog row dragged onto the board ------------------------------------------------

    def drag_enter(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drag_move(self, event) -> None:
        key = cr_from_mime(event.mimeData())
        if key:
            pos = event.position().toPoint()
            column = self.board.column_at(pos)
            target = self.board.data.columns[column].target if column is not None else None
            self._show(key, target, pos, column)
            event.acceptProposedAction()

    def drag_leave(self) -> None:
        self._clear()

    def drop(self, event) -> None:
        key = cr_from_mime(event.mimeData())
        column = self.board.column_at(event.position().toPoint())
        self._clear()
        if key is None or column is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.board.dropped.emit(key, self.board.data.columns[column].target)

    # ---- the note beside the pointer ---------------------------------------------------------

    def _show(self, key: str, target, pos: QPoint, column: int | None) -> None:
        self.target = column
        if target is None:
            self.refused = False
            self.note.hide()
            self.board.viewport().update()
            return
        preview = self.mover.preview(key, target)
        self.refused = preview.all_refused or (len(preview.group) == 1
                                               and bool(preview.refused))
        color = REFUSED if self.refused else (PARTIAL if preview.refused else ALLOWED)
        self.note.setText(preview.note())
        self.note.setStyleSheet(f"QLabel {{ background: {color.name()}; color: white; "
                                "padding: 4px 7px; border-radius: 3px; }")
        self.note.adjustSize()
        area = self.board.viewport().rect()
        at = pos + NOTE_OFFSET
        if at.x() + self.note.width() > area.right():
            at.setX(max(0, pos.x() - NOTE_OFFSET.x() - self.note.width()))
        if at.y() + self.note.height() > area.bottom():
            at.setY(max(0, pos.y() - NOTE_OFFSET.y() - self.note.height()))
        self.note.move(at)
        self.note.show()
        self.note.raise_()
        self.board.viewport().update()

    def _clear(self) -> None:
        self.target, self.refused = None, False
        self.note.hide()
        self.board.viewport().update()
