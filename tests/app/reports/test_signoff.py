"""A report a release manager can sign: short however big the release, every emergency's
justification beside it, the plan's date beside the time it was made, teams by name, and a
PDF outline to find each section."""

import csv
import re
from dataclasses import replace
from datetime import UTC, datetime

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from pypdf import PdfReader

from app.generate.synthetic import generate_plan
from app.reports.cells import timestamp
from app.reports.content import build_report
from app.reports.export import write_report
from app.reports.model import PRINT_ROWS
from tests.app.plan_builder import GENERATED, TODAY, cr, plan, set_
from tests.app.reports.test_formats import pdf_text, read_html

JUSTIFIED = "Regulator deadline: the T&Cs must change by 12 January"


@pytest.fixture(scope="module")
def big():
    """A generated release of about 40 included CRs with about 2,000 held back: the size the
    report must sign off in 30 pages."""
    generated = generate_plan(3200, releases=25)
    report = build_report(generated, "R-0001", generated.settings.today)
    included, held = report.section("included"), report.section("held_back")
    assert 35 <= len(included.rows) <= 50 and len(held.rows) >= 1900  # the scenario holds
    return report


@pytest.fixture(scope="module")
def big_pdf(big, tmp_path_factory):
    return PdfReader(write_report(big, "pdf", tmp_path_factory.mktemp("big") / "big.pdf"))


def test_a_big_release_signs_off_in_at_most_30_pdf_pages(big_pdf):
    assert len(big_pdf.pages) <= 30


def outline_pages(reader) -> list[tuple[str, int, int]]:
    """Every bookmark: (title, level, the page it opens, from 0)."""
    out = []

    def walk(entries, level):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                out.append((entry.title, level, reader.get_destination_page_number(entry)))
    walk(reader.outline, 0)
    return out


def test_every_section_of_the_pdf_has_a_bookmark_that_opens_the_page_it_starts_on(big, big_pdf):
    marks = outline_pages(big_pdf)
    top = [title for title, level, _page in marks if level == 0]
    assert top[:3] == ["Decision summary", "Cover", "Summary"]
    for section in big.sections:
        if not section.signoff:  # the sign-off lines are on the decision page
            assert any(t.startswith(section.title) for t in top), section.title
    assert any(t.startswith("Held back by release") for t, level, _p in marks if level == 1)
    texts = [page.extract_text() for page in big_pdf.pages]
    for title, _level, page in marks:
        heading = "RELEASE DECISION" if title == "Decision summary" else \
            "RELEASE REPORT" if title == "Cover" else title
        assert heading in texts[page], (title, page)  # its own page, not page 1
        if page:
            assert heading not in texts[page - 1], (title, page)  # and where it starts
    assert len({page for _t, _l, page in marks}) > 5  # the sections spread over the pages


def test_held_back_work_prints_as_counts_and_the_first_few_saying_where_the_rest_is(big,
                                                                                  tmp_path):
    held = big.section("held_back")
    text = pdf_text(write_report(big, "pdf", tmp_path / "big.pdf")).replace("\n", " ")
    shown = len(held.printed)
    assert shown < 50
    note = (f"The first {shown} of {len(held.rows):,} rows are shown here; the other "
            f"{len(held.rows) - shown:,} are in the XLSX report (sheet \"Held back\").")
    assert note in text
    start = text.index(note)
    listed = set(re.findall(r"CR-\d{6}", text[start:text.index("Dependencies (", start)]))
    assert {row[0] for row in held.rows[:shown]} <= listed
    assert not {row[0] for row in held.rows[shown:]} & listed
    counts = big.section("held_back").overview
    totals = {row[0]: row[-1] for row in counts.rows}
    assert sum(totals.values()) == len(held.rows)
    page = read_html(write_report(big, "html", tmp_path / "big.html"))
    assert note in page.notes["held_back"]
    assert len(page.sections["held_back"]) - 1 == shown  # the header row, then the first few
    assert len(page.sections["held_back_by_release"]) - 1 == len(counts.rows)


def test_every_long_list_says_how_many_it_leaves_out(big, tmp_path):
    long = [s for s in big.sections if len(s.rows) > PRINT_ROWS]
    assert long  # the generated release has long lists besides held-back work
    page = read_html(write_report(big, "html", tmp_path / "big.html"))
    for section in long:
        left = len(section.rows) - section.print_limit
        assert any(f"the other {left:,} are in the XLSX report" in n
                   for n in page.notes[section.key]), section.key
    book = openpyxl.load_workbook(write_report(big, "xlsx", tmp_path / "big.xlsx"),
                                  read_only=True)
    for section in long:  # the workbook has them all
        assert book[section.sheet].max_row == len(section.rows) + 1


