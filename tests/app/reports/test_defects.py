"""The report defects found when the reports were opened in their programs (issue 24, 4.1 to
4.14; 4.5 to 4.7 are in test_send_reports.py and tests/cli/test_cli_sends.py, 4.15 in
tests/widgets/timeline/test_timeline_image.py, 4.1 and the decision page in test_report_signoff.py and
test_report_decision.py), each checked the way a reader would notice it."""

import re
import warnings
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from app.engine.operations import deploy
from app.reports.content import build_report
from app.reports.export import write_report
from app.reports.model import Column, Section
from app.reports.pdf import MARGIN
from app.reports.pdf_style import register_fonts
from app.reports.sections import teams
from tests.app.plan_builder import TODAY, cr, plan, release, set_, team
from tests.app.reports.test_formats import between, pdf_text, read_html

HEADER_Y = 790  # points: the running header's baseline on an A4 page is above this


def page_texts(path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


def body_lines(text: str) -> list[str]:
    """A page's lines less its running header and footer."""
    return [line for line in text.splitlines()
            if not line.startswith(("Release report:", "planned,", "Generated ", "Page ",
                                    "Fingerprint "))]


# ---- 4.2 no blank page ---------------------------------------------------------------------

def test_no_page_is_blank_wherever_a_list_of_counts_ends(tmp_path):
    """Held-back work of a big release: its counts, then its first rows. The counts end at
    every height of a landscape page in turn, and the rows after them fill from most of a page
    to all of it: where the counts filled a page and the rows nearly another, the spacer after
    the counts and the note kept with the rows left a page with nothing on it (page 14 of a
    100,000-CR plan's release)."""
    base = build_report(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9"))), "R1",
                        TODAY)
    columns = (Column("Key"), Column("Title", width=3), Column("Why", width=3))
    rows = [(f"CR-{i:04d}", "A title of a change request", "why it stays out of it " * 6)
            for i in range(400)]
    for counts in range(20, 32):
        overview = Section("held_back_by_release", "Held back by release", "Counts.",
                           (Column("Meant for"), Column("How many", "count")),
                           [(f"R-{i:03d}", i) for i in range(60)], "", print_limit=counts)
        for listed in range(14, 24):
            held = Section("held_back", "Held back", "Work meant for later.", columns, rows, "",
                           wide=True, print_limit=listed, overview=overview)
            report = replace(base, sections=(held,))
            texts = page_texts(write_report(report, "pdf", tmp_path / "r.pdf"))
            for n, text in enumerate(texts):
                assert body_lines(text), (counts, listed, n)


# ---- 4.3 a continued group keeps its label -----------------------------------------------------

def test_a_group_continued_on_a_new_page_says_again_which_item_it_is(tmp_path):
    changes = [set_("OFR", f"field{i:02d}", f"value {i}") for i in range(59)]
    report = build_report(plan(cr("CR-1", "R1", "approved", *changes)), "R1", TODAY)
    pages = page_texts(write_report(report, "pdf", tmp_path / "r.pdf"))
    with_rows = [t for t in pages if re.search(r"field\d\d", t)]
    assert len(with_rows) >= 2  # the one item's changes run over pages
    for text in with_rows:
        table = text[text.index("Item name"):] if "Item name" in text else text
        assert "OFR Item OFR" in table.replace("\n", " "), text[:300]
    page = read_html(write_report(report, "html", tmp_path / "r.html"))
    assert all(row[0] == "OFR" for row in page.sections["changes"][1:])  # every row says it
    html = (tmp_path / "r.html").read_text()
    assert html.count('class="ditto"') == 2 * 58  # faint after the first row


# ---- 4.4 the running header fits --------------------------------------------------------------

def test_the_running_header_is_cut_to_fit_beside_the_status(tmp_path):
    long = "Quarterly proposition refresh for every brand and channel " * 9
    doc = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9")),
               releases=(dict(release("R1", "2027-01-15"), name=long[:500]),
                         release("R2", "2027-02-15")))
    report = build_report(doc, "R1", TODAY)
    reader = PdfReader(write_report(report, "pdf", tmp_path / "r.pdf"))
    fonts = register_fonts()
    width = float(reader.pages[1].mediabox.width)
    found = []
    reader.pages[1].extract_text(visitor_text=lambda text, cm, tm, font, size: found.append(
        (text, tm[4], tm[5])) if tm[5] > HEADER_Y and text.strip() else None)
    left = next((t.strip(), x) for t, x, _y in found if t.startswith("Release report: R1"))
    status = next((t.strip(), x) for t, x, _y in found if t.startswith("planned,"))
    assert left[0].rstrip().endswith("…")
    assert left[1] + fonts.width(left[0], 7.5) < status[1]  # no overlap
    assert status[1] + fonts.width(status[0], 7.5) <= width - MARGIN + 1  # on the page


