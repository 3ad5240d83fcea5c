"""Database maintenance and roles: `db upgrade`, `db roles`, `db grant`, `db revoke`."""

from __future__ import annotations

import argparse
import json

from cli.common import EXIT_OK, BadInput, add_action, default_database

ROLES = ("viewer", "planner", "manager")


def register(command) -> dict:
    db = command("db", "database maintenance and PostgreSQL roles", "db")
    actions = db.add_subparsers(dest="db_action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        return add_action(actions, name, help_text)

    action("upgrade", "bring the schema up to date")
    action("roles", "create the group roles, their grants and row-level security "
                    "(PostgreSQL; run by the database owner; harmless to repeat)")
    grant = action("grant", "give a login the viewer, planner or manager role (PostgreSQL)")
    grant.add_argument("login", metavar="LOGIN")
    grant.add_argument("role", choices=ROLES)
    grant.add_argument("--team", action="append", default=[], metavar="KEY",
                       help="a team whose change requests a planner may change (repeatable)")
    action("revoke", "take a login's role away (PostgreSQL)").add_argument("login",
                                                                           metavar="LOGIN")
    return {"db": cmd_db}


def cmd_db(args) -> int:
    return {"upgrade": _upgrade, "roles": _roles, "grant": _grant,
            "revoke": _revoke}[args.db_action](args)


def _target(args) -> str:
    return args.db if args.db is not None else str(default_database())


def _say(args, text: str, document: dict) -> int:
    print(json.dumps(document) if args.format == "json" else text)
    return EXIT_OK


def _upgrade(args) -> int:
    from storage.migrate import head_revision, upgrade
    from storage.open_store import open_engine

    target = _target(args)
    engine, read_only = open_engine(target, "use")
    if read_only:
        engine.dispose()
        raise BadInput(f"{target}: the database file is read-only; its schema cannot be upgraded")
    try:
        backup = upgrade(engine)  # with roles set up, a new table gets its grants too
    finally:
        engine.dispose()
    return _say(args, f"{target}: schema is at {head_revision()}"
                + (f" (backup of the old file: {backup})" if backup else "") + ".",
                {"database": target, "schema": head_revision(), "backup": backup})


def _open_server(args, command: str):
    """The store at --db; on anything but PostgreSQL, roles do not exist (exit 2)."""
    from storage.open_store import open_store
    from storage.roles import require_postgres

    target = _target(args)
    if "://" not in target or not target.startswith("postgresql"):
        require_postgres(None, command)  # exit 2, before any file is created
    return open_store(target)


def _roles(args) -> int:
    from storage.roles import GROUPS, install_roles

    store = _open_server(args, "db roles")
    try:
        install_roles(store.engine)
    finally:
        store.close()
    names = list(GROUPS.values())
    return _say(args, f"{_target(args)}: roles {', '.join(names)} are set up; give each "
                      "planner one with `release-planner db grant`.",
                {"database": _target(args), "roles": names})


def _grant(args) -> int:
    from storage.roles import grant

    teams = list(dict.fromkeys(args.team))
    if teams and args.role != "planner":
        raise BadInput(f"--team: only a planner has teams; a {args.role} "
                       f"{'reads' if args.role == 'viewer' else 'changes'} every team's work")
    if args.role == "planner" and not teams:
        raise BadInput("--team: a planner needs at least one team whose change requests "
                       "they plan (--team KEY, repeatable)")
    store = _open_server(args, "db grant")
    try:
        grant(store.engine, args.login, args.role, teams)
    finally:
        store.close()
    of = f" of {', '.join(teams)}" if teams else ""
    return _say(args, f"{args.login} is now a {args.role}{of} on {_target(args)}.",
                {"login": args.login, "role": args.role, "teams": teams})


def _revoke(args) -> int:
    from storage.roles import revoke

    store = _open_server(args, "db revoke")
    try:
        revoke(store.engine, args.login)
    finally:
        store.close()
    return _say(args, f"{args.login} has no Release Planner role on {_target(args)} any more.",
                {"login": args.login, "role": None})
