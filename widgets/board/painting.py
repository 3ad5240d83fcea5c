"""Painting the board: only the cards in view, with one QPainter pass (a widget per card
would not scale to 100,000 CRs); team names stay at the left and column headers on top."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen

from widgets.board.card import paint_card, paint_card_back, paint_count, warning_ink
from widgets.board.geometry import CARD_H, CELL_HEAD, COL_W, HEAD_H, PITCH, TEAM_W
from widgets.board.selection import dragged_count, is_selected
from widgets.common.style import REFUSED


def paint_board(board) -> None:
    """The board's viewport: the cells in view, team names fixed left, column headers fixed
    on top, and a dragged card under the pointer."""
    painter = QPainter(board.viewport())
    pal = board.palette()
    area = board.viewport().rect()
    paper = board.tint or pal.color(QPalette.ColorRole.Window)
    painter.fillRect(area, paper)
    if not board.data.columns or board.session.plan is None or board._stale:
        painter.end()  # another plan is on its way: nothing of the old one is drawn
        return
    dx, dy = board._origin()
    normal = QFont(board.font())
    bold = QFont(normal)
    bold.setBold(True)
    small = QFont(normal)
    small.setPointSizeF(max(7.0, normal.pointSizeF() * 0.9))
    ink = pal.color(QPalette.ColorRole.WindowText)
    mid = pal.color(QPalette.ColorRole.Mid)
    c0 = max(0, (dx) // COL_W)
    c1 = min(len(board.data.columns), (dx + area.width() - TEAM_W) // COL_W + 1)
    y_top, y_bottom = dy, dy + area.height() - HEAD_H
    r0 = max(0, bisect.bisect_right(board.tops, y_top) - 1)
    r1 = bisect.bisect_right(board.tops, y_bottom)
    marks = board.session.layout.marks if board.session.layout else {}
    crs = board.session.plan.crs
    derived = board.session.derived
    painter.setClipRect(QRect(TEAM_W, HEAD_H, area.width() - TEAM_W, area.height() - HEAD_H))
    for c in range(c0, c1):
        column = board.data.columns[c]
        x = TEAM_W + c * COL_W - dx
        shade = QColor(mid)
        shade.setAlpha(70 if column.frozen or not column.open else 25)
        if c == board.drags.target:
            shade = QColor(REFUSED if board.drags.refused
                           else pal.color(QPalette.ColorRole.Highlight))
            shade.setAlpha(70)
        painter.fillRect(QRect(x + 2, HEAD_H, COL_W - 4, area.height() - HEAD_H), shade)
        for r in range(r0, min(r1, len(board.tops))):
            team = board.data.teams[r][0]
            top = HEAD_H + board.tops[r] - dy
            load = derived.load(team, column.target.release) \
                if derived is not None and column.target.release else None
            if load is not None:
                painter.setFont(small)
                painter.setPen(warning_ink(pal) if load.over else ink)
                over = "  over capacity" if load.over else ""
                painter.drawText(QRect(x + 8, top + 2, COL_W - 16, CELL_HEAD - 4),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 f"{load.load_hours:g} / {load.capacity_hours:g} h{over}")
            keys = board.data.cells.get((team, column.target), ())
            first = max(0, (y_top - board.tops[r] - CELL_HEAD) // PITCH)
            last = min(len(keys), (y_bottom - board.tops[r] - CELL_HEAD) // PITCH + 1)
            for i in range(first, last):
                paint_card(painter, pal, board._card(r, c, i), crs[keys[i]], marks,
                           (normal, bold, small), is_selected(board, keys[i]),
                           keys[i] in board.scenario_crs)
    painter.setClipping(False)
    for r in range(r0, min(r1, len(board.tops))):  # row rules and team names, fixed left
        top = HEAD_H + board.tops[r] - dy
        painter.setPen(QPen(mid, 1))
        painter.drawLine(0, top, area.width(), top)
    painter.fillRect(QRect(0, HEAD_H, TEAM_W, area.height()), paper)
    painter.setFont(bold)
    painter.setPen(ink)
    teams = board.session.plan.teams
    for r in range(r0, min(r1, len(board.tops))):
        key, name = board.data.teams[r]
        top = HEAD_H + board.tops[r] - dy
        painter.setClipRect(QRect(0, HEAD_H, TEAM_W, area.height()))
        painter.setFont(bold)
        painter.drawText(QRect(8, top + 4, TEAM_W - 12, 20), Qt.AlignmentFlag.AlignLeft, name)
        team = teams[key]
        painter.setFont(small)
        painter.drawText(QRect(8, top + 24, TEAM_W - 12, 18), Qt.AlignmentFlag.AlignLeft,
                         f"{team.members} x {team.hours_per_day:g} h a day")
    painter.setClipping(False)
    _paint_headers(board, painter, c0, c1, dx, (normal, bold, small), ink)
    if board.drags.dragged is not None:
        key, at = board.drags.dragged
        ghost = QRect(at.x() - (COL_W - 12) // 2, at.y() - CARD_H // 2, COL_W - 12, CARD_H)
        painter.setOpacity(0.75)
        many = dragged_count(board, key)
        if many > 1:  # a stack: the cards dragged with it, blank, behind
            paint_card_back(painter, pal, ghost.translated(6, 6))
        paint_card(painter, pal, ghost, crs[key], marks, (normal, bold, small), True)
        painter.setOpacity(1)
        if many > 1:
            paint_count(painter, pal, ghost, many, bold)
    painter.end()

def _paint_headers(board, painter, c0, c1, dx, fonts, ink) -> None:
    _, bold, small = fonts
    pal = board.palette()
    area = board.viewport().rect()
    painter.fillRect(QRect(0, 0, area.width(), HEAD_H),
                     board.tint or pal.color(QPalette.ColorRole.Window))
    painter.setClipRect(QRect(TEAM_W, 0, area.width() - TEAM_W, HEAD_H))
    for c in range(c0, c1):
        column = board.data.columns[c]
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
