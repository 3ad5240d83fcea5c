"""The one-page decision summary at the front of the PDF and HTML reports, and the fingerprint
on every page, sheet and file."""

import csv
from dataclasses import replace

import openpyxl
import pytest
from pypdf import PdfReader

from app.generate.synthetic import generate_plan
from app.reports.content import build_report
from app.reports.export import write_report
from tests.app.reports.test_formats import read_html

LONG_NAME = ("Quarterly price and proposition refresh for consumer mobile, broadband and TV "
             "bundles across every brand, channel and region, with its legal wording ") * 4


@pytest.fixture(scope="module")
def crowded():
    """The worst case for one page: 50 teams (the chart shows 12), five kinds of risk, three
    conflicts and a release name of 500 characters."""
    generated = generate_plan(3200, releases=25, teams=50)
    report = build_report(generated, "R-0001", generated.settings.today)
    assert len(report.decision.loads) == 12 and len(report.decision.risks) == 5
    return replace(report, name=LONG_NAME[:500])


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_decision_summary_is_the_whole_first_page_on_a4_and_letter(crowded, tmp_path,
                                                                        paper):
    pages = [p.extract_text() for p in PdfReader(write_report(
        crowded, "pdf", tmp_path / "r.pdf", paper=paper)).pages]
    first = pages[0].replace("\n", " ")
    assert "RELEASE DECISION" in first
    for words in ("Cannot be deployed yet", "Top risks", "Team load against capacity",
                  "Sign-off", "Approve with conditions", "Reject", "Conditions:",
                  f"Fingerprint {crowded.fingerprint}"):
        assert words in first, words
    assert "RELEASE REPORT" not in first
    assert "RELEASE REPORT" in pages[1] and "Conditions:" not in pages[1]  # nothing spilled


def test_the_decision_summary_says_the_verdict_counts_risks_loads_and_sign_off(mar, tmp_path):
    d = mar.decision
    assert dict(d.counts)["Ships"] == 6 and dict(d.counts)["Conflicts"] == 1
    assert d.risks[0].title == "Conflict" and "OFR-SIM headline" in d.risks[0].about
    over = {b.team: b for b in d.loads if b.over}
    assert over["Brand & Content"].capacity_hours == 120
    page = read_html(write_report(mar, "html", tmp_path / "r.html"))
    decision = page.sections["decision"]
    assert [row[0] for row in decision if row and row[0] in d.signers] == list(d.signers)
    text = (tmp_path / "r.html").read_text()
    assert text.index('id="decision"') < text.index('id="summary"')  # first
    assert "Approve with conditions" in text and mar.verdict in text
    assert "break-after: page" in text  # a page of its own in print


def test_the_fingerprint_is_on_every_page_sheet_and_in_the_csv(mar, tmp_path):
    stamp = f"Fingerprint {mar.fingerprint}"
    pages = PdfReader(write_report(mar, "pdf", tmp_path / "r.pdf")).pages
    assert len(pages) > 2 and all(stamp in p.extract_text() for p in pages)
    html = write_report(mar, "html", tmp_path / "r.html").read_text()
    assert f'@bottom-center {{ content: "{stamp}"' in html  # printed on every page
    book = openpyxl.load_workbook(write_report(mar, "xlsx", tmp_path / "r.xlsx"))
    for sheet in book.worksheets:
        assert stamp in sheet.oddFooter.center.text, sheet.title
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=2)}
    assert summary["Fingerprint"] == mar.fingerprint
    with open(write_report(mar, "csv", tmp_path / "r.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows and {r["fingerprint"] for r in rows} == {mar.fingerprint}