@pytest.fixture(scope="module")
def emergency():
    return build_report(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9"),
                                emergency=True, justification=JUSTIFIED),
                             cr("CR-2", "R1", "approved", set_("OFR", "headline", "Hi"))),
                        "R1", TODAY, generated_at=GENERATED)


def test_the_justification_is_beside_the_emergency_in_every_format(emergency, tmp_path):
    text = pdf_text(write_report(emergency, "pdf", tmp_path / "r.pdf")).replace("\n", " ")
    assert text.count(JUSTIFIED) >= 2  # the included CR and the warning to confirm it
    page = read_html(write_report(emergency, "html", tmp_path / "r.html"))
    included = {row[0]: row for row in page.sections["included"][1:]}
    assert included["CR-1"][-1] == JUSTIFIED and included["CR-2"][-1] == ""
    warning = next(row for row in page.sections["warnings"][1:] if row[1] == "CR-1")
    assert JUSTIFIED in warning[2]
    book = openpyxl.load_workbook(write_report(emergency, "xlsx", tmp_path / "r.xlsx"))
    sheet = book["Included change requests"]
    head = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert rows["CR-1"][head.index("Justification")].value == JUSTIFIED
    assert rows["CR-1"][head.index("Emergency")].value == "yes"
    assert any(JUSTIFIED in (r[2].value or "") for r in book["Warnings"].iter_rows(min_row=2))
    with open(write_report(emergency, "csv", tmp_path / "r.csv"), encoding="utf-8-sig") as f:
        lines = {row["cr"]: row for row in csv.DictReader(f)}
    assert lines["CR-1"]["justification"] == JUSTIFIED and lines["CR-2"]["justification"] == ""


def test_the_cover_gives_the_plans_date_beside_the_generated_time_and_its_zone(tmp_path):
    made = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
    report = build_report(plan(cr("CR-1")), "R1", TODAY, generated_at=made)
    text = pdf_text(write_report(report, "pdf", tmp_path / "r.pdf")).replace("\n", " ")
    assert "Plan as of Mon 4 Jan 2027 (the plan's date; the report was made on" in text
    stamp = timestamp(made)
    assert re.search(r"\d\d:\d\d (UTC|\S+, UTC[+-]\d\d:\d\d)$", stamp)  # the zone, always
    assert f"Generated {stamp}" in text
    html = write_report(report, "html", tmp_path / "r.html").read_text()
    assert "<th>Plan as of</th><td>Mon 4 Jan 2027" in html
    assert f"<th>Generated</th><td>{stamp}</td>" in html
    summary = {r[0].value: r[1].value for r in openpyxl.load_workbook(
        write_report(report, "xlsx", tmp_path / "r.xlsx"))["Summary"].iter_rows(min_row=2)}
    assert summary["Generated"] == stamp
    assert summary["Plan as of"].startswith("Mon 4 Jan 2027")


def test_teams_are_named_in_every_table_and_format(tmp_path):
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9"), team="T"))
    report = build_report(p, "R1", TODAY)
    assert {row[-1] for row in report.section("changes").rows} == {"Team T"}
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))
    for sheet in ("Changes by item", "Included change requests"):
        head = [c.value for c in book[sheet][1]]
        assert [r[head.index("Team")].value for r in book[sheet].iter_rows(min_row=2)] == \
            ["Team T"], sheet
    with open(write_report(report, "csv", tmp_path / "r.csv"), encoding="utf-8-sig") as f:
        assert [row["team"] for row in csv.DictReader(f)] == ["Team T"]


# ---- XLSX: every row on screen, the first few on paper -----------------------------------------

PAPER_MM = {9: (210, 297)}  # ECMA-376 paper size 9: A4, short side by long side
POINTS_PER_INCH, MM_PER_INCH = 72, 25.4


@pytest.fixture(scope="module")
def big_book(big, tmp_path_factory):
    return openpyxl.load_workbook(write_report(big, "xlsx",
                                               tmp_path_factory.mktemp("xlsx") / "big.xlsx"))


