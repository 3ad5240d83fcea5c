"""Where each change request sits on the release timeline (DESIGN.md section 3), as plain data.

One lane per team. A CR's bar ends at its release's freeze start (a deployed release: its
go-live) and is as long as its estimate at the team's daily capacity (members x hours per day),
at least half a day so that small work stays visible. Bars of a lane are stacked into sub-rows
so that they never overlap. The marks (conflict, blocked, stale base) come from the engine's
bundle reports, so the timeline shows exactly what the rules compute; they are kept apart from
the bars because they depend on the whole plan and are slower to compute than the geometry.

After a move only the lanes of the moved CRs change (`relayout_crs`): at 100,000 CRs a full
layout costs about half a second, one lane a few milliseconds. A move keeps every other bar in
the row it was in (a planner's eye follows the bars, not the packing): the moved bar takes the
first row where it fits, or, back in a release it was moved out of (an undo, a move back), the
row it had there when that row is still free. A full layout (`layout_timeline`, the "Compact
lanes" action) packs the lanes tightly again.

Times are days since 1970-01-01 (floats), the unit the widgets draw in.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from app.engine.bundle import BLOCKED, compute_bundles
from app.engine.conflicts import find_conflicts
from app.engine.state import ProjectedState
from app.engine.warnings import stale_bases
from app.model.plan import ChangeRequest, Plan
from app.rules.freeze import freeze_start

EPOCH = date(1970, 1, 1)
MIN_DAYS = 0.5
MARK_KINDS = ("conflict", "blocked", "stale")

Keep = Callable[[ChangeRequest], bool] | None
Marks = dict[str, set[str]]


def day_number(d: date) -> float:
    return float((d - EPOCH).days)


class Bar(NamedTuple):  # a tuple: 100,000 of them are built on every full layout
    cr: str
    team: str
    release: str
    stage: str
    start: float  # days since EPOCH
    end: float
    row: int  # sub-row inside the team's lane, 0 at the top
    emergency: bool = False


@dataclass(frozen=True, slots=True)
class ReleaseMark:
    key: str
    name: str
    go_live: float
    freeze_start: float
    status: str

    @property
    def bars_end(self) -> float:
        """Where this release's bars end (day number): its freeze start; a deployed one's
        go-live. The layout packs bars to it and a dragged bar's ghost lands at it."""
        return self.go_live if self.status == "deployed" else self.freeze_start


@dataclass(frozen=True, slots=True, eq=False)
class Lane:
    """A team's lane. Compared by identity: a lane that a relayout kept is the same object, so
    the widgets can keep what they built for it."""
    team: str
    name: str
    color: str
    rows: int  # sub-rows in use (at least 1)
    bars: tuple[Bar, ...] = ()


@dataclass
class TimelineLayout:
    lanes: list[Lane]
    releases: list[ReleaseMark]
    today: float
    backlog: list[str] = field(default_factory=list)  # unscheduled CRs, key order
    marks: Marks = field(default_factory=lambda: {kind: set() for kind in MARK_KINDS})
    # Where each bar moved since the last full layout was before: CR -> (release, row).
    homes: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def bars(self) -> list[Bar]:
        return [bar for lane in self.lanes for bar in lane.bars]


def timeline_marks(plan: Plan) -> Marks:
    """CRs in conflict, blocked, or with a stale base, by the same rules as the bundle reports,
    computed for all releases in one pass (one report per release would cost minutes at
    100,000 CRs)."""
    marks: Marks = {kind: set() for kind in MARK_KINDS}
    state = ProjectedState(plan.items)
    for bundle in compute_bundles(plan).values():
        bundled = [plan.crs[k] for k in bundle.included]
        for conflict in find_conflicts(bundled):
            marks["conflict"].update(conflict.values)
        marks["blocked"].update(e.cr for e in bundle.excluded if e.reason == BLOCKED)
        marks["stale"].update(w.cr for w in stale_bases(bundled, state))
        state.apply_all(bundled)
    return marks


