"""Synthetic plans: deterministic, valid, of the size asked, and exercising the rules."""

import json

from app.engine.report import bundle_report
from app.generator import default_sizes, generate_plan
from app.plan_file import plan_to_document
from app.plan_validation import build_plan


def test_the_same_seed_gives_the_same_plan():
    assert plan_to_document(generate_plan(500, seed=7)) == plan_to_document(generate_plan(500, 7))


def test_another_seed_gives_another_plan():
    assert plan_to_document(generate_plan(500, seed=7)) != plan_to_document(generate_plan(500, 8))


def test_sizes_are_as_asked_and_scale_to_the_benchmark_plan():
    plan = generate_plan(1000, seed=1, teams=5, releases=12, items=300)
    assert (len(plan.crs), len(plan.teams), len(plan.releases), len(plan.items)) == \
        (1000, 5, 12, 300)
    assert default_sizes(100_000) == (50, 200, 20_000)


def test_a_generated_plan_is_a_valid_plan_file():
    doc = json.loads(json.dumps(plan_to_document(generate_plan(3000, seed=3))))
    assert plan_to_document(build_plan(doc)) == doc


def test_a_generated_plan_exercises_the_rules():
    plan = generate_plan(2000, seed=2)
    seen = set()
    for release in plan.planned_releases()[:4]:
        report = bundle_report(plan, release.key, plan.settings.today)
        seen |= {e.reason for e in report.excluded}
        seen |= {w.code for w in report.warnings}
        seen |= {"included"} if report.included else set()
        seen |= {"held_back"} if report.held_back else set()
        seen |= {"conflicts"} if report.conflicts else set()
    assert {"included", "held_back", "conflicts", "not-ready", "on-hold",
            "blocked-by-dependency", "stale-base", "will-slip"} <= seen
