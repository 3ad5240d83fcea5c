"""Release Planner's composition root: the `release-planner` command line (SPEC.md section 5).

Headless commands import only `app` and, for `--db`, `storage` (never Qt), so they start fast
on a server or in CI. With no subcommand the desktop client opens; it is imported only then.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 2, 3
DEMO_PLAN = "demo_plan.json"


class BadInput(Exception):
    """Input the user must fix; the message says what and where."""


def _iso_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date of the form YYYY-MM-DD') from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="release-planner",
        description="Plan marketing-operations releases. With no command, opens the desktop client.")
    parser.add_argument("--db", metavar="TARGET",
                        help="the database the desktop client opens (default: your local plan)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, source: str | None = None,
                formats: tuple[str, ...] = ()) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD",
                       help="use this date as today everywhere")
        if formats:  # a file format; without --format, the output file's extension decides
            p.add_argument("--format", choices=formats,
                           help="the file format (default: from the output file's extension)")
        else:
            p.add_argument("--format", choices=("table", "json"), default="table",
                           help="readable table (default) or machine-readable JSON")
        if source == "plan-or-db":
            group = p.add_mutually_exclusive_group()
            group.add_argument("--plan", metavar="FILE", help="a plan file (read only)")
            group.add_argument("--db", metavar="TARGET",
                               help="a SQLite file or SQLAlchemy URL (default: your local plan)")
        elif source == "db":
            p.add_argument("--db", metavar="TARGET",
                           help="a SQLite file or SQLAlchemy URL (default: your local plan)")
        return p

    command("check", "validate a plan file").add_argument("--plan", required=True, metavar="FILE")
    bundle = command("bundle", "what a planned release ships, and why the rest does not",
                     "plan-or-db")
    bundle.add_argument("--release", required=True, metavar="KEY")
    command("import", "load a plan file into a new or empty database", "db").add_argument(
        "file", metavar="FILE")
    command("export", "write the database's plan to a plan file", "db").add_argument(
        "-o", "--output", required=True, metavar="FILE")
    sched = command("schedule", "move a change request to a release, or to the backlog", "db")
    sched.add_argument("cr", metavar="CR")
    sched.add_argument("target", metavar="TARGET", help="a release key, or 'backlog'")
    command("deploy", "ship the next release", "db").add_argument("release", metavar="RELEASE")
    command("demo", "fill a new or empty database with the demo plan", "db")
    gen = command("generate", "fill a new or empty database with a large synthetic plan", "db")
    gen.add_argument("--crs", type=int, required=True, metavar="N")
    gen.add_argument("--seed", type=int, default=1, metavar="S")
    report = command("report", "a release report to read, file and forward", "plan-or-db",
                     formats=("pdf", "html", "xlsx", "csv", "ics"))
    report.add_argument("--release", metavar="KEY",
                        help="the release (not needed for ics: the calendar holds every release)")
    report.add_argument("-o", "--output", required=True, metavar="FILE")
    report.add_argument("--paper", choices=("A4", "Letter"), default="A4",
                        help="the PDF's paper size (default A4)")
    timeline = command("timeline", "the release timeline as a PNG or SVG image", "plan-or-db",
                       formats=("png", "svg"))
    timeline.add_argument("-o", "--output", required=True, metavar="FILE")
    timeline.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD",
                          help="the first day shown (default: the whole plan)")
    timeline.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD",
                          help="the last day shown")
    timeline.add_argument("--release", metavar="KEY",
                          help="highlight this release (and show the weeks around it)")
    timeline.add_argument("--width", type=int, default=1600, metavar="PIXELS")
    db = command("db", "database maintenance", "db")
    db.add_argument("action", choices=("upgrade",), help="upgrade: bring the schema up to date")
    return parser


# ---- sources -------------------------------------------------------------------------------

def _load_plan_file(path: str):
    from app.errors import PlanFileError
    from app.plan_file import read_plan

    try:
        return read_plan(path)
    except PlanFileError as exc:
        count = len(exc.problems)
        listed = "\n".join(f"  {p}" for p in exc.problems)
        noun = "problem" if count == 1 else "problems"
        raise BadInput(f"{path}: refused, {count} {noun}:\n{listed}") from None


def default_database() -> Path:
    """The local plan: RELEASE_PLANNER_DB, else plan.db in the user's data directory."""
    configured = os.environ.get("RELEASE_PLANNER_DB")
    if configured:
        return Path(configured)
    from platformdirs import user_data_path

    return user_data_path("release-planner", appauthor=False) / "plan.db"


def _open_store(args, seed_demo: bool = True):
    """The store named by --db, or the local default (created with the demo plan)."""
    from storage.open_store import open_store

    if args.db:
        return open_store(args.db)
    path = default_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(str(path))
    if seed_demo and store.is_empty():
        store.replace_all(_demo_plan(), "create the local plan with the demo")
    return store


def _demo_plan():
    from importlib.resources import files

    from app.plan_file import parse_plan

    return parse_plan(files("resources").joinpath(DEMO_PLAN).read_bytes())


def _today(args, plan) -> date:
    from app.services import effective_today

    return effective_today(plan, args.today)


