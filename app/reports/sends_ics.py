"""The send calendar as iCalendar (RFC 5545): every send (SPEC.md section 6) of the plan as it
will be after a release, as an all-day event on its send date.

As in the release calendar, UIDs come from the item key alone, so importing a newer export moves
the event instead of adding a copy, and SEQUENCE grows with every export so the newer one wins.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from app.engine.send_calendar import CalendarSend, SendCalendar, send_calendar
from app.model.plan import Plan
from app.reports.cells import long_date
from app.reports.ics import PRODID, UID_DOMAIN
from app.views.explain import explain_warning

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
KIND_WORDS = {"email": "Email", "sms": "SMS", "push": "Push"}


def send_uid(item: str) -> str:
    return f"send.{item}@{UID_DOMAIN}"


def sends_calendar_bytes(plan: Plan, generated_at: datetime, through: str | None = None) -> bytes:
    """The iCalendar document of every send after the planned release `through` (None: all)."""
    calendar = send_calendar(plan, through)
    stamp = generated_at.astimezone(UTC)
    sequence = int((stamp - EPOCH).total_seconds() // 60)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Release Planner: sends to each audience")
    for send in calendar.sends:
        cal.add_component(_event(plan, calendar, send, stamp, sequence))
    for send in calendar.withdrawn:  # a calendar that imported it drops it
        event = _event(plan, calendar, send, stamp, sequence)
        event["status"] = "CANCELLED"
        event["description"] = (f"{send.item} \"{send.name}\" is retired by "
                                f"{', '.join(send.crs)} in {send.release}: it is not sent.")
        cal.add_component(event)
    return cal.to_ical()


def _event(plan: Plan, calendar: SendCalendar, s: CalendarSend, stamp: datetime,
           sequence: int) -> Event:
    kind = KIND_WORDS.get(s.kind, s.kind)
    lines = [f"{s.item} \"{s.name}\" ({s.kind}) to audience \"{s.audience}\" on "
             f"{long_date(s.send_date)}."]
    release = plan.releases.get(s.release) if s.release else None
    if release is not None:
        lines.append(f"Changed by {', '.join(s.crs)}, shipping with {release.key} "
                     f"\"{release.name}\" on {long_date(release.go_live)}.")
        if s.send_date < release.go_live:
            lines.append("It goes out before that release goes live.")
    else:
        lines.append("As it is live: no planned change request touches it.")
    lines += [f"Calendar check: {explain_warning(w)}."
              for w in (*calendar.overlaps, *calendar.capped) if s.item in w.items]
    event = Event()
    event.add("uid", send_uid(s.item))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", f"{kind}: {s.name or s.item} to {s.audience}")
    event.add("dtstart", s.send_date)  # a date: an all-day event
    event.add("dtend", s.send_date + timedelta(days=1))
    event.add("status", "TENTATIVE" if release is not None else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Send", kind])
    event.add("description", "\n".join(lines))
    return event
