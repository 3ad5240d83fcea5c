"""What every command shares: exit codes, the bad-input error, sources (plan files and
databases), dates and output paths."""

from __future__ import annotations

import argparse
import errno
import gc
import json
import os
import stat
import sys
from datetime import date
from pathlib import Path

from app.rules.send_dates import strict_date

EXIT_OK, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 2, 3
DEMO_PLAN = "demo_plan.json"
PROBLEMS_LISTED = 200  # a file with a million problems is refused in a screenful


class BadInput(Exception):
    """Input the user must fix; the message says what and where."""


def iso_date(text: str) -> date:
    """A date option (--today, --from, --to): within the dates a plan may hold, so that every
    date computed from it stays in the calendar."""
    from app.plan_file.limits import DATE_MAX, DATE_MIN

    try:
        day = strict_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date of the form YYYY-MM-DD') from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise argparse.ArgumentTypeError(f"{text} is outside the dates a plan may hold "
                                         f"({DATE_MIN.isoformat()} to {DATE_MAX.isoformat()})")
    return day


def load_plan_file(path: str):
    from app.model.errors import PlanFileError
    from app.plan_file.document import read_plan

    try:
        return read_plan(path)
    except PlanFileError as exc:
        count = len(exc.problems)
        listed = "\n".join(f"  {_one_line(str(p))}" for p in exc.problems[:PROBLEMS_LISTED])
        if count > PROBLEMS_LISTED:
            listed += f"\n  ... and {count - PROBLEMS_LISTED:,} more"
        noun = "problem" if count == 1 else "problems"
        raise BadInput(f"{path}: refused, {count:,} {noun}:\n{listed}") from None


def plain(text: str) -> str:
    """Plan text for a terminal's table output: control characters (an ESC or a newline in a
    key or title) written as JSON escapes, never acted on by the terminal."""
    return _one_line(text)


def printed(message: str) -> str:
    """An error message as printed: each of its lines on one line (a U+2028 or a control
    character in a key the user typed is written as an escape, not obeyed)."""
    return "\n".join(_one_line(line) for line in message.split("\n"))


def _one_line(text: str) -> str:
    """A problem on one line: control characters of the values it quotes (a newline in a key)
    written as JSON escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else json.dumps(c)[1:-1] for c in text)


def default_database() -> Path:
    """The local plan: RELEASE_PLANNER_DB, else plan.db in the user's data directory."""
    configured = os.environ.get("RELEASE_PLANNER_DB")
    if configured:
        return Path(configured)
    from platformdirs import user_data_path

    return user_data_path("release-planner", appauthor=False) / "plan.db"


def open_store(args, purpose: str = "use"):
    """The store named by --db, which must hold a plan (`purpose` "use") or be new or empty
    ("fill": import, demo, generate); without --db, the local plan, created with the demo plan
    on first use."""
    store = _open_live(args, purpose)
    name = getattr(args, "scenario", None)
    if name is None:
        return store
    from app.scenarios.model import ScenarioError
    from storage.scenario_store import ScenarioCatalog

    try:
        return ScenarioCatalog(store).open(name)  # --scenario: its plan, and its edits
    except ScenarioError as exc:
        store.close()
        raise BadInput(f"--scenario: {exc}") from None
    except BaseException:
        store.close()
        raise


def _open_live(args, purpose: str):
    from storage.open_store import open_store as open_target

    if args.db is not None:
        return open_target(args.db, purpose=purpose)
    path = default_database()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"{path.parent}: cannot create the folder of the local plan: "
                       f"{exc.strerror}") from None
    store = open_target(str(path), purpose="fill" if purpose == "fill" else "any")
    if purpose != "fill" and store.is_empty():
        try:
            store.replace_all(demo_plan(), "create the local plan with the demo")
        except BaseException:
            store.close()
            raise
    return store


def demo_plan():
    from importlib.resources import files

    from app.plan_file.document import parse_plan

    return parse_plan(files("resources").joinpath(DEMO_PLAN).read_bytes())


def today(args, plan) -> date:
    from app.model.plan import effective_today

    return effective_today(plan, args.today)


def empty_store(args):
    return open_store(args, purpose="fill")


def output_format(args, decide, error) -> str:
    """The output's format, after checking the output path (check_output): before any slow
    work."""
    check_output(args)
    try:
        return decide()
    except error as exc:
        raise BadInput(str(exc)) from None


