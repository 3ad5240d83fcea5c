"""The release report as a workbook: a Summary sheet, then one sheet per section (and one per
section's counts), each with a frozen header row, filters, widths that fit the content, long
text wrapped on rows tall enough for it, and dates and hours as real dates and numbers, so that
operations can sort, filter and sum without cleaning anything up.

Every sheet prints: landscape, one page wide, its header row on every page. A list that the PDF
and HTML cut short (`Section.cut`) keeps every row on screen, but its print area is the header
and the rows the PDF prints, and each printed page's header says how many of how many it shows
and that the rest are in the sheet (the first cell's comment says so on screen), so that a big
release prints short enough to sign. The counts sheets print in full. Text is always
written as text, never as a formula; text that a spreadsheet would read as one when edited
(`=`, `+`, `-`, `@`, tab, carriage return) carries Excel's quote prefix, which keeps it text
and shows it as typed.
"""

from __future__ import annotations

import math
from datetime import date

import xlsxwriter

from app.reports.cells import as_of, plain, starts_a_formula, timestamp
from app.reports.model import DATE, FLAG, HOURS, VALUE, Hours, ReleaseReport, Section

MIN_WIDTH, MAX_WIDTH = 6, 60
WIDTH_SAMPLE = 500  # rows looked at to size a column: enough to see the usual lengths
LINE_HEIGHT = 15.0  # points: Excel's default row at 11 pt
MAX_LINES = 12  # a taller row is hard to read; the cell still holds the whole text
HOURS_FORMAT = 'General" h"'
HEADER_CHARS = 255  # Excel drops a page header or footer longer than this (codes included)
# The release's name in a page header: one line at 8 pt beside the sheet's title, and beside
# the "Printed: the first N of M rows" note where there is one (a longer name wrapped over them).
NAME_UNITS, NAME_UNITS_BESIDE_NOTE = 90, 50
SIGN_ROW = 54.0  # points: a sign-off row tall enough to sign in
SIGN_WIDTHS = {"Role": 24, "Name": 30, "Decision": 24, "Conditions": 40, "Date": 14,
               "Signature": 34}
PRINT_ALL = ("To print every row, or the rows a filter shows, clear the print area "
             "(Excel: Page Layout > Print Area > Clear Print Area; LibreOffice: Format > "
             "Print Ranges > Clear).")


def write_xlsx(report: ReleaseReport, out, steps, **_options) -> None:
    steps.begin(len(report.sections) + 1)
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "remove_timezone": True,
                                     "strings_to_formulas": False})
    book.set_properties({"title": report.title, "author": report.generated_by,
                         "comments": "Release Planner"})
    cells = _Cells(book)
    _summary(book, report, cells)
    steps.step()
    for section in report.sections:
        _sheet(book, section, cells, report)
        if section.overview is not None and section.rows:
            _sheet(book, section.overview, cells, report, print_all=True)
        steps.step()
    book.close()


class _Cells:
    """The workbook's formats, and writing one typed cell with them."""

    def __init__(self, book):
        top = {"valign": "top"}
        self.head = book.add_format({"bold": True, "bg_color": "#dfe7f2", "bottom": 1,
                                     "text_wrap": True, "valign": "top"})
        self.label = book.add_format({"bold": True, **top})
        self.date = book.add_format({"num_format": "yyyy-mm-dd", "align": "left", **top})
        self.hours = book.add_format({"num_format": HOURS_FORMAT, **top})
        self.number = book.add_format(top)
        # beside text (the Summary, a VALUE column of text and numbers): a right-aligned "24"
        # would sit against the next column's text and read as part of it
        self.left_number = book.add_format({"align": "left", **top})
        self.left_hours = book.add_format({"num_format": HOURS_FORMAT, "align": "left", **top})
        self.text = book.add_format({"text_wrap": True, **top})
        self.quoted = book.add_format({"text_wrap": True, "quote_prefix": True, **top})
        self.box = book.add_format({"text_wrap": True, "border": 1, "border_color": "#9aa7bd",
                                    **top})  # a sign-off cell: a box to write in

    def write(self, sheet, r: int, c: int, kind: str, value, left: bool = False) -> None:
        if value is None or value == "":
            return  # a blank cell, also for a null value: filters show it as (Blanks)
        if kind == DATE or (isinstance(value, date) and kind != VALUE):
            sheet.write_datetime(r, c, value, self.date)
        elif kind == HOURS or isinstance(value, Hours):
            sheet.write_number(r, c, value, self.left_hours if left else self.hours)
        elif kind == FLAG:
            self.string(sheet, r, c, "yes" if value else "no")
        elif isinstance(value, bool | int | float):
            fmt = self.left_number if left or kind == VALUE else self.number
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value, fmt)
            else:
                sheet.write_number(r, c, value, fmt)
        else:
            self.string(sheet, r, c, str(value))

    def string(self, sheet, r: int, c: int, text: str, fmt=None) -> None:
        sheet.write_string(r, c, text, self.quoted if starts_a_formula(text) else
                           (fmt or self.text))


