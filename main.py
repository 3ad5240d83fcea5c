"""Release Planner's composition root: the `release-planner` command line (SPEC.md section 5,
commands in `cli/`) and the desktop client.

Headless commands import only `app` and, for `--db`, `storage` (never Qt), so they start fast
on a server or in CI. With no subcommand the desktop client opens; it is imported only then.
"""

from __future__ import annotations

import json
import sys

from cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_REFUSED, BadInput, default_database
from cli.parser import build_parser


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

    return run_desktop(open_target, args.db or local, default_user())


def main(argv: list[str] | None = None) -> int:
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    from app.edits.store_port import StaleEdit, StoreError
    from app.model.errors import Refusal  # a server's refusal by role (Forbidden) is one too

    if args.command is None:
        return _open_desktop(args)

    from cli.scenario_commands import check_scenario_option

    try:
        check_scenario_option(args)
        return commands[args.command](args)
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
