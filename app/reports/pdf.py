"""The release report as a paged PDF (ReportLab): A4 or Letter. The decision summary first
(one page), then the cover, the timeline and a headed table per section. Every page carries
the running header (fitted to the page), the fingerprint and "Page n of N"; each section has a
bookmark that opens the page it starts on; table headers repeat on each page, a group's label
too; wide tables go on landscape pages only when they are long enough to fill them; text the
main font lacks falls back per character (app.reports.pdf_fonts). Long lists print their first
rows and say where the rest are.

Tables are app.reports.pdf_table's: ReportLab's own Table pages in quadratic time.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from app.reports.cells import TIMELINE_CAPTION, cover_rows, printed_rows, summary_rows, timestamp
from app.reports.model import NUMERIC, ReleaseReport, Section
from app.reports.pdf_decision import decision_page
from app.reports.pdf_style import (
    BOLD,
    CELL_SIZE,
    FONT,
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
LANDSCAPE_AFTER = 0.7  # a wide table turns the page only when it fills this much of a portrait one
KEEP_ROWS = 3  # a heading starts a page of its own rather than stand with fewer rows than this
FOOT = 7.5  # points: the running header and footer


def write_pdf(report: ReleaseReport, out, steps, timeline_png: bytes | None = None,
              paper: str = "A4", **_options) -> None:
    register_fonts()
    size = LETTER if paper == "Letter" else A4
    rows = sum(len(s.rows) for s in report.sections)
    steps.begin(2 + rows // ROWS_PER_PAGE + len(report.sections) // 3)
    doc = _Document(out, report, steps, size)
    width, height = doc.frame_size(False)
    story = decision_page(report, width, height, doc.fonts, _Heading) if report.decision else []
    story += _cover(report, timeline_png, width, height, doc.fonts) + _body(report, doc)
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
        self.fonts = register_fonts()
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
        """Running header and footer, fitted to the page: the release and its status above,
        who made it, the fingerprint and the page number below. Each page is also a step
        (progress, cancel)."""
        self.steps.step()
        r, fonts = self.report, self.fonts
        width, height = canvas._pagesize
        room = width - 2 * MARGIN
        canvas.saveState()
        canvas.setFillColor(MUTED)
        if doc.page > 1:
            status = fonts.fit(r.status_text, FOOT, room / 2)
            left = room - fonts.width(status, FOOT) - 6 * mm
            fonts.draw(canvas, MARGIN, height - MARGIN,
                       fonts.fit(r.running_title, FOOT, left), FOOT)
            fonts.draw(canvas, width - MARGIN, height - MARGIN, status, FOOT, right=True)
            canvas.setStrokeColor(RULE)
            canvas.line(MARGIN, height - MARGIN - 2 * mm, width - MARGIN,
                        height - MARGIN - 2 * mm)
        y = MARGIN - 2 * mm
        middle = f"Fingerprint {r.fingerprint}" if r.fingerprint else ""
        if middle:
            canvas.setFont(BOLD, FOOT)
            canvas.drawCentredString(width / 2, y, middle)
        made = f"Generated {timestamp(r.generated_at)}" + \
            (f" by {r.generated_by}" if r.generated_by else "")
        left = width / 2 - MARGIN - stringWidth(middle, BOLD, FOOT) / 2 - 4 * mm  # "Page n of N"
        # goes on the right when the page count is known (_NumberedCanvas)
        fonts.draw(canvas, MARGIN, y, fonts.fit(made, FOOT, left), FOOT)
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end so that each can say "Page n of N". A bookmark
    made meanwhile is kept with the page it was made on and set when that page is written:
    set at once, every bookmark would point at the first page (the document counts pages only
    as they are written)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._marks: list[tuple[int, str]] = []

    def bookmarkPage(self, key, **options):
        self._marks.append((len(self._pages), key, options))

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        marks: dict[int, list] = {}
        for page, key, options in self._marks:
            marks.setdefault(page, []).append((key, options))
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            for key, options in marks.get(number - 1, ()):
                super().bookmarkPage(key, **options)
            width = self._pagesize[0]
            self.setFont(FONT, FOOT)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN, MARGIN - 2 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _Heading(Paragraph):
    def __init__(self, text: str, style, bookmark: tuple[str, str, int]):
        super().__init__(register_fonts().markup(text, bold=True), style)
        self.bookmark = bookmark


def _cover(r: ReleaseReport, timeline_png: bytes | None, width: float, height: float,
           fonts) -> list:
    story = [_Heading("RELEASE REPORT", STYLES["kicker"], ("cover", "Cover", 0)),
             Paragraph(fonts.markup(f"{r.release} · {r.name}", bold=True), STYLES["title"]),
             _pairs(cover_rows(r), width * 0.75, fonts, bold_labels=True),
             _Heading("Summary", STYLES["h2"], ("summary", "Summary", 0)),
             _pairs(summary_rows(r), width * 0.75, fonts)]
    if timeline_png:
        image = Image(io.BytesIO(timeline_png))
        # As large as a page allows under its heading and caption: a big release's lanes are
        # many, and each must stay readable.
        scale = min(width / image.imageWidth, (height - 28 * mm) / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = "LEFT"
        heading = _Heading("Timeline", STYLES["h2"], ("timeline", "Timeline", 0))
        story += [CondPageBreak(image.drawHeight + 30 * mm), heading, image,
                  Paragraph(TIMELINE_CAPTION, STYLES["caption"])]
    return story


def _pairs(rows: list[tuple[str, str]], width: float, fonts, bold_labels: bool = False) -> Table:
    label = STYLES["label_bold" if bold_labels else "label"]
    data = [[Paragraph(fonts.markup(k, bold=bold_labels), label),
             Paragraph(fonts.markup(v), STYLES["cell"])] for k, v in rows]
    table = Table(data, colWidths=[width * 0.4, width * 0.6], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _body(r: ReleaseReport, doc: _Document) -> list:
    """The sections in reading order. The sign-off is on the decision page. A page turns to
    landscape only for a wide table that would fill most of a portrait page, and back only
    when a table follows: a short wide table is laid out on the portrait page it starts on."""
    story: list = []
    landscape_now = False
    for section in r.sections:
        if section.signoff and r.decision is not None:
            continue
        wide = landscape_now if not section.rows else _needs_landscape(section, doc)
        if wide != landscape_now:
            story += [NextPageTemplate("landscape" if wide else "portrait"), PageBreak()]
            landscape_now = wide
        flow, need = _section(section, *doc.frame_size(landscape_now), doc.fonts)
        story += [CondPageBreak(need), *flow]
    return story


def _needs_landscape(section: Section, doc: _Document) -> bool:
    if not section.wide:
        return False
    width, height = doc.frame_size(False)
    table = _table(section, width, height)
    return table.rows.tops[-1] > LANDSCAPE_AFTER * height


def _height(flowable, width: float) -> float:
    style = getattr(flowable, "style", None)
    more = (style.spaceBefore + style.spaceAfter) if style is not None else 0.0
    return flowable.wrap(width, 1e6)[1] + more


def _section(section: Section, width: float, height: float, fonts,
             level: int = 0) -> tuple[list, float]:
    """Heading, intro, the counts that stand for a long list, then its first rows and where
    the others are: the same for every section. Also the height from its heading to its first
    few rows, to keep them together (a conditional page break before it)."""
    count = f" ({section.size:,})" if section.counted else ""
    title = section.title + count
    story = [_Heading(title, STYLES["h3" if level else "h2"], (section.key, title, level)),
             Paragraph(fonts.markup(section.intro), STYLES["intro"])]
    need = sum(_height(f, width) for f in story)
    if not section.rows:
        empty = Paragraph(fonts.markup(section.empty), STYLES["empty"])
        return [*story, empty], need + _height(empty, width)
    if section.overview is not None:
        flow, first = _section(section.overview, width, height, fonts, level + 1)
        story += flow
        need += first
    # A table of counts reads better narrow, its numbers near their labels.
    table = _table(section, width * (OVERVIEW_WIDTH if level else 1), height, fonts)
    rows = table.rows
    start = rows.head_h + rows.tops[min(KEEP_ROWS, len(rows.heights))]
    note = [Paragraph(fonts.markup(section.left_out, bold=True), STYLES["note"])] \
        if section.left_out else []
    start += sum(_height(f, width) for f in note)
    if section.overview is not None:  # the list after its counts: kept with its own start
        story.append(CondPageBreak(min(start, height / 2)))
    else:
        need += start
    story += [*note, table]
    return story, min(need, height / 2)


def column_widths(section: Section, width: float) -> list[float]:
    """The columns' shares of `width`, each at least as wide as the longest word of its title
    and the longest word of its cells (up to a quarter of the page), the room taken from the
    columns that have it: a key or a heading is never broken inside a word."""
    total = sum(c.width for c in section.columns)
    widths = [width * c.width / total for c in section.columns]
    cells = [cells for cells, _starts in printed_rows(section)][:WIDTH_SAMPLE]
    fonts = register_fonts()
    need = []
    for i, column in enumerate(section.columns):
        head = max(fonts.width(w, CELL_SIZE, bold=True) for w in column.title.split())
        words = {w for row in cells for w in row[i].split()}
        body = max((fonts.width(w, CELL_SIZE) for w in words), default=0.0)
        need.append(max(head, min(body, width / 4)) + 2 * PAD + 1)
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if short <= 0 or spare < short:
        return widths
    return [n if w < n else w - (w - n) * short / spare
            for n, w in zip(need, widths, strict=True)]


def _table(section: Section, width: float, height: float, fonts=None) -> PagedTable:
    widths = column_widths(section, width)
    cells, group_starts = [], set()
    for n, (row, starts) in enumerate(printed_rows(section)):
        cells.append(row)
        if starts and section.group:
            group_starts.add(n)
    rows = Rows([c.title for c in section.columns], cells, widths,
                {i for i, c in enumerate(section.columns) if c.kind in NUMERIC}, group_starts,
                height, row_pad=12 if section.signoff else 0, grid=section.signoff,
                group=section.group)
    return PagedTable(rows)
