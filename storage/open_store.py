"""Open the plan store named by a `--db` value, by one rule for every kind of target.

`purpose` says what the caller will do: "use" a plan that is there (every command but the
three that fill a database: the target must hold a plan), "read" it only (as "use", and a
SQLite file that cannot be written to now, on a full disk, is read read-only), "fill" a new or
empty database
(`import`, `demo`, `generate`), or "any" (the desktop client and tests: create when missing).
Whatever the purpose, a target that cannot serve it is refused with one line before anything
is created or written: no file, no `-wal` file, no schema, no journal mode switched on another
program's database. A SQLite file that may not be written is opened read-only.
"""

from __future__ import annotations

import getpass
import os

from sqlalchemy import Engine, func, inspect, select, table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from app.edits.store_port import StoreError
from storage.database import create_database_engine, database_url, sqlite_path
from storage.errors import describe, translate_errors
from storage.migrate import SCHEMA_HEAD, current_revision, refuse_unknown_revision, upgrade
from storage.roles import login_if_enforced
from storage.sqlite_file import (
    CREATE_HINT,
    PLAN_TABLES,
    inspect_sqlite_file,
    probe_revision,
    probe_tables,
    read_only_uri,
)
from storage.store import SqlPlanStore

PURPOSES = ("use", "read", "fill", "any")
# SQLite's primary result codes that mean "cannot write beside the file now": SQLITE_READONLY,
# SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
_CANNOT_WRITE_NOW = (8, 10, 13, 14)


def default_user() -> str:
    """The configured user name (RELEASE_PLANNER_USER), else the operating system login."""
    configured = os.environ.get("RELEASE_PLANNER_USER", "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_store(target: str, user: str | None = None, migrate: bool = True,
               purpose: str = "any") -> SqlPlanStore:
    engine, read_only = open_engine(target, purpose)
    try:
        if read_only:
            _check_read_only_schema(engine)
        elif migrate:
            upgrade(engine)
        else:
            with translate_errors(engine), engine.connect() as conn:
                if not inspect(conn).has_table("settings"):
                    raise StoreError(f"{describe(engine)}: not a Release Planner database")
        login = _login(engine)
    except BaseException:
        engine.dispose()
        raise
    store = SqlPlanStore(engine, login or user or default_user())
    store.read_only = read_only
    return store


def _login(engine: Engine) -> str:
    """Who the server says writes, once `db roles` ran on the database: the login
    (session_user), which it stamps on every audit and presence row whatever the client says,
    so the window and the commands give that name and not the operating-system user. "" for a
    local file or a server without roles, where the audit keeps the client's name for its user
    (storage/server_audit.py rp_audit_user)."""
    if engine.dialect.name != "postgresql":
        return ""
    return login_if_enforced(engine)


def open_engine(target: str, purpose: str = "any") -> tuple[Engine, str]:
    """An engine on `target` after checking that it can serve `purpose` (module docstring),
    and why it is read-only ("": it is not)."""
    if purpose not in PURPOSES:  # a programming error, not the user's
        raise ValueError(f"purpose must be one of {PURPOSES}")
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        found = inspect_sqlite_file(path, create=purpose in ("fill", "any"))
        tables = probe_tables(found)
        check_contents(str(path), tables, purpose)
        if "alembic_version" in tables:  # before anything opens it for writing (issue 25 item 5)
            refuse_unknown_revision(str(path), probe_revision(found))
        if found.exists and not found.writable:
            if purpose == "fill":
                raise StoreError(f"{path}: the database file is read-only")
            return create_database_engine(url, read_only_uri(found)), found.read_only
        engine = create_database_engine(url)
        if found.exists and purpose in ("use", "read") and not _can_write_now(engine, path):
            if purpose == "read":
                return (create_database_engine(url, read_only_uri(found)),
                        f"{path} cannot be written now (is the disk full?)")
            raise StoreError(f"{path}: the database cannot be written now (its -wal and -shm "
                             "files cannot be made: is the disk full?); nothing was changed")
        return engine, ""
    if make_url(url).get_backend_name() == "sqlite":
        if purpose != "any":
            raise StoreError(f"{target}: an in-memory database holds no plan; name a file")
        return create_database_engine(url), ""
    engine = create_database_engine(url)
    try:
        with translate_errors(engine), engine.connect() as conn:
            check_contents(describe(engine), server_tables(conn), purpose)
    except BaseException:
        engine.dispose()
        raise
    return engine, ""


def _can_write_now(engine: Engine, path) -> bool:
    """Can SQLite open the file for writing (its -shm and -wal files) now? Not on a full disk;
    then the -wal and -shm files the attempt made are taken away again."""
    beside = [path.with_name(path.name + end) for end in ("-wal", "-shm")]
    there = [p.exists() for p in beside]
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1").all()
    except OperationalError as exc:
        code = getattr(exc.orig, "sqlite_errorcode", None)
        if code is None or code & 0xFF not in _CANNOT_WRITE_NOW:
            raise StoreError(f"{describe(engine)}: {exc.orig}") from None
        engine.dispose()
        wal, shm = beside
        if not there[0] and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
            if not there[1]:
                shm.unlink(missing_ok=True)
        return False
    return True


def server_tables(conn) -> dict[str, int]:
    """Each table of the database's default schema, with row counts for the plan's tables."""
    names = inspect(conn).get_table_names()
    return {name: (conn.execute(select(func.count()).select_from(table(name))).scalar()
                   if name in PLAN_TABLES else -1) for name in names}


def check_contents(where: str, tables: dict[str, int], purpose: str) -> None:
    """Refuse a database whose tables do not fit `purpose`: another program's, a damaged one,
    one without a plan (to use) or with one (to fill)."""
    if not tables:
        if purpose in ("use", "read"):
            raise StoreError(f"{where}: the database is empty, it holds no plan; {CREATE_HINT}")
        return
    if "alembic_version" not in tables:
        raise StoreError(f"{where}: not a Release Planner database (it holds other tables, "
                         f"e.g. {sorted(tables)[0]}); use a new file or an empty database")
    if tables.get("settings", 0) <= 0:
        # Damaged for every purpose: the client filling it would merge the old rows into a
        # "new" plan (issue 25 item 7).
        rest = [name for name in PLAN_TABLES if tables.get(name, 0) > 0]
        if rest:
            raise StoreError(f"{where}: the database is damaged: table {rest[0]} has rows but "
                             "table settings has no row; restore it from a backup")
    if purpose == "any":
        return
    if tables.get("settings", 0) <= 0:
        if purpose in ("use", "read"):
            raise StoreError(f"{where}: the database holds no plan; {CREATE_HINT}")
    elif purpose == "fill":
        raise StoreError(f"{where}: the database already holds a plan; use a new file or an "
                         "empty database")


def _check_read_only_schema(engine: Engine) -> None:
    current = current_revision(engine)
    if current != SCHEMA_HEAD:
        raise StoreError(f"{describe(engine)}: the database file is read-only and its schema "
                         f"({current}) needs an upgrade to {SCHEMA_HEAD}: open it once where it "
                         "can be written")
