"""Commands that write documents: release reports and timeline images."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cli.common import (
    EXIT_OK,
    BadInput,
    iso_date,
    load_plan_file,
    open_store,
    output_format,
    today,
    user,
    write_output,
)


def register(command) -> dict:
    report = command("report", "a release report to read, file and forward", "plan-or-db",
                     formats=("pdf", "html", "xlsx", "csv", "ics"))
    report.add_argument("--release", metavar="KEY",
                        help="the release (not needed for ics: the calendar holds every release)")
    report.add_argument("-o", "--output", required=True, metavar="FILE")
    report.add_argument("--paper", choices=("A4", "Letter"), default="A4",
                        help="the PDF's paper size (default A4)")
    report.add_argument("--since", metavar="BASELINE",
                        help="open the report with what moved since this baseline (the slip)")
    report.add_argument("--no-live-diff", action="store_true",
                        help="with --scenario: leave out the table of what the release ships "
                             "differently from the live plan (included by default)")
    report.add_argument("--sends", action="store_true",
                        help="with -o FILE.ics: every email, SMS and push send as it will be "
                             "after the last planned release (or after --release)")
    timeline = command("timeline", "the release timeline as a PNG or SVG image", "plan-or-db",
                       formats=("png", "svg"))
    timeline.add_argument("-o", "--output", required=True, metavar="FILE")
    timeline.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD",
                          help="the first day shown (default: the whole plan)")
    timeline.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD",
                          help="the last day shown")
    timeline.add_argument("--release", metavar="KEY",
                          help="highlight this release (and show the weeks around it)")
    timeline.add_argument("--width", type=int, default=1600, metavar="PIXELS")
    return {"report": cmd_report, "timeline": cmd_timeline}


def cmd_report(args) -> int:
    from app.reports.content import build_report
    from app.reports.deployment import deployment_record
    from app.reports.export import ReportError, format_for, write_report

    fmt = output_format(args, lambda: format_for(args.output, args.format), ReportError)
    if args.sends:
        return _write_sends(args, fmt)
    if fmt != "ics" and not args.release:
        raise BadInput(f"--release: which release? A {fmt} report is of one release")
    if args.since and fmt == "ics":
        raise BadInput("--since: a calendar holds no slip; write it as pdf, html, xlsx or csv")
    if args.since and args.plan:
        raise BadInput("--since: baselines are kept in a database; use --db")
    plan, database, store = _report_source(args)
    day = today(args, plan)
    try:
        release = args.release or _calendar_release(plan)
        record = None
        if store is not None and release in plan.releases \
                and plan.releases[release].status == "deployed":
            record = deployment_record(store, release)
        by = store.user if store is not None else user()
        calendar = _calendar_identity(args, plan, database, store) if fmt == "ics" else {}
        front, slip = _held_against(args, plan, store, release, day, fmt)
        if fmt in ("pdf", "html", "xlsx"):
            front = (*_against_live(args, store, release, day), *front)
    finally:
        if store is not None:
            store.close()
    if slip is not None and fmt == "csv":
        from app.baselines.slip_csv import write_slip_csv
        from app.plan_file.output_files import write_atomically

        write_output(args.output, lambda: write_atomically(
            args.output, lambda f: write_slip_csv(slip, f)))
        print(f"{args.output}: wrote the csv slip since {args.since}.")
        return EXIT_OK
    note = ""
    if front and front[0].key == "since-signoff":
        from app.baselines.report_sections import since_line

        note = since_line(front[0])
    report = build_report(plan, release, day, generated_by=by, database=database,
                          deployment=record, front=front, front_note=note,
                          scenario=getattr(args, "scenario", None) or "", **calendar)
    png = _report_timeline(plan, day, release) if fmt in ("pdf", "html") else None
    write_output(args.output, lambda: write_report(report, fmt, args.output, png,
                                                   paper=args.paper))
    what = "calendar of every release" if fmt == "ics" else f"report of {release}"
    print(f"{args.output}: wrote the {fmt} {what}.")
    return EXIT_OK


def _against_live(args, store, release: str, day) -> tuple:
    """A scenario's report opens with what its release ships differently from live (issue
    22), unless --no-live-diff; both plans read over one live state."""
    name = getattr(args, "scenario", None)
    if not name or args.no_live_diff or store is None:
        return ()
    from app.reports.scenario_diff import live_diff_section
    from app.scenarios.model import LIVE

    _, plans = store.scenarios().load_both([LIVE, name])
    return (live_diff_section(plans[LIVE].plan, plans[name].plan, release, day, name),)


def _held_against(args, plan, store, release: str, day, fmt: str) -> tuple[tuple, dict | None]:
    """The tables a report opens with (issue 24): what changed since the release's last
    sign-off, and with --since the slip since that baseline (returned too: a CSV is the slip)."""
    if store is None or fmt == "ics":
        return (), None
    from cli.baseline_commands import slip_of, take_due

    take_due(store, plan, args)
    front = []
    signed = _since_signoff(plan, store, release, day)
    if signed is not None:
        front.append(signed)
    slip = None
    if args.since:
        from app.baselines.report_sections import since_baseline

        slip = slip_of(store, plan, args.since, release)
        front.append(since_baseline(plan, slip))
    return tuple(front), slip


def _since_signoff(plan, store, release: str, day):
    from app.baselines.report_sections import since_signoff
    from app.engine.report import bundle_report
    from app.reports.fingerprint import bundle_fingerprint

    baselines = store.baselines()
    signed = baselines.signoffs(release)
    if not signed or plan.releases.get(release) is None \
            or plan.releases[release].status != "planned":
        return None
    last = signed[-1]
    baseline = baselines.get(last.baseline)
    now = bundle_fingerprint(bundle_report(plan, release, day))
    return since_signoff(plan, release, last, baseline, now,
                         baselines.moves_after(baseline.audit_id))


def _write_sends(args, fmt: str) -> int:
    """`report --sends -o FILE.ics`: the send calendar (SPEC.md section 6) as all-day events."""
    from datetime import datetime

    from app.engine.send_calendar import send_calendar
    from app.model.errors import Refusal, RefusalCode
    from app.plan_file.output_files import write_atomically
    from app.reports import calendar_identity as ci
    from app.reports.sends_ics import NoSends, sends_calendar_bytes

    if fmt != "ics":
        raise BadInput(f"--sends: the send calendar is an iCalendar file (.ics), not {fmt}")
    plan, database, store = _report_source(args)
    try:
        release = plan.releases.get(args.release) if args.release else None
        if args.release and release is None:
            raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{args.release}"')
        if release is not None and release.status != "planned":
            raise Refusal(RefusalCode.RELEASE_CLOSED, f'release "{args.release}" is {release.status}')
        # UIDs carry the plan, as the release calendar's do; SEQUENCE is each send's revision.
        identity = _calendar_identity(args, plan, database, store)["plan_identity"]
        calendar = send_calendar(plan, args.release)
        revisions = {}
        if store is not None:
            items = {s.item for s in (*calendar.sends, *calendar.withdrawn)}
            revisions = ci.send_revisions(store.history, plan, items)
    finally:
        if store is not None:
            store.close()
    try:
        data = sends_calendar_bytes(plan, datetime.now().astimezone(), args.release,
                                    identity, revisions, calendar)
    except NoSends as exc:  # nothing written: an empty calendar is not a valid one
        raise BadInput(f"--sends: {exc}") from None
    write_output(args.output, lambda: write_atomically(args.output, lambda f: f.write(data)))
    print(f"{args.output}: wrote the calendar of every send.")
    return EXIT_OK


def cmd_timeline(args) -> int:
    def image_format() -> str:
        ext = Path(args.output).suffix.lower().lstrip(".")
        if ext not in ("png", "svg") or (args.format and args.format != ext):
            raise ValueError(f"{args.output}: a timeline image is a .png or .svg file")
        return ext

    fmt = output_format(args, image_format, ValueError)
    if args.width < 200 or args.width > 20000:
        raise BadInput(f"--width: {args.width} pixels is not between 200 and 20000")
    plan, _database, store = _report_source(args)
    if store is not None:
        store.close()
    if args.release and args.release not in plan.releases:
        from app.model.errors import Refusal, RefusalCode

        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{args.release}"')
    from app.views.timeline_layout import layout_timeline

    timeline = _qt_timeline()
    layout = layout_timeline(plan, today(args, plan))
    start, end = args.start, args.end
    if args.release and not (start or end):
        start, end = timeline.release_window(layout, args.release)
    if start and end and end < start:
        raise BadInput(f"--to: {end.isoformat()} is before --from {start.isoformat()}")
    data = timeline.render_timeline(layout, fmt, start, end, focus=args.release,
                                    width=args.width, title="Release timeline")
    from app.plan_file.output_files import write_atomically

    write_output(args.output, lambda: write_atomically(args.output, lambda f: f.write(data)))
    print(f"{args.output}: wrote the timeline.")
    return EXIT_OK


def _calendar_identity(args, plan, database: str, store) -> dict:
    """The plan's identity and each release's revision, for the calendar's UIDs and SEQUENCE
    (app.reports.calendar_identity: from the audit log, or the plan file's path)."""
    from app.reports import calendar_identity as ci

    if store is None:
        return {"plan_identity": ci.plan_file_identity(args.plan), "revisions": {}}
    return {"plan_identity": ci.database_identity(store.history("plan", ""), database),
            "revisions": ci.release_revisions(store.history, plan.releases)}


def _calendar_release(plan) -> str:
    """Any release for a calendar export (the calendar holds them all): the next planned one."""
    shown = [r for r in plan.release_order() if r.status != "cancelled"]
    if not shown:
        raise BadInput("the plan has no planned or deployed release to put in a calendar")
    planned = [r for r in shown if r.status == "planned"]
    return (planned or shown)[0].key


def _qt_timeline():
    """widgets.images.timeline_image, on Qt's offscreen platform unless another was asked for: it
    draws into an image and never opens a window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import widgets.images.timeline_image as timeline

    return timeline


def _report_timeline(plan, today, release: str) -> bytes | None:
    """The timeline of the weeks around the release, for the PDF and HTML; a report without
    it is better than none when Qt cannot start here (a server without its libraries)."""
    try:
        timeline = _qt_timeline()
    except ImportError as exc:
        print(f"release-planner report: no timeline image ({exc})", file=sys.stderr)
        return None
    return timeline.release_timeline_png(plan, today, release)


def _report_source(args):
    """The plan, the database as the report names it, and the store (None for a plan file;
    the caller closes it)."""
    if args.plan:
        return load_plan_file(args.plan), f"plan file {args.plan}", None
    from storage.errors import describe

    store = open_store(args, purpose="read")
    try:
        return store.load().plan, describe(store.engine), store
    except BaseException:
        store.close()
        raise
