"""Open the plan store named by a `--db` value: create the file or schema when needed, upgrade
an older schema, refuse a newer one."""

from __future__ import annotations

import getpass
import os

from sqlalchemy import inspect

from app.store_port import StoreError
from storage.database import create_database_engine, database_url
from storage.errors import describe, translate_errors
from storage.migrate import upgrade
from storage.store import SqlPlanStore


def default_user() -> str:
    """The configured user name (RELEASE_PLANNER_USER), else the operating system login."""
    configured = os.environ.get("RELEASE_PLANNER_USER", "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_store(target: str, user: str | None = None, migrate: bool = True) -> SqlPlanStore:
    engine = create_database_engine(database_url(target))
    try:
        if migrate:
            upgrade(engine)
        else:
            with translate_errors(engine), engine.connect() as conn:
                if not inspect(conn).has_table("settings"):
                    raise StoreError(f"{describe(engine)}: not a Release Planner database")
    except BaseException:
        engine.dispose()
        raise
    return SqlPlanStore(engine, user or default_user())
