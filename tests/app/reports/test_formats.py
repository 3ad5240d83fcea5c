"""Every report format read back with an independent reader and compared with the engine:
PDF (pypdf), XLSX (openpyxl), iCalendar (icalendar), CSV (csv), HTML (html.parser)."""

import csv
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from pypdf import PdfReader

from app.engine.operations import deploy
from app.engine.report import bundle_report
from app.reports.cells import plain
from app.reports.content import build_report
from app.reports.export import Cancelled, ReportError, write_report
from tests.app.plan_builder import GENERATED, TODAY, cr, plan, set_

# A tiny valid PNG (1x1, white): the PDF and HTML embed whatever image they are given.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4e90000000049454e44ae426082")


@pytest.fixture(scope="module")
def engine(demo):
    return bundle_report(demo, "R-MAR", demo.settings.today)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def between(text: str, start: str, end: str | None) -> str:
    """The text of one section: from its heading to the next one's."""
    begin = text.index(start)
    return text[begin:text.index(end, begin)] if end else text[begin:]


CR_KEY = re.compile(r"CR-\d+")


# ---- PDF -------------------------------------------------------------------------------------

def test_pdf_lists_each_cr_in_its_section(tmp_path, mar, engine):
    path = write_report(mar, "pdf", tmp_path / "r.pdf", timeline_png=PNG)
    text = pdf_text(path)
    included = between(text, f"Included change requests ({len(engine.included)})",
                       "Excluded change requests")
    excluded = between(text, f"Excluded change requests ({len(engine.excluded)})", "Held back")
    conflicts = between(text, "Conflicts (1)", "Warnings")
    assert set(CR_KEY.findall(included)) == set(engine.included)
    assert set(CR_KEY.findall(excluded)) >= {e.cr for e in engine.excluded}
    assert not set(CR_KEY.findall(excluded)) & set(engine.included)
    assert set(CR_KEY.findall(conflicts)) == set(engine.conflicts[0].values)
    assert "Cannot be deployed yet" in text
    for w in ("Stale base", "Lead time at risk", "Over capacity"):
        assert w in between(text, f"Warnings ({len(engine.warnings)})", "Included change requests")


def test_pdf_is_paged_with_numbers_a_timeline_and_landscape_for_wide_tables(tmp_path, mar):
    path = write_report(mar, "pdf", tmp_path / "r.pdf", timeline_png=PNG)
    reader = PdfReader(path)
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    assert "Page 1 of" in reader.pages[0].extract_text()
    shapes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert shapes[0][0] < shapes[0][1]  # the decision page and cover are portrait
    assert any("/XObject" in p["/Resources"] for p in reader.pages[:3])  # the timeline image
    assert reader.metadata.title == mar.title
    # A long wide table goes on landscape pages (a short one stays portrait: see
    # test_a_small_release_turns_no_page_and_signs_on_its_first_page).
    crs = [cr(f"CR-{i:03d}", "R1", "approved", set_("OFR", f"field{i}", i)) for i in range(90)]
    reader = PdfReader(write_report(build_report(plan(*crs), "R1", TODAY), "pdf",
                                    tmp_path / "long.pdf"))
    changes_page = next(i for i, p in enumerate(reader.pages)
                        if "Changes by item (" in p.extract_text())
    page = reader.pages[changes_page].mediabox
    assert float(page.width) > float(page.height)  # the wide diff is landscape


def test_pdf_letter_paper(tmp_path, mar):
    path = write_report(mar, "pdf", tmp_path / "r.pdf", paper="Letter")
    first = PdfReader(path).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (612, 792)


def test_pdf_repeats_the_table_header_on_every_page_of_a_long_table(tmp_path):
    crs = [cr(f"CR-{i:03d}", "R1", "approved", set_("OFR", f"field{i}", i)) for i in range(58)]
    report = build_report(plan(*crs), "R1", TODAY)
    reader = PdfReader(write_report(report, "pdf", tmp_path / "r.pdf"))
    pages = [p.extract_text() for p in reader.pages]
    included_pages = [t for t in pages if "Title of CR-" in t]
    assert len(included_pages) >= 2
    for page in included_pages:
        assert "Key" in page and "Title" in page and "Estimate" in page
    listed = set().union(*(CR_KEY.findall(t) for t in included_pages))
    assert listed == {f"CR-{i:03d}" for i in range(58)}  # every row printed, none lost


def test_a_value_longer_than_a_page_is_cut_with_a_note_not_lost_off_the_page(tmp_path):
    long = "Terms and conditions apply. " * 600
    report = build_report(plan(cr("CR-1", "R1", "approved", set_("OFR", "legal", long))),
                          "R1", TODAY)
    text = pdf_text(write_report(report, "pdf", tmp_path / "r.pdf"))
    assert "the full value is in the XLSX and CSV reports" in text.replace("\n", " ")


# ---- XLSX ------------------------------------------------------------------------------------

