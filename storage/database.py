"""Opening a database: a SQLite file (the local default) or any SQLAlchemy URL (PostgreSQL
through psycopg 3 for a shared plan), with the connection settings each needs."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.edits.store_port import StoreError

BUSY_TIMEOUT_MS = 15_000

# The driver connections each engine has lent out right now (interrupt_engine stops them).
_IN_USE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_IN_USE_LOCK = threading.Lock()
# Engines whose store was interrupted: no write on them starts or commits any more.
_STOPPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# SQLite's busy handler ignores sqlite3_interrupt, so a write waits for the lock in slices
# and looks for an interrupt between them.
_LOCK_SLICE_MS = 200


def database_url(target: str) -> str:
    """A `--db` value as an SQLAlchemy URL: a URL stays as it is, anything else is a file."""
    if not target.strip():
        raise StoreError("--db: empty; name a database file or a database URL")
    if "://" in target:
        try:
            url = make_url(target)
            _ = url.port  # a port that is not a number fails here, not deep in the driver
        except (ArgumentError, ValueError):
            raise StoreError(f"{target}: not a database URL") from None
        return target
    if "\x00" in target:
        raise StoreError(f"{target!r}: not a file name (it holds a NUL character)")
    try:
        return "sqlite:///" + str(Path(target).expanduser().resolve())
    except (OSError, RuntimeError) as exc:  # a symbolic link loop (RuntimeError before 3.13)
        raise StoreError(f"{target}: cannot open the database file: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def create_database_engine(url: str, read_only_uri: str | None = None) -> Engine:
    """An engine for `url`. `read_only_uri` (storage.sqlite_file) opens a SQLite file that may
    not be written read-only: no journal mode is set and nothing is written beside it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if read_only_uri is not None:
            engine = create_engine(url, creator=lambda: sqlite3.connect(
                read_only_uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False))  # as SQLAlchemy's own file connections: the pool
            # lends a connection to the window's worker thread too
        elif sqlite_path(url) is not None:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        else:  # in memory: tests
            engine = create_engine(url)
        _configure_sqlite(engine, read_only=read_only_uri is not None)
        return _tracked(engine)
    try:
        return _tracked(create_engine(url, pool_pre_ping=True, connect_args=_server_args(url)))
    except NoSuchModuleError:
        raise StoreError(f"{parsed.render_as_string(hide_password=True)}: unknown kind of "
                         "database (use a SQLite file or a postgresql+psycopg:// URL)") from None
    except ImportError as exc:
        raise StoreError(f"{parsed.render_as_string(hide_password=True)}: the database driver "
                         f"is not installed ({exc.name or exc})") from None


# A write waiting for another session's row locks gives up after LOCK_TIMEOUT_MS with one line
# (storage.errors.WriteBlocked), never a hang; no statement runs for ever; a transaction this
# client left open is ended by the server.
LOCK_TIMEOUT_MS = 5_000
STATEMENT_TIMEOUT_MS = 120_000
IDLE_IN_TRANSACTION_MS = 60_000


def _server_args(url: str) -> dict:
    if make_url(url).get_backend_name() == "postgresql":
        return {"connect_timeout": 10, "application_name": "release-planner",
                "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} "
                           f"-c statement_timeout={STATEMENT_TIMEOUT_MS} "
                           f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"}
    return {}


def _configure_sqlite(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Let SQLAlchemy's "begin" below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: committed data survives
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A write takes the write lock up front: a plain BEGIN that upgrades later fails with
        # "database is locked" under concurrent writers, whatever the busy timeout.
        if conn.get_execution_options().get("rp_write"):
            _begin_immediate(conn, engine)
        else:
            conn.exec_driver_sql("BEGIN")


def _begin_immediate(conn, engine: Engine) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    waited = 0
    try:
        cursor.execute(f"PRAGMA busy_timeout={_LOCK_SLICE_MS}")
        while True:
            if was_interrupted(engine):
                raise StoreError("the write was stopped before it started")
            if waited + _LOCK_SLICE_MS >= BUSY_TIMEOUT_MS:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the last try: its error, as SQLAlchemy's
                return
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                waited += _LOCK_SLICE_MS
    finally:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()


def was_interrupted(engine: Engine) -> bool:
    return engine in _STOPPED


def _tracked(engine: Engine) -> Engine:
    in_use: set = set()
    _IN_USE[engine] = in_use

    @event.listens_for(engine, "checkout")
    def _lent(dbapi_connection, _record, _proxy) -> None:
        with _IN_USE_LOCK:
            in_use.add(dbapi_connection)

    @event.listens_for(engine, "checkin")
    def _back(dbapi_connection, _record) -> None:
        with _IN_USE_LOCK:
            in_use.discard(dbapi_connection)

    return engine


def interrupt_engine(engine: Engine) -> None:
    """Stop every statement `engine` runs or waits on now, from any thread: its transaction
    fails and rolls back (a planner who closes without waiting for a busy database must not
    have the write land after being told it was not written)."""
    with _IN_USE_LOCK:
        _STOPPED[engine] = True
        lent = list(_IN_USE.get(engine, ()))
    for dbapi_connection in lent:
        with contextlib.suppress(Exception):  # already finished, or the server is gone
            if isinstance(dbapi_connection, sqlite3.Connection):
                dbapi_connection.interrupt()
            else:  # psycopg 3: asks the server to cancel the running statement
                dbapi_connection.cancel_safe(timeout=2)
