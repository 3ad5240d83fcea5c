"""The send calendar of the whole plan as it will be after a release (SPEC.md section 6): every
send, which release last touches it and which of that release's CRs do, and which CRs set its
date. The communications view and the sends calendar (iCalendar) show it.

The marks are over the whole calendar, not one release's share of it: every pair of sends
closer than `min_gap_days` and every week over `max_per_week`, whoever touches them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from app.engine.bundle import compute_bundles
from app.engine.communications import (
    AudienceOverlap,
    FrequencyCap,
    all_sends,
    capped_weeks,
    overlaps,
    send_of,
)
from app.engine.state import ProjectedState
from app.model.plan import Plan


@dataclass(frozen=True, slots=True)
class CalendarSend:
    item: str
    name: str
    kind: str
    audience: str
    send_date: date
    release: str | None  # the last planned release (up to the chosen one) that touches it
    crs: tuple[str, ...]  # that release's bundled CRs whose changes name the item
    date_setters: tuple[str, ...]  # bundled CRs (any release shown) that set its send_date
    # The release that retires it after its date: it still goes out, then is retired.
    retired_after: str | None = None


@dataclass(frozen=True, slots=True)
class SendCalendar:
    through: str | None  # the release the plan is shown after; None: after every planned one
    sends: tuple[CalendarSend, ...]  # by date, then item
    overlaps: tuple[AudienceOverlap, ...]
    capped: tuple[FrequencyCap, ...]
    # Sends that a release up to `through` retires on or before their date: a calendar that
    # had them drops them. One retired by a release that goes live after its date is still
    # sent: it is in `sends`, with `retired_after`.
    withdrawn: tuple[CalendarSend, ...] = ()

    def audiences(self) -> list[str]:
        return sorted({s.audience for s in self.sends})

    def marked(self) -> set[str]:
        """Items in an overlap or a week over the cap."""
        return {k for w in (*self.overlaps, *self.capped) for k in w.items}


def send_calendar(plan: Plan, through: str | None = None) -> SendCalendar:
    """The calendar in the state after the planned release `through` (None: after all)."""
    bundles = compute_bundles(plan, through=through)
    state = ProjectedState(plan.items)
    last: dict[str, tuple[str, list[str]]] = {}
    setters: dict[str, list[str]] = defaultdict(list)
    names = {key: it.name for key, it in plan.items.items()}
    for release, bundle in bundles.items():
        mine: dict[str, list[str]] = defaultdict(list)
        for key in bundle.included:
            cr = plan.crs[key]
            state.apply(cr)
            for ch in cr.changes:
                if key not in mine[ch.item]:
                    mine[ch.item].append(key)
                if ch.op == "create":
                    names[ch.item] = ch.name
                if _sets_date(ch) and key not in setters[ch.item]:
                    setters[ch.item].append(key)
        for item, crs in mine.items():
            last[item] = (release, crs)
    setting = plan.settings.send_calendar
    found = all_sends(plan, state)
    sends = []
    for s in found:
        release, crs = last.get(s.item, (None, []))
        sends.append(CalendarSend(s.item, names.get(s.item, ""), s.kind, s.audience, s.send_date,
                                  release, tuple(crs), tuple(setters.get(s.item, ()))))
    withdrawn = []
    for key in sorted(last):
        was = send_of(state, key, setting, status="retired")
        if was is not None:
            release, crs = last[key]
            gone = CalendarSend(key, names.get(key, ""), was.kind, was.audience, was.send_date,
                                release, tuple(crs), tuple(setters.get(key, ())))
            if plan.releases[release].go_live > was.send_date:  # out before it is retired
                sends.append(replace(gone, retired_after=release))
            else:
                withdrawn.append(gone)
    sends.sort(key=lambda s: (s.send_date, s.item))
    everything = {s.item for s in found}
    by_audience = defaultdict(list)
    for s in found:
        by_audience[s.audience].append(s)
    pairs, weeks = [], []
    for audience in sorted(by_audience):
        if setting.min_gap_days > 0:
            pairs += overlaps(by_audience[audience], everything, setting.min_gap_days)
        if setting.max_per_week > 0:
            weeks += sorted(capped_weeks(by_audience[audience], everything, setting.max_per_week),
                            key=lambda w: w.week)
    pairs.sort(key=lambda w: (w.audience, w.items))
    return SendCalendar(through, tuple(sends), tuple(pairs), tuple(weeks), tuple(withdrawn))


def _sets_date(ch) -> bool:
    """A change that decides an item's send date: a set of it, or a create that gives one."""
    if ch.op == "set":
        return ch.field == "send_date"
    return ch.op == "create" and "send_date" in ch.attributes