def test_xlsx_has_a_sheet_per_section_with_frozen_headers_filters_and_real_dates(tmp_path, mar,
                                                                               engine):
    book = openpyxl.load_workbook(write_report(mar, "xlsx", tmp_path / "r.xlsx"))
    assert book.sheetnames[0] == "Summary"
    assert set(book.sheetnames) >= {"Included change requests", "Excluded change requests",
                                    "Held back", "Conflicts", "Warnings", "Dependencies",
                                    "Changes by item", "Sign-off"}
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
    included = book["Included change requests"]
    assert [c.value for c in included[1]][:4] == ["Key", "Title", "Team", "Stage"]
    assert [row[0].value for row in included.iter_rows(min_row=2)] == list(engine.included)
    assert isinstance(included["E2"].value, int | float)  # estimate: a number
    held = book["Held back"]
    go_live = [row[5].value for row in held.iter_rows(min_row=2) if row[4].value == "R-APR"]
    assert go_live and all(isinstance(v, datetime) and v.date() == date(2027, 3, 25)
                           for v in go_live)
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Go-live"].date() == date(2027, 2, 25)
    assert summary["Conflicts"] == 1
    assert included.column_dimensions["B"].width > included.column_dimensions["A"].width


def test_xlsx_changes_keep_their_types(tmp_path, mar, engine):
    book = openpyxl.load_workbook(write_report(mar, "xlsx", tmp_path / "r.xlsx"))
    rows = [[c.value for c in row] for row in book["Changes by item"].iter_rows(min_row=2)]
    what = {"create": "(created)", "retire": "(retired)"}
    assert sorted((r[5], r[0], r[2], r[3], r[4]) for r in rows) == sorted(
        (c.cr, c.item, c.field or what[c.op], c.before, c.after) for c in engine.changes)


def test_xlsx_numbers_among_text_values_align_left_like_the_text(tmp_path):
    # A right-aligned 24 in "After" would sit against the CR key beside it and read as part of it.
    report = build_report(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", 24),
                                  set_("OFR", "headline", "Hi there"))),
                          "R1", TODAY, generated_at=GENERATED)
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))
    sheet = book["Changes by item"]
    header = [c.value for c in sheet[1]]
    after = {row[2].value: row[header.index("After")] for row in sheet.iter_rows(min_row=2)}
    assert after["price"].value == 24 and after["price"].data_type == "n"  # still a number
    assert after["price"].alignment.horizontal == "left"
    assert after["headline"].value == "Hi there"
    counts = book["Teams"]  # a column of counts only keeps numbers' usual right alignment
    assert counts["B2"].value == 1 and counts["B2"].alignment.horizontal is None


# ---- CSV -------------------------------------------------------------------------------------

def test_csv_has_one_row_per_change_in_the_engines_order(tmp_path, mar, engine):
    path = write_report(mar, "csv", tmp_path / "r.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["cr"], r["op"], r["item"], r["field"], r["before"], r["after"]) for r in rows] \
        == [(c.cr, c.op, c.item, c.field or "", plain(c.before), plain(c.after))
            for c in engine.changes]
    assert {r["release"] for r in rows} == {"R-MAR"}


