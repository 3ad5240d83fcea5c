"""One card of the board, painted: the stage's colour down its left edge, the key and the
estimate and priority, the title, then the stage and the marks in words (conflict, blocked,
stale base, emergency) in the timeline's colours; a red right edge for an emergency; an amber
top edge and the word "scenario" on a card the scenario shown changed."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen

from widgets.common.palette import readable
from widgets.common.style import EMERGENCY, MARK_PENS, SCENARIO_AMBER, STAGE_COLORS

MARK_WORDS = {"conflict": "conflict", "blocked": "blocked", "stale": "stale base"}
OVER = QColor("#d7263d")
OVER_ON_DARK = QColor("#ff7b7b")  # the same warning, readable on a dark palette


def warning_ink(palette: QPalette) -> QColor:
    return OVER_ON_DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else OVER


def paint_card(painter, pal: QPalette, rect: QRect, cr, marks, fonts, selected: bool,
               in_scenario: bool = False) -> None:
    """A CR's card: stage colour on the left, key and estimate, title, stage and marks;
    `in_scenario`: changed in the scenario shown."""
    normal, bold, small = fonts
    painter.fillRect(rect, pal.color(QPalette.ColorRole.Base))
    painter.fillRect(QRect(rect.left(), rect.top(), 7, rect.height()),
                     QColor(STAGE_COLORS.get(cr.stage, "#b0b0b0")))
    flagged = [m for m in MARK_WORDS if cr.key in marks.get(m, ())]
    if selected:
        pen = QPen(pal.color(QPalette.ColorRole.Highlight), 3)
    elif flagged:
        pen = QPen(QColor(MARK_PENS[flagged[0]][0]), 2)
    else:
        pen = QPen(pal.color(QPalette.ColorRole.Mid), 1)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5))
    if cr.emergency:
        painter.fillRect(QRect(rect.right() - 4, rect.top(), 5, rect.height()),
                         QColor(EMERGENCY))
    if in_scenario:
        painter.fillRect(QRect(rect.left(), rect.top(), rect.width(), 4), QColor(SCENARIO_AMBER))
    text = pal.color(QPalette.ColorRole.Text)
    inner = rect.adjusted(12, 3, -9, -3)
    painter.setFont(bold)
    painter.setPen(text)
    painter.drawText(QRect(inner.left(), inner.top(), inner.width(), 18),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, cr.key)
    painter.setFont(normal)
    painter.drawText(QRect(inner.left(), inner.top(), inner.width(), 18),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     f"{cr.estimate_hours:g} h  P{cr.priority}")
    title = painter.fontMetrics().elidedText(cr.title, Qt.TextElideMode.ElideRight,
                                             inner.width())
    painter.drawText(QRect(inner.left(), inner.top() + 19, inner.width(), 18),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    painter.setFont(small)
    x = inner.left()
    dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
    words = [(cr.stage.replace("_", " "), text)]
    words += [(MARK_WORDS[m], QColor(MARK_PENS[m][0])) for m in flagged]
    if cr.emergency:
        words.append(("emergency", QColor(EMERGENCY)))
    if in_scenario:
        words.append(("scenario", readable(SCENARIO_AMBER, pal.color(QPalette.ColorRole.Base))))
    if dark:  # the marks' colours are dark tones: lighter ones read on a dark card
        words = [(w, c if c is text else c.lighter(165)) for w, c in words]
    for word, color in words:
        painter.setPen(color)
        painter.setFont(small if color is text else QFont(bold.family(), small.pointSize(),
                                                           QFont.Weight.Bold))
        width = painter.fontMetrics().horizontalAdvance(word)
        if x + width > inner.right():
            break
        painter.drawText(QRect(x, inner.top() + 38, width + 2, 16),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, word)
        x += width + 10


def paint_card_back(painter, pal: QPalette, rect: QRect) -> None:
    """A blank card: one of those dragged together, seen behind the one under the pointer."""
    painter.fillRect(rect, pal.color(QPalette.ColorRole.Base))
    painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(rect).adjusted(1, 1, -1, -1))


def paint_count(painter, pal: QPalette, card: QRect, count: int, font) -> None:
    """How many cards a drag moves, as a badge on the dragged card's corner."""
    text = f"{count}"
    painter.setFont(font)
    width = max(24, painter.fontMetrics().horizontalAdvance(text) + 12)
    badge = QRect(card.right() - width // 2, card.top() - 10, width, 20)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
    painter.drawRoundedRect(badge, 10, 10)
    painter.setPen(pal.color(QPalette.ColorRole.HighlightedText))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