def check_output(args) -> None:
    """The one rule for `-o`: a new or existing regular file, never the plan file or database
    being read (nor its -wal, -shm or -journal file), a folder, a device, a pipe or a symbolic
    link (which would be replaced by a file, or have its target replaced unseen)."""
    path = Path(args.output)
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # e.g. a name too long for the file system
        raise BadInput(f"{path}: cannot write the file: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise BadInput(f"{path}: is a symbolic link; -o writes a regular file, name the file "
                           "itself")
        if stat.S_ISDIR(info.st_mode):
            raise BadInput(f"{path}: is a folder; name a file")
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"{path}: not a regular file (a device, a pipe or a socket); -o "
                           "writes a regular file")
    try:
        if not path.parent.is_dir():
            raise BadInput(f"{path}: the folder {path.parent} does not exist")
        target = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise BadInput(f"{path}: cannot write the file: {getattr(exc, 'strerror', None) or exc}"
                       ) from None
    for source, what in _sources(args):
        if target in source or (info is not None and any(_same(info, s) for s in source)):
            raise BadInput(f"{path}: is the {what} being read; write to another file")
    if info is None:
        return
    # Replacing is renaming a new file over it: that would ignore a mode that says "do not
    # write" (no write bit says so even to root, whom os.access lets write anything) and split
    # the file from its other names (issue 25 item 9).
    if not info.st_mode & 0o222 or not os.access(
            path, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
        raise BadInput(f"{path}: the file is read-only; nothing was written")
    if info.st_nlink > 1:
        raise BadInput(f"{path}: the file has {info.st_nlink} hard links, which replacing it "
                       "would split; name another file")


def _sources(args) -> list[tuple[list[Path], str]]:
    """The files a command reads: its plan file, and its SQLite database with the files
    SQLite keeps beside it."""
    found = []
    plan = getattr(args, "plan", None) or getattr(args, "file", None)
    if plan:
        found.append(([Path(plan).resolve()], "plan file"))
    if getattr(args, "plan", None) is None and hasattr(args, "db"):
        from storage.database import database_url, sqlite_path

        try:
            db = sqlite_path(database_url(args.db if args.db is not None
                                          else str(default_database())))
        except Exception:  # an unusable --db: the command refuses it with its own message
            db = None
        if db is not None:
            found.append(([db, *(Path(f"{db}{end}") for end in ("-wal", "-shm", "-journal"))],
                          "database"))
    return found


def _same(info: os.stat_result, other: Path) -> bool:
    try:
        o = other.stat()
    except OSError:
        return False
    return (o.st_dev, o.st_ino) == (info.st_dev, info.st_ino)


def write_output(path: str, write) -> None:
    """Run `write` (which writes a temporary file and renames it into place); a failure to
    write (full disk, permission), however deep in a writer, is one line and nothing else:
    the writer's half-built objects are cleaned up quietly before the line is printed."""
    reason = None
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None  # e.g. a zip file closing over a failed write
    try:
        try:
            write()
        except Exception as exc:
            error = _os_error(exc)
            if error is None:
                raise
            reason = ("the disk is full" if error.errno == errno.ENOSPC
                      else error.strerror or str(error))
            del error  # its traceback holds the writer's objects: free them while it is quiet
        if reason is not None:
            gc.collect()
    finally:
        sys.unraisablehook = hook
    if reason is not None:
        raise BadInput(f"{path}: cannot write the file: {reason}")


def _os_error(exc: BaseException | None, depth: int = 0) -> OSError | None:
    """The OSError behind `exc`: itself, its cause or context, or one it wraps as an argument
    (as XlsxWriter's FileCreateError does)."""
    if exc is None or depth > 5:
        return None
    if isinstance(exc, OSError):
        return exc
    for inner in (exc.__cause__, exc.__context__,
                  *(a for a in exc.args if isinstance(a, BaseException))):
        found = _os_error(inner, depth + 1)
        if found is not None:
            return found
    return None


def user() -> str:
    from storage.open_store import default_user

    return default_user()


def add_action(actions, name: str, help_text: str, today: bool = False):
    """An ACTION of a command with actions (`db`, `scenario`): `--db` and `--format` (and with
    `today`, `--today`) also accepted after it; SUPPRESS keeps a value given before it."""
    p = actions.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--db", metavar="TARGET", default=argparse.SUPPRESS,
                   help="a SQLite file or SQLAlchemy URL (default: your local plan)")
    p.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS,
                   help="readable table (default) or machine-readable JSON")
    if today:
        p.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                       default=argparse.SUPPRESS, help="use this date as today everywhere")
    return p
