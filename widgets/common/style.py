"""The timeline's measures and colours, shared by the live timeline, its labels and arrows,
and the timeline image."""

from __future__ import annotations

from PySide6.QtGui import QColor

from widgets.common.palette import contrast, readable

SECONDS_PER_DAY = 86_400.0
BAR_HEIGHT = 0.74  # of a sub-row; the gap keeps stacked bars apart
PAD = (1 - BAR_HEIGHT) / 2
LANE_GAP = 0.6  # rows of space between two teams' lanes
LABELS_UP_TO = 400  # with more bars in view, keys could not be read anyway
ARROWS_UP_TO = 3000  # dependency arrows of at most this many bars in view
COLLAPSED_ROWS = 0.7  # a collapsed lane: a thin band that keeps its name on the axis
ARROW_PX = 1.8
CHAIN_PX = 3.0

STAGE_COLORS = {  # colour-blind-aware, readable on light and dark backgrounds
    "draft": "#9aa5b1", "build": "#56b4e9", "test": "#e69f00", "approved": "#009e73",
    "on_hold": "#7f6a93", "deployed": "#c8ccd0",
}
STAGE_CODES = {stage: code for code, stage in enumerate(STAGE_COLORS)}
MARK_PENS = {"conflict": ("#d7263d", 2.6), "blocked": ("#6a3d9a", 2.0),
             "stale": ("#ff7f0e", 2.0)}
EMERGENCY = "#d7263d"
# A scenario, not the live plan: its banner, picker, tint and the marks of what it changed.
SCENARIO_AMBER = "#f3b23a"
ALLOWED = QColor(31, 119, 180)  # a target the rules allow
REFUSED = QColor(215, 38, 61)  # one they refuse
PARTIAL = QColor(138, 83, 0)  # one they refuse for some of the CRs dragged together


def text_on(fill: str) -> QColor:
    """Black or white, whichever reads better on `fill` (a stage colour)."""
    return QColor("#000000") if contrast(QColor(fill), QColor("#000000")) >= 4.5 \
        else QColor("#ffffff")


def legend_html(background: QColor, scenario: bool = False) -> str:
    """The strip under the timeline: stage swatches, the outline marks, emergency and freeze,
    each word readable (4.5:1) on `background`; in a `scenario`, its marks too."""
    def word(text: str, color: str) -> str:
        return f"<b style='color:{readable(color, background).name()}'>{text}</b>"

    stages = "  ".join(
        f'<span style="background:{color}">&nbsp;&nbsp;&nbsp;</span> {stage.replace("_", " ")}'
        for stage, color in STAGE_COLORS.items() if stage != "deployed")
    marks = " ".join(word(mark.replace("stale", "stale base"), color)
                     for mark, (color, _) in MARK_PENS.items())
    return (f"{stages} &nbsp;|&nbsp; outline: {marks} &nbsp; {word('red edge', EMERGENCY)}: "
            "emergency &nbsp;|&nbsp; hatched: freeze window"
            + (f" &nbsp;|&nbsp; {word('amber frame and corner', SCENARIO_AMBER)}: changed in "
               "this scenario" if scenario else ""))

# A banner across the window that something is wrong now (the database cannot be reached).
DANGER_BANNER = ("QLabel { background: #b3261e; color: white; padding: 6px 10px; "
                 "font-weight: bold; }")
