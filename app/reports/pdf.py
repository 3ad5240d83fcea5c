"""The release report as a paged PDF (ReportLab): A4 or Letter, "Page n of N" on every page,
a bookmark for each section, table headers repeated on each page, wide tables on landscape
pages with their long cells wrapped (never cut off), always the same light palette, and the
timeline image on the cover. Long lists print their first rows and say where the rest are.

Tables are app.reports.pdf_table's: ReportLab's own Table pages in quadratic time.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.reports.cells import TIMELINE_CAPTION, cover_rows, printed_rows, summary_rows, timestamp
from app.reports.model import NUMERIC, ReleaseReport, Section
from app.reports.pdf_style import (
    BAD,
    BOLD,
    CELL_SIZE,
    DONE,
    FONT,
    GOOD,
    MUTED,
    PAD,
    RULE,
    STYLES,
    register_fonts,
)
from app.reports.pdf_table import PagedTable, Rows

MARGIN = 15 * mm
ROWS_PER_PAGE = 38  # an estimate, for progress only
WIDTH_SAMPLE = 200  # rows looked at for the longest word of a column
OVERVIEW_WIDTH = 0.6  # of the page, for the counts that stand for a long list


def write_pdf(report: ReleaseReport, out, steps, timeline_png: bytes | None = None,
              paper: str = "A4", **_options) -> None:
    register_fonts()
    size = LETTER if paper == "Letter" else A4
    rows = sum(len(s.rows) for s in report.sections)
    steps.begin(2 + rows // ROWS_PER_PAGE + len(report.sections) // 3)
    doc = _Document(out, report, steps, size)
    story = _cover(report, timeline_png, *doc.frame_size(False)) + _body(report, doc)
    doc.build(story, canvasmaker=_NumberedCanvas)


class _Document(BaseDocTemplate):
    def __init__(self, out, report: ReleaseReport, steps, size):
        super().__init__(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN + 2 * mm,
                         title=report.title, author=report.generated_by or "Release Planner",
                         subject=f"Release report of {report.release}",
                         creator="Release Planner")
        self.report, self.steps = report, steps
        self.size = size
        self.addPageTemplates([self._template("portrait", size),
                               self._template("landscape", landscape(size))])

    def afterFlowable(self, flowable) -> None:
        """A heading becomes a bookmark (the PDF's outline) pointing at its page."""
        mark = getattr(flowable, "bookmark", None)
        if mark is not None:
            key, title, level = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)

    def frame_size(self, landscape_page: bool) -> tuple[float, float]:
        w, h = landscape(self.size) if landscape_page else self.size
        return w - 2 * MARGIN, h - self.topMargin - self.bottomMargin

    def _template(self, name: str, size) -> PageTemplate:
        frame = Frame(MARGIN, self.bottomMargin, size[0] - 2 * MARGIN,
                      size[1] - self.topMargin - self.bottomMargin, id=name,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(name, [frame], onPage=self._decorate, pagesize=size)

    def _decorate(self, canvas, doc) -> None:
        """Running header and footer; each page is also a step (progress, cancel)."""
        self.steps.step()
        r = self.report
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        if doc.page > 1:
            canvas.drawString(MARGIN, height - MARGIN, f"Release report: {r.release} {r.name}")
            canvas.drawRightString(width - MARGIN, height - MARGIN, r.status_text)
            canvas.setStrokeColor(RULE)
            canvas.line(MARGIN, height - MARGIN - 2 * mm, width - MARGIN,
                        height - MARGIN - 2 * mm)
        canvas.drawString(MARGIN, MARGIN - 2 * mm,
                          f"Generated {timestamp(r.generated_at)}"
                          + (f" by {r.generated_by}" if r.generated_by else ""))
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end so that each can say "Page n of N"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN, MARGIN - 2 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _Heading(Paragraph):
    def __init__(self, text: str, style, bookmark: tuple[str, str, int]):
        super().__init__(escape(text), style)
        self.bookmark = bookmark


def _cover(r: ReleaseReport, timeline_png: bytes | None, width: float, height: float) -> list:
    story = [_Heading("RELEASE REPORT", STYLES["kicker"], ("cover", "Cover", 0)),
             Paragraph(escape(f"{r.release} · {r.name}"), STYLES["title"]),
             _pairs(cover_rows(r), width * 0.75, bold_labels=True), Spacer(1, 4 * mm)]
    tint = DONE if r.deployable is None else (GOOD if r.deployable else BAD)
    verdict = Table([[Paragraph(escape(r.verdict), STYLES["verdict"])]], colWidths=[width])
    verdict.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), tint[1]),
                                 ("LINEBEFORE", (0, 0), (0, -1), 4, tint[0]),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                 ("TOPPADDING", (0, 0), (-1, -1), 6),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    story += [verdict, _Heading("Summary", STYLES["h2"], ("summary", "Summary", 0)),
              _pairs(summary_rows(r), width * 0.75)]
    if timeline_png:
        image = Image(io.BytesIO(timeline_png))
        # As large as a page allows under its heading and caption: a big release's lanes are
        # many, and each must stay readable.
        scale = min(width / image.imageWidth, (height - 28 * mm) / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = "LEFT"
        story += [_Heading("Timeline", STYLES["h2"], ("timeline", "Timeline", 0)), image,
                  Paragraph(TIMELINE_CAPTION, STYLES["caption"])]
    return story


def _pairs(rows: list[tuple[str, str]], width: float, bold_labels: bool = False) -> Table:
    label = STYLES["label_bold" if bold_labels else "label"]
    data = [[Paragraph(escape(k), label), Paragraph(escape(v), STYLES["cell"])]
            for k, v in rows]
    table = Table(data, colWidths=[width * 0.4, width * 0.6], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _body(r: ReleaseReport, doc: _Document) -> list:
    story: list = []
    landscape_now = False
    for section in r.sections:
        wide = section.wide and bool(section.rows)
        if wide != landscape_now and (wide or section.rows or section.signoff):
            story += [NextPageTemplate("landscape" if wide else "portrait"), PageBreak()]
            landscape_now = wide
        story += _section(section, *doc.frame_size(landscape_now))
    return story


def _section(section: Section, width: float, height: float, level: int = 0) -> list:
    """Heading, intro, the counts that stand for a long list, then its first rows and where
    the others are: the same for every section."""
    count = "" if section.signoff else f" ({section.size:,})"
    title = section.title + count
    story = [_Heading(title, STYLES["h3" if level else "h2"], (section.key, title, level)),
             Paragraph(escape(section.intro), STYLES["intro"])]
    if not section.rows:
        return [*story, Paragraph(escape(section.empty), STYLES["empty"])]
    if section.overview is not None:
        story += [*_section(section.overview, width, height, level + 1), Spacer(1, 4 * mm)]
    if section.left_out:
        story.append(Paragraph(escape(section.left_out), STYLES["note"]))
    # A table of counts reads better narrow, its numbers near their labels.
    story.append(_table(section, width * (OVERVIEW_WIDTH if level else 1), height))
    return story


def column_widths(section: Section, width: float) -> list[float]:
    """The columns' shares of `width`, each at least as wide as the longest word of its title
    and the longest word of its cells (up to a quarter of the page), the room taken from the
    columns that have it: a key or a heading is never broken inside a word."""
    total = sum(c.width for c in section.columns)
    widths = [width * c.width / total for c in section.columns]
    cells = [cells for cells, _starts in printed_rows(section)][:WIDTH_SAMPLE]
    need = []
    for i, column in enumerate(section.columns):
        head = max(stringWidth(w, BOLD, CELL_SIZE) for w in column.title.split())
        words = {w for row in cells for w in row[i].split()}
        body = max((stringWidth(w, FONT, CELL_SIZE) for w in words), default=0.0)
        need.append(max(head, min(body, width / 4)) + 2 * PAD + 1)
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if short <= 0 or spare < short:
        return widths
    return [n if w < n else w - (w - n) * short / spare
            for n, w in zip(need, widths, strict=True)]


def _table(section: Section, width: float, height: float) -> PagedTable:
    widths = column_widths(section, width)
    cells, group_starts = [], set()
    for n, (row, starts) in enumerate(printed_rows(section)):
        cells.append(row)
        if starts and section.group:
            group_starts.add(n)
    rows = Rows([c.title for c in section.columns], cells, widths,
                {i for i, c in enumerate(section.columns) if c.kind in NUMERIC}, group_starts,
                height, row_pad=12 if section.signoff else 0, grid=section.signoff)
    return PagedTable(rows)