# ---- 4.8 printed HTML --------------------------------------------------------------------------

def test_printed_html_has_page_numbers_a_running_header_and_keeps_headings_and_the_image(
        tmp_path, mar):
    from tests.app.reports.test_formats import PNG

    html = write_report(mar, "html", tmp_path / "r.html", timeline_png=PNG).read_text()
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages)' in html
    assert '@top-left { content: "Release report: R-MAR Spring SIM and Fibre launch"' in html
    # Each heading and intro in one block that does not break, and no break after it.
    assert ".keep { break-inside: avoid; }" in html and ".keep + table" in html
    assert html.count('<div class="keep">') == len(mar.sections) - 1 + sum(
        1 for s in mar.sections if s.overview is not None and s.rows)
    assert "figure img { max-height: 200mm" in html and "figure { break-inside: avoid; }" in html


# ---- 4.10 no wasted pages ----------------------------------------------------------------------

def test_a_small_release_turns_no_page_and_signs_on_its_first_page(tmp_path, mar):
    reader = PdfReader(write_report(mar, "pdf", tmp_path / "r.pdf"))
    assert len(reader.pages) <= 5  # 7 before, for 6 CRs, the sign-off alone on the last
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in reader.pages)
    texts = [p.extract_text() for p in reader.pages]
    assert "Sign-off" in texts[0]
    for text in texts[1:]:  # every other page has a table on it, not a lone block
        assert len(body_lines(text)) > 10


# ---- 4.11 CJK and emoji ------------------------------------------------------------------------

