"""A report of a scenario (issue 22): it says so on every page of every format (the PDF's
pages, the printed HTML's running header, each XLSX sheet's page header, each CSV row), and
opens with what the release ships differently from live, computed by `scenario diff`."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from app.engine.operations import schedule
from app.model.plan import Target
from app.reports.content import build_report
from app.reports.export import write_report
from app.reports.scenario_diff import live_diff_section
from app.scenarios.diff import diff_plans
from cli.common import demo_plan

TODAY = date(2027, 2, 8)
NAME = "April slip with a name long enough to be cut in a page header, 64c"[:64]


@pytest.fixture(scope="module")
def plans():
    live = demo_plan()
    scenario = live
    for cr in ("CR-301", "CR-305"):
        scenario = schedule(scenario, cr, Target("R-APR"), TODAY).plan
    return live, scenario


def _report(plans, with_diff=True):
    live, scenario = plans
    front = (live_diff_section(live, scenario, "R-MAR", TODAY, NAME),) if with_diff else ()
    return build_report(scenario, "R-MAR", TODAY, generated_by="ann", database="plan.db",
                        scenario=NAME, front=front)


def test_the_diff_section_says_what_scenario_diff_says(plans):
    live, scenario = plans
    section = live_diff_section(live, scenario, "R-MAR", TODAY, NAME)
    entry = diff_plans(live, scenario, TODAY, "R-MAR")["releases"][0]
    only_live = [cr for what, cr, _ in section.rows if what == "Ships only in live"]
    only_here = [cr for what, cr, _ in section.rows if what == "Ships only in the scenario"]
    assert only_live == entry["ships_only_in_a"] and "CR-301" in only_live
    assert only_here == entry["ships_only_in_b"]
    # Every CR moved in or out of R-MAR is named once; CR-305 did not ship in live either
    named = [cr for _, cr, _ in section.rows]
    assert named.count("CR-301") == 1 and named.count("CR-305") == 1
    assert ("Moved out", "CR-305") in [(w, cr) for w, cr, _ in section.rows]
    assert "R-APR in the scenario" in dict((cr, d) for _, cr, d in section.rows)["CR-301"]
    same = live_diff_section(live, live, "R-MAR", TODAY, NAME)
    assert same.rows == [] and "ships the same" in same.empty


def test_every_pdf_page_says_it_is_not_the_live_plan(plans, tmp_path):
    report = _report(plans)
    path = tmp_path / "r.pdf"
    write_report(report, "pdf", str(path), None)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
    assert len(pages) > 2
    assert all("not the live plan" in p.lower() for p in pages)
    assert all(NAME[:20] in p for p in pages)
    assert "Differences from the live plan" in pages[1]


def test_every_xlsx_sheet_prints_it_and_the_csv_says_it_on_every_row(plans, tmp_path):
    report = _report(plans)
    path = tmp_path / "r.xlsx"
    write_report(report, "xlsx", str(path), None)
    book = openpyxl.load_workbook(path)
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "Ships only in live" in cells and "CR-301" in cells
    for sheet in book.worksheets:
        assert "Not the live plan: scenario April slip" in sheet.oddHeader.left.text, sheet.title
    out = tmp_path / "r.csv"
    write_report(report, "csv", str(out), None)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["scenario", "release"] and len(rows) > 1
    assert all(row[0] == NAME for row in rows[1:])
    live_csv = tmp_path / "live.csv"
    write_report(replace(report, scenario=""), "csv", str(live_csv), None)
    with open(live_csv, encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f))[0] == "release"  # the live plan's columns are as they were


def test_the_printed_html_names_the_scenario_in_its_running_header(plans, tmp_path):
    path = tmp_path / "r.html"
    write_report(_report(plans), "html", str(path), None)
    text = path.read_text()
    assert "Not the live plan: scenario April slip" in text  # @page's running header
    assert "Differences from the live plan" in text
