"""The plan store on SQLite and PostgreSQL: round trips, operations persisted and refused,
races, audit, faults."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.edits.moves import Schedule
from app.edits.releases import Deploy
from app.edits.service import PlanService
from app.edits.store_port import StaleEdit
from app.engine.report import bundle_report
from app.model.errors import Refusal
from app.model.plan import Target
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan
from app.views.bundle_output import report_to_json
from storage.open_store import open_store

TODAY = date(2027, 1, 4)


def rich_document() -> dict:
    """A plan that uses every feature of the file format, including tricky values."""
    return {
        "format": "release-plan/1",
        "settings": {"today": "2027-01-04", "ready_stage": "test", "legacy_stage": "draft",
                     "lead_time_days": {"pdf": 5, "email": 2}, "workdays": [1, 2, 3, 4, 6]},
        "teams": [{"key": "ACQ", "name": "Acquisition", "members": 2, "hours_per_day": 7.5,
                   "color": "#2f6fdf"},
                  {"key": "RET", "name": "Retention ✓"}],
        "offer_packs": [
            {"key": "MOB", "name": "Mobile", "items": [
                {"key": "OFR-1", "kind": "offer", "name": "Unlimited",
                 "attributes": {"price": "49.99", "n": 1, "f": 1.5, "b": True, "z": None}},
                {"key": "EM-1", "kind": "email", "name": "Mail", "status": "retired",
                 "uses": ["OFR-1"]}]},
            {"key": "EMPTY", "name": "No items yet", "items": []}],
        "releases": [
            {"key": "R0", "name": "Done", "go_live": "2026-12-01", "status": "deployed"},
            {"key": "R1", "name": "January", "go_live": "2027-01-15", "freeze_days": 3},
            {"key": "R2", "name": "February", "go_live": "2027-02-15", "freeze_days": 5},
            {"key": "RX", "name": "Dropped", "go_live": "2027-03-01", "status": "cancelled"}],
        "change_requests": [
            {"key": "CR-0", "title": "Shipped", "team": "ACQ", "release": "R0",
             "stage": "deployed"},
            {"key": "CR-1", "title": "Price", "team": "ACQ", "release": "R1", "stage": "test",
             "estimate_hours": 7.5, "priority": 1,
             "changes": [{"op": "set", "item": "OFR-1", "field": "price", "from": "49.99",
                          "to": "44.99"},
                         {"op": "set", "item": "OFR-1", "field": "n", "from": None, "to": 1.0},
                         {"op": "set", "item": "OFR-1", "field": "b", "to": False}]},
            {"key": "CR-2", "title": "New page", "team": "RET", "release": "R2", "stage": "draft",
             "depends_on": ["CR-1"], "emergency": True, "justification": "legal",
             "changes": [{"op": "create", "item": "LP-1", "pack": "EMPTY",
                          "kind": "landing_page", "name": "Landing",
                          "attributes": {"url": "/u"}, "uses": ["OFR-1"]},
                         {"op": "retire", "item": "EM-1"}]},
            {"key": "CR-3", "title": "Unplanned", "team": "RET", "stage": "on_hold",
             "depends_on": ["CR-2", "CR-1"]},
            {"key": "CR-4", "title": "Cancelled", "team": "ACQ", "release": "RX",
             "stage": "cancelled"}],
    }


@pytest.fixture
def store(db_url):
    s = open_store(db_url, user="alice")
    s.replace_all(build_plan(rich_document()), "import")
    yield s
    s.close()


def test_plan_file_round_trips_through_the_database(store):
    expected = plan_to_document(build_plan(rich_document()))
    assert plan_to_document(store.load().plan) == expected
    # and the types of values survive: 1 is not 1.0 is not true, null is not absent
    exported = json.dumps(plan_to_document(store.load().plan))
    assert json.loads(exported) == json.loads(json.dumps(expected))


def test_bundle_from_the_database_equals_bundle_from_the_plan_file(store):
    from_file = build_plan(rich_document())
    for release in ("R1", "R2"):
        assert report_to_json(bundle_report(store.load().plan, release, TODAY)) == \
            report_to_json(bundle_report(from_file, release, TODAY))


def test_schedule_is_persisted_and_audited(store):
    PlanService(store, TODAY).run(Schedule("CR-3", Target("R2")))
    assert store.load().plan.crs["CR-3"].release == "R2"
    history = store.history("cr", "CR-3")
    assert [h["action"] for h in history] == ["schedule CR-3 to R2"]
    assert history[0]["user"] == "alice"
    assert history[0]["before"]["release"] is None
    assert history[0]["after"]["release"] == "R2"


@pytest.mark.parametrize("cr, target, code", [
    ("CR-9", "R1", "unknown-cr"),
    ("CR-1", "R9", "unknown-release"),
    ("CR-0", "R1", "cr-closed"),
    ("CR-1", "R0", "release-closed"),
])
def test_refused_schedule_changes_nothing(store, cr, target, code):
    before = plan_to_document(store.load().plan)
    with pytest.raises(Refusal) as refused:
        PlanService(store, TODAY).run(Schedule(cr, Target.parse(target)))
    assert refused.value.code == code
    assert plan_to_document(store.load().plan) == before


def test_schedule_into_a_frozen_release_is_refused_and_nothing_written(store):
    with pytest.raises(Refusal) as refused:
        PlanService(store, date(2027, 1, 13)).run(Schedule("CR-3", Target("R1")))
    assert refused.value.code == "frozen"
    assert store.load().plan.crs["CR-3"].release is None
    assert store.history("cr", "CR-3") == []


def test_deploy_is_persisted(store):
    done = PlanService(store, TODAY).run(Deploy("R1"))
    plan = store.load().plan
    assert done.shipped == ("CR-1",)
    assert plan.releases["R1"].status == "deployed"
    assert plan.releases["R1"].go_live == TODAY
    assert plan.crs["CR-1"].stage == "deployed"
    assert plan.items["OFR-1"].attributes["price"] == "44.99"
    assert plan.items["OFR-1"].attributes["b"] is False
    # the result is still a valid plan that round-trips
    assert plan_to_document(build_plan(plan_to_document(plan))) == plan_to_document(plan)


def test_deploy_out_of_order_is_refused_and_nothing_written(store):
    before = plan_to_document(store.load().plan)
    with pytest.raises(Refusal) as refused:
        PlanService(store, TODAY).run(Deploy("R2"))
    assert refused.value.code == "not-next"
    assert plan_to_document(store.load().plan) == before


def test_two_planners_racing_for_one_cr_one_wins_the_other_is_told(store, db_url):
    other = open_store(db_url, user="bob")
    try:
        mine, theirs = store.load(), other.load()
        from app.engine.operations import schedule

        store.write(schedule(mine.plan, "CR-3", Target("R2"), TODAY).changes, mine.versions,
                    "alice moves")
        with pytest.raises(StaleEdit) as lost:
            other.write(schedule(theirs.plan, "CR-3", Target("R1"), TODAY).changes, theirs.versions,
                        "bob moves")
        assert "change request CR-3" in str(lost.value)
        assert "someone else" in str(lost.value)
        assert store.load().plan.crs["CR-3"].release == "R2"  # alice's move stands
    finally:
        other.close()


def test_a_stale_write_writes_nothing_at_all(store):
    """Two rows in one commit, one of them stale: neither is written."""
    from dataclasses import replace

    from app.model.change_set import ChangeSet, RowChange

    base = store.load()
    crs = base.plan.crs

    def retitle(*titles):
        return ChangeSet(tuple(RowChange("cr", key, crs[key], replace(crs[key], title=title))
                               for key, title in titles))

    store.write(retitle(("CR-3", "Theirs")), base.versions, "someone else edits CR-3")
    with pytest.raises(StaleEdit):
        store.write(retitle(("CR-2", "Mine"), ("CR-3", "Mine too")), base.versions,
                    "my stale edit")
    now = store.load().plan
    assert now.crs["CR-2"].title == "New page"
    assert now.crs["CR-3"].title == "Theirs"


def test_importing_into_a_database_that_holds_a_plan_is_refused(store):
    with pytest.raises(StaleEdit):
        store.replace_all(build_plan(rich_document()), "import again")
    assert len(store.load().plan.crs) == 5
