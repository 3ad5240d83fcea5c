"""The release calendar as iCalendar (RFC 5545): each planned and deployed release's go-live,
and its freeze window, as all-day events.

UIDs are made from the release key alone, so importing a newer export updates the events
instead of adding copies. A cancelled release keeps its events with STATUS:CANCELLED, which
tells the calendar to drop them rather than leave a stale go-live behind.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from app.reports.cells import long_date
from app.reports.model import CalendarEntry, ReleaseReport

PRODID = "-//Release Planner//release-planner//EN"
UID_DOMAIN = "release-planner"
STATUS = {"planned": "TENTATIVE", "deployed": "CONFIRMED", "cancelled": "CANCELLED"}
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def go_live_uid(release: str) -> str:
    return f"go-live.{release}@{UID_DOMAIN}"


def freeze_uid(release: str) -> str:
    return f"freeze.{release}@{UID_DOMAIN}"


def write_ics(report: ReleaseReport, out, steps, **_options) -> None:
    entries = report.calendar
    steps.begin(len(entries))
    stamp = report.generated_at.astimezone(UTC)
    # Calendars replace an event with a higher SEQUENCE: minutes since 2020 grow with every
    # export, so a re-import always wins without storing a counter anywhere.
    sequence = int((stamp - EPOCH).total_seconds() // 60)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Release Planner: go-lives and freezes")
    for entry in entries:
        for event in _events(entry, stamp, sequence):
            cal.add_component(event)
        steps.step()
    out.write(cal.to_ical())


def _events(r: CalendarEntry, stamp: datetime, sequence: int) -> list[Event]:
    status = STATUS.get(r.status, "TENTATIVE")
    when = "went live" if r.status == "deployed" else "goes live"
    go_live = _event(go_live_uid(r.key), f"Go-live: {r.key} {r.name}", r.go_live,
                     r.go_live + timedelta(days=1), status, stamp, sequence,
                     f"Release {r.key} \"{r.name}\" {when} on {long_date(r.go_live)} "
                     f"({r.status}).")
    events = [go_live]
    if r.freeze_start < r.go_live:
        days = (r.go_live - r.freeze_start).days
        events.append(_event(freeze_uid(r.key), f"Freeze: {r.key} {r.name}", r.freeze_start,
                             r.go_live, status, stamp, sequence,
                             f"Freeze window of release {r.key}: {days} day"
                             f"{'s' if days != 1 else ''} before its go-live on "
                             f"{long_date(r.go_live)}. Only emergencies with a "
                             "justification may still join it."))
    return events


def _event(uid, summary, start, end, status, stamp, sequence, description) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("dtstart", start)  # a date: an all-day event
    event.add("dtend", end)  # exclusive, as RFC 5545 says for dates
    event.add("status", status)
    event.add("transp", "TRANSPARENT")  # a go-live does not make anyone busy
    event.add("categories", ["Release"])
    event.add("description", description)
    return event
