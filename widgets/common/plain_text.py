"""Plan text is shown as text, never read as markup: a title holding "<img src=...>" or "<b>"
shows those characters. Qt takes any string that looks like HTML as rich text (tooltips,
labels in automatic format), so text meant for rich contexts is escaped here, and labels that
show plan text alone are set to plain text."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def rich_lines(lines: list[str], bold_first: bool = True) -> str:
    """Lines of plan text as rich text (a tooltip): each escaped, the first in bold."""
    out = [escape(line) for line in lines]
    if bold_first and out:
        out[0] = f"<b>{out[0]}</b>"
    return "<br>".join(out)


def plain_label(text: str = "") -> QLabel:
    """A label that shows `text` as typed, whatever it holds."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


NAMES_SHOWN = 4  # names listed in one line; the rest are counted
NAME_CHARS = 24  # a longer name or key is cut: what others write never widens the window


def cut(text: str, chars: int = NAME_CHARS) -> str:
    return text if len(text) <= chars else text[:chars - 1] + "…"


def few_names(names: list[str], joined: str = ", ") -> str:
    """Names for one line of plain text: the first few and how many more (cut each name
    first)."""
    shown = names[:NAMES_SHOWN]
    more = len(names) - NAMES_SHOWN
    return joined.join(shown) + (f" and {more} more" if more > 0 else "")