def layout_timeline(plan: Plan, today: date, keep: Keep = None,
                    marks: Marks | None = None) -> TimelineLayout:
    """The layout of the CRs that `keep` accepts (all by default). Without `marks` they are
    computed here; a caller that computes them later (off the GUI thread) passes empty sets."""
    ends = _release_ends(plan)
    by_team: dict[str, list[ChangeRequest]] = {key: [] for key in plan.teams}
    backlog = []
    for cr in plan.crs.values():  # a lane sorts its own bars; only the backlog by key
        if keep is not None and not keep(cr):
            continue
        if _in_backlog(cr):
            backlog.append(cr.key)
        elif _on_timeline(plan, cr):
            by_team[cr.team].append(cr)
    backlog.sort()
    return TimelineLayout(
        lanes=[_pack_lane(plan, key, by_team[key], ends) for key in plan.teams],
        releases=_release_marks(plan),
        today=day_number(today), backlog=backlog,
        marks=timeline_marks(plan) if marks is None else marks)


def relayout_crs(layout: TimelineLayout, old: Plan, plan: Plan, changed: Iterable[str],
                 keep: Keep = None) -> TimelineLayout:
    """`layout` (of plan `old`) after the CRs `changed` were edited into `plan` (moved,
    restaged, re-estimated, created or deleted): only their lanes change, and in them only the
    changed CRs' bars; every other bar keeps its row. Releases and teams must be unchanged;
    otherwise lay the plan out anew. The marks are carried over until the caller has new
    ones."""
    changed = set(changed)
    teams = {p.crs[k].team for p in (old, plan) for k in changed if k in p.crs}
    arriving: dict[str, list[ChangeRequest]] = {}  # team -> its changed CRs to lay out
    for key in sorted(changed):
        cr = plan.crs.get(key)
        if cr is not None and (keep is None or keep(cr)) and _on_timeline(plan, cr):
            arriving.setdefault(cr.team, []).append(cr)
    ends = _release_ends(plan)
    homes = dict(layout.homes)
    lanes = []
    for lane in layout.lanes:
        if lane.team not in teams:
            lanes.append(lane)
            continue
        kept, prefer, top_left = [], {}, False
        for bar in lane.bars:
            if bar.cr not in changed:
                kept.append(bar)
                continue
            top_left = top_left or bar.row == lane.rows - 1
            now = plan.crs.get(bar.cr)
            if now is not None and now.release == bar.release:
                prefer[bar.cr] = bar.row  # edited in place: it stays in its row if it fits
            else:
                homes[bar.cr] = (bar.release, bar.row)
        added = arriving.get(lane.team, [])
        for cr in added:
            home = layout.homes.get(cr.key)
            if cr.key not in prefer and home is not None and home[0] == cr.release:
                prefer[cr.key] = home[1]  # back where it came from: its old row
        lanes.append(_add_to_lane(plan, lane, kept, added, ends, prefer, top_left))
    backlog = layout.backlog  # the same list when the edit leaves the backlog alone: the
    # board and the backlog panel then need not group its thousands of keys again
    joining = [k for k in changed if k in plan.crs and _in_backlog(plan.crs[k])
               and (keep is None or keep(plan.crs[k]))]
    if joining or any(k in old.crs and _in_backlog(old.crs[k]) for k in changed):
        backlog = [k for k in layout.backlog if k not in changed]
        for key in joining:
            bisect.insort(backlog, key)
    return TimelineLayout(lanes, layout.releases, layout.today, backlog, layout.marks, homes)


