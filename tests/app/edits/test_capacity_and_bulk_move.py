"""Capacity per team and release (the over-capacity rule counted once) and moving many CRs as
one change set."""

from dataclasses import replace

import pytest

from app.edits.moves import MoveMany, refused_moves
from app.engine.capacity import plan_capacity
from app.engine.report import bundle_report
from app.generate.synthetic import generate_plan
from app.model.errors import Refusal
from app.model.plan import Target


def over_capacity_warnings(plan, today):
    return {(w.team, r.key): (w.load_hours, w.capacity_hours)
            for r in plan.planned_releases()
            for w in bundle_report(plan, r.key, today).warnings if w.code == "over-capacity"}


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_capacity_per_release_is_exactly_what_the_over_capacity_warning_counts(demo, which):
    plan = demo if which == "demo" else generate_plan(3000, seed=7)
    today = plan.settings.today
    loads = plan_capacity(plan, today)
    over = {(t.team, t.release): (t.load_hours, t.capacity_hours)
            for per_release in loads.values() for t in per_release if t.over}
    assert over == over_capacity_warnings(plan, today)
    assert over  # both plans have teams over capacity somewhere
    assert list(loads) == [r.key for r in plan.planned_releases()]
    assert all([t.team for t in per_release] == list(plan.teams) for per_release in loads.values())


def test_load_carries_over_from_earlier_releases_and_skips_ready_and_on_hold_work(demo):
    today = demo.settings.today
    loads = {(t.team, t.release): t.load_hours
             for per_release in plan_capacity(demo, today).values() for t in per_release}
    open_work = {"draft", "build", "test"}
    for team in demo.teams:
        seen = 0
        for r in demo.planned_releases():
            seen += sum(c.estimate_hours for c in demo.crs.values()
                        if c.team == team and c.release == r.key and c.stage in open_work)
            assert loads[team, r.key] == seen


def test_move_many_is_one_change_set_with_every_cr(demo):
    today = demo.settings.today
    keys = ("CR-304", "CR-309", "CR-311")
    outcome = MoveMany(keys, Target("R-APR")).decide(demo, today)
    assert outcome.moved == keys
    assert sorted(outcome.changes.keys("cr")) == sorted(keys)
    assert all(outcome.plan.crs[k].release == "R-APR" for k in keys)
    assert outcome.changes.inverse().apply(outcome.plan).crs == demo.crs


def test_move_many_refuses_whole_when_one_is_refused(demo):
    today = demo.settings.today
    with pytest.raises(Refusal) as refused:
        MoveMany(("CR-309", "CR-102"), Target.backlog()).decide(demo, today)
    assert refused.value.code == "cr-closed" and "CR-102" in refused.value.message


def test_refused_moves_says_which_and_why_by_the_rules_of_schedule(demo):
    today = demo.settings.today
    emergency = replace(demo.crs["CR-309"], emergency=True, justification="regulator")
    plan = replace(demo, crs={**demo.crs, "CR-309": emergency})
    found = refused_moves(plan, ["CR-304", "CR-309", "CR-102"], Target("R-FEB"), today)
    assert [(r.cr, r.code) for r in found] == [("CR-304", "frozen"), ("CR-102", "cr-closed")]
    assert "frozen since" in found[0].message


def moved_one_by_one(plan, keys, target, today):
    """What `schedule` of each CR in turn gives: the plan, and the order warnings that are not
    about two CRs of the same move (the reference MoveMany's single pass must agree with)."""
    from app.engine.operations import schedule

    warnings = []
    for key in dict.fromkeys(keys):
        step = schedule(plan, key, Target.parse(target), today)
        plan = step.plan
        warnings.extend(step.warnings)
    moving = set(keys)
    final = None if target == "backlog" else target
    return plan, [w for w in warnings if w.other not in moving or plan.crs[w.other].release != final]


@pytest.mark.parametrize("seed", range(6))
def test_move_many_agrees_with_scheduling_each_cr_in_turn(seed):
    import random

    generated = generate_plan(600, seed=seed)
    today = generated.settings.today
    rng = random.Random(seed)
    seen_warnings = []
    targets = [r.key for r in generated.planned_releases()] + ["backlog"]
    for _ in range(5):
        target = rng.choice(targets)
        keys = rng.sample(sorted(generated.crs), 40)
        blocked = {r.cr for r in refused_moves(generated, keys, Target.parse(target), today)}
        keys = [k for k in keys if k not in blocked]
        plan, warnings = moved_one_by_one(generated, keys, target, today)
        outcome = MoveMany(tuple(keys), Target.parse(target)).decide(generated, today)
        assert outcome.plan.crs == plan.crs
        assert sorted(outcome.warnings, key=repr) == sorted(warnings, key=repr)
        assert {row.key for row in outcome.changes} == set(outcome.moved)
        seen_warnings.append(len(warnings))
    assert sum(seen_warnings) > 0  # the plans have dependencies: warnings were compared
