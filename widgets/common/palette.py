"""Light and dark appearance. The client follows the desktop's palette; a planner who wants
the other one sets RELEASE_PLANNER_THEME=dark (or light), which also suits screenshots."""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

DARK = {
    QPalette.ColorRole.Window: "#2b2d31", QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.AlternateBase: "#2b2d31",
    QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#3a3c41",
    QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.ToolTipBase: "#3a3c41",
    QPalette.ColorRole.ToolTipText: "#f0f0f0", QPalette.ColorRole.Highlight: "#3d7bd9",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Link: "#7fb2ff",
}


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Apply `theme` ("dark", "light"; default: RELEASE_PLANNER_THEME, else the desktop's).
    Returns the theme in use."""
    theme = (theme or os.environ.get("RELEASE_PLANNER_THEME", "")).strip().lower()
    if theme not in ("dark", "light"):
        return "system"
    app.setStyle("Fusion")  # the one style that draws every palette role as given
    palette = app.style().standardPalette()
    if theme == "dark":
        for role, color in DARK.items():
            palette.setColor(role, QColor(color))
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7a7a7a"))
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                         QColor("#7a7a7a"))
    app.setPalette(palette)
    return theme


def luminance(color: QColor) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(color: QColor | str, background: QColor, ratio: float = 4.5) -> QColor:
    """`color`, darkened on a light background or lightened on a dark one just enough to
    reach `ratio` against `background`: marks keep their hue and become legible."""
    color = QColor(color)
    dark_background = luminance(background) < 0.18
    hue, saturation, lightness, alpha = color.getHslF()
    hue = max(hue, 0.0)  # -1 for greys
    for _ in range(40):
        if contrast(color, background) >= ratio:
            return color
        lightness = min(1.0, lightness + 0.03) if dark_background else max(0.0, lightness - 0.03)
        color = QColor.fromHslF(hue, saturation, lightness, alpha)
    return color


def scenario_tint(background: QColor, amber: QColor | str) -> QColor:
    """`background` with a faint wash of `amber`: a scenario's views, never mistaken for live,
    bars and text still read on it (on a dark background a little shows more)."""
    amber = QColor(amber)
    share = 0.11 if luminance(background) < 0.18 else 0.2
    return QColor(*(round(b + (a - b) * share) for a, b in (
        (amber.red(), background.red()), (amber.green(), background.green()),
        (amber.blue(), background.blue()))))
