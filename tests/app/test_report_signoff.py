"""A report a release manager can sign: short however big the release, every emergency's
justification beside it, the plan's date beside the time it was made, teams by name, and a
PDF outline to find each section."""

import csv
import re
from datetime import UTC, datetime

import openpyxl
import pytest
from pypdf import PdfReader

from app.generator import generate_plan
from app.reports.cells import timestamp
from app.reports.content import build_report
from app.reports.export import write_report
from app.reports.model import PRINT_ROWS
from tests.app.plan_builder import GENERATED, TODAY, cr, plan, set_
from tests.app.test_report_formats import pdf_text, read_html

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


def test_every_section_of_the_pdf_has_a_bookmark(big, big_pdf):
    outline = big_pdf.outline
    top = [entry.title for entry in outline if not isinstance(entry, list)]
    assert top[:2] == ["Cover", "Summary"]
    for section in big.sections:
        assert any(t.startswith(section.title) for t in top), section.title
    nested = [e.title for entry in outline if isinstance(entry, list) for e in entry]
    assert any(t.startswith("Held back by release") for t in nested)
    page_of = {entry.title: big_pdf.get_destination_page_number(entry)
               for entry in outline if not isinstance(entry, list)}
    held = next(t for t in page_of if t.startswith("Held back ("))
    assert "Held back (" in big_pdf.pages[page_of[held]].extract_text()  # points at its page


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
