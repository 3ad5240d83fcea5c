"""The send calendar's setting in the database (migration 0003): kept on SQLite and PostgreSQL,
absent when the plan never set it, and an older database upgrades without it."""

from __future__ import annotations

import shutil
import sqlite3

from app.engine.report import bundle_report
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan
from app.views.bundle_output import report_to_json
from storage.migrate import SCHEMA_HEAD
from storage.open_store import open_store
from tests.app.plan_builder import TODAY, cr, item, plan_doc, set_
from tests.conftest import FIXTURES

OLD_FILE = FIXTURES / "schema_0001.db"


def send_plan_doc(**communications) -> dict:
    items = (item("EM-A", "email", audience="prepaid", send_date="2027-01-14"),
             item("SMS-B", "sms", audience="prepaid", send_date="2027-01-15"))
    extra = {"communications": communications} if communications else {}
    return plan_doc(cr("CR-1", "R1", "approved", set_("SMS-B", "text", "Hi")), items=items,
                    **extra)


def round_trip(db_url, doc):
    store = open_store(db_url, user="alice")
    try:
        store.replace_all(build_plan(doc), "import")
        return store.load().plan
    finally:
        store.close()


def test_the_setting_round_trips_through_the_database(db_url):
    doc = send_plan_doc(kinds=["sms", "email"], min_gap_days=2, max_per_week=1)
    loaded = round_trip(db_url, doc)
    assert plan_to_document(loaded)["settings"]["communications"] == {
        "kinds": ["sms", "email"], "min_gap_days": 2, "max_per_week": 1}
    assert plan_to_document(loaded) == plan_to_document(build_plan(doc))
    warnings = report_to_json(bundle_report(loaded, "R1", TODAY))["warnings"]
    assert [w["code"] for w in warnings] == ["audience-overlap", "frequency-cap"]


def test_a_plan_without_the_setting_comes_back_without_it(db_url):
    loaded = round_trip(db_url, send_plan_doc())
    assert loaded.settings.communications is None
    assert "communications" not in plan_to_document(loaded)["settings"]


def test_an_older_database_upgrades_to_a_plan_without_the_setting(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(OLD_FILE, db)
    store = open_store(str(db))
    try:
        plan = store.load().plan
        assert plan.settings.communications is None
        assert "communications" not in plan_to_document(plan)["settings"]
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
        assert conn.execute("SELECT communications FROM settings").fetchall() == [(None,)]