def _empty_store(args):
    store = _open_store(args, seed_demo=False)
    if not store.is_empty():
        store.close()
        raise BadInput(f"{args.db or default_database()}: the database already holds a plan; "
                       "use a new file or an empty database")
    return store


# ---- commands ------------------------------------------------------------------------------

def _cmd_check(args) -> int:
    plan = _load_plan_file(args.plan)
    counts = {"teams": len(plan.teams), "offer_packs": len(plan.packs), "items": len(plan.items),
              "releases": len(plan.releases), "change_requests": len(plan.crs)}
    if args.format == "json":
        print(json.dumps({"plan": args.plan, "valid": True, **counts}))
    else:
        print(f"{args.plan}: valid. {len(plan.teams)} teams, {len(plan.packs)} offer packs, "
              f"{len(plan.items)} items, {len(plan.releases)} releases, "
              f"{len(plan.crs)} change requests.")
    return EXIT_OK


def _cmd_bundle(args) -> int:
    from app.bundle_output import report_to_json, report_to_text
    from app.engine.report import bundle_report

    if args.plan:
        plan = _load_plan_file(args.plan)
    else:
        store = _open_store(args)
        plan = store.load().plan
        store.close()
    report = bundle_report(plan, args.release, _today(args, plan))
    if args.format == "json":
        sys.stdout.write(json.dumps(report_to_json(report), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_to_text(plan, report))
    return EXIT_OK


def _fill(args, plan, action: str) -> int:
    store = _empty_store(args)
    try:
        snapshot = store.replace_all(plan, action)
    finally:
        store.close()
    where = args.db or default_database()
    message = (f"{where}: {action}: {len(snapshot.plan.crs)} change requests, "
               f"{len(snapshot.plan.releases)} releases, {len(snapshot.plan.teams)} teams.")
    print(json.dumps({"database": str(where), "change_requests": len(snapshot.plan.crs)})
          if args.format == "json" else message)
    return EXIT_OK


def _cmd_import(args) -> int:
    return _fill(args, _load_plan_file(args.file), f"imported {args.file}")


def _cmd_demo(args) -> int:
    return _fill(args, _demo_plan(), "filled with the demo plan")


def _cmd_generate(args) -> int:
    from app.generator import generate_plan

    if args.crs < 0:
        raise BadInput(f"--crs: must not be negative, not {args.crs}")
    return _fill(args, generate_plan(args.crs, args.seed), f"generated {args.crs} CRs")


def _cmd_export(args) -> int:
    from app.plan_file import write_plan

    store = _open_store(args)
    try:
        plan = store.load().plan
    finally:
        store.close()
    try:
        write_plan(plan, args.output)
    except OSError as exc:
        raise BadInput(f"{args.output}: cannot write the file: {exc.strerror}") from None
    print(f"{args.output}: exported {len(plan.crs)} change requests.")
    return EXIT_OK


def _cmd_schedule(args) -> int:
    from app.services import PlanService

    store = _open_store(args)
    try:
        moved = PlanService(store, args.today).schedule(args.cr, args.target)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"cr": moved.cr, "from": moved.previous, "to": moved.target,
                          "warnings": [{"code": w.code, "cr": w.other, "message": w.message}
                                       for w in moved.warnings]}))
    else:
        print(f"{moved.cr}: moved from {moved.previous or 'backlog'} "
              f"to {moved.target or 'backlog'}.")
        for w in moved.warnings:
            print(f"  warning ({w.code}): {w.message}")
    return EXIT_OK


def _cmd_deploy(args) -> int:
    from app.services import PlanService

    store = _open_store(args)
    try:
        done = PlanService(store, args.today).deploy(args.release)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"release": done.release, "shipped": list(done.shipped),
                          "slipped": done.slipped}))
    else:
        print(f"{done.release}: deployed {len(done.shipped)} change requests"
              + (f": {', '.join(done.shipped)}." if done.shipped else "."))
        for cr, target in done.slipped.items():
            print(f"  {cr} slipped to {target or 'the backlog'}")
    return EXIT_OK


def _cmd_report(args) -> int:
    from app.reports.content import build_report
    from app.reports.deployment import deploy_action, deploy_record
    from app.reports.export import ReportError, format_for, write_report

    fmt = _output_format(args, lambda: format_for(args.output, args.format), ReportError)
    if fmt != "ics" and not args.release:
        raise BadInput(f"--release: which release? A {fmt} report is of one release")
    plan, database, store = _report_source(args)
    try:
        release = args.release or _calendar_release(plan)
        record = None
        if store is not None and release in plan.releases \
                and plan.releases[release].status == "deployed":
            record = deploy_record(store.audit_of_action(deploy_action(release)), release)
        user = store.user if store is not None else _user()
    finally:
        if store is not None:
            store.close()
    today = _today(args, plan)
    report = build_report(plan, release, today, generated_by=user, database=database,
                          deployment=record)
    png = _report_timeline(plan, today, release) if fmt in ("pdf", "html") else None
    _write_output(args.output, lambda: write_report(report, fmt, args.output, png,
                                                    paper=args.paper))
    what = "calendar of every release" if fmt == "ics" else f"report of {release}"
    print(f"{args.output}: wrote the {fmt} {what}.")
    return EXIT_OK