def _units(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _codes(text: str) -> str:
    """Text for a page header: `&` doubled, since it starts a code there."""
    return text.replace("&", "&&")


def _print_setup(sheet, report: ReleaseReport, title: str, note: str = "") -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4; Excel rescales to the printer's paper
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    middle = f"&C&8&B{_codes(note)}&B" if note else ""
    rest = f"{middle}&R&8{_codes(title)}"
    # The release's name is cut to what the header has room for: a header over 255 units is
    # dropped by Excel whole (XlsxWriter warns and writes none), and a long one wraps over the
    # sheet's title in LibreOffice.
    room = min(HEADER_CHARS - _units("&L&8") - _units(rest),
               NAME_UNITS_BESIDE_NOTE if note else NAME_UNITS)
    name = _codes(report.running_title if report.scenario else
                  f"{report.release} {report.name}")
    if _units(name) > room:
        while _units(name) > room - 1:  # Excel counts UTF-16 units: an emoji is two
            name = name[:-1]
        name = name.rstrip("&") + "…"
    sheet.set_header(f"&L&8{name}{rest}")
    sheet.set_footer(f"&L&8Release Planner&C&8&BFingerprint {report.fingerprint}&B"
                     "&R&8Page &P of &N")


def _summary(book, report: ReleaseReport, cells: _Cells) -> None:
    rows = [("Report", report.title), ("Release", report.release), ("Name", report.name),
            ("Status", report.status_text), ("Go-live", report.go_live),
            ("Freeze starts", report.freeze_start), ("Freeze days", report.freeze_days),
            ("Deployable", report.verdict), ("Plan as of", as_of(report)),
            ("Generated", timestamp(report.generated_at)),
            ("Generated by", report.generated_by), ("Database", report.database),
            ("Fingerprint", report.fingerprint),
            *((label, value) for label, value in report.facts
              if label not in ("Go-live", "Status"))]
    sheet = book.add_worksheet("Summary")
    widths = (28, 80)
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    _print_setup(sheet, report, "Summary")
    sheet.fit_to_pages(1, 1)
    sheet.set_portrait()
    sheet.freeze_panes(1, 0)
    for c, title in enumerate(("Field", "Value")):
        sheet.write_string(0, c, title, cells.head)
    for i, (label, value) in enumerate(rows, start=1):
        _row_height(sheet, i, (label, value), widths)
        cells.string(sheet, i, 0, label, cells.label)
        cells.write(sheet, i, 1, "", value, left=True)
    sheet.autofilter(0, 0, len(rows), 1)


def _printed_note(section: Section) -> str:
    """What a cut sheet's printed pages say they leave out, and where it is."""
    shown, total = len(section.printed), len(section.rows)
    return f"Printed: the first {shown:,} of {total:,} rows; all {total:,} are in this sheet"


def _sheet(book, section: Section, cells: _Cells, report: ReleaseReport,
           print_all: bool = False) -> None:
    sheet = book.add_worksheet(section.sheet)
    columns = section.columns
    widths = [SIGN_WIDTHS.get(c.title, 20) if section.signoff else _width(section, i)
              for i, c in enumerate(columns)]
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    cut = section.cut and not print_all
    _print_setup(sheet, report, section.title, _printed_note(section) if cut else "")
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column.title, cells.head)
    if cut:  # the header row and the rows the PDF prints; the sheet keeps them all
        sheet.print_area(0, 0, len(section.printed), len(columns) - 1)
        sheet.write_comment(0, 0, f"{_printed_note(section)}. {PRINT_ALL}",
                            {"author": "Release Planner", "x_scale": 2.2, "y_scale": 1.3})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(section.rows)), len(columns) - 1)
    for r, row in enumerate(section.rows, start=1):
        if section.signoff:  # room to write a name, circle a decision and sign, in boxes
            sheet.set_row(r, SIGN_ROW)
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value, cells.box)
                else:
                    sheet.write_blank(r, c, None, cells.box)
            continue
        _row_height(sheet, r, row, widths)  # before the row's cells: constant_memory
        for c, (column, value) in enumerate(zip(columns, row, strict=True)):
            cells.write(sheet, r, c, column.kind, value)


def _row_height(sheet, r: int, row, widths) -> None:
    """A row tall enough for its longest wrapped cell (Excel does not fit heights itself)."""
    lines = 1
    for value, width in zip(row, widths, strict=True):
        if isinstance(value, str) and len(value) > width - 1:
            per_line = max(1.0, width - 1.5)
            lines = max(lines, sum(max(1, math.ceil(len(part) / per_line))
                                   for part in value.split("\n")))
    if lines > 1:
        sheet.set_row(r, LINE_HEIGHT * min(lines, MAX_LINES))


def _width(section: Section, i: int) -> float:
    column = section.columns[i]
    if column.kind == DATE:
        return 12
    if column.kind == HOURS:
        return max(10, len(column.title) + 3)
    longest = max((len(plain(row[i])) for row in section.rows[:WIDTH_SAMPLE]), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(longest, len(column.title) + 4) + 2))
