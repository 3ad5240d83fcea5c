"""The PDF report's fonts, colours and paragraph styles: one light palette, always.

The font is DejaVu Sans where the system has it (Debian's fonts-dejavu-core), else Bitstream
Vera, which ships inside ReportLab. Both are embedded, so the PDF reads the same everywhere;
DejaVu also covers the names of teams and offers beyond Western European letters, which the
PDF base fonts (Helvetica) cannot show.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.reports.pdf_fonts import Fonts, fonts

FONT, BOLD = "ReportSans", "ReportSans-Bold"
CELL_SIZE = 8
PAD = 4

INK = colors.HexColor("#1d2433")
MUTED = colors.HexColor("#5b6475")
ACCENT = colors.HexColor("#1f4e8c")
RULE = colors.HexColor("#d5dbe5")
HEAD_BG = colors.HexColor("#e3e9f3")
ZEBRA = colors.HexColor("#f6f8fb")
# (edge, background) of the verdict box
GOOD = (colors.HexColor("#1e7b45"), colors.HexColor("#eaf6ee"))
BAD = (colors.HexColor("#a3222f"), colors.HexColor("#fbeced"))
DONE = (ACCENT, colors.HexColor("#eef2f8"))

_SYSTEM_FONTS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
                 Path("/usr/local/share/fonts"), Path("/Library/Fonts"))


def _font_files() -> tuple[Path, Path]:
    for folder in _SYSTEM_FONTS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    shipped = Path(reportlab.__file__).parent / "fonts"
    return shipped / "Vera.ttf", shipped / "VeraBd.ttf"


@cache
def register_fonts() -> Fonts:
    """The report's fonts, registered with ReportLab once; with their per-character fallback
    for what DejaVu Sans lacks (app.reports.pdf_fonts)."""
    regular, bold = _font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    found = fonts(FONT, BOLD)
    for name, _covers in found.fallbacks:  # no bold of their own: the same face in bold text
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name,
                                      boldItalic=name)
    return found


def _style(name: str, size: float, font: str = FONT, color=INK, **more) -> ParagraphStyle:
    more.setdefault("leading", size * 1.25)
    return ParagraphStyle(name, fontName=font, fontSize=size, textColor=color, **more)


STYLES = {
    "kicker": _style("kicker", 9, BOLD, MUTED, spaceAfter=2),
    "title": _style("title", 20, BOLD, ACCENT, spaceAfter=8, leading=24),
    # No keepWithNext: a heading is kept with its table's first rows by a conditional page
    # break before it (app.reports.pdf); ReportLab's keep-with-next groups left blank pages.
    "h2": _style("h2", 13, BOLD, ACCENT, spaceBefore=12, spaceAfter=2),
    "h3": _style("h3", 10.5, BOLD, ACCENT, spaceBefore=6, spaceAfter=1),
    "intro": _style("intro", 8.5, color=MUTED, spaceAfter=5),
    "note": _style("note", 8.5, BOLD, INK, spaceBefore=4, spaceAfter=5),
    "empty": _style("empty", 9, color=MUTED),
    "verdict": _style("verdict", 10, BOLD),
    "caption": _style("caption", 7.5, color=MUTED, spaceBefore=3),
    "label": _style("label", 9, color=MUTED),
    "label_bold": _style("label_bold", 9, BOLD, MUTED),
    "cell": _style("cell", 9),
    "head": _style("head", CELL_SIZE, BOLD),
    "head_right": _style("head_right", CELL_SIZE, BOLD, alignment=TA_RIGHT),
    "big": _style("big", 16, BOLD, ACCENT, leading=18),
    "small": _style("small", 7.5, color=MUTED),
    "risk": _style("risk", 8),
    "risk_bold": _style("risk_bold", 8, BOLD),
}
