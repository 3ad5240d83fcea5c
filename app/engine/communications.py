"""The send calendar (SPEC.md section 6): which emails, SMS and push messages go to which
audience on which day, in the state after a release, and the three warnings about them.

Only pairs and weeks that involve a send the release touches are reported: a release answers
for what it changes, not for the calendar as it already was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.engine.bundle import ReleaseBundle
from app.engine.state import ProjectedState
from app.model.plan import Communications, Plan, Release
from app.rules.send_dates import send_date


@dataclass(frozen=True, slots=True)
class Send:
    item: str
    audience: str
    send_date: date
    kind: str  # not in the bundle JSON; the views colour by it


@dataclass(frozen=True, slots=True)
class AudienceOverlap:
    audience: str
    items: tuple[str, str]  # key order
    dates: tuple[date, date]  # in the order of `items`
    gap_days: int
    code = "audience-overlap"


@dataclass(frozen=True, slots=True)
class FrequencyCap:
    audience: str
    week: str  # ISO week, "2027-W05"
    count: int
    cap: int
    items: tuple[str, ...]  # key order
    code = "frequency-cap"


@dataclass(frozen=True, slots=True)
class SendBeforeGoLive:
    item: str
    send_date: date
    go_live: date
    code = "send-before-go-live"


CommunicationWarning = AudienceOverlap | FrequencyCap | SendBeforeGoLive


@dataclass(frozen=True, slots=True)
class ReleaseCommunications:
    warnings: tuple[CommunicationWarning, ...]  # unsorted: the report sorts all warnings
    sends: tuple[Send, ...]  # the sends touched by the release: by date, then item


def send_of(state: ProjectedState, key: str, setting: Communications,
            status: str = "active") -> Send | None:
    """The item `key` as a send in `state`, or None when it is not one. With `status`
    "retired": what a retired item was as a send."""
    if state.status(key) != status or state.kind(key) not in setting.kinds:
        return None
    audience = state.value(key, "audience")
    when = send_date(state.value(key, "send_date"))
    if type(audience) is not str or not audience or when is None:
        return None
    return Send(key, audience, when, state.kind(key))


def all_sends(plan: Plan, state: ProjectedState) -> list[Send]:
    """Every send in `state` (production items and those the applied changes made), key order."""
    setting = plan.settings.send_calendar
    keys = set(plan.items).union(state.touched())
    found = (send_of(state, key, setting) for key in sorted(keys))
    return [s for s in found if s is not None]


def touched_items(plan: Plan, bundle: ReleaseBundle) -> set[str]:
    """Items that a change of the bundle names, whatever its op."""
    return {ch.item for key in bundle.included for ch in plan.crs[key].changes}


def release_communications(plan: Plan, release: Release, bundle: ReleaseBundle,
                           after: ProjectedState) -> ReleaseCommunications:
    """The sends a release touches and their warnings; `after` is the state after it."""
    setting = plan.settings.send_calendar
    touched = touched_items(plan, bundle)
    if not setting.kinds or not touched:
        return ReleaseCommunications((), ())
    mine = [s for s in (send_of(after, key, setting) for key in touched) if s is not None]
    mine.sort(key=lambda s: (s.send_date, s.item))
    warnings: list[CommunicationWarning] = [
        SendBeforeGoLive(s.item, s.send_date, release.go_live)
        for s in mine if s.send_date < release.go_live]
    if mine and (setting.min_gap_days > 0 or setting.max_per_week > 0):
        audiences = {s.audience for s in mine}
        by_audience: dict[str, list[Send]] = defaultdict(list)
        for s in all_sends(plan, after):
            if s.audience in audiences:
                by_audience[s.audience].append(s)
        for sends in by_audience.values():
            if setting.min_gap_days > 0:
                warnings += overlaps(sends, touched, setting.min_gap_days)
            if setting.max_per_week > 0:
                warnings += capped_weeks(sends, touched, setting.max_per_week)
    return ReleaseCommunications(tuple(warnings), tuple(mine))


def overlaps(sends: list[Send], touched: set[str], min_gap: int) -> list[AudienceOverlap]:
    """Pairs of one audience's sends fewer than `min_gap` days apart, one of them touched."""
    ordered = sorted(sends, key=lambda s: (s.send_date, s.item))
    out = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            gap = (b.send_date - a.send_date).days
            if gap >= min_gap:
                break  # sorted by date: every later send is further away
            if a.item in touched or b.item in touched:
                first, second = (a, b) if a.item <= b.item else (b, a)  # key order, no sort
                out.append(AudienceOverlap(a.audience, (first.item, second.item),
                                           (first.send_date, second.send_date), gap))
    return out


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def capped_weeks(sends: Iterable[Send], touched: set[str], cap: int) -> list[FrequencyCap]:
    """ISO weeks in which one audience gets more than `cap` sends, one of them touched."""
    weeks: dict[str, list[str]] = defaultdict(list)
    audience = ""
    for s in sends:
        weeks[iso_week(s.send_date)].append(s.item)
        audience = s.audience
    return [FrequencyCap(audience, week, len(items), cap, tuple(sorted(items)))
            for week, items in weeks.items()
            if len(items) > cap and not touched.isdisjoint(items)]
