"""The send calendar in the release reports: a Communications section in PDF, HTML and XLSX
(read back with independent readers), the CSV left as the changes file, and the sends calendar
as iCalendar with stable UIDs."""

from datetime import date, datetime, timedelta

import openpyxl
import pytest
from icalendar import Calendar

from app.engine.send_calendar import send_calendar
from app.reports.content import build_report
from app.reports.export import write_report
from app.reports.sends_ics import send_uid, sends_calendar_bytes
from tests.app.plan_builder import GENERATED, TODAY, cr, item, plan, set_
from tests.app.reports.test_formats import PNG, between, pdf_text, read_html


@pytest.fixture(scope="module")
def feb(demo):
    return build_report(demo, "R-FEB", demo.settings.today, generated_by="alice",
                        database="plan.db", generated_at=GENERATED)


def test_the_communications_section_lists_each_send_with_its_check_and_what_to_do(feb):
    section = feb.section("communications")
    rows = {row[1]: row for row in section.rows}
    assert list(rows) == ["EM-FIB", "EM-UNL"]  # by send date
    send_date, _item, name, kind, audience, by, check, todo = rows["EM-FIB"]
    assert (send_date, kind, audience, by) == (date(2027, 2, 10), "email", "broadband-prospects",
                                                "CR-209")
    assert name == "Fibre upgrade email"
    assert "before this release goes live" in check and "go-live day or later" in todo
    assert "SMS-FAM" in rows["EM-UNL"][6] and "another day" in rows["EM-UNL"][7]
    assert "within 2 days" in section.intro and "at most 2 sends" in section.intro


def test_a_release_that_sends_nothing_says_so():
    report = build_report(plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "9"))), "R1",
                          TODAY, generated_at=GENERATED)
    section = report.section("communications")
    assert section.rows == [] and "no email, SMS or push" in section.empty


def test_pdf_has_the_communications_section(tmp_path, feb):
    text = pdf_text(write_report(feb, "pdf", tmp_path / "r.pdf", timeline_png=PNG))
    part = between(text, "Communications (2)", "Included change requests")
    assert "EM-FIB" in part and "EM-UNL" in part and "broadband-prospe" in part


def test_html_has_the_communications_section(tmp_path, feb):
    page = read_html(write_report(feb, "html", tmp_path / "r.html", timeline_png=PNG))
    rows = page.sections["communications"]
    assert rows[0][:5] == ["Send date", "Item", "Name", "Kind", "Audience"]
    assert [r[1] for r in rows[1:]] == ["EM-FIB", "EM-UNL"]


def test_xlsx_has_a_communications_sheet_with_real_dates(tmp_path, feb):
    book = openpyxl.load_workbook(write_report(feb, "xlsx", tmp_path / "r.xlsx"))
    sheet = book["Communications"]
    first = [c.value for c in sheet[2]]
    assert first[0] == datetime(2027, 2, 10) and first[1] == "EM-FIB"


def test_the_csv_stays_the_changes_file(tmp_path, feb):
    header = write_report(feb, "csv", tmp_path / "r.csv").read_text("utf-8-sig").splitlines()[0]
    assert header == "release,cr,team,op,item,item_name,field,before,after,justification," \
        "fingerprint"


# ---- the sends calendar ------------------------------------------------------------------------

def events(data: bytes) -> dict:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_every_send_is_an_all_day_event_with_a_uid_from_its_key(demo):
    found = events(sends_calendar_bytes(demo, GENERATED))
    expected = [s.item for s in send_calendar(demo).sends]
    assert set(found) == {send_uid(k) for k in expected}
    sms = found[send_uid("SMS-SIM")]
    assert sms.decoded("dtstart") == date(2027, 2, 26)
    assert sms.decoded("dtend") == date(2027, 2, 27)  # exclusive: one whole day
    assert "CR-312" in str(sms["description"]) and "R-MAR" in str(sms["description"])
    assert str(sms["status"]) == "TENTATIVE"  # it ships with a planned release


