"""Scenarios in the database (issue 22), on SQLite and PostgreSQL: edits go into the scenario
and never reach live; a scenario sees later live changes; stale marking; promote is one edit,
all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.edits.crs import SetStage
from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.edits.store_port import StaleEdit
from app.engine.bundle import compute_bundles
from app.model.plan import Target
from app.plan_file.document import plan_to_document
from app.scenarios.model import ScenarioError
from app.scenarios.promote import choose, decide_promotion
from storage.open_store import open_store
from storage.scenario_store import ScenarioCatalog

TODAY = date(2027, 2, 8)  # the demo plan's day: R-FEB frozen, R-MAR and R-APR open


def live_doc(catalog):
    return plan_to_document(catalog.store.load().plan)


def test_an_edit_in_a_scenario_changes_its_plan_and_not_live(catalog):
    before = live_doc(catalog)
    catalog.create("april")
    scenario = catalog.open("april")
    PlanService(scenario, TODAY).run(Schedule("CR-301", Target("R-APR")))
    assert scenario.load().plan.crs["CR-301"].release == "R-APR"
    assert live_doc(catalog) == before
    assert catalog.store.audit_history(cr="CR-301") == []  # not in live's history either
    assert [row.key for _, row in scenario.audit_history(cr="CR-301")] == ["CR-301"]
    [info] = catalog.list()
    # On PostgreSQL the server says who: its login, as in the audit log.
    who = "alice" if catalog.engine.dialect.name == "sqlite" else catalog.engine.url.username
    assert (info.name, info.created_by, info.changes, info.stale) == ("april", who, 1, 0)


def test_a_scenario_sees_later_live_changes_and_marks_its_changed_rows_stale(catalog):
    catalog.create("april")
    scenario = catalog.open("april")
    PlanService(scenario, TODAY).run(Schedule("CR-301", Target("R-APR")))
    live = PlanService(catalog.store, TODAY)
    live.run(SetStage("CR-302", "test"))  # a row the scenario never touched
    assert scenario.load().plan.crs["CR-302"].stage == "test"
    live.run(SetStage("CR-301", "test"))  # the scenario's own row changed in live
    assert catalog.list()[0].stale == 1
    shown = scenario.load().plan.crs["CR-301"]
    assert (shown.release, shown.stage) == ("R-APR", "approved")  # the scenario's row, until merged


def test_a_write_against_an_old_scenario_version_is_refused(catalog):
    catalog.create("april")
    scenario = catalog.open("april")
    old = scenario.load()
    PlanService(scenario, TODAY).run(Schedule("CR-301", Target("R-APR")))
    from app.engine.operations import schedule

    moved = schedule(old.plan, "CR-301", Target.backlog(), TODAY)
    with pytest.raises(StaleEdit):
        scenario.write(moved.changes, old.versions, "schedule CR-301 to backlog")
    assert scenario.load().plan.crs["CR-301"].release == "R-APR"


def test_create_from_another_scenario_copies_its_changes_and_names_follow_the_key_rules(catalog):
    catalog.create("april")
    PlanService(catalog.open("april"), TODAY).run(Schedule("CR-301", Target("R-APR")))
    catalog.create("april-2", "april")
    assert catalog.open("april-2").load().plan.crs["CR-301"].release == "R-APR"
    for bad in ("april", "live", "", "x" * 65):
        with pytest.raises(ScenarioError):
            catalog.create(bad)
    with pytest.raises(ScenarioError):
        catalog.create("b", "nowhere")
    catalog.delete("april")
    assert [s.name for s in catalog.list()] == ["april-2"]
    with pytest.raises(ScenarioError):
        catalog.open("april")


def test_promote_all_makes_live_the_scenarios_plan_in_one_audited_commit(catalog):
    catalog.create("april")
    scenario = catalog.open("april")
    service = PlanService(scenario, TODAY)
    service.run(Schedule("CR-301", Target("R-APR")))
    service.run(Schedule("CR-311", Target("R-APR")))
    service.run(SetStage("CR-304", "approved"))
    wanted = plan_to_document(scenario.load().plan)
    changes, _ = catalog.changes("april")
    live = catalog.store.load()
    promotion = decide_promotion("april", live, choose(changes, None), TODAY)
    assert promotion.ok
    catalog.promote(promotion, live.versions)
    assert live_doc(catalog) == wanted
    actions = {commit.action for commit, _ in catalog.store.audit_history(limit=3)}
    assert actions == {"promote scenario april"}
    assert catalog.list()[0].changes == 0  # a promoted change leaves the scenario


def test_a_refused_or_stale_promote_changes_nothing(catalog):
    catalog.create("april")
    scenario = catalog.open("april")
    PlanService(scenario, TODAY).run(Schedule("CR-301", Target("R-APR")))
    PlanService(scenario, TODAY).run(SetStage("CR-304", "approved"))
    PlanService(catalog.store, TODAY).run(SetStage("CR-304", "test"))  # CR-304 is stale now
    before = live_doc(catalog)
    changes, _ = catalog.changes("april")
    live = catalog.store.load()
    promotion = decide_promotion("april", live, choose(changes, None), TODAY)
    assert not promotion.ok and [c.key for c in promotion.stale] == ["CR-304"]
    # A promotion of only CR-301 is not stale, and a rule refuses a move into a frozen release:
    PlanService(scenario, TODAY).run(Schedule("CR-402", Target("R-MAR")))
    later = decide_promotion("april", live, choose(catalog.changes("april")[0], ["CR-402"]),
                             date(2027, 2, 23))  # R-MAR froze on the 22nd
    assert [r.code for r in later.refused] == ["frozen"]
    assert live_doc(catalog) == before
    assert catalog.list()[0].changes == 3


def test_migration_from_0006_keeps_the_plan_and_adds_scenarios(tmp_path):
    import shutil

    from tests.conftest import FIXTURES

    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", db)
    store = open_store(str(db))
    try:
        assert store.load().plan.crs  # the plan is still there
        catalog = ScenarioCatalog(store)
        catalog.create("first")
        assert [s.name for s in catalog.list()] == ["first"]
        assert compute_bundles(catalog.open("first").load().plan) == compute_bundles(
            store.load().plan)
    finally:
        store.close()


def test_a_scenario_edit_is_news_to_that_scenario_only(catalog, db_url):
    """Another planner looking at the same scenario sees its edits live; a live view does
    not; the scenario's feed carries live commits of rows it does not hold."""
    catalog.create("april")
    other = open_store(db_url, user="bob")
    try:
        watching = ScenarioCatalog(other).open("april")
        since = other.last_change_id()
        PlanService(catalog.open("april"), TODAY).run(Schedule("CR-301", Target("R-APR")))
        PlanService(catalog.store, TODAY).run(SetStage("CR-302", "test"))
        PlanService(catalog.store, TODAY).run(SetStage("CR-301", "test"))  # held: not news
        seen = [(r.key, (r.after or {}).get("release"), (r.after or {}).get("stage"))
                for c in watching.changes_since(since).commits for r in c.rows]
        assert seen == [("CR-301", "R-APR", "approved"), ("CR-302", "R-MAR", "test")]
        live = [r.key for c in other.changes_since(since).commits for r in c.rows]
        assert live == ["CR-302", "CR-301"]
    finally:
        other.close()


