"""Opening a database: a SQLite file (the local default) or any SQLAlchemy URL (PostgreSQL
through psycopg 3 for a shared plan), with the connection settings each needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.edits.store_port import StoreError

BUSY_TIMEOUT_MS = 15_000


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
                read_only_uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000))
        elif sqlite_path(url) is not None:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        else:  # in memory: tests
            engine = create_engine(url)
        _configure_sqlite(engine, read_only=read_only_uri is not None)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=_server_args(url))
    except NoSuchModuleError:
        raise StoreError(f"{parsed.render_as_string(hide_password=True)}: unknown kind of "
                         "database (use a SQLite file or a postgresql+psycopg:// URL)") from None
    except ImportError as exc:
        raise StoreError(f"{parsed.render_as_string(hide_password=True)}: the database driver "
                         f"is not installed ({exc.name or exc})") from None


def _server_args(url: str) -> dict:
    if make_url(url).get_backend_name() == "postgresql":
        return {"connect_timeout": 10, "application_name": "release-planner"}
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
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
