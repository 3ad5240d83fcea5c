"""A deployed release's report keeps its Communications section: the sends its shipped CRs
touched, as they are in the send calendar after go-live, read back from PDF, HTML and XLSX.
The demo's February is deployed through PlanService, as `release-planner deploy` does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from app.edits.releases import Deploy
from app.edits.service import PlanService
from app.reports.content import build_report
from app.reports.deployment import deploy_action, deploy_record
from app.reports.export import write_report
from storage.open_store import open_store
from tests.app.plan_builder import GENERATED, demo_plan
from tests.app.reports.test_formats import PNG, between, pdf_text, read_html

DEPLOY_DAY = date(2027, 2, 11)  # R-FEB's go-live


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """The plan after deploying R-FEB, its deployment record, and R-FEB's planned report."""
    demo = demo_plan()
    planned = build_report(demo, "R-FEB", demo.settings.today, generated_at=GENERATED)
    store = open_store(str(tmp_path_factory.mktemp("db") / "plan.db"), user="carol")
    try:
        store.replace_all(demo, "import the demo")
        PlanService(store, DEPLOY_DAY).run(Deploy("R-FEB"))
        record = deploy_record(store.audit_of_action(deploy_action("R-FEB")), "R-FEB")
        plan = store.load().plan
    finally:
        store.close()
    return plan, record, planned


def report_on(deployed, today: date):
    plan, record, _ = deployed
    return build_report(plan, "R-FEB", today, deployment=record, generated_by="carol",
                        generated_at=GENERATED)


@pytest.fixture(scope="module")
def feb(deployed):
    return report_on(deployed, DEPLOY_DAY)


def test_the_deployed_release_lists_the_sends_it_shipped_as_its_planned_report_did(deployed, feb):
    planned = deployed[2].section("communications")
    rows = feb.section("communications").rows
    assert [r[:6] for r in rows] == [r[:6] for r in planned.rows]  # date, item, name, ... by
    assert [r[1] for r in rows] == ["EM-FIB", "EM-UNL"]


def test_after_go_live_a_send_already_out_is_not_checked_and_one_to_come_is(feb):
    section = feb.section("communications")
    rows = {r[1]: r for r in section.rows}
    fib_check, fib_todo = rows["EM-FIB"][6:]  # went out the day before go-live
    assert fib_check.startswith("already out") and "before this release went live" in fib_check
    assert fib_todo == ""
    unl_check, unl_todo = rows["EM-UNL"][6:]  # goes out on go-live day, SMS-FAM the next
    assert "SMS-FAM" in unl_check and "another day" in unl_todo
    assert not any("would announce what is not live" in r[6] for r in section.rows)
    assert '"Send before go-live" is not checked' in section.intro
    assert "Thu 11 Feb 2027 or later" in section.intro


def test_an_overlap_whose_sends_are_both_out_is_no_longer_reported(deployed):
    rows = {r[1]: r for r in report_on(deployed, date(2027, 2, 15)).section("communications").rows}
    assert rows["EM-UNL"][6].startswith("already out") and rows["EM-UNL"][7] == ""


def test_a_send_changed_after_the_deployment_shows_as_the_calendar_has_it_now(deployed):
    plan, record, _ = deployed
    email = plan.items["EM-UNL"]  # as a later deployment would leave it: moved out of the overlap
    later = replace(plan, items={**plan.items, "EM-UNL": replace(
        email, attributes=email.attributes | {"send_date": "2027-02-20"})})
    report = build_report(later, "R-FEB", DEPLOY_DAY, deployment=record, generated_at=GENERATED)
    rows = {r[1]: r for r in report.section("communications").rows}
    assert rows["EM-UNL"][0] == date(2027, 2, 20) and rows["EM-UNL"][6:] == ("clear", "")


def test_pdf_of_the_deployed_release_has_the_communications_section(tmp_path, feb):
    text = pdf_text(write_report(feb, "pdf", tmp_path / "feb.pdf", timeline_png=PNG))
    part = between(text, "Communications (2)", "Shipped change requests")
    assert "EM-FIB" in part and "EM-UNL" in part and "already out" in part
    assert "CR-209" in part and "CR-201" in part


def test_html_of_the_deployed_release_has_the_communications_section(tmp_path, feb):
    page = read_html(write_report(feb, "html", tmp_path / "feb.html", timeline_png=PNG))
    rows = page.sections["communications"]
    assert rows[0] == ["Send date", "Item", "Name", "Kind", "Audience", "Changed by",
                       "Calendar check", "What to do"]
    assert [(r[1], r[5]) for r in rows[1:]] == [("EM-FIB", "CR-209"), ("EM-UNL", "CR-201")]


def test_xlsx_of_the_deployed_release_has_a_communications_sheet(tmp_path, feb):
    book = openpyxl.load_workbook(write_report(feb, "xlsx", tmp_path / "feb.xlsx"))
    rows = [[c.value for c in row] for row in book["Communications"].iter_rows(min_row=2)]
    assert [(r[0], r[1]) for r in rows] == [(datetime(2027, 2, 10), "EM-FIB"),
                                            (datetime(2027, 2, 11), "EM-UNL")]
    assert rows[0][6].startswith("already out")


def test_the_deployed_releases_csv_stays_the_changes_file(tmp_path, feb):
    lines = write_report(feb, "csv", tmp_path / "feb.csv").read_text("utf-8-sig").splitlines()
    assert lines[0] == "release,cr,team,op,item,item_name,field,before,after,justification," \
        "fingerprint"
    assert "EM-UNL" in "\n".join(lines[1:])  # its send_date change, as a change