def test_csv_of_a_release_without_changes_is_just_the_header(tmp_path):
    path = write_report(build_report(plan(), "R1", TODAY), "csv", tmp_path / "r.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "release,cr,team,op,item,item_name,field,before,after,justification,fingerprint"]


# ---- iCalendar -------------------------------------------------------------------------------

def test_ics_has_go_lives_and_freezes_with_uids_stable_across_exports(tmp_path, demo):
    def export(name, at):
        report = build_report(demo, "R-FEB", demo.settings.today, plan_identity="p1",
                              generated_at=at)
        return Calendar.from_ical(write_report(report, "ics", tmp_path / name).read_bytes())

    first = export("a.ics", GENERATED)
    second = export("b.ics", datetime(2027, 3, 1, 12).astimezone())
    assert str(first["method"]) == "PUBLISH"
    events = {str(e["uid"]): e for e in first.walk("VEVENT")}
    again = {str(e["uid"]): e for e in second.walk("VEVENT")}
    assert set(events) == set(again)  # a re-import updates these events, no duplicates
    for uid, event in events.items():  # nothing changed: nothing for a calendar to redo
        assert int(again[uid]["sequence"]) == int(event["sequence"])
    for release in demo.releases.values():  # planned and deployed
        go_live = events[f"go-live.{release.key}.p1@release-planner"]
        assert go_live["dtstart"].dt == release.go_live
        assert release.key in str(go_live["summary"])
        freeze = events[f"freeze.{release.key}.p1@release-planner"]
        assert freeze["dtend"].dt == release.go_live
        assert (release.go_live - freeze["dtstart"].dt).days == release.freeze_days
    assert str(events["go-live.R-JAN.p1@release-planner"]["status"]) == "CONFIRMED"
    assert str(events["go-live.R-MAR.p1@release-planner"]["status"]) == "TENTATIVE"


# ---- HTML ------------------------------------------------------------------------------------

class Tables(HTMLParser):
    """Section ids (nested ones too), each section's table cells by row, the text of its notes,
    every element's tag, and every external reference."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self.notes: dict[str, list[str]] = {}
        self.open: list[str] = []
        self.row, self.cell, self.note = None, None, None
        self.external: list[str] = []
        self.images: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if value and not value.startswith(("#", "data:")):
                self.external.append(value)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "section":
            self.open.append(attrs["id"])
            self.sections[attrs["id"]], self.notes[attrs["id"]] = [], []
        elif tag == "tr" and self.open:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "p" and attrs.get("class") == "note" and self.open:
            self.note = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.note is not None:
            self.note += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.sections[self.open[-1]].append(self.row)
            self.row = None
        elif tag == "p" and self.note is not None:
            self.notes[self.open[-1]].append(self.note)
            self.note = None
        elif tag == "section":
            self.open.pop()


def read_html(path) -> Tables:
    page = Tables()
    page.feed(Path(path).read_text(encoding="utf-8"))
    return page


def test_html_is_self_contained_and_lists_each_cr_in_its_section(tmp_path, mar, engine):
    path = write_report(mar, "html", tmp_path / "r.html", timeline_png=PNG)
    page = read_html(path)
    assert page.external == []  # styles and the image are inline: it opens anywhere
    assert page.images and page.images[0].startswith("data:image/png;base64,")
    assert [row[0] for row in page.sections["included"][1:]] == list(engine.included)
    assert [row[0] for row in page.sections["excluded"][1:]] == [e.cr for e in engine.excluded]
    assert {row[1] for row in page.sections["conflicts"][1:]} == set(engine.conflicts[0].values)
    assert "thead { display: table-header-group; }" in path.read_text()  # headers repeat in print


# ---- every format: empty and deployed releases, atomic writing ---------------------------------

@pytest.mark.parametrize("fmt", ["pdf", "html", "xlsx", "csv", "ics"])
def test_a_release_with_no_change_requests_writes_in_every_format(tmp_path, fmt):
    report = build_report(plan(), "R1", TODAY)
    path = write_report(report, fmt, tmp_path / f"r.{fmt}")
    assert path.stat().st_size > 0
    if fmt == "pdf":
        assert "Nothing ships with this release." in pdf_text(path)


def test_a_deployed_release_in_pdf_and_xlsx_shows_shipped_and_slipped(tmp_path):
    before = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "12")),
                  cr("CR-2", "R1", "build"))
    done = deploy(before, "R1", TODAY)
    from app.reports.deployment import DeployRecord, Slip

    record = DeployRecord(GENERATED, "bob", (Slip("CR-2", "Title of CR-2", "T", "build", "R2"),),
                          {"OFR": {"key": "OFR", "kind": "offer", "name": "Item OFR",
                                   "status": "active", "attributes": {"price": "10"},
                                   "uses": []}})
    report = build_report(done.plan, "R1", TODAY, deployment=record)
    text = pdf_text(write_report(report, "pdf", tmp_path / "r.pdf"))
    assert "CR-1" in between(text, "Shipped change requests (1)", "Slipped")
    assert "CR-2" in between(text, "Slipped (1)", "Changes by item")
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))
    slipped = [[c.value for c in row] for row in book["Slipped"].iter_rows(min_row=2)]
    assert slipped[0][0] == "CR-2" and slipped[0][4] == "R2"


def test_a_cancelled_export_leaves_no_file_and_keeps_the_old_one(tmp_path, mar):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"the report from yesterday")
    calls = []

    def cancel_on_third_call() -> bool:
        calls.append(1)
        return len(calls) >= 3

    with pytest.raises(Cancelled):
        write_report(mar, "pdf", target, cancelled=cancel_on_third_call)
    assert target.read_bytes() == b"the report from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_progress_is_reported_up_to_done(tmp_path, mar):
    seen = []
    write_report(mar, "xlsx", tmp_path / "r.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= len(mar.sections)


def test_a_file_name_that_does_not_match_the_format_is_refused_before_writing(tmp_path, mar):
    with pytest.raises(ReportError, match=r"ending in \.pdf"):
        write_report(mar, "pdf", tmp_path / "r.html")
    with pytest.raises(ReportError, match="cannot tell the format"):
        write_report(mar, None, tmp_path / "r.docx")
    assert list(tmp_path.iterdir()) == []


def test_an_error_while_writing_leaves_nothing_behind(tmp_path, mar, monkeypatch):
    with pytest.raises(OSError):
        write_report(mar, "csv", tmp_path / "missing-folder" / "r.csv")
    import app.reports.xlsx

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app.reports.xlsx, "_sheet", disk_full)  # fails after the summary
    with pytest.raises(OSError):
        write_report(mar, "xlsx", tmp_path / "r.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_csv_cells_are_plain_values():
    assert [plain(v) for v in (None, True, 12.0, 1.5, "a,b")] == ["", "true", "12", "1.5", "a,b"]


def test_text_beyond_latin_1_survives_in_csv_and_pdf(tmp_path):
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "headline", "Łódź: 5 zł")))
    report = build_report(p, "R1", TODAY)
    path = write_report(report, "csv", tmp_path / "r.csv")
    assert "Łódź: 5 zł" in path.read_text(encoding="utf-8-sig")
    assert "Łódź: 5 zł" in pdf_text(write_report(report, "pdf", tmp_path / "r.pdf"))