def test_a_switch_lays_the_scenario_over_the_held_plan_unless_live_moved(catalog):
    catalog.create("april")
    PlanService(catalog.open("april"), TODAY).run(Schedule("CR-301", Target("R-APR")))
    since, held = catalog.store.last_change_id(), catalog.store.load()
    fast = catalog.open("april", (since, held)).load()
    assert fast.plan.crs["CR-302"] is held.plan.crs["CR-302"]  # laid over, not read again
    assert plan_to_document(fast.plan) == plan_to_document(catalog.open("april").load().plan)
    PlanService(catalog.store, TODAY).run(SetStage("CR-302", "test"))  # live moves on
    fresh = catalog.open("april", (since, held)).load()
    assert fresh.plan.crs["CR-302"].stage == "test"  # read whole again: nothing old shown


def _store_with_a_cancelled_release(tmp_path):
    from app.plan_file.validation import build_plan

    store = open_store(str(tmp_path / "plan.db"), user="alice")
    store.replace_all(build_plan({
        "format": "release-plan/1", "settings": {"today": "2027-03-01"},
        "teams": [{"key": "T0", "name": "Team 0"}], "offer_packs": [],
        "releases": [{"key": "R0", "name": "Dropped", "status": "cancelled",
                      "go_live": "2027-03-01"},
                     {"key": "R1", "name": "Next", "go_live": "2027-03-04", "freeze_days": 5}],
        "change_requests": [{"key": "CR-00", "title": "Work", "team": "T0",
                             "release": "R0", "stage": "build"}]}), "file")
    return store


def test_a_move_and_a_stage_change_of_one_cr_promote_as_the_two_steps_they_were(tmp_path):
    """In the scenario CR-00 left a cancelled release for the backlog, then went back to
    draft; the scenario holds only the end of it, which as one save would be a save in a
    cancelled release (refused). Promoted, it is judged as the move and then the rest."""
    store = _store_with_a_cancelled_release(tmp_path)
    try:
        catalog = ScenarioCatalog(store)
        catalog.create("s")
        service = PlanService(catalog.open("s"), date(2027, 3, 1))
        service.run(Schedule("CR-00", Target.backlog()))
        service.run(SetStage("CR-00", "draft"))
        changes, _ = catalog.changes("s")
        live = store.load()
        promotion = decide_promotion("s", live, choose(changes, None), date(2027, 3, 1))
        assert promotion.ok, promotion.refused
        catalog.promote(promotion, live.versions)
        cr = store.load().plan.crs["CR-00"]
        assert (cr.release, cr.stage) == (None, "draft")
    finally:
        store.close()


def test_a_move_that_froze_meanwhile_is_refused_for_the_freeze(tmp_path):
    """Moved out of a cancelled release into R1 and renamed while R1 was open; promoted once
    R1 froze, the refusal is the freeze's, not the cancelled release's."""
    from app.edits.crs import EditCr

    store = _store_with_a_cancelled_release(tmp_path)
    try:
        catalog = ScenarioCatalog(store)
        catalog.create("s")
        service = PlanService(catalog.open("s"), date(2027, 2, 1))
        service.run(Schedule("CR-00", Target("R1")))
        moved = service.load().plan.crs["CR-00"]
        service.run(EditCr(replace(moved, title="Renamed")))
        changes, _ = catalog.changes("s")
        promotion = decide_promotion("s", store.load(), choose(changes, None),
                                     date(2027, 3, 1))
        [refused] = promotion.refused
        assert refused.code == "frozen" and "R1" in refused.message
    finally:
        store.close()
