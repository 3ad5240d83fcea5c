"""The release calendar as iCalendar (RFC 5545): each planned and deployed release's go-live,
and its freeze window, as all-day events, published (METHOD:PUBLISH) for calendars to import or
subscribe to.

UIDs are made from the release key and the plan's identity (app.reports.calendar_identity), so
importing a newer export updates the events instead of adding copies, and two plans with a
release of the same key never overwrite each other's. SEQUENCE is the release's revision: it
rises when its dates or status change and only then. A cancelled release keeps its events with
STATUS:CANCELLED, which tells the calendar to drop them rather than leave a stale go-live.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar, Event

from app.reports.cells import long_date
from app.reports.model import CalendarEntry, ReleaseReport

PRODID = "-//Release Planner//release-planner//EN"
UID_DOMAIN = "release-planner"
STATUS = {"planned": "TENTATIVE", "deployed": "CONFIRMED", "cancelled": "CANCELLED"}


def _uid(what: str, release: str, plan: str) -> str:
    return f"{what}.{release}.{plan}@{UID_DOMAIN}" if plan else f"{what}.{release}@{UID_DOMAIN}"


def go_live_uid(release: str, plan: str = "") -> str:
    return _uid("go-live", release, plan)


def freeze_uid(release: str, plan: str = "") -> str:
    return _uid("freeze", release, plan)


def write_ics(report: ReleaseReport, out, steps, **_options) -> None:
    entries = report.calendar
    steps.begin(len(entries))
    stamp = report.generated_at.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Release Planner: go-lives and freezes")
    for entry in entries:
        for event in _events(entry, stamp, report.plan_identity):
            cal.add_component(event)
        steps.step()
    out.write(cal.to_ical())


def _events(r: CalendarEntry, stamp, plan: str) -> list[Event]:
    status = STATUS.get(r.status, "TENTATIVE")
    sequence = r.revision
    when = "went live" if r.status == "deployed" else "goes live"
    go_live = _event(go_live_uid(r.key, plan), f"Go-live: {r.key} {r.name}", r.go_live,
                     r.go_live + timedelta(days=1), status, stamp, sequence,
                     f"Release {r.key} \"{r.name}\" {when} on {long_date(r.go_live)} "
                     f"({r.status}).")
    events = [go_live]
    if r.freeze_start < r.go_live:
        days = (r.go_live - r.freeze_start).days
        events.append(_event(freeze_uid(r.key, plan), f"Freeze: {r.key} {r.name}", r.freeze_start,
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
