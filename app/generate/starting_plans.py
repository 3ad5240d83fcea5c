"""The plans a new, empty database can start from in the desktop client's welcome page: the
demo, a plan file, or a first team and release the planner names. Filling an empty database is
the store's `replace_all`, one transaction with its audit row; only these starts (and the
`demo`, `generate` and `import` commands) create plans.
"""

from __future__ import annotations

from importlib.resources import files

from app.model.errors import Problem
from app.model.plan import Plan, Release, Settings, Team
from app.plan_file.document import parse_plan
from app.plan_file.row_checks import refuse, release_problems, team_problems

DEMO_PLAN = "demo_plan.json"


def demo_plan() -> Plan:
    return parse_plan(files("resources").joinpath(DEMO_PLAN).read_bytes())


def empty_plan() -> Plan:
    return Plan(Settings(), {}, {}, {}, {}, {})


def first_plan(team: Team, release: Release) -> Plan:
    """Default settings, one team and one planned release; PlanFileError with each problem
    under `team.FIELD` or `release.FIELD` when one of them is not right."""
    release = Release(release.key, release.name, release.go_live, release.freeze_days)
    empty = empty_plan()
    problems = [Problem(f"team.{p.path}", p.message) for p in team_problems(empty, team, True)]
    problems += [Problem(f"release.{p.path}", p.message)
                 for p in release_problems(empty, release, True)]
    refuse(problems)
    return Plan(Settings(), {team.key: team}, {}, {}, {release.key: release}, {})
