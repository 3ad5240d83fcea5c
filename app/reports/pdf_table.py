"""A long table for the PDF that pages in linear time.

ReportLab's Table measures every remaining row again at each page break and copies its style
commands into each piece: a 10,000-row table took 24 s for 867 pages. Here each row is measured
once (a prefix sum of heights), a page break is a binary search, long cells are wrapped with
simpleSplit rather than a Paragraph each (ten times cheaper), and a page's cells are drawn in one
text object, in reading order. The header row repeats on every page; zebra rows, group rules
and right-aligned hours are drawn directly. 10,000 changes: about 2 s for 900 pages.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from xml.sax.saxutils import escape

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from app.reports.pdf_style import (
    ACCENT,
    CELL_SIZE,
    FONT,
    HEAD_BG,
    INK,
    MUTED,
    PAD,
    RULE,
    STYLES,
    ZEBRA,
)

TOP_PAD, BOTTOM_PAD = 2.5, 3.0
LINE = CELL_SIZE * 1.25
MORE = "… (cut here to fit the page; the full value is in the XLSX and CSV reports)"


class Rows:
    """A table's measured rows, shared by all the pieces it is split into."""

    def __init__(self, titles: list[str], cells: list[list[str]], widths: list[float],
                 right: set[int], group_starts: set[int], max_height: float,
                 row_pad: float = 0.0, grid: bool = False):
        self.widths, self.right, self.group_starts = widths, right, group_starts
        self.grid = grid
        self.xs = list(accumulate([0.0, *widths[:-1]]))
        room = [w - 2 * PAD for w in widths]
        self.head = [Paragraph(escape(t), STYLES["head_right" if i in right else "head"])
                     for i, t in enumerate(titles)]
        self.head_h = max(p.wrap(r, 1e6)[1] for p, r in zip(self.head, room, strict=True)) \
            + TOP_PAD + BOTTOM_PAD
        self.cells, heights = [], []
        limit = int((max_height - self.head_h - 2 * row_pad - TOP_PAD - BOTTOM_PAD) // LINE)
        for row in cells:
            fitted = [_fit(text, r, limit) for text, r in zip(row, room, strict=True)]
            lines = max(1 if isinstance(c, str) else len(c) for c in fitted)
            self.cells.append(fitted)
            heights.append(lines * LINE + TOP_PAD + BOTTOM_PAD + 2 * row_pad)
        self.heights = heights
        self.tops = list(accumulate([0.0, *heights]))  # tops[i]: rows 0..i-1 together
        self.row_pad = row_pad


def _fit(text: str, room: float, limit: int):
    """A string when it fits its column on one line, else its wrapped lines (a Paragraph per
    cell would cost ten times as much). A value longer than a page is cut, and says so."""
    if "\n" not in text and stringWidth(text, FONT, CELL_SIZE) <= room:
        return text
    lines = []
    for line in simpleSplit(text, FONT, CELL_SIZE, room):
        lines += _break_word(line, room) if stringWidth(line, FONT, CELL_SIZE) > room else [line]
    if len(lines) > limit:
        lines = [*lines[:max(1, limit - 2)], *simpleSplit(MORE.strip(), FONT, CELL_SIZE, room)]
    return lines


def _break_word(word: str, room: float) -> list[str]:
    """A word wider than its column (a URL, a long key), broken between characters."""
    out, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, FONT, CELL_SIZE) > room:
            out.append(current)
            current = ""
        current += ch
    return [*out, current]


class PagedTable(Flowable):
    """Rows `start` to `end` of a measured table, with the header on top."""

    def __init__(self, rows: Rows, start: int = 0, end: int | None = None):
        super().__init__()
        self.rows, self.start = rows, start
        self.end = len(rows.cells) if end is None else end
        self.width = sum(rows.widths)

    def _height_of(self, end: int) -> float:
        return self.rows.head_h + self.rows.tops[end] - self.rows.tops[self.start]

    def wrap(self, avail_width, avail_height):
        self.height = self._height_of(self.end)
        return self.width, self.height

    def _fitting(self, avail_height: float) -> int:
        """How many rows from `start` fit under the header in `avail_height`."""
        budget = self.rows.tops[self.start] + avail_height - self.rows.head_h
        last = bisect.bisect_right(self.rows.tops, budget) - 1
        return max(0, min(last, self.end) - self.start)

    def split(self, avail_width, avail_height):
        n = self._fitting(avail_height)
        if n == 0:
            return []  # not even one row here: the whole table moves to the next page
        cut = self.start + n
        return [PagedTable(self.rows, self.start, cut), PagedTable(self.rows, cut, self.end)]

    def draw(self) -> None:
        canvas, rows = self.canv, self.rows
        width, y = self.width, self.height
        canvas.saveState()
        canvas.setFillColor(HEAD_BG)
        canvas.rect(0, y - rows.head_h, width, rows.head_h, stroke=0, fill=1)
        for x, p in zip(rows.xs, rows.head, strict=True):
            p.drawOn(canvas, x + PAD, y - TOP_PAD - p.height)
        y -= rows.head_h
        heights = rows.heights
        canvas.setFillColor(ZEBRA)
        top = y
        for i in range(self.start, self.end):  # zebra stripes behind the text
            if i % 2:
                canvas.rect(0, top - heights[i], width, heights[i], stroke=0, fill=1)
            top -= heights[i]
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(0, y, width, y)
        text = canvas.beginText()
        text.setFont(FONT, CELL_SIZE)
        text.setFillColor(INK)
        rules = []
        for i in range(self.start, self.end):
            if i in rows.group_starts and i != self.start:
                rules.append(y)
            base = y - TOP_PAD - rows.row_pad - CELL_SIZE
            for col, cell in enumerate(rows.cells[i]):
                x = rows.xs[col] + PAD
                if isinstance(cell, str):
                    if cell:
                        if col in rows.right:
                            x = rows.xs[col] + rows.widths[col] - PAD - \
                                stringWidth(cell, FONT, CELL_SIZE)
                        text.setTextOrigin(x, base)
                        text.textOut(cell)
                else:
                    for n, line in enumerate(cell):
                        text.setTextOrigin(x, base - n * LINE)
                        text.textOut(line)
            y -= heights[i]
        canvas.drawText(text)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        for ry in rules:
            canvas.line(0, ry, width, ry)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(0, y, width, y)
        if rows.grid:  # boxes to write in (the sign-off)
            for x in [*rows.xs, width]:
                canvas.line(x, y, x, self.height)
            for i in range(self.start, self.end):
                canvas.line(0, y + rows.tops[self.end] - rows.tops[i + 1], width,
                            y + rows.tops[self.end] - rows.tops[i + 1])
        canvas.restoreState()
