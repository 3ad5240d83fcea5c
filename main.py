"""Release Planner's composition root: the `release-planner` command line (SPEC.md section 5).

Headless commands import only `app` (never Qt), so they start fast on a server or in CI. With no
subcommand the desktop client opens; it is imported only then.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

EXIT_OK, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 2, 3


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD",
                       help="use this date as today everywhere")
        p.add_argument("--format", choices=("table", "json"), default="table",
                       help="readable table (default) or machine-readable JSON")
        return p

    check = command("check", "validate a plan file")
    check.add_argument("--plan", required=True, metavar="FILE")
    bundle = command("bundle", "what a planned release ships, and why the rest does not")
    bundle.add_argument("--plan", required=True, metavar="FILE")
    bundle.add_argument("--release", required=True, metavar="KEY")
    return parser


def _load_plan(path: str):
    from app.errors import PlanFileError
    from app.plan_file import read_plan

    try:
        return read_plan(path)
    except PlanFileError as exc:
        count = len(exc.problems)
        listed = "\n".join(f"  {p}" for p in exc.problems)
        noun = "problem" if count == 1 else "problems"
        raise BadInput(f"{path}: refused, {count} {noun}:\n{listed}") from None


def _today(args, plan) -> date:
    return args.today or plan.settings.today or date.today()


def _cmd_check(args) -> int:
    plan = _load_plan(args.plan)
    summary = {"plan": args.plan, "valid": True, "teams": len(plan.teams),
               "offer_packs": len(plan.packs), "items": len(plan.items),
               "releases": len(plan.releases), "change_requests": len(plan.crs)}
    if args.format == "json":
        print(json.dumps(summary))
    else:
        print(f"{args.plan}: valid. {len(plan.teams)} teams, {len(plan.packs)} offer packs, "
              f"{len(plan.items)} items, {len(plan.releases)} releases, "
              f"{len(plan.crs)} change requests.")
    return EXIT_OK


def _cmd_bundle(args) -> int:
    from app.bundle_output import report_to_json, report_to_text
    from app.engine.report import bundle_report

    plan = _load_plan(args.plan)
    report = bundle_report(plan, args.release, _today(args, plan))
    if args.format == "json":
        sys.stdout.write(json.dumps(report_to_json(report), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_to_text(plan, report))
    return EXIT_OK


COMMANDS = {"check": _cmd_check, "bundle": _cmd_bundle}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        print("release-planner: the desktop client is not part of this version yet.\n"
              "Try: release-planner bundle --plan resources/demo_plan.json --release R-FEB",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    from app.errors import Refusal

    try:
        return COMMANDS[args.command](args)
    except BadInput as exc:
        print(f"release-planner {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Refusal as exc:
        print(f"release-planner {args.command}: refused ({exc.code}): {exc.message}",
              file=sys.stderr)
        if args.format == "json":
            print(json.dumps({"error": exc.code, "message": exc.message}))
        return EXIT_REFUSED
    except BrokenPipeError:
        return EXIT_OK  # output piped into `head`: not an error


if __name__ == "__main__":
    sys.exit(main())
