"""The status bar, with messages that are never cut off: a message too long for the bar is
elided, its whole text is the bar's tooltip, and every message of the session is kept in the
Messages list (the button at the bar's right)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QToolButton

KEPT = 30  # messages listed


class MessageBar(QStatusBar):
    def __init__(self):
        super().__init__()
        self.history: list[tuple[datetime, str]] = []
        self._full = ""
        self.messages_button = QToolButton()
        self.messages_button.setText("Messages")
        self.messages_button.setToolTip("Every message of this session, in full")
        self.messages_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.messages_menu = QMenu(self.messages_button)
        self.messages_menu.aboutToShow.connect(self._fill)
        self.messages_button.setMenu(self.messages_menu)
        self._permanent = []
        self.addPermanentWidget(self.messages_button)

    def addPermanentWidget(self, widget, stretch: int = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch)

    def showMessage(self, text: str, timeout: int = 0) -> None:
        self._full = text
        if text:
            self.history.append((datetime.now(), text))
            del self.history[:-KEPT]
            self.messages_button.setText(f"Messages ({len(self.history)})")
        self.setToolTip(text)
        super().showMessage(self._elided(text), timeout)

    def currentMessage(self) -> str:
        """The whole message shown now, not its elided form."""
        return self._full if super().currentMessage() else ""

    def _room(self) -> int:
        used = sum(w.width() for w in self._permanent if w.isVisible())
        return max(80, self.width() - used - 12 * len(self._permanent) - 24)

    def _elided(self, text: str) -> str:
        return QFontMetrics(self.font()).elidedText(text, Qt.TextElideMode.ElideRight,
                                                    self._room())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if super().currentMessage():
            QStatusBar.showMessage(self, self._elided(self._full))

    def _fill(self) -> None:
        self.messages_menu.clear()
        if not self.history:
            self.messages_menu.addAction("No messages yet").setEnabled(False)
        for at, text in reversed(self.history):
            self.messages_menu.addAction(f"{at:%H:%M:%S}  {text}")


class ElidedLabel(QLabel):
    """A one-line label that elides rather than widening the window; the whole text is its
    tooltip."""

    def __init__(self):
        super().__init__()
        self._text = ""
        self.setMinimumWidth(60)

    def setText(self, text: str) -> None:
        self._text = text
        self.setToolTip(text)
        self._show()

    def text(self) -> str:
        return self._text

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(min(QFontMetrics(self.font()).horizontalAdvance(self._text) + 8, 700))
        return hint

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(60)
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        super().setText(QFontMetrics(self.font()).elidedText(
            self._text, Qt.TextElideMode.ElideRight, max(20, self.width() - 4)))
