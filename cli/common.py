"""What every command shares: exit codes, the bad-input error, sources (plan files and
databases), dates and output paths."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 2, 3
DEMO_PLAN = "demo_plan.json"


class BadInput(Exception):
    """Input the user must fix; the message says what and where."""


def iso_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date of the form YYYY-MM-DD') from None


def load_plan_file(path: str):
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


def open_store(args, seed_demo: bool = True):
    """The store named by --db, or the local default (created with the demo plan)."""
    from storage.open_store import open_store as open_target

    if args.db:
        return open_target(args.db)
    path = default_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_target(str(path))
    if seed_demo and store.is_empty():
        store.replace_all(demo_plan(), "create the local plan with the demo")
    return store


def demo_plan():
    from importlib.resources import files

    from app.plan_file import parse_plan

    return parse_plan(files("resources").joinpath(DEMO_PLAN).read_bytes())


def today(args, plan) -> date:
    from app.services import effective_today

    return effective_today(plan, args.today)


def empty_store(args):
    store = open_store(args, seed_demo=False)
    if not store.is_empty():
        store.close()
        raise BadInput(f"{args.db or default_database()}: the database already holds a plan; "
                       "use a new file or an empty database")
    return store


def output_format(args, decide, error) -> str:
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


def write_output(path: str, write) -> None:
    try:
        write()
    except OSError as exc:
        raise BadInput(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def user() -> str:
    from storage.open_store import default_user

    return default_user()
