"""Where each change request sits on the release timeline (DESIGN.md section 3), as plain data.

One lane per team. A CR's bar ends at its release's freeze start (a deployed release: its
go-live) and is as long as its estimate at the team's daily capacity (members x hours per day),
at least half a day so that small work stays visible. Bars of a lane are stacked into sub-rows
so that they never overlap. The marks come from the engine's bundle reports, so the timeline
shows exactly what the rules compute.

Times are days since 1970-01-01 (floats), the unit the widgets draw in.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.domain import ChangeRequest, Plan
from app.engine.bundle import BLOCKED, compute_bundles
from app.engine.conflicts import find_conflicts
from app.engine.state import ProjectedState
from app.engine.warnings import stale_bases
from app.workdays import freeze_start

EPOCH = date(1970, 1, 1)
MIN_DAYS = 0.5


def day_number(d: date) -> float:
    return float((d - EPOCH).days)


@dataclass(frozen=True, slots=True)
class Bar:
    cr: str
    team: str
    release: str
    stage: str
    start: float  # days since EPOCH
    end: float
    row: int  # sub-row inside the team's lane, 0 at the top
    conflict: bool = False
    blocked: bool = False
    stale: bool = False
    emergency: bool = False


@dataclass(frozen=True, slots=True)
class ReleaseMark:
    key: str
    name: str
    go_live: float
    freeze_start: float
    status: str


@dataclass(frozen=True, slots=True)
class Lane:
    team: str
    name: str
    color: str
    rows: int  # sub-rows in use (at least 1)


@dataclass(frozen=True)
class TimelineLayout:
    lanes: list[Lane]
    bars: list[Bar]
    releases: list[ReleaseMark]
    today: float
    backlog: list[str] = field(default_factory=list)  # unscheduled CRs, key order


def timeline_marks(plan: Plan) -> dict[str, set[str]]:
    """CRs in conflict, blocked, or with a stale base, by the same rules as the bundle reports,
    computed for all releases in one pass (one report per release would cost minutes at
    100,000 CRs)."""
    marks: dict[str, set[str]] = {"conflict": set(), "blocked": set(), "stale": set()}
    state = ProjectedState(plan.items)
    for bundle in compute_bundles(plan).values():
        bundled = [plan.crs[k] for k in bundle.included]
        for conflict in find_conflicts(bundled):
            marks["conflict"].update(conflict.values)
        marks["blocked"].update(e.cr for e in bundle.excluded if e.reason == BLOCKED)
        marks["stale"].update(w.cr for w in stale_bases(bundled, state))
        state.apply_all(bundled)
    return marks


def layout_timeline(plan: Plan, today: date, keep: Callable[[ChangeRequest], bool] | None = None,
                    marks: dict[str, set[str]] | None = None) -> TimelineLayout:
    """The layout of the CRs that `keep` accepts (all by default). `marks` may be passed in
    when only the filter changed: they depend on the whole plan, not on what is shown."""
    if marks is None:
        marks = timeline_marks(plan)
    releases = {r.key: r for r in plan.releases.values()}
    ends = {}
    for r in releases.values():
        end = r.go_live if r.status == "deployed" else freeze_start(r.go_live, r.freeze_days)
        ends[r.key] = day_number(end)
    by_team: dict[str, list] = {key: [] for key in plan.teams}
    backlog = []
    for cr in sorted(plan.crs.values(), key=lambda c: c.key):
        if keep is not None and not keep(cr):
            continue
        if cr.release is None:
            if cr.stage not in ("cancelled", "deployed"):
                backlog.append(cr.key)
            continue
        if cr.stage == "cancelled" or releases[cr.release].status == "cancelled":
            continue
        team = plan.teams[cr.team]
        days = max(MIN_DAYS, cr.estimate_hours / (team.members * team.hours_per_day))
        by_team[cr.team].append((ends[cr.release] - days, ends[cr.release], cr))
    bars: list[Bar] = []
    lanes: list[Lane] = []
    for key, team in plan.teams.items():
        # Bars end at freeze starts, so rows are packed right to left: latest-ending bars
        # first, each into the row that is free latest (a heap of (-free from, row)) when that
        # is late enough, else into a new row. O(n log rows); no two bars of a row overlap.
        free: list[tuple[float, int]] = []
        rows = 0
        for start, end, cr in sorted(by_team[key], key=lambda t: (-t[1], -t[0], t[2].key)):
            if free and -free[0][0] >= end:
                row = heapq.heappop(free)[1]
            else:
                row, rows = rows, rows + 1
            heapq.heappush(free, (-start, row))
            bars.append(Bar(cr.key, key, cr.release, cr.stage, start, end, row,
                            cr.key in marks["conflict"], cr.key in marks["blocked"],
                            cr.key in marks["stale"], cr.emergency))
        lanes.append(Lane(key, team.name, team.color, max(1, rows)))
    return TimelineLayout(
        lanes=lanes, bars=bars,
        releases=[ReleaseMark(r.key, r.name, day_number(r.go_live),
                              day_number(freeze_start(r.go_live, r.freeze_days)), r.status)
                  for r in plan.release_order()],
        today=day_number(today), backlog=backlog)