def _cmd_timeline(args) -> int:
    def image_format() -> str:
        ext = Path(args.output).suffix.lower().lstrip(".")
        if ext not in ("png", "svg") or (args.format and args.format != ext):
            raise ValueError(f"{args.output}: a timeline image is a .png or .svg file")
        return ext

    fmt = _output_format(args, image_format, ValueError)
    if args.width < 200 or args.width > 20000:
        raise BadInput(f"--width: {args.width} pixels is not between 200 and 20000")
    plan, _database, store = _report_source(args)
    if store is not None:
        store.close()
    if args.release and args.release not in plan.releases:
        from app.errors import Refusal

        raise Refusal("unknown-release", f'there is no release "{args.release}"')
    from app.timeline_layout import layout_timeline

    timeline = _qt_timeline()
    layout = layout_timeline(plan, _today(args, plan))
    start, end = args.start, args.end
    if args.release and not (start or end):
        start, end = timeline.release_window(layout, args.release)
    if start and end and end < start:
        raise BadInput(f"--to: {end.isoformat()} is before --from {start.isoformat()}")
    data = timeline.render_timeline(layout, fmt, start, end, focus=args.release,
                                    width=args.width, title="Release timeline")
    from app.reports.export import write_atomically

    _write_output(args.output, lambda: write_atomically(args.output, lambda f: f.write(data)))
    print(f"{args.output}: wrote the timeline.")
    return EXIT_OK


def _output_format(args, decide, error) -> str:
    """The output's format, after checking that its folder exists: before any slow work."""
    path = Path(args.output)
    try:
        if path.is_dir():
            raise BadInput(f"{path}: is a folder; name a file")
        if not path.parent.is_dir():
            raise BadInput(f"{path}: the folder {path.parent} does not exist")
    except OSError as exc:  # e.g. a name too long for the file system
        raise BadInput(f"{path}: cannot write the file: {exc.strerror or exc}") from None
    try:
        return decide()
    except error as exc:
        raise BadInput(str(exc)) from None


def _write_output(path: str, write) -> None:
    try:
        write()
    except OSError as exc:
        raise BadInput(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def _calendar_release(plan) -> str:
    """Any release for a calendar export (the calendar holds them all): the next planned one."""
    shown = [r for r in plan.release_order() if r.status != "cancelled"]
    if not shown:
        raise BadInput("the plan has no planned or deployed release to put in a calendar")
    planned = [r for r in shown if r.status == "planned"]
    return (planned or shown)[0].key


def _user() -> str:
    from storage.open_store import default_user

    return default_user()


def _qt_timeline():
    """widgets.timeline_image, on Qt's offscreen platform unless another was asked for: it
    draws into an image and never opens a window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import widgets.timeline_image as timeline

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
    """The plan, the database as the report names it, the user, and the store (None for a
    plan file; the caller closes it)."""
    if args.plan:
        return _load_plan_file(args.plan), f"plan file {args.plan}", None
    from storage.errors import describe

    store = _open_store(args)
    try:
        return store.load().plan, describe(store.engine), store
    except BaseException:
        store.close()
        raise


def _cmd_db(args) -> int:
    from storage.database import create_database_engine, database_url
    from storage.migrate import head_revision, upgrade

    target = args.db or str(default_database())
    engine = create_database_engine(database_url(target))
    try:
        backup = upgrade(engine)
    finally:
        engine.dispose()
    print(f"{target}: schema is at {head_revision()}"
          + (f" (backup of the old file: {backup})" if backup else "") + ".")
    return EXIT_OK


def _open_desktop(args) -> int:
    from storage.open_store import default_user, open_store
    from widgets.desktop import run_desktop

    args.format = "table"
    local = str(default_database())

    def open_target(target: str):
        # The local default is created with the demo on first use; anything else opens as is.
        return _open_store(args) if target == (args.db or local) else open_store(target)

    return run_desktop(open_target, args.db or local, default_user())


COMMANDS = {"check": _cmd_check, "bundle": _cmd_bundle, "import": _cmd_import,
            "export": _cmd_export, "schedule": _cmd_schedule, "deploy": _cmd_deploy,
            "demo": _cmd_demo, "generate": _cmd_generate, "report": _cmd_report,
            "timeline": _cmd_timeline, "db": _cmd_db}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from app.errors import Refusal
    from app.store_port import StaleEdit, StoreError

    if args.command is None:
        return _open_desktop(args)

    try:
        return COMMANDS[args.command](args)
    except (BadInput, StoreError) as exc:
        print(f"release-planner {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (Refusal, StaleEdit) as exc:
        code = getattr(exc, "code", "changed-by-someone-else")
        message = getattr(exc, "message", str(exc))
        print(f"release-planner {args.command}: refused ({code}): {message}", file=sys.stderr)
        if args.format == "json":
            print(json.dumps({"error": code, "message": message}))
        return EXIT_REFUSED
    except BrokenPipeError:
        return EXIT_OK  # output piped into `head`: not an error


if __name__ == "__main__":
    sys.exit(main())