def _add_to_lane(plan: Plan, lane: Lane, kept: list[Bar], added: list[ChangeRequest],
                 ends: dict[str, float], prefer: dict[str, int], top_left: bool = True) -> Lane:
    """`lane` with the bars `kept` where they are and `added` each in its preferred row when
    that is free, else the first row where it overlaps nothing (a new row below the others
    when none has room). `top_left`: a bar left the lane's last row, which may now be empty."""
    placed = [(ends[cr.release] - bar_days(plan, cr), ends[cr.release], cr) for cr in added]
    # Only bars that meet the added ones' span can be in their way: at 100,000 CRs a lane
    # holds thousands, and a group drop touches many lanes.
    low = min((start for start, _, _ in placed), default=0.0)
    high = max((end for _, end, _ in placed), default=0.0)
    by_row: dict[int, list[tuple[float, float]]] = {}
    for bar in kept:
        if bar.start < high and low < bar.end:
            by_row.setdefault(bar.row, []).append((bar.start, bar.end))

    def free(row: int, start: float, end: float) -> bool:
        return not any(s < end and start < e for s, e in by_row.get(row, ()))

    bars = list(kept)  # in the lane's order already: each added bar is inserted in place
    # Bars with a preferred row first, so that another added bar does not take it; the others
    # shortest first per end, so that the rows a bar found taken are taken for the next one
    # of that end too (it covers them) and its search starts below them: a group of 2,000
    # moved into one release would otherwise try every row for every bar.
    tried: dict[float, int] = {}  # bars' end -> the first row not known to be taken
    for start, end, cr in sorted(placed, key=lambda p: (p[2].key not in prefer, p[1], -p[0])):
        row = prefer.get(cr.key)
        if row is None or not free(row, start, end):
            row = tried.get(end, 0) if cr.key not in prefer else 0
            while not free(row, start, end):
                row += 1
            if cr.key not in prefer:
                tried[end] = row + 1  # now holds this bar, which meets every later one
        by_row.setdefault(row, []).append((start, end))
        bisect.insort(bars, Bar(cr.key, lane.team, cr.release, cr.stage, start, end, row,
                                cr.emergency), key=_bar_order)
    rows = max(lane.rows, max(by_row, default=0) + 1)  # no bar left the last row: no scan
    if top_left:
        rows = max((b.row for b in bars), default=0) + 1
    return Lane(lane.team, lane.name, lane.color, rows, tuple(bars))


def _bar_order(bar: Bar) -> tuple:
    """A lane's bars by end, latest first (then start, then key): the order they are drawn
    and labelled in."""
    return (-bar.end, -bar.start, bar.cr)


def _in_backlog(cr: ChangeRequest) -> bool:
    return cr.release is None and cr.stage not in ("cancelled", "deployed")


def _on_timeline(plan: Plan, cr: ChangeRequest) -> bool:
    return (cr.release is not None and cr.stage != "cancelled"
            and plan.releases[cr.release].status != "cancelled")


def bar_days(plan: Plan, cr: ChangeRequest) -> float:
    """How long a CR's bar is: its estimate at its team's daily capacity, at least MIN_DAYS."""
    team = plan.teams[cr.team]
    return max(MIN_DAYS, cr.estimate_hours / (team.members * team.hours_per_day))


def _release_ends(plan: Plan) -> dict[str, float]:
    """Where the bars of each release end: its freeze start (a deployed release: go-live)."""
    return {mark.key: mark.bars_end for mark in _release_marks(plan)}


def _release_marks(plan: Plan) -> list[ReleaseMark]:
    return [ReleaseMark(r.key, r.name, day_number(r.go_live),
                        day_number(freeze_start(r.go_live, r.freeze_days)), r.status)
            for r in plan.release_order()]


def _pack_lane(plan: Plan, key: str, crs: list[ChangeRequest], ends: dict[str, float]) -> Lane:
    team = plan.teams[key]
    per_day = team.members * team.hours_per_day
    # (-end, -start, key, cr): sorted as tuples, without a key function (100,000 calls saved).
    spans = []
    for cr in crs:
        end = ends[cr.release]
        spans.append((-end, max(MIN_DAYS, cr.estimate_hours / per_day) - end, cr.key, cr))
    spans.sort()
    # Bars end at freeze starts, so rows are packed right to left: latest-ending bars first,
    # each into the row that is free latest (a heap of (-free from, row)) when that is late
    # enough, else into a new row. O(n log rows); no two bars of a row overlap.
    free: list[tuple[float, int]] = []
    rows = 0
    bars = []
    for neg_end, neg_start, _key, cr in spans:
        end, start = -neg_end, -neg_start
        if free and -free[0][0] >= end:
            row = heapq.heappop(free)[1]
        else:
            row, rows = rows, rows + 1
        heapq.heappush(free, (-start, row))
        bars.append(Bar(cr.key, key, cr.release, cr.stage, start, end, row, cr.emergency))
    return Lane(key, team.name, team.color, max(1, rows), tuple(bars))
