"""Ghost bars: where another plan (a baseline, a compared scenario) puts the CRs it places
differently from the plan shown, as plain data the timeline draws over or behind its bars.
Day numbers across, sub-rows of a team's lane down; None where the ghost takes the CR's bar
now (its row, its length)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from app.model.plan import Plan
from app.views.timeline_layout import (
    Keep,
    TimelineLayout,
    _on_timeline,
    _release_ends,
    bar_days,
    day_number,
    relayout_crs,
)


class GhostBar(NamedTuple):
    cr: str
    team: str | None  # its lane; None: the lane of its bar now
    start: float | None  # None: as long as its bar now
    end: float
    row: int | None  # None: the row of its bar now


class MovedGoLive(NamedTuple):
    release: str
    then: float  # day numbers: in the other plan, and in the plan shown
    now: float | None  # None: the release is not in the plan shown


def _places(plan: Plan, keys: Iterable[str]) -> dict[str, tuple]:
    """Each CR's bar as the layout draws it: (team, release, start, end); absent when the CR
    has no bar (backlog, cancelled, gone)."""
    ends = _release_ends(plan)
    out = {}
    for key in keys:
        cr = plan.crs.get(key)
        if cr is not None and _on_timeline(plan, cr):
            end = ends[cr.release]
            out[key] = (cr.team, cr.release, end - bar_days(plan, cr), end)
    return out


def ghost_bars(layout: TimelineLayout, shown: Plan, other: Plan, candidates: Iterable[str],
               keep: Keep = None) -> list[GhostBar]:
    """A ghost for each of the `candidates` whose bar in `other` is not where it is in
    `shown`, in the row it would take on this timeline: `layout` (of `shown`) with only those
    bars laid out as `other` has them, every other bar kept where it is (what switching the
    window to `other` would show). A row past its lane's rows is drawn in the lane's last."""
    candidates = list(candidates)
    then, now = _places(other, candidates), _places(shown, candidates)
    differing = sorted(k for k, place in then.items() if now.get(k) != place
                       and (keep is None or keep(other.crs[k])))
    if not differing:
        return []
    laid = relayout_crs(layout, shown, other, differing, keep)
    wanted = set(differing)
    teams = {then[k][0] for k in differing}
    out = []
    for lane in laid.lanes:
        if lane.team not in teams:
            continue
        rows = next((old.rows for old in layout.lanes if old.team == lane.team), lane.rows)
        out += [GhostBar(bar.cr, lane.team, bar.start, bar.end, min(bar.row, rows - 1))
                for bar in lane.bars if bar.cr in wanted]
    return sorted(out)


def moved_go_lives(shown: Plan, other: Plan, releases: Iterable[str]) -> list[MovedGoLive]:
    """Of `releases`, those whose go-live in `other` is not the one in `shown`."""
    out = []
    for key in sorted(releases):
        there, here = other.releases.get(key), shown.releases.get(key)
        if there is None or (here is not None and here.go_live == there.go_live):
            continue
        out.append(MovedGoLive(key, day_number(there.go_live),
                               day_number(here.go_live) if here is not None else None))
    return out
