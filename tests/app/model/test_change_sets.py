"""Every edit says what it changed (issue 11): its change set names exactly the rows that
differ, applying it gives the edit's plan, and its inverse gives the old plan back. Checked on
random valid plans and random edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.edits.crs import AddDependency, CreateCr, DeleteCr, EditCr, RemoveDependency, SetStage
from app.edits.moves import Schedule
from app.edits.releases import Deploy, EditRelease
from app.edits.undo import ApplyChanges
from app.model.change_set import ChangeSet, RowChange
from app.model.errors import PlanFileError, Refusal
from app.model.plan import ChangeRequest, Target
from app.model.row_kinds import PLAN_TABLES
from app.plan_file.validation import build_plan
from tests.app.engine.test_properties import TODAY, plans

common = settings(max_examples=120, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])


@st.composite
def edits(draw, plan):
    """A use case a planner could try on `plan` (the rules may refuse it)."""
    crs, releases = sorted(plan.crs), sorted(plan.releases)
    cr = draw(st.sampled_from(crs)) if crs else None
    kinds = ["deploy", "release"] + (["schedule", "stage", "delete", "dep", "undep", "edit",
                                      "new"] if crs else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "schedule":
        return Schedule(cr, Target.parse(draw(st.sampled_from([*releases, "backlog"]))))
    if kind == "stage":
        return SetStage(cr, draw(st.sampled_from(["draft", "build", "approved", "on_hold",
                                                     "cancelled"])))
    if kind == "delete":
        return DeleteCr(cr)
    if kind == "dep":
        return AddDependency(cr, draw(st.sampled_from(crs)))
    if kind == "undep":
        deps = plan.crs[cr].depends_on
        return RemoveDependency(cr, draw(st.sampled_from(deps)) if deps else cr)
    if kind == "edit":
        old = plan.crs[cr]
        return EditCr(replace(old, title=old.title + " (edited)",
                                 estimate_hours=draw(st.integers(0, 40)),
                                 release=draw(st.sampled_from([None, *releases]))))
    if kind == "new":
        return CreateCr(ChangeRequest("CR-NEW", "New work", next(iter(plan.teams)), "draft",
                                         draw(st.sampled_from([None, *releases])), 4))
    if kind == "release":
        key = draw(st.sampled_from(releases))
        release = plan.releases[key]
        return EditRelease(replace(release, go_live=release.go_live
                                   + timedelta(days=draw(st.integers(-5, 5)))))
    planned = plan.planned_releases()
    return Deploy(planned[0].key if planned else releases[0])


def plan_diff(old, new) -> ChangeSet:
    """The oracle: every row that differs between two whole plans (edits never diff plans;
    this test checks that what an edit says it changed is exactly that)."""
    out = [RowChange("settings", "", old.settings, new.settings)] \
        if old.settings != new.settings else []
    for kind, attr in PLAN_TABLES.items():
        before, after = getattr(old, attr), getattr(new, attr)
        out += [RowChange(kind, key, before.get(key), row) for key, row in after.items()
                if before.get(key) != row]
        out += [RowChange(kind, key, before[key], None) for key in before.keys() - after.keys()]
    return ChangeSet(tuple(out))


def rows(changes: ChangeSet) -> set:
    return {(r.kind, r.key, repr(r.before), repr(r.after)) for r in changes}


def decided(doc, data):
    """A random plan, a random edit of it, and the edit's outcome (None: refused)."""
    plan = build_plan(doc)
    try:
        return plan, data.draw(edits(plan)).decide(plan, TODAY)
    except (Refusal, PlanFileError):
        return plan, None


@common
@given(plans(), st.data())
def test_an_edits_change_set_names_exactly_what_changed(doc, data):
    plan, outcome = decided(doc, data)
    if outcome is None:
        return
    assert rows(outcome.changes) == rows(plan_diff(plan, outcome.plan))
    assert outcome.changes.apply(plan) == outcome.plan


@common
@given(plans(), st.data())
def test_applying_a_change_set_and_then_its_inverse_gives_the_plan_back(doc, data):
    plan, outcome = decided(doc, data)
    if outcome is None:
        return
    assert outcome.changes.inverse().apply(outcome.plan) == plan
    assert not outcome.changes.then(outcome.changes.inverse())  # folds to nothing


@common
@given(plans(), st.data())
def test_the_undo_of_an_edit_meets_the_rows_as_the_edit_left_them(doc, data):
    """An undo straight after its edit is never refused as "changed since"."""
    plan, outcome = decided(doc, data)
    if outcome is None:
        return
    undo = ApplyChanges(outcome.changes.inverse(), "edit", restoring=True)
    try:
        assert undo.decide(outcome.plan, TODAY).plan == plan
    except Refusal as refusal:
        assert refusal.code != "changed-since"


def test_a_change_set_folds_each_row_to_its_first_before_and_last_after():
    a, b, c = (ChangeRequest("CR-1", t, "T", "draft") for t in "abc")
    folded = ChangeSet.of([RowChange("cr", "CR-1", a, b), RowChange("cr", "CR-1", b, c),
                           RowChange("cr", "CR-2", None, a)])
    assert [(r.key, r.before, r.after) for r in folded] == [("CR-1", a, c), ("CR-2", None, a)]
    assert folded.inverse().rows[0] == RowChange("cr", "CR-2", a, None)


@pytest.fixture
def demo():
    from tests.app.plan_builder import demo_plan

    return demo_plan()


def test_undoing_a_slip_out_of_a_frozen_release_puts_the_approved_scope_back(demo):
    """The demo's R-FEB is frozen (today 2027-02-08): CR-201 may slip to R-MAR, and undoing
    that slip restores it to R-FEB, though a move into R-FEB would be refused."""
    today = demo.settings.today
    slipped = Schedule("CR-201", Target("R-MAR")).decide(demo, today)
    with pytest.raises(Refusal) as forward:
        Schedule("CR-201", Target("R-FEB")).decide(slipped.plan, today)
    assert forward.value.code == "frozen"
    undo = ApplyChanges(slipped.changes.inverse(), "Move CR-201 to R-MAR", restoring=True)
    assert undo.decide(slipped.plan, today).plan.crs["CR-201"].release == "R-FEB"
    assert undo.action == "undo: Move CR-201 to R-MAR"


def test_a_redo_into_a_release_that_froze_meanwhile_is_refused(demo):
    today = demo.settings.today
    r_mar = demo.releases["R-MAR"]
    cr = next(c for c in demo.crs.values() if c.release == "R-APR" and not c.emergency
              and c.stage not in ("deployed", "cancelled"))
    moved = Schedule(cr.key, Target("R-MAR")).decide(demo, today)
    undone = moved.changes.inverse().apply(moved.plan)
    frozen_day = r_mar.go_live - timedelta(days=r_mar.freeze_days)
    with pytest.raises(Refusal) as refused:
        ApplyChanges(moved.changes, "Move", restoring=False).decide(undone, frozen_day)
    assert refused.value.code == "frozen"


def test_an_undo_meeting_someone_elses_newer_edit_is_refused(demo):
    today = demo.settings.today
    mine = Schedule("CR-309", Target.backlog()).decide(demo, today)
    theirs = Schedule("CR-309", Target("R-APR")).decide(mine.plan, today)
    with pytest.raises(Refusal) as refused:
        ApplyChanges(mine.changes.inverse(), "Move", restoring=True).decide(theirs.plan, today)
    assert refused.value.code == "changed-since"
    assert "CR-309" in refused.value.message
