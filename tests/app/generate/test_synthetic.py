"""Synthetic plans: deterministic, valid, of the size asked, and exercising the rules."""

import json
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest

from app.engine.report import bundle_report
from app.generate.synthetic import ANCHOR, default_sizes, generate_document, generate_plan
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan


def test_the_same_seed_gives_the_same_plan():
    assert plan_to_document(generate_plan(500, seed=7)) == plan_to_document(generate_plan(500, 7))
    assert generate_document(500, 7) == plan_to_document(generate_plan(500, 7))


def test_another_seed_gives_another_plan():
    assert plan_to_document(generate_plan(500, seed=7)) != plan_to_document(generate_plan(500, 8))


def test_today_is_pinned_never_the_clock():
    assert generate_plan(10, 1).settings.today == ANCHOR
    assert generate_plan(10, 1, today=date(2030, 6, 3)).settings.today == date(2030, 6, 3)


def test_sizes_are_as_asked_and_scale_to_the_benchmark_plan():
    plan = generate_plan(1000, seed=1, teams=5, releases=12, items=300)
    assert (len(plan.crs), len(plan.teams), len(plan.releases), len(plan.items)) == \
        (1000, 5, 12, 300)
    assert default_sizes(100_000) == (50, 200, 20_000)
    plan = generate_plan(5000, seed=1)
    assert (len(plan.crs), len(plan.teams), len(plan.releases), len(plan.items)) == \
        (5000, *default_sizes(5000))


def test_proportions_are_those_of_a_real_plan():
    plan = generate_plan(5000, seed=4)
    crs = list(plan.crs.values())
    backlog = sum(cr.release is None for cr in crs) / len(crs)
    assert 0.1 < backlog < 0.2
    assert all(1 <= len(cr.changes) <= 4 for cr in crs)
    assert all(2 <= team.members <= 8 for team in plan.teams.values())
    assert all(20 <= n <= 50 for n in Counter(it.pack for it in plan.items.values()).values())
    deployed = {r.key for r in plan.releases.values() if r.status == "deployed"}
    assert deployed and all((cr.stage == "deployed") == (cr.release in deployed) for cr in crs)
    assert all(dep < cr.key for cr in crs for dep in cr.depends_on)
    ops = Counter(ch.op for cr in crs for ch in cr.changes)
    assert ops["set"] > 10 * (ops["create"] + ops["retire"]) > 0 < ops["retire"]
    assert any(cr.emergency and cr.justification for cr in crs)
    order = plan.release_order()
    gaps = {(b.go_live - a.go_live).days for a, b in pairwise(order)}
    assert gaps <= {7, 14} and all(2 <= r.freeze_days <= 5 for r in order)


@pytest.mark.parametrize("sizes", [dict(crs=0), dict(crs=1), dict(crs=40),
                                   dict(crs=300, releases=0), dict(crs=300, releases=1),
                                   dict(crs=300, releases=2), dict(crs=300, items=1),
                                   dict(crs=3000)])
def test_a_generated_plan_is_a_valid_plan_file(sizes):
    doc = json.loads(json.dumps(generate_document(seed=3, **sizes)))
    assert plan_to_document(build_plan(doc)) == doc


def test_a_generated_plan_exercises_the_rules():
    plan = generate_plan(2000, seed=2)
    seen = set()
    for release in plan.planned_releases():
        report = bundle_report(plan, release.key, plan.settings.today)
        assert report.included and report.excluded and report.conflicts and report.warnings
        seen |= {e.reason for e in report.excluded} | {w.code for w in report.warnings}
        seen |= {"held_back"} if report.held_back else set()
    assert seen == {"held_back", "not-ready", "on-hold", "blocked-by-dependency", "stale-base",
                    "will-slip", "sla-risk", "over-capacity", "emergency"}
