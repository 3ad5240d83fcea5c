"""Database faults as one line a planner can act on (never a traceback)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, InterfaceError, OperationalError

from app.edits.store_port import StaleEdit, StoreBusy, StoreError
from app.model.errors import Forbidden

INSUFFICIENT_PRIVILEGE = "42501"  # also raised for a row-level security violation
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout (storage.database)
QUERY_CANCELED = "57014"  # statement_timeout, or a cancel (interrupt_engine)
CHECK_VIOLATION = "23514"


class WriteBlocked(StoreBusy):
    """Another session holds what this write needs past the lock timeout: nothing written."""


class DamagedRow(Exception):
    """A row the program cannot have written: its table, key and what is wrong with it.
    Raised while rows are read (storage.rows and every reader of another table); the store's
    callers see it as a StoreError naming the database (translate_errors)."""

    def __init__(self, table: str, key: object, detail: str):
        self.table, self.key, self.detail = table, key, detail
        super().__init__(f"damaged row in table {table}, key {key!r}: {detail}; "
                         "restore the database from a backup or correct the row")

_PLANNER_TABLES = {"change_requests", "dependencies"}


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


def forbidden(exc: Exception) -> Forbidden | None:
    """PostgreSQL's refusal by a role (storage/roles.py) as one line naming the role it needs."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
        return None
    text = str(orig).strip().splitlines()[0]
    if " audit log: " in text:  # a change without its audit row (storage/role_policies.py)
        return Forbidden(text, "owner")
    if " needs the " in text:  # our own trigger already says who may
        return Forbidden(text, "planner")
    found = re.search(r'table "?(\w+)"?', text)
    table = found.group(1) if found else ""
    verb = (getattr(exc, "statement", "") or "").lstrip().split(" ", 1)[0].upper()
    if "for database" in text:
        return Forbidden(f"{text}: ask the database owner for a role (release-planner db "
                         "grant)", "viewer")
    if verb in ("CREATE", "GRANT", "REVOKE", "ALTER", "DROP"):
        return Forbidden(f"{text}: only the database owner, with the right to create roles, "
                         "may do this", "owner")
    if verb == "SELECT":
        return Forbidden(f"{text}: reading the plan needs the viewer, planner or manager role",
                         "viewer")
    if (table == "audit_log" and verb in ("UPDATE", "DELETE")) or "must be owner" in text:
        return Forbidden(f"{text}: only the database owner may do this", "owner")
    if table in _PLANNER_TABLES or table == "audit_log":
        return Forbidden(f"{text}: changing a change request needs the planner role for its "
                         "team, or the manager role", "planner")
    if table == "presence":
        return Forbidden(f"{text}: each login may change only its own presence", "viewer")
    if table in ("scenarios", "scenario_changes"):
        return Forbidden(f"{text}: making and changing scenarios needs the planner or manager "
                         "role", "planner")
    return Forbidden(f"{text}: this needs the manager role", "manager")


def _check_rule(text: str) -> str:
    """A CHECK constraint's refusal (storage/server_checks.py): the rule is named after the
    table and column, e.g. change_requests_stage."""
    found = re.search(r'check constraint "(\w+)"', text)
    if not found:
        return text
    return (f"a value outside what SPEC.md allows (rule {found.group(1)}): "
            f"{text.split(' violates ')[0]}")


@contextmanager
def translate_errors(engine: Engine):
    try:
        yield
    except (StaleEdit, StoreError, Forbidden):
        raise
    except DamagedRow as exc:  # a row this program cannot have written: named in one line
        raise StoreError(f"{describe(engine)}: {exc}") from None
    # sqlite3's own errors too: one raised in the engine's "begin" hook (waiting for the write
    # lock) reaches here unwrapped.
    except (IntegrityError, OperationalError, InterfaceError, DatabaseError,
            sqlite3.DatabaseError) as exc:
        state = getattr(getattr(exc, "orig", None), "sqlstate", None)
        text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else ""
        if state == LOCK_NOT_AVAILABLE:
            raise WriteBlocked("the plan is being written by another session; try again "
                               "(nothing of this change was written)") from None
        if state == QUERY_CANCELED and "statement timeout" in text:
            raise StoreError(f"{describe(engine)}: the server stopped a statement that ran "
                             "too long (statement_timeout); nothing of it was written") from None
        if state == CHECK_VIOLATION:
            raise StoreError(f"the database refused the change: {_check_rule(text)}") from None
        refused = forbidden(exc)
        if refused is not None:
            raise refused from None
        if isinstance(exc, IntegrityError):
            raise StaleEdit([], f"the database refused the change: {_reason(exc)}") from None
        raise StoreError(f"{describe(engine)}: {_reason(exc)}") from None
