"""Opening a database: a SQLite file (the local default) or any SQLAlchemy URL (PostgreSQL
through psycopg 3 for a shared plan), with the connection settings each needs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.store_port import StoreError

BUSY_TIMEOUT_MS = 15_000


def database_url(target: str) -> str:
    """A `--db` value as an SQLAlchemy URL: a URL stays as it is, anything else is a file."""
    if "://" in target:
        try:
            make_url(target)
        except ArgumentError:
            raise StoreError(f"{target}: not a database URL") from None
        return target
    return "sqlite:///" + str(Path(target).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def create_database_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    if make_url(url).get_backend_name() == "sqlite":  # in memory: tests
        engine = create_engine(url)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args=_server_args(url))


def _server_args(url: str) -> dict:
    if make_url(url).get_backend_name() == "postgresql":
        return {"connect_timeout": 10, "application_name": "release-planner"}
    return {}


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLAlchemy tries to use it."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not path.parent.exists():
            raise StoreError(f"{path}: the folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"{path}: cannot create a database in {path.parent} (no permission)")
        return
    try:
        with path.open("rb") as f:
            header = f.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file: {exc.strerror}") from None
    if header and header != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not a Release Planner database (not a SQLite file)")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Let SQLAlchemy's "begin" below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: committed data survives
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A write takes the write lock up front: a plain BEGIN that upgrades later fails with
        # "database is locked" under concurrent writers, whatever the busy timeout.
        if conn.get_execution_options().get("rp_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