def test_cjk_and_emoji_print_in_a_font_that_has_them(tmp_path):
    title = "春季促销 キャンペーン 🚀 launch ✅"
    doc = plan(cr("CR-1", "R1", "approved", set_("OFR", "headline", "新しい価格 😀")))
    report = build_report(doc, "R1", TODAY)
    report = replace(report, name=title)
    path = write_report(report, "pdf", tmp_path / "r.pdf")
    reader = PdfReader(path)
    used = set()
    for page in reader.pages:
        used |= {str(f["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()
                 if "/BaseFont" in f}
    assert {"DroidSansFallback", "Symbola"} <= used, used
    text = pdf_text(path)
    for piece in ("春季促销", "キャンペーン", "🚀", "新しい価格", "😀"):
        assert piece in text, piece
    fonts = register_fonts()
    runs = dict((piece, font) for font, piece in fonts.runs("Price 价格 🚀"))
    assert runs["价格"] == "ReportCJK" and runs["🚀"] == "ReportSymbols"
    assert runs["Price "] == fonts.regular


# ---- 4.12 XLSX headers and the sign-off sheet --------------------------------------------------

def test_xlsx_headers_survive_a_long_release_name_and_the_sign_off_has_room(tmp_path):
    long = "Quarterly proposition refresh for every brand & channel 🚀 " * 9  # 🚀: 2 units
    doc = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9")),
               releases=(dict(release("R1", "2027-01-15"), name=long[:500]),
                         release("R2", "2027-02-15")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns when it drops a header
        path = write_report(build_report(doc, "R1", TODAY), "xlsx", tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        left = sheet.oddHeader.left.text
        assert left and left.startswith("R1 Quarterly proposition") and left.endswith("…"), \
            sheet.title
        assert "brand && channel" in left  # written "&&": an ampersand, not a header code
    sign = book["Sign-off"]
    head = [c.value for c in sign[1]]
    assert head == ["Role", "Name", "Decision", "Conditions", "Date", "Signature"]
    assert all(sign.row_dimensions[r].height >= 40 for r in range(2, sign.max_row + 1))
    for column, title in zip("ABCDEF", head, strict=True):
        if title in ("Name", "Signature", "Conditions"):
            assert sign.column_dimensions[column].width >= 25, title


# ---- 4.13 a frozen release's capacity said once ------------------------------------------------

def test_teams_with_no_time_left_are_said_once_not_a_row_each(tmp_path):
    many = [team(f"T{i:02d}") for i in range(50)]
    crs = [cr(f"CR-{i:02d}", "R1", "build", team=f"T{i:02d}", hours=8) for i in range(50)]
    report = build_report(plan(*crs, teams=many), "R1", date(2027, 1, 13))  # R1 is frozen
    rows = report.section("warnings").rows
    over = [row for row in rows if row[0] == "Over capacity"]
    assert len(over) == 1 and over[0][1] == "50 teams"
    assert "Team T00 8 h" in over[0][2] and "Team T49 8 h" in over[0][2]
    text = pdf_text(write_report(report, "pdf", tmp_path / "r.pdf"))
    assert text.count("capacity 0 h") <= 1


# ---- 4.14 one way to write a day and a stage; no "Slipped 0" beside "not recorded" ----------

def test_days_and_stages_are_written_one_way_everywhere(tmp_path, demo):
    for key in ("R-FEB", "R-MAR", "R-JAN"):
        report = build_report(demo, key, demo.settings.today)
        for fmt in ("pdf", "html"):
            path = write_report(report, fmt, tmp_path / f"r.{fmt}")
            text = pdf_text(path) if fmt == "pdf" else path.read_text()
            assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 0\d\b", text), (key, fmt)
            assert "on_hold" not in text, (key, fmt)


def test_a_deployed_release_without_its_audit_log_shows_no_slipped_counts(tmp_path):
    done = deploy(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "12")),
                       cr("CR-2", "R1", "build")), "R1", TODAY).plan
    report = build_report(done, "R1", TODAY)  # from a plan file: no audit log
    assert dict(report.facts)["Slipped to a later release"] == "not recorded"
    assert [c.title for c in report.section("teams").columns] == ["Team", "Shipped",
                                                                 "Estimate shipped"]
    assert teams(done, ["CR-1"], []).columns[2].title == "Excluded"  # known: a count, even 0
    text = pdf_text(write_report(report, "pdf", tmp_path / "r.pdf"))
    assert "Slipped (" not in text and "Slipped\n" in text  # no count of what is not known


# ---- 4.9 deploying keeps the freeze where it was ----------------------------------------------

def test_deploying_early_keeps_the_day_the_freeze_began(tmp_path):
    # R1 goes live on Fri 15 Jan with a 3-day freeze from Tue 12 Jan; it ships on Wed 13 Jan.
    done = deploy(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "12"))), "R1",
                  date(2027, 1, 13)).plan
    r1 = done.releases["R1"]
    assert r1.go_live == date(2027, 1, 13)
    report = build_report(done, "R1", date(2027, 1, 13))
    assert report.freeze_start == date(2027, 1, 12)  # not moved to 10 Jan with the go-live
    from icalendar import Calendar

    cal = Calendar.from_ical(write_report(report, "ics", tmp_path / "r.ics").read_bytes())
    freeze = next(e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("freeze.R1"))
    assert freeze.decoded("dtstart") == date(2027, 1, 12)
    early = deploy(plan(cr("CR-1", "R1", "approved")), "R1", date(2027, 1, 5)).plan
    assert early.releases["R1"].freeze_days == 0  # shipped before its freeze began: none


# ---- issue 25, 4: an emergency's justification of any length prints -------------------------

@pytest.mark.parametrize("length", [1_600, 5_000, 32_767])
def test_an_emergency_justification_up_to_the_limit_prints_cut_with_a_pointer(tmp_path, length):
    prose = ("We must change the terms today because the regulator wrote on Monday, and the "
             "call centre needs the new wording before the weekend. ") * 300
    report = build_report(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9"),
                                  emergency=True, justification=prose[:length])), "R1", TODAY)
    text = pdf_text(write_report(report, "pdf", tmp_path / "r.pdf")).replace("\n", " ")
    assert "We must change the terms today" in text
    included = between(text, "Included change requests (1)", "Excluded change requests")
    if length > 3_000:  # longer than a page of its column: cut, saying where it is whole
        assert "the full value is in the XLSX and CSV reports" in included
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))
    sheet = book["Included change requests"]
    head = [c.value for c in sheet[1]]
    assert sheet.cell(2, head.index("Justification") + 1).value == prose[:length].strip()
