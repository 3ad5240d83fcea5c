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

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from app.reports.pdf_fonts import Fonts
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
    register_fonts,
)

TOP_PAD, BOTTOM_PAD = 2.5, 3.0
LINE = CELL_SIZE * 1.25
MORE = "… (cut here to fit the page; the full value is in the XLSX and CSV reports)"


class Rows:
    """A table's measured rows, shared by all the pieces it is split into."""

    def __init__(self, titles: list[str], cells: list[list[str]], widths: list[float],
                 right: set[int], group_starts: set[int], max_height: float,
                 row_pad: float = 0.0, grid: bool = False, group: int = 0):
        """`cells` in full; the first `group` columns of a row that does not start a group are
        left blank, except where a page begins (see `label`)."""
        self.fonts: Fonts = register_fonts()
        self.widths, self.right, self.group_starts = widths, right, group_starts
        self.grid, self.group = grid, group
        self.xs = list(accumulate([0.0, *widths[:-1]]))
        self.room = room = [w - 2 * PAD for w in widths]
        self.head = [Paragraph(self.fonts.markup(t, bold=True),
                               STYLES["head_right" if i in right else "head"])
                     for i, t in enumerate(titles)]
        self.head_h = max(p.wrap(r, 1e6)[1] for p, r in zip(self.head, room, strict=True)) \
            + TOP_PAD + BOTTOM_PAD
        self.cells, heights, self.labels = [], [], {}
        self.limit = limit = max(3, int((max_height - self.head_h - 2 * row_pad - TOP_PAD
                                          - BOTTOM_PAD) // LINE))
        for n, row in enumerate(cells):
            if group and n not in group_starts:
                self.labels[n] = row[:group]
                row = [""] * group + list(row[group:])
            fitted = [self.fit(text, r, limit) for text, r in zip(row, room, strict=True)]
            self.cells.append(fitted)
            heights.append(_lines(fitted) * LINE + TOP_PAD + BOTTOM_PAD + 2 * row_pad)
        self.heights = heights
        self.tops = list(accumulate([0.0, *heights]))  # tops[i]: rows 0..i-1 together
        self.row_pad = row_pad

    def fit(self, text: str, room: float, limit: int):
        """A string when it fits its column on one line, else its wrapped lines (a Paragraph
        per cell would cost ten times as much). A value longer than `limit` lines (a page) is
        cut, and says so in the lines it keeps."""
        plain = self.fonts.plain(text)
        width = (lambda t: stringWidth(t, FONT, CELL_SIZE)) if plain else \
            (lambda t: self.fonts.width(t, CELL_SIZE))
        if "\n" not in text and width(text) <= room:
            return text
        lines = []
        for line in (simpleSplit(text, FONT, CELL_SIZE, room) if plain else
                     _split(text, room, width)):
            lines += _break_word(line, room, width) if width(line) > room else [line]
        if len(lines) > limit:
            more = simpleSplit(MORE.strip(), FONT, CELL_SIZE, room)
            lines = [*lines[:max(1, limit - len(more))], *more][:limit]
        return lines

    def label(self, n: int) -> list:
        """Row n's group label, to print on the first row of a page the group continues on:
        cut to the lines the row has."""
        lines = max(1, _lines(self.cells[n]))
        out = []
        for text, room in zip(self.labels[n], self.room, strict=False):
            fitted = self.fit(text, room, lines)
            if not isinstance(fitted, str) and len(fitted) > lines:
                fitted = fitted[:lines]
            out.append(fitted)
        return out


def _lines(cells) -> int:
    return max(1 if isinstance(c, str) else len(c) for c in cells)


def _split(text: str, room: float, width) -> list[str]:
    """Lines of at most `room` points, broken at spaces (text in more than one font)."""
    lines = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if current and width(trial) > room:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


def _break_word(word: str, room: float, width) -> list[str]:
    """A word wider than its column (a URL, a long key, a line of CJK), broken between
    characters."""
    out, current = [], ""
    for ch in word:
        if current and width(current + ch) > room:
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
            cells = rows.cells[i]
            if i == self.start and i in rows.labels:  # a group continued from the last page
                cells = [*rows.label(i), *cells[rows.group:]]
            for col, cell in enumerate(cells):
                x = rows.xs[col] + PAD
                for n, line in enumerate((cell,) if isinstance(cell, str) else cell):
                    if not line:
                        continue
                    if col in rows.right:
                        x = rows.xs[col] + rows.widths[col] - PAD - \
                            rows.fonts.width(line, CELL_SIZE)
                    text.setTextOrigin(x, base - n * LINE)
                    self._text_out(text, line)
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

    def _text_out(self, text, line: str) -> None:
        fonts = self.rows.fonts
        if fonts.plain(line):
            text.textOut(line)
            return
        for font, piece in fonts.runs(line):
            text.setFont(font, CELL_SIZE)
            text.textOut(piece)
        text.setFont(FONT, CELL_SIZE)
