"""Database faults as one line a planner can act on (never a traceback)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, InterfaceError, OperationalError

from app.store_port import StaleEdit, StoreError


def describe(engine: Engine) -> str:
    """The database as a planner knows it: the file, or the server without the password."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return url.database or "in-memory database"
    return url.render_as_string(hide_password=True)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else ""
    low = text.lower()
    if "database is locked" in low:
        return "the file is locked by another program; try again in a moment"
    if "file is not a database" in low or "file is encrypted" in low:
        return "not a Release Planner database (the file is damaged or of another kind)"
    if "password authentication failed" in low:
        return "the server refused the user name or password"
    if "does not exist" in low and "database" in low:
        return "the server has no such database"
    if "connection refused" in low or "could not connect" in low or "timeout" in low \
            or "name or service not known" in low or "could not translate host" in low:
        return "cannot reach the database server"
    if "database or disk is full" in low:
        return "the disk is full"
    if "disk i/o error" in low:
        return "the disk failed to read or write the file (disk I/O error; is the disk full?)"
    if "malformed" in low:
        return "the database file is damaged (malformed); restore it from a backup"
    if "readonly" in low or "read-only" in low:
        return "the database is read-only"
    if "unable to open database" in low:
        return "cannot open the database file"
    return text or type(exc).__name__


@contextmanager
def translate_errors(engine: Engine):
    try:
        yield
    except (StaleEdit, StoreError):
        raise
    except IntegrityError as exc:
        raise StaleEdit([], f"the database refused the change: {_reason(exc)}") from None
    except (OperationalError, InterfaceError, DatabaseError) as exc:
        raise StoreError(f"{describe(engine)}: {_reason(exc)}") from None
