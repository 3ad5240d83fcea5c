"""What the timeline draws to compare with a baseline (View > Compare with baseline): for each
CR whose target release moved since, where its bar ended then (its baseline release's bars'
end, as app.views.timeline_layout places bars); and each release whose go-live moved, the
go-live then. Plain data in day numbers; the widget draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.views.ghost_bars import MovedGoLive
from app.views.timeline_layout import day_number

__all__ = ["Ghost", "MovedGoLive", "compare"]


@dataclass(frozen=True, slots=True)
class Ghost:
    cr: str
    then_release: str
    then_end: float  # day number where the bar ended at the baseline


def _bars_end(release: dict) -> float:
    go_live = date.fromisoformat(release["go_live"])
    if release["status"] == "deployed":
        return day_number(go_live)
    return day_number(go_live - timedelta(days=release["freeze_days"]))


def compare(content: dict, plan) -> tuple[list[Ghost], list[MovedGoLive]]:
    """Ghosts of the CRs moved from a release since the baseline `content` (CRs in the backlog
    then have no place to show), and the releases whose go-live moved."""
    then_releases = content["releases"]
    ghosts = []
    for key, then in content["crs"].items():
        cr = plan.crs.get(key)
        if then is None or cr is None or cr.release == then or then not in then_releases:
            continue
        ghosts.append(Ghost(key, then, _bars_end(then_releases[then])))
    moved = []
    for key, then in then_releases.items():
        now = plan.releases.get(key)
        then_day = day_number(date.fromisoformat(then["go_live"]))
        now_day = day_number(now.go_live) if now is not None else None
        if now_day != then_day:
            moved.append(MovedGoLive(key, then_day, now_day))
    ghosts.sort(key=lambda g: g.cr)
    moved.sort(key=lambda m: m.release)
    return ghosts, moved
