"""The argument parser: common options of every command, then each command module's own."""

from __future__ import annotations

import argparse

from cli import (
    baseline_commands,
    db_commands,
    feed_commands,
    import_commands,
    plan_commands,
    report_commands,
    scenario_commands,
)
from cli.common import iso_date

# Each module's `register(command)` adds its subcommands and returns their functions.
COMMAND_MODULES = (plan_commands, report_commands, db_commands, feed_commands,
                   baseline_commands, import_commands, scenario_commands)


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(
        prog="release-planner",
        description="Plan marketing-operations releases. With no command, opens the desktop client.")
    parser.add_argument("--db", metavar="TARGET",
                        help="the database the desktop client opens (default: your local plan)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, source: str | None = None,
                formats: tuple[str, ...] = ()) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
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
        if name in scenario_commands.SCENARIO_COMMANDS:
            p.add_argument("--scenario", metavar="NAME",
                           help="work on this scenario's plan instead of the live one")
        return p

    commands: dict = {}
    for module in COMMAND_MODULES:
        commands.update(module.register(command))
    return parser, commands
