"""What planners type cannot act in a reader's program: no formula in a spreadsheet, no markup
in the HTML. And the workbook prints as people expect."""

import csv

import openpyxl
import pytest

from app.reports.cells import formula_safe
from app.reports.content import build_report
from app.reports.export import write_report
from app.reports.xlsx import HOURS_FORMAT
from app.views.explain import show
from tests.app.plan_builder import TODAY, cr, plan, set_
from tests.app.reports.test_formats import read_html

NUMBERS = ("-5", "+1.5")  # what a spreadsheet reads as a number, not a formula
DANGEROUS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\tx", "\rx",
             '=HYPERLINK("http://x.example","click")']


@pytest.fixture(scope="module")
def hostile():
    """Titles, item names and values that a spreadsheet would run, and numbers it must not
    touch."""
    crs = [cr(f"CR-{i}", "R1", "approved", set_("OFR", f"f{i}", value))
           for i, value in enumerate([*DANGEROUS, *NUMBERS, 7])]
    p = plan(*crs)
    p.crs["CR-0"].title = "=cmd|' /C calc'!A0"
    return build_report(p, "R1", TODAY)


def test_csv_cells_never_start_a_formula_but_numbers_stay_numbers(hostile, tmp_path):
    with open(write_report(hostile, "csv", tmp_path / "r.csv"), encoding="utf-8-sig",
              newline="") as f:
        rows = list(csv.reader(f))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                and c not in NUMBERS]
    after = {row[1]: row[8] for row in rows[1:]}
    assert after["CR-0"] == "'=1+1"  # neutralised, and still says what was typed
    assert after["CR-2"] == "'-2+3"
    assert (after["CR-7"], after["CR-8"], after["CR-9"]) == ("-5", "+1.5", "7")


def test_formula_safe_leaves_plain_text_and_plain_numbers():
    assert [formula_safe(t) for t in ("Hello", "-5", "1e3", "", "a=b")] == \
        ["Hello", "-5", "1e3", "", "a=b"]
    assert [formula_safe(t) for t in ("=x", "+x", "-x", "@x", "\tx", "\rx")] == \
        ["'=x", "'+x", "'-x", "'@x", "'\tx", "'\rx"]


def test_xlsx_writes_every_text_as_text_with_a_quote_prefix_where_it_looks_like_a_formula(
        hostile, tmp_path):
    book = openpyxl.load_workbook(write_report(hostile, "xlsx", tmp_path / "r.xlsx"))
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r" \
                        and cell.value not in NUMBERS:
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.value)
                    seen.add(cell.value)
    # XML reads a carriage return back as a line feed, which starts no formula.
    assert set(DANGEROUS) - {"\rx"} <= seen
    assert "=cmd|' /C calc'!A0" in seen  # the title, in the included CRs
    changes = book["Changes by item"]
    head = [c.value for c in changes[1]]
    after = [r[head.index("After")].value for r in changes.iter_rows(min_row=2)]
    assert 7 in after  # a number set by a change stays a number


def test_html_escapes_markup_and_quotes_that_planners_typed(tmp_path):
    script = '<script>alert("x")</script>'
    breaking = '" onmouseover="alert(1)'
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "headline", script)),
             cr("CR-2", "R1", "approved", set_("OFR", "price", breaking)))
    p.crs["CR-1"].title = "<b>bold</b> & 'quoted'"
    path = write_report(build_report(p, "R1", TODAY), "html", tmp_path / "r.html")
    text = path.read_text()
    assert "<script" not in text and "<b>" not in text
    assert 'onmouseover="' not in text
    page = read_html(path)
    assert "script" not in page.tags and "b" not in page.tags
    included = {row[0]: row[1] for row in page.sections["included"][1:]}
    assert included["CR-1"] == "<b>bold</b> & 'quoted'"  # shown as typed, as text
    values = [cell for row in page.sections["changes"][1:] for cell in row]
    assert show(script) in values and show(breaking) in values


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, mar):
    return openpyxl.load_workbook(write_report(mar, "xlsx",
                                               tmp_path_factory.mktemp("x") / "r.xlsx"))


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_on_each_page(workbook):
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert int(setup.fitToWidth or 1) == 1, sheet.title  # absent: the default, 1
        if sheet.title == "Summary":
            assert setup.orientation == "portrait" and int(setup.fitToHeight or 1) == 1
            continue
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.fitToHeight) == 0, sheet.title  # as many pages long as it takes
        assert sheet.print_title_rows.replace("$", "") == "1:1", sheet.title
        assert "&P" in sheet.oddFooter.right.text


def test_long_text_wraps_on_rows_tall_enough_and_hours_are_numbers(workbook, demo):
    warnings = workbook["Warnings"]
    width = warnings.column_dimensions["C"].width
    for row in warnings.iter_rows(min_row=2):
        cell = row[2]
        assert cell.alignment.wrap_text
        if len(cell.value) > 2 * width:
            assert warnings.row_dimensions[cell.row].height >= 30  # two lines or more
    included = workbook["Included change requests"]
    head = [c.value for c in included[1]]
    estimate = included.cell(row=2, column=head.index("Estimate") + 1)
    assert isinstance(estimate.value, int | float) and estimate.number_format == HOURS_FORMAT
    summary = {r[0].value: r[1] for r in workbook["Summary"].iter_rows(min_row=2)}
    work = summary["Estimated work included"]
    from app.engine.report import bundle_report

    shipped = bundle_report(demo, "R-MAR", demo.settings.today).included
    assert work.value == sum(demo.crs[k].estimate_hours for k in shipped)
    assert work.number_format == HOURS_FORMAT
    verdict = summary["Deployable"]
    assert verdict.alignment.wrap_text
    assert workbook["Summary"].row_dimensions[verdict.row].height >= 30  # no overlap below