def test_a_later_export_moves_the_event_instead_of_copying_it(demo):
    first = events(sends_calendar_bytes(demo, GENERATED))
    doc_plan = plan(cr("CR-1", "R1", "approved", set_("EM-A", "send_date", "2027-01-20")),
                    items=(item("EM-A", "email", audience="all", send_date="2027-01-18"),))
    before = events(sends_calendar_bytes(doc_plan, GENERATED, through=None))
    after_plan = plan(cr("CR-1", "R1", "approved", set_("EM-A", "send_date", "2027-01-22")),
                      items=(item("EM-A", "email", audience="all", send_date="2027-01-18"),))
    # The send's revision (from the audit log, app.reports.calendar_identity) is its SEQUENCE.
    after = events(sends_calendar_bytes(after_plan, GENERATED + timedelta(minutes=5),
                                        revisions={"EM-A": 1}))
    assert list(before) == list(after) == [send_uid("EM-A")]
    moved = after[send_uid("EM-A")]
    assert moved.decoded("dtstart") == date(2027, 1, 22)
    assert moved["sequence"] > before[send_uid("EM-A")]["sequence"]
    assert str(first[send_uid("SMS-FAM")]["status"]) == "CONFIRMED"  # untouched: live as it is
    # Exported again later with nothing changed: the same SEQUENCE, nothing for a calendar to do.
    again = events(sends_calendar_bytes(doc_plan, GENERATED + timedelta(days=3)))
    assert again[send_uid("EM-A")]["sequence"] == before[send_uid("EM-A")]["sequence"]


def test_a_send_a_release_retires_is_marked_cancelled():
    from tests.app.plan_builder import retire

    p = plan(cr("CR-1", "R1", "approved", retire("EM-A")),
             items=(item("EM-A", "email", audience="all", send_date="2027-01-20"),))
    found = events(sends_calendar_bytes(p, GENERATED))
    assert str(found[send_uid("EM-A")]["status"]) == "CANCELLED"
    assert "retired by CR-1 in R1" in str(found[send_uid("EM-A")]["description"])


def test_a_send_retired_after_its_date_still_goes_out():
    from tests.app.plan_builder import retire

    # EM-A goes out on 13 Jan; R2, which retires it, goes live on 15 Feb: it is sent.
    p = plan(cr("CR-1", "R2", "approved", retire("EM-A")),
             items=(item("EM-A", "email", audience="all", send_date="2027-01-13"),))
    event = events(sends_calendar_bytes(p, GENERATED))[send_uid("EM-A")]
    assert str(event["status"]) == "CONFIRMED"
    assert "not sent" not in str(event["description"])
    assert "after it goes out" in str(event["description"])


def test_the_send_calendar_is_published_with_the_plan_in_every_uid():
    p = plan(items=(item("EM-A", "email", audience="all", send_date="2027-01-13"),))
    one = Calendar.from_ical(sends_calendar_bytes(p, GENERATED, plan_identity="plan1"))
    other = Calendar.from_ical(sends_calendar_bytes(p, GENERATED, plan_identity="plan2"))
    assert str(one["method"]) == "PUBLISH"
    uids = {str(e["uid"]) for e in one.walk("VEVENT")}
    assert uids == {"send.EM-A.plan1@release-planner"}
    assert not uids & {str(e["uid"]) for e in other.walk("VEVENT")}  # no overwriting


def test_a_plan_without_sends_writes_no_calendar():
    from app.reports.sends_ics import NoSends

    with pytest.raises(NoSends, match="at least one event"):
        sends_calendar_bytes(plan(), GENERATED)


@pytest.mark.parametrize("order", ["in one CR", "an earlier release", "an earlier CR"])
def test_a_set_before_the_items_create_gives_a_calendar(order):
    from tests.app.plan_builder import create

    sets = set_("EM-9", "send_date", "2027-01-20")
    makes = create("EM-9", "email", audience="all", send_date="2027-01-18")
    crs = {"in one CR": [cr("CR-1", "R1", "approved", sets, makes)],
           "an earlier release": [cr("CR-1", "R1", "approved", sets),
                                  cr("CR-2", "R2", "approved", makes)],
           "an earlier CR": [cr("CR-1", "R1", "approved", sets),
                             cr("CR-2", "R1", "approved", makes)]}[order]
    found = events(sends_calendar_bytes(plan(*crs), GENERATED))
    # The set before the item exists does nothing (SPEC.md section 1): the create's date holds.
    assert found[send_uid("EM-9")].decoded("dtstart") == date(2027, 1, 18)
