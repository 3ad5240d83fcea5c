"""The send calendar as iCalendar (RFC 5545, METHOD:PUBLISH): every send (SPEC.md section 6)
of the plan as it will be after a release, as an all-day event on its send date.

- UIDs carry the item key and the plan's identity, as the release calendar's do
  (app.reports.calendar_identity): a newer export of the same plan moves the event instead of
  adding a copy, and two plans with an item of the same key never overwrite each other's.
- SEQUENCE is the send's revision (how often the audit log recorded a change of what its event
  shows), so it stays put on an export that changes nothing; a plan file has no history: 0.
- A send that a release retires on or before its date is marked cancelled; one retired by a
  release that goes live after its date still goes out, and says it is retired afterwards.
- Each event's calendar checks come from an index of the overlaps and busy weeks by item, built
  once, and name at most `NAMED` of them: 1,000 sends to one audience on one day are half a
  million overlapping pairs, which no event can list (and listing them, each found by scanning
  every warning, took minutes).
- A calendar needs at least one event (RFC 5545): with no send there is nothing to write, and
  `NoSends` says so instead of an empty, invalid file.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from app.engine.send_calendar import CalendarSend, SendCalendar, send_calendar
from app.model.plan import Plan
from app.reports.cells import long_date
from app.reports.ics import PRODID, UID_DOMAIN

KIND_WORDS = {"email": "Email", "sms": "SMS", "push": "Push"}
NAMED = 5  # calendar checks an event spells out; the rest are counted


class NoSends(ValueError):
    """The plan has no send to put in a calendar."""


def send_uid(item: str, plan: str = "") -> str:
    return f"send.{item}.{plan}@{UID_DOMAIN}" if plan else f"send.{item}@{UID_DOMAIN}"


class _Checks:
    """Per item: how many overlaps and busy weeks it is in, and the first few of them."""

    def __init__(self, calendar: SendCalendar):
        self.count: dict[str, int] = defaultdict(int)
        self.first: dict[str, list] = defaultdict(list)
        for w in (*calendar.overlaps, *calendar.capped):
            for item in w.items:
                self.count[item] += 1
                if len(self.first[item]) < NAMED:
                    self.first[item].append(w)

    def lines(self, item: str) -> list[str]:
        out = [f"Calendar check: {_said(w)}." for w in self.first.get(item, ())]
        more = self.count.get(item, 0) - len(out)
        if more > 0:
            out.append(f"And {more:,} more overlaps or busy weeks for this send.")
        return out


def _said(w) -> str:
    """A check in words, naming the other send of an overlap but not every send of a week."""
    if w.code == "audience-overlap":
        (a, b), (da, db) = w.items, w.dates
        apart = "on the same day" if w.gap_days == 0 else \
            f"{w.gap_days} day{'s' if w.gap_days != 1 else ''} apart"
        return (f"audience \"{w.audience}\" gets {a} on {long_date(da)} and {b} on "
                f"{long_date(db)}, {apart}")
    return (f"audience \"{w.audience}\" gets {w.count:,} sends in week {w.week}, more than the "
            f"cap of {w.cap}")


def sends_calendar_bytes(plan: Plan, generated_at: datetime, through: str | None = None,
                         plan_identity: str = "", revisions: dict[str, int] | None = None,
                         calendar: SendCalendar | None = None) -> bytes:
    """The iCalendar document of every send after the planned release `through` (None: all);
    `NoSends` when there is none. `revisions`: each send's SEQUENCE (missing: 0); `calendar`:
    `send_calendar(plan, through)` when the caller has it already."""
    calendar = calendar or send_calendar(plan, through)
    if not calendar.sends and not calendar.withdrawn:
        after = f"after {through}" if through else "after its planned releases"
        raise NoSends(f"the plan has no email, SMS or push send {after}: no calendar to write "
                      "(an iCalendar file needs at least one event)")
    stamp = generated_at.astimezone(UTC)
    revisions = revisions or {}
    checks = _Checks(calendar)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Release Planner: sends to each audience")
    for send in calendar.sends:
        cal.add_component(_event(plan, checks, send, stamp, plan_identity,
                                 revisions.get(send.item, 0)))
    for send in calendar.withdrawn:  # a calendar that imported it drops it
        event = _event(plan, checks, send, stamp, plan_identity, revisions.get(send.item, 0))
        event["status"] = "CANCELLED"
        event["description"] = (f"{send.item} \"{send.name}\" is retired by "
                                f"{', '.join(send.crs)} in {send.release} before its date: "
                                "it is not sent.")
        cal.add_component(event)
    return cal.to_ical()


def _event(plan: Plan, checks: _Checks, s: CalendarSend, stamp: datetime, identity: str,
           sequence: int) -> Event:
    kind = KIND_WORDS.get(s.kind, s.kind)
    lines = [f"{s.item} \"{s.name}\" ({s.kind}) to audience \"{s.audience}\" on "
             f"{long_date(s.send_date)}."]
    release = plan.releases.get(s.release) if s.release else None
    if s.retired_after and release is not None:
        lines.append(f"Retired by {', '.join(s.crs)} in {release.key} \"{release.name}\" on "
                     f"{long_date(release.go_live)}, after it goes out.")
    elif release is not None:
        lines.append(f"Changed by {', '.join(s.crs)}, shipping with {release.key} "
                     f"\"{release.name}\" on {long_date(release.go_live)}.")
        if s.send_date < release.go_live:
            lines.append("It goes out before that release goes live.")
    else:
        lines.append("As it is live: no planned change request touches it.")
    lines += checks.lines(s.item)
    event = Event()
    event.add("uid", send_uid(s.item, identity))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", f"{kind}: {s.name or s.item} to {s.audience}")
    event.add("dtstart", s.send_date)  # a date: an all-day event
    event.add("dtend", s.send_date + timedelta(days=1))
    event.add("status", "TENTATIVE" if release is not None and not s.retired_after
              else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Send", kind])
    event.add("description", "\n".join(lines))
    return event
