"""What Qt's SVG generator leaves out of the timeline image, put back: clipping and a font
family that every viewer resolves.

QSvgGenerator ignores QPainter clipping (the freeze hatching and bars would spill past the
plot) and writes Qt's own family names ("Sans Serif" is no CSS family: browsers fall back to a
serif). The painter marks where a clipped region begins and ends with a marker text
(`ClipMarks`); `finish_svg` turns each pair into a group with a `clip-path` and its `<clipPath>`,
and gives every font a CSS fallback list.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

FONT_FAMILY = "DejaVu Sans"
CSS_FONTS = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif"
_MARK = "clipmark-{}-{}"
_MARK_GROUP = re.compile(
    r'<g [^>]*>\s*<text [^>]*>clipmark-(begin|end)-(\w+)</text>\s*</g>', re.S)
_FAMILY = re.compile(r'font-family="[^"]*"')


class ClipMarks:
    """Clipping that survives in SVG: `begin(p, name, rect)` clips the painter (PNG) and, for an
    SVG, marks the start of the group that `finish_svg` clips to `rect`."""

    def __init__(self, svg: bool):
        self.svg = svg
        self.rects: dict[str, QRectF] = {}

    def begin(self, p: QPainter, name: str, rect: QRectF) -> None:
        p.save()
        p.setClipRect(rect)
        if self.svg:
            self.rects[name] = QRectF(rect)
            self._mark(p, "begin", name)

    def end(self, p: QPainter, name: str) -> None:
        if self.svg:
            self._mark(p, "end", name)
        p.restore()

    @staticmethod
    def _mark(p: QPainter, which: str, name: str) -> None:
        p.save()
        p.setClipping(False)
        p.drawText(QPointF(0, 0), _MARK.format(which, name))
        p.restore()


def finish_svg(data: bytes, marks: ClipMarks) -> bytes:
    text = data.decode("utf-8")

    def group(match: re.Match) -> str:
        which, name = match.group(1), match.group(2)
        return f'<g clip-path="url(#clip-{name})">' if which == "begin" else "</g>"

    text = _MARK_GROUP.sub(group, text)
    paths = "".join(
        f'<clipPath id="clip-{name}"><rect x="{r.x():.2f}" y="{r.y():.2f}" '
        f'width="{r.width():.2f}" height="{r.height():.2f}"/></clipPath>'
        for name, r in marks.rects.items())
    text = text.replace("<defs>", "<defs>" + paths, 1)
    text = _FAMILY.sub(f'font-family="{CSS_FONTS}"', text)
    return text.encode("utf-8")
