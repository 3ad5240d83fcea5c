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
