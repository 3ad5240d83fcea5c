"""The report of a release deployed through PlanService reads what slipped, and the values
before the deployment, from the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import openpyxl
from pypdf import PdfReader

from app.edits.moves import Schedule
from app.edits.releases import Deploy
from app.edits.service import PlanService
from app.model.plan import Target
from app.reports.content import build_report
from app.reports.deployment import deploy_action, deploy_record
from app.reports.export import write_report
from storage.open_store import open_store
from tests.app.plan_builder import demo_plan

DEPLOY_DAY = date(2027, 2, 11)


def test_a_deployed_release_reports_shipped_and_slipped_from_the_audit_log(db_url, tmp_path):
    store = open_store(db_url, user="carol")
    try:
        store.replace_all(demo_plan(), "import the demo")
        done = PlanService(store, DEPLOY_DAY).run(Deploy("R-FEB"))
        rows = store.audit_of_action(deploy_action("R-FEB"))
        plan = store.load().plan
    finally:
        store.close()
    assert done.slipped  # the demo's February has work that is not ready
    record = deploy_record(rows, "R-FEB")
    report = build_report(plan, "R-FEB", DEPLOY_DAY, deployment=record, generated_by="carol")

    shipped = [row[0] for row in report.section("shipped").rows]
    assert shipped == list(done.shipped)
    slipped = {row[0]: row[4] for row in report.section("slipped").rows}
    assert slipped == {cr: target or "backlog" for cr, target in done.slipped.items()}
    assert "by carol" in report.verdict
    # The values before: February's price cut reads from the offer's row before the deployment.
    price = next(c for c in report.changes if (c.item, c.field) == ("OFR-UNL", "price"))
    assert (price.before, price.after) == ("49.99", "44.99")

    text = "\n".join(p.extract_text() for p in PdfReader(
        write_report(report, "pdf", tmp_path / "feb.pdf")).pages)
    slipped_part = text[text.index("Slipped ("):text.index("Changes by item")]
    assert all(cr in slipped_part for cr in done.slipped)
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "feb.xlsx"))
    assert [r[0].value for r in book["Shipped change requests"].iter_rows(min_row=2)] == shipped


def test_only_the_rows_of_that_action_are_returned(db_url):
    store = open_store(db_url, user="dave")
    try:
        store.replace_all(demo_plan(), "import the demo")
        service = PlanService(store, date(2027, 2, 8))
        service.run(Schedule("CR-501", Target("R-APR")))
        assert store.audit_of_action(deploy_action("R-FEB")) == []
        rows = store.audit_of_action("schedule CR-501 to R-APR")
    finally:
        store.close()
    assert [(r["kind"], r["key"], r["user"]) for r in rows] == [("cr", "CR-501", "dave")]
    assert (rows[0]["before"]["release"], rows[0]["after"]["release"]) == (None, "R-APR")
