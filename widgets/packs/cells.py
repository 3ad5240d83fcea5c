"""How the offer-pack browser's cells read and look, shared by its tree and its tables: an
item's status in words, which CR work the filter keeps, and colours that suit either palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from app.model.plan import Item
from app.views.cr_filter import CrFilter
from app.views.pack_usage import PackUsage

# Translucent, so that the palette's own text stays readable on it, light or dark.
CLASH = QColor(255, 170, 0, 80)


def status_text(usage: PackUsage, item: Item) -> str:
    """An item's status as a planner needs it: live, coming, or going."""
    creator = usage.creator(item.key)
    if creator:
        return f"new ({creator})"
    if item.status == "retired":
        return "retired"
    retiring = usage.retired_by(item.key)
    return f"retiring ({', '.join(retiring)})" if retiring else item.status


def muted() -> QColor:
    """Text that should read as 'not live': halfway between the palette's text and base, so
    that it stays legible in light and dark (Fusion's disabled grey nearly vanishes on white)."""
    palette = QGuiApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor((text.red() + base.red()) // 2, (text.green() + base.green()) // 2,
                  (text.blue() + base.blue()) // 2)


def keeps_work(crs_filter: CrFilter, team: str, stage: str) -> bool:
    """The team and stage of the filter narrow the CR work a view shows."""
    return (not crs_filter.team or team == crs_filter.team) and \
        (not crs_filter.stage or stage == crs_filter.stage)


def font_with(bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font
