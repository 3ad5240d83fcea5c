"""Release Planner's composition root: the `release-planner` command line (SPEC.md section 5,
commands in `cli/`) and the desktop client.

Headless commands import only `app` and, for `--db`, `storage` (never Qt), so they start fast
on a server or in CI. With no subcommand the desktop client opens; it is imported only then.
"""

from __future__ import annotations

import json
import signal
import sys

from cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    BadInput,
    default_database,
    printed,
)
from cli.parser import build_parser

# A command stopped by a signal exits as a shell reports one: 128 + the signal's number.
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised where the command is: it unwinds like Ctrl+C, so the transaction under
    way rolls back and a fill removes the file it created (storage.fill_file)."""


def _terminate(_signum, _frame) -> None:
    raise Terminated


def _stopped(command: str, by: str, code: int) -> int:
    print(f"release-planner {command}: stopped by {by}; what it had not committed was not "
          "written", file=sys.stderr)
    return code


# Arguments that name files: any bytes the file system takes (Python keeps the ones that are
# not UTF-8 as surrogates, and gives them back to the file system as they were).
_FILE_ARGUMENTS = frozenset({"output", "plan", "file"})


def _refuse_undecodable(args) -> None:
    """Keys, URLs and --db are text that a database and a message must hold: bytes that are
    not UTF-8 in one are refused here, by name, not as a UnicodeEncodeError deep in a driver."""
    for name, value in vars(args).items():
        if name in _FILE_ARGUMENTS or type(value) is not str:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise BadInput(f"{shown}: holds bytes that are not UTF-8 text ({name.upper()})") \
                from None


def _local_folder(local: str) -> None:
    from pathlib import Path

    from app.edits.store_port import StoreError

    folder = Path(local).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot create the folder of the local plan: "
                         f"{exc.strerror}") from None


def _open_desktop(args) -> int:
    from storage.open_store import default_user, open_store
    from widgets.shell.desktop import run_desktop

    args.format = "table"
    local = str(default_database())

    def open_target(target: str):
        # Every new database, the local plan too, opens on the welcome page (the demo is one
        # click there); the commands still create the local plan with the demo on first use.
        if args.db is None and target == local:
            _local_folder(local)
        return open_store(target)

    # An empty --db is refused as every command refuses it, not taken for the local plan.
    return run_desktop(open_target, local if args.db is None else args.db, default_user())


def main(argv: list[str] | None = None) -> int:
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    from app.edits.store_port import StaleEdit, StoreError
    from app.model.errors import Refusal  # a server's refusal by role (Forbidden) is one too

    if args.command is None:
        return _open_desktop(args)

    from cli.scenario_commands import check_scenario_option

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        _refuse_undecodable(args)
        check_scenario_option(args)
        return commands[args.command](args)
    except KeyboardInterrupt:
        return _stopped(args.command, "Ctrl+C", EXIT_INTERRUPTED)
    except Terminated:
        return _stopped(args.command, "SIGTERM", EXIT_TERMINATED)
    except (BadInput, StoreError) as exc:
        print(printed(f"release-planner {args.command}: {exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (Refusal, StaleEdit) as exc:
        code = getattr(exc, "code", "changed-by-someone-else")
        message = getattr(exc, "message", str(exc))
        print(printed(f"release-planner {args.command}: refused ({code}): {message}"),
              file=sys.stderr)
        if args.format == "json":
            print(json.dumps({"error": code, "message": message}))
        return EXIT_REFUSED
    except BrokenPipeError:
        return EXIT_OK  # output piped into `head`: not an error
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
