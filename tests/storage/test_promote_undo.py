"""Undoing a promotion (issue 22), on SQLite and PostgreSQL: the promoted changes leave live as
one edit and come back into the scenario (not stale), redo promotes them again, one audit
commit naming the scenario each way, and an undo over a row someone changed since is refused
with nothing written. A property on generated plans: promote then undo leaves live and the
scenario as they were (or, where the rules of any undo refuse it, nothing changes)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from app.edits.crs import SetStage
from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.edits.store_port import StaleEdit
from app.edits.undo import EditHistory
from app.model.errors import Refusal
from app.model.plan import Target
from app.plan_file.document import plan_to_document
from app.scenarios.promote import decide_promotion, scope
from app.scenarios.promote_undo import PromoteScenario, PromotionRefused
from tests.app.engine.test_properties import TODAY as GENERATED_TODAY
from tests.app.engine.test_properties import plans
from tests.storage.test_scenario_properties import SETTINGS, _scenario_with_edits

EDITS = st.lists(st.tuples(st.integers(0, 12), st.sampled_from(
    ["backlog", "R0", "R1", "R2", "R3", "draft", "approved", "on_hold"])), min_size=1,
    max_size=6)
TODAY = date(2027, 2, 8)  # the demo plan's day: R-FEB frozen, R-MAR and R-APR open


def _run(case, store, history, today=TODAY):
    """What the window's session does with a StoredEdit: apply on the worker, then settle;
    an undo or redo moves the history first (and back if refused)."""
    back = history.index
    if case.restoring is not None:
        history.moved(back + (-1 if case.restoring else 1))
    try:
        result = case.apply(store, today)
    except Exception:
        history.moved(back)
        raise
    case.settle(history, result)
    return result


def _all(catalog, name):
    changes, _ = catalog.changes(name)
    return frozenset((c.kind, c.key) for c in changes)


def _scenario(catalog):
    catalog.create("april")
    scenario = catalog.open("april")
    service = PlanService(scenario, TODAY)
    service.run(Schedule("CR-301", Target("R-APR")))
    service.run(SetStage("CR-304", "approved"))
    return scenario


def _rows(catalog, name):
    changes, live = catalog.changes(name)
    return {(c.kind, c.key): (c.after, c.version, c.is_stale(live)) for c in changes}


def test_undo_takes_the_promotion_out_of_live_and_back_into_the_scenario(catalog):
    scenario = _scenario(catalog)
    live_before = plan_to_document(catalog.store.load().plan)
    scenario_plan = plan_to_document(scenario.load().plan)
    held = _rows(catalog, "april")
    history = EditHistory()
    _run(PromoteScenario("april", _all(catalog, "april")), scenario, history)
    assert plan_to_document(catalog.store.load().plan) == scenario_plan
    assert catalog.changes("april")[0] == [] and history.undo_text() == "Promote scenario april"

    last = catalog.store.last_change_id()
    _run(history.undo_case(), scenario, history)
    assert plan_to_document(catalog.store.load().plan) == live_before
    back = _rows(catalog, "april")
    assert back == held and not any(stale for _, _, stale in back.values())
    assert plan_to_document(scenario.load().plan) == scenario_plan
    assert (history.can_undo(), history.redo_text()) == (False, "Promote scenario april")
    # One commit, named for the scenario, announced to live's windows and to the scenario's
    # (its rows come back there, live's are its plan's too where it holds none)
    live_feed = catalog.store.changes_since(last).commits
    assert [c.action for c in live_feed] == ["undo: Promote scenario april"]
    assert {(r.kind, r.key) for r in live_feed[0].rows} == {("cr", "CR-301"), ("cr", "CR-304")}
    scenario_feed = scenario.changes_since(last).commits
    assert [c.action for c in scenario_feed] == ["undo: Promote scenario april"]
    assert {c.action for c, _ in catalog.store.audit_history(scenario="april", limit=2)} == \
        {"undo: Promote scenario april"}

    _run(history.redo_case(), scenario, history)
    assert plan_to_document(catalog.store.load().plan) == scenario_plan
    assert catalog.changes("april")[0] == []
    assert {c.action for c, _ in catalog.store.audit_history(limit=2)} == \
        {"redo: Promote scenario april"}
    _run(history.undo_case(), scenario, history)  # and undone again, from the redo's versions
    assert plan_to_document(catalog.store.load().plan) == live_before


def test_an_undo_over_a_row_changed_since_is_refused_and_changes_nothing(catalog):
    scenario = _scenario(catalog)
    history = EditHistory()
    _run(PromoteScenario("april", _all(catalog, "april")), scenario, history)
    PlanService(catalog.store, TODAY).run(SetStage("CR-304", "test"))  # someone, after
    live_now = plan_to_document(catalog.store.load().plan)
    with pytest.raises(Refusal):  # the rules see it first: "has changed since"
        _run(history.undo_case(), scenario, history)
    assert plan_to_document(catalog.store.load().plan) == live_now
    assert catalog.changes("april")[0] == [] and history.can_undo()


def test_an_undo_is_refused_when_the_scenario_holds_the_row_again(catalog):
    scenario = _scenario(catalog)
    history = EditHistory()
    _run(PromoteScenario("april", _all(catalog, "april")), scenario, history)
    PlanService(scenario, TODAY).run(Schedule("CR-301", Target("R-MAR")))  # in it again
    live_now = plan_to_document(catalog.store.load().plan)
    with pytest.raises(StaleEdit):
        _run(history.undo_case(), scenario, history)
    assert plan_to_document(catalog.store.load().plan) == live_now
    assert [c.key for c in catalog.changes("april")[0]] == ["CR-301"]


def test_a_refused_promotion_writes_nothing_and_pushes_no_step(catalog):
    scenario = _scenario(catalog)
    PlanService(catalog.store, TODAY).run(SetStage("CR-304", "test"))  # CR-304 stale now
    before = plan_to_document(catalog.store.load().plan)
    history = EditHistory()
    with pytest.raises(PromotionRefused) as refused:
        _run(PromoteScenario("april", _all(catalog, "april")), scenario, history)
    assert [c.key for c in refused.value.promotion.stale] == ["CR-304"]
    assert plan_to_document(catalog.store.load().plan) == before and len(history) == 0


@settings(SETTINGS, max_examples=60)
@given(doc=plans(), edits=EDITS)
def test_promote_then_undo_leaves_live_and_the_scenario_as_they_were(doc, edits):
    with tempfile.TemporaryDirectory() as tmp:
        store, catalog, scenario = _scenario_with_edits(Path(tmp), doc, edits)
        try:
            live_before = plan_to_document(store.load().plan)
            scenario_before = plan_to_document(scenario.load().plan)
            held = _rows(catalog, "s")
            history = EditHistory()
            chosen = frozenset((c.kind, c.key) for c in catalog.changes("s")[0]
                               if not c.is_noop)
            if not chosen:
                event("nothing to promote")
                return
            # Moves and stage changes are decided over the scope their rules read: the same
            # promotion as over the whole live plan
            picked = [c for c in catalog.changes("s")[0] if not c.is_noop]
            keys = scope(picked)
            if keys is not None:
                event("decided over a scope")
                whole = decide_promotion("s", store.load(), picked, GENERATED_TODAY)
                part = decide_promotion("s", store.load_scope(keys), picked, GENERATED_TODAY)
                assert (part.changes, part.refused, part.stale) == \
                    (whole.changes, whole.refused, whole.stale)
            try:
                _run(PromoteScenario("s", chosen), scenario, history, GENERATED_TODAY)
            except PromotionRefused:
                event("refused")
                assert plan_to_document(store.load().plan) == live_before
                return
            promoted = plan_to_document(store.load().plan)
            try:
                _run(history.undo_case(), scenario, history, GENERATED_TODAY)
            except Refusal:
                # The rules of any undo (e.g. a CR moved out of a cancelled release does not
                # go back into it): nothing is written, and the step can still be undone.
                event("undo refused by the rules")
                assert plan_to_document(store.load().plan) == promoted
                assert catalog.changes("s")[0] == [] and history.can_undo()
                return
            event("promoted and undone")
            assert plan_to_document(store.load().plan) == live_before
            assert plan_to_document(scenario.load().plan) == scenario_before
            assert _rows(catalog, "s") == held
        finally:
            store.close()