def printed_rows(sheet) -> range:
    """The sheet rows that print: its print area, else every row."""
    if not sheet.print_area:
        return range(1, sheet.max_row + 1)
    first_col, first_row, _last_col, last_row = range_boundaries(sheet.print_area.split("!")[-1])
    assert first_col == 1 and first_row == 1, sheet.print_area  # from the header row
    return range(1, last_row + 1)


def printed_pages(sheet) -> int:
    """The pages a sheet prints on at full size, from its paper, margins and row heights: the
    header row repeats on each page and a row never splits. Fitting it one page wide only ever
    shrinks it, which puts more rows on a page, so this is the most it can take."""
    setup = sheet.page_setup
    if int(setup.fitToHeight or 0) == 1:
        return 1  # fitted on one page (the Summary)
    short, long = (mm / MM_PER_INCH * POINTS_PER_INCH for mm in PAPER_MM[int(setup.paperSize)])
    margins = (sheet.page_margins.top + sheet.page_margins.bottom) * POINTS_PER_INCH
    room = (short if setup.orientation == "landscape" else long) - margins
    default = sheet.sheet_format.defaultRowHeight

    def height(r):
        return sheet.row_dimensions[r].height or default

    head, pages, used = height(1), 1, height(1)
    for r in list(printed_rows(sheet))[1:]:
        if used + height(r) > room:
            pages, used = pages + 1, head
        used += height(r)
    return pages


def test_a_big_releases_workbook_keeps_every_row_and_prints_the_rows_the_pdf_prints(big,
                                                                                  big_book):
    cut = [s for s in big.sections if s.cut]
    assert "held_back" in {s.key for s in cut}
    for section in cut:
        sheet = big_book[section.sheet]
        shown, total = len(section.printed), len(section.rows)
        assert shown < total
        assert [r[0].value for r in sheet.iter_rows(min_row=2)] == [row[0] for row in
                                                                     section.rows]
        first_col, first_row, last_col, last_row = range_boundaries(
            sheet.print_area.split("!")[-1])
        assert (first_col, first_row, last_col, last_row) == (1, 1, len(section.columns),
                                                               shown + 1), section.key
        note = f"Printed: the first {shown:,} of {total:,} rows; all {total:,} are in this sheet"
        assert note in sheet.oddHeader.center.text, section.key  # on every printed page
        assert sheet["A1"].comment.text.startswith(note), section.key  # and on screen
    held = big.section("held_back")
    assert big_book[held.sheet].max_row == len(held.rows) + 1 >= 1900


def test_the_counts_and_the_short_lists_of_a_big_release_print_in_full(big, big_book):
    sheets = [s for s in big.sections if not s.cut]
    sheets += [s.overview for s in big.sections if s.overview is not None]
    assert any(s.rows for s in sheets)
    for section in sheets:
        sheet = big_book[section.sheet]
        assert list(printed_rows(sheet)) == list(range(1, len(section.rows) + 2)), section.key
        assert "Printed:" not in (sheet.oddHeader.center.text or ""), section.key


def test_a_big_releases_workbook_prints_within_30_landscape_pages(big_book):
    pages = {sheet.title: printed_pages(sheet) for sheet in big_book.worksheets}
    assert all(big_book[t].page_setup.orientation == "landscape" for t in pages if t != "Summary")
    assert sum(pages.values()) <= 30, pages


def test_a_small_releases_sheets_print_every_row(mar, tmp_path):
    book = openpyxl.load_workbook(write_report(mar, "xlsx", tmp_path / "r.xlsx"))
    assert sum(sheet.max_row - 1 for sheet in book.worksheets) > PRINT_ROWS  # rows, yet no cut
    for sheet in book.worksheets:
        assert list(printed_rows(sheet)) == list(range(1, sheet.max_row + 1)), sheet.title
        assert "Printed:" not in (sheet.oddHeader.center.text or ""), sheet.title
        assert sheet["A1"].comment is None, sheet.title


def test_counts_print_in_full_even_where_the_pdf_cuts_them(big, tmp_path):
    held = big.section("held_back")
    counts = replace(held.overview, print_limit=5)  # the PDF would print 5 releases' counts
    assert counts.cut
    report = replace(big, sections=tuple(replace(s, overview=counts) if s is held else s
                                         for s in big.sections))
    sheet = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))[
        counts.sheet]
    assert list(printed_rows(sheet)) == list(range(1, len(counts.rows) + 2))
    assert sheet["A1"].comment is None
