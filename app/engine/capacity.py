"""Team capacity against load, per planned release (SPEC.md section 2, `over-capacity`): the one
place where the rule is counted, for the bundle report's warning and for the client's views.

Load of team T at release R = the estimates of T's candidates that are neither ready nor on
hold, in every planned release up to and including R. Capacity = members x hours per day x
working days from today to R's freeze start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.engine.bundle import candidates_by_release
from app.model.plan import Plan, Team
from app.rules.freeze import freeze_start
from app.rules.readiness import open_work_stages
from app.rules.workdays import working_days


@dataclass(frozen=True, slots=True)
class TeamLoad:
    team: str
    release: str
    load_hours: float
    capacity_hours: float

    @property
    def over(self) -> bool:
        return self.load_hours > self.capacity_hours


def capacity_hours(team: Team, available_days: int) -> float:
    return team.members * team.hours_per_day * available_days


def loads_by_release(plan: Plan, today: date, candidates: Iterable[tuple[str, Sequence[str]]],
                     last_only: bool = False) -> dict[str, list[TeamLoad]]:
    """Each team's load and capacity (teams in plan order) at each release of `candidates`:
    (release key, its candidates' keys) of planned releases, in release order, from the first
    planned one. The load carries over from one release to the next. With `last_only`, only
    the last release's loads are returned (one bundle report's warning)."""
    candidates = list(candidates)
    last = candidates[-1][0] if candidates else None
    open_work = open_work_stages(plan.settings.ready_stage)
    crs, teams, workdays = plan.crs, plan.teams, plan.settings.workdays
    load: dict[str, float] = dict.fromkeys(teams, 0)  # an int sum stays an int, as in JSON
    out: dict[str, list[TeamLoad]] = {}
    for release_key, keys in candidates:
        for key in keys:
            cr = crs[key]
            if cr.stage in open_work:
                load[cr.team] += cr.estimate_hours
        if last_only and release_key != last:
            continue
        release = plan.releases[release_key]
        days = working_days(today, freeze_start(release.go_live, release.freeze_days), workdays)
        out[release_key] = [TeamLoad(t.key, release_key, load[t.key], capacity_hours(t, days))
                            for t in teams.values()]
    return out


def plan_capacity(plan: Plan, today: date) -> dict[str, list[TeamLoad]]:
    """Every planned release's team loads, as its bundle report's `over-capacity` counts them."""
    groups = candidates_by_release(plan)
    return loads_by_release(plan, today, [(r.key, [c.key for c in groups.get(r.key, ())])
                                          for r in plan.planned_releases()])
