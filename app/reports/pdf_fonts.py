"""Font fallback, character by character, for the PDF report.

A PDF shows a character only if the font it is drawn in has it: DejaVu Sans covers Latin,
Greek and Cyrillic, not Chinese, Japanese or Korean, nor most emoji, which printed as boxes
(issue 24, 4.11). ReportLab has no fallback of its own, so every text the PDF draws goes through
`runs`: the text cut into pieces, each in the first font that has all its characters: DejaVu
Sans, then Droid Sans Fallback (CJK; Debian's fonts-droid-fallback), then Symbola (emoji and
symbols; fonts-symbola). TrueType outlines only: ReportLab cannot embed the CFF fonts (Noto CJK)
nor colour emoji. A character none of them has is drawn in the main font (a box), as before.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

# (font name, files to try): the first file found is used; a missing font is skipped.
FALLBACKS = (
    ("ReportCJK", ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                   "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf")),
    ("ReportSymbols", ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
                       "/usr/share/fonts/truetype/symbola/Symbola.ttf")),
)


def _utf16(code: int) -> str:
    """A character as ToUnicode wants it: UTF-16BE hex, a surrogate pair beyond the BMP."""
    return chr(code).encode("utf-16-be").hex().upper()


_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname, subset):
    """ReportLab's ToUnicode map with characters beyond the BMP (emoji) written as UTF-16
    surrogate pairs: ReportLab writes them as five hex digits, so a copied or searched 🚀 came
    out as another character. The glyphs were drawn right either way."""
    text = _original_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{_utf16(code)}>")
    return text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class Fonts:
    """The main font (regular and bold) and the fallbacks that exist here, with what each
    covers."""

    def __init__(self, regular: str, bold: str):
        self.regular, self.bold = regular, bold
        self.covers = frozenset(pdfmetrics.getFont(regular).face.charToGlyph)
        self.fallbacks: list[tuple[str, frozenset[int]]] = []
        for name, paths in FALLBACKS:
            path = next((p for p in paths if Path(p).is_file()), None)
            if path is None:
                continue
            font = TTFont(name, path)
            pdfmetrics.registerFont(font)
            self.fallbacks.append((name, frozenset(font.face.charToGlyph)))
        self._font_of: dict[str, str] = {}

    def plain(self, text: str) -> bool:
        """True when the main font has every character (the usual case: no runs needed)."""
        return text.isascii() or all(ord(ch) in self.covers for ch in text)

    def _font(self, ch: str, main: str) -> str:
        found = self._font_of.get(ch)
        if found is None:
            code = ord(ch)
            found = ""  # the main font, regular or bold
            if code not in self.covers and not ch.isspace():
                found = next((name for name, covers in self.fallbacks if code in covers), "")
            self._font_of[ch] = found
        return found or main

    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """`text` as (font name, piece) runs, each piece in a font that has it."""
        main = self.bold if bold else self.regular
        if self.plain(text):
            return [(main, text)]
        out: list[tuple[str, str]] = []
        for ch in text:
            font = self._font(ch, main)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(stringWidth(piece, font, size) for font, piece in self.runs(text, bold))

    def markup(self, text: str, bold: bool = False) -> str:
        """`text` escaped for a Paragraph, pieces the main font lacks in a <font> of their own."""
        main = self.bold if bold else self.regular
        return "".join(escape(piece) if font == main else
                       f'<font face="{font}">{escape(piece)}</font>'
                       for font, piece in self.runs(text, bold))

    def draw(self, canvas, x: float, y: float, text: str, size: float, bold: bool = False,
             right: bool = False) -> None:
        """Draw `text` at (x, y), or ending at x when `right`, falling back per character."""
        if right:
            x -= self.width(text, size, bold)
        for font, piece in self.runs(text, bold):
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += stringWidth(piece, font, size)

    def fit(self, text: str, size: float, room: float, bold: bool = False) -> str:
        """`text`, cut with an ellipsis to fit `room` points on one line."""
        if self.width(text, size, bold) <= room:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix that fits with its ellipsis
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid].rstrip() + "…", size, bold) <= room:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"


@cache
def fonts(regular: str, bold: str) -> Fonts:
    return Fonts(regular, bold)
