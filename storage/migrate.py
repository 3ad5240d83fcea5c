"""Bring a database to the schema of this program: Alembic, run on every open.

A SQLite file is backed up next to itself before its schema changes; a database written by a
newer program is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from app.edits.store_port import StoreError
from storage.errors import describe, translate_errors

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions (a test checks that they agree). Opening a
# database that is already there reads one row and never imports Alembic: a quarter of a
# second off every start of the desktop client.
SCHEMA_HEAD = "0009"


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    return _scripts().get_current_head()


def current_revision(engine: Engine) -> str | None:
    with translate_errors(engine), engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> str | None:
    """Upgrade to the newest schema. Returns the path of the backup made, if any."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command

    script = _scripts()
    head = script.get_current_head()
    if current == head:
        return None
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(f"{describe(engine)}: this database was written by a newer version of "
                         f"Release Planner (schema {current}); update the program to open it")
    if current is None:
        with translate_errors(engine), engine.connect() as conn:
            foreign = inspect(conn).get_table_names()
        if foreign:
            raise StoreError(f"{describe(engine)}: not a Release Planner database (it holds other "
                             f"tables, e.g. {foreign[0]}); use a new file or an empty database")
    backup = _backup_sqlite(engine, current) if current is not None else None
    cfg = _config()
    with translate_errors(engine), engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # Batch migrations recreate tables; with foreign keys on, dropping the old table
            # would cascade-delete child rows. The pragma only works outside a transaction.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            if conn.dialect.name == "sqlite":
                conn.invalidate()  # never hand a connection with foreign keys off to the pool
    _renew_roles(engine)
    return str(backup) if backup else None


def _renew_roles(engine: Engine) -> None:
    """A shared plan with roles (`db roles`): a table the upgrade added gets its grants and
    policies at once, not after someone remembers to run `db roles` again."""
    from storage.roles import install_roles, roles_installed

    if roles_installed(engine):
        install_roles(engine)


def _backup_sqlite(engine: Engine, revision: str) -> Path | None:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database \
            or engine.url.database == ":memory:":
        return None
    source = Path(engine.url.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.name}.before-upgrade-from-{revision}-{stamp}")
    # SQLite's online backup copies a consistent database, WAL included.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target
