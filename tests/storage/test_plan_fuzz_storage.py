"""What `check` accepts imports on SQLite and on PostgreSQL (issue 17): mutated plans
(tests/plan_mutations.py) that the validator accepts are stored, read back equal, bundle as the
file does and deploy; and a plan with every value at its limit does all that and reports."""

from __future__ import annotations

import contextlib
import copy
import json
from datetime import date
from pathlib import Path

from hypothesis import event, given
from sqlalchemy import delete

from app.edits.releases import Deploy
from app.edits.service import PlanService
from app.engine.report import bundle_report
from app.model.errors import PlanFileError, Refusal
from app.plan_file.document import parse_plan, plan_to_document
from app.plan_file.limits import (
    DATE_MAX,
    DATE_MIN,
    ESTIMATE_HOURS_MAX,
    FREEZE_DAYS_MAX,
    HOURS_PER_DAY_MIN,
    INTEGER_MAX,
    KEY_MAX,
    LEAD_TIME_DAYS_MAX,
    MEMBERS_MAX,
    NAME_MAX,
    TEXT_MAX,
)
from app.reports.content import build_report
from app.reports.export import write_report
from app.views.bundle_output import report_to_json
from storage import schema as t
from storage.open_store import open_store
from tests.plan_mutations import fuzz_settings, mutated_plans

TODAY = date(2027, 1, 4)


def _empty(store) -> None:
    with store.engine.begin() as conn:
        for table in reversed(t.metadata.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(delete(table))


def _stored_equal(store, plan) -> None:
    """Import `plan`, then read it back: the same document, the same bundles."""
    _empty(store)
    store.replace_all(plan, "import")
    loaded = store.load().plan
    assert plan_to_document(loaded) == plan_to_document(plan)
    day = plan.settings.today or TODAY
    for key, release in plan.releases.items():
        if release.status == "planned":
            assert report_to_json(bundle_report(loaded, key, day)) == \
                report_to_json(bundle_report(plan, key, day))


def test_mutated_plans_that_check_accepts_are_stored_on_both(db_url):
    store = open_store(db_url, user="fuzz")

    @fuzz_settings(default=30)
    @given(text=mutated_plans())
    def stored(text):
        try:
            plan = parse_plan(text)
        except PlanFileError:
            event("refused")
            return
        event("valid")
        _stored_equal(store, plan)
        planned = [r for r in plan.release_order() if r.status == "planned"]
        if planned:
            with contextlib.suppress(Refusal):  # a rule may refuse it: not a fault
                PlanService(store, plan.settings.today or TODAY).run(Deploy(planned[0].key))
            store.load()

    try:
        stored()
    finally:
        store.close()


def limits_document(base: dict) -> dict:
    """The demo plan with every kind of value at its limit."""
    doc = copy.deepcopy(base)
    key = "K" + "é" * (KEY_MAX - 2) + "🚀"  # 64 characters, more than 64 bytes
    doc["settings"]["today"] = DATE_MAX.isoformat()
    doc["settings"]["lead_time_days"] = {"k" * KEY_MAX: LEAD_TIME_DAYS_MAX, "ad": 0}
    doc["settings"]["workdays"] = [7]
    team = doc["teams"][0]
    team.update(key=key, name="n" * NAME_MAX, members=1, hours_per_day=HOURS_PER_DAY_MIN)
    doc["teams"][1].update(members=MEMBERS_MAX, hours_per_day=24)
    item = doc["offer_packs"][0]["items"][0]
    item.update(kind="k" * KEY_MAX, attributes={"f" * KEY_MAX: INTEGER_MAX, "neg": -INTEGER_MAX,
                                               "tiny": 5e-324, "huge": 1.7976931348623157e308,
                                               "text": "🚀" * TEXT_MAX})
    doc["releases"][1].update(go_live=DATE_MIN.isoformat(), freeze_days=FREEZE_DAYS_MAX)
    doc["releases"][2].update(go_live=DATE_MAX.isoformat(), freeze_days=FREEZE_DAYS_MAX)
    for cr in doc["change_requests"]:
        if cr["team"] == base["teams"][0]["key"]:
            cr["team"] = key
        if cr["release"] in (doc["releases"][1]["key"], doc["releases"][2]["key"]):
            cr["estimate_hours"] = ESTIMATE_HOURS_MAX
    doc["change_requests"][2]["title"] = "t" * NAME_MAX
    doc["change_requests"][2]["justification"] = "j " * (TEXT_MAX // 2)
    item["name"] = "🚀" * NAME_MAX
    return doc


def test_a_plan_at_every_limit_imports_bundles_and_reports_on_both(db_url, tmp_path):
    base = json.loads((Path(__file__).parents[2] / "resources" / "demo_plan.json").read_text())
    plan = parse_plan(json.dumps(limits_document(base)))
    store = open_store(db_url, user="limits")
    try:
        _stored_equal(store, plan)
        loaded = store.load().plan
    finally:
        store.close()
    for key in loaded.releases:
        report = build_report(loaded, key, DATE_MAX, generated_by="limits", database=db_url)
        for fmt in ("csv", "xlsx", "ics", "html", "pdf"):
            write_report(report, fmt, tmp_path / f"{key}.{fmt}")
