"""Writing rows of a change set in a transaction the caller holds: each row only if its version
is the one the writer read (a new row: only if it does not exist yet), parents before children,
an import's new rows in bulk, and the audit rows of the commit (on SQLite; on PostgreSQL the
server writes them, storage/server_audit.py). The store (storage/store.py) and a scenario's
promotion (storage/scenario_store.py) write through here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, func, insert, select, update

from app.edits.store_port import StaleEdit
from app.model.change_set import ChangeSet, RowChange
from app.model.plan import Plan
from app.plan_file.document import (
    cr_document,
    item_document,
    pack_document,
    release_document,
    settings_document,
    source_document,
    team_document,
)
from storage import rows
from storage import schema as t
from storage.change_log import next_commit_id

TABLES = {"team": t.teams, "pack": t.offer_packs, "item": t.items, "release": t.releases,
           "cr": t.change_requests, "source": t.cr_sources}
# Parents before children when inserting; the reverse when deleting.
INSERT_ORDER = ("settings", "pack", "team", "release", "item", "cr", "source")
# The audit log's documents of rows: the plan file's, so that a client can read a commit back
# (app.sharing.feed_apply); an item's names its pack, which the plan file says by nesting.
_DOCUMENTS = {"team": team_document, "pack": pack_document,
              "item": lambda it: {**item_document(it), "pack": it.pack},
              "release": release_document, "cr": cr_document, "settings": settings_document,
              "source": source_document}


def row_values(kind: str, obj, position: int) -> dict:
    return {"team": rows.team_row, "pack": rows.pack_row, "item": rows.item_row,
            "release": rows.release_row, "cr": rows.cr_row,
            "source": rows.source_row}[kind](obj, position)


def write_rows(conn, user: str, changes: ChangeSet, versions: Mapping[tuple[str, str], int],
               action: str) -> dict[tuple[str, str], int | None]:
    """SqlPlanStore.write inside the caller's transaction (a promotion also takes the rows
    out of its scenario in it)."""
    # Parents before children, children (a CR's dependencies) after every CR row exists,
    # deletions last and children first: foreign keys hold at every statement.
    writes = sorted((c for c in changes if c.after is not None),
                    key=lambda c: (INSERT_ORDER.index(c.kind), c.key))
    deletes = sorted((c for c in changes if c.after is None),
                     key=lambda c: (-INSERT_ORDER.index(c.kind), c.key))
    written: dict[tuple[str, str], int | None] = {}
    stale = []
    for kind in INSERT_ORDER:
        of_kind = [c for c in writes if c.kind == kind]
        new = [c for c in of_kind if c.before is None and kind != "settings"]
        if len(new) > 1:  # an import: many rows in a few statements
            stale += _insert_rows(conn, kind, new, written)
            of_kind = [c for c in of_kind if c.before is not None or kind == "settings"]
        stale += [(c.kind, c.key) for c in of_kind
                  if not _write_row(conn, c, versions, written)]
    children = [c for c in writes if c.kind == "cr" and c.before is not None
                and c.before.depends_on != c.after.depends_on]
    for c in children:
        _write_cr_children(conn, c.after, replace=True)
    new_deps = [r for c in writes if c.kind == "cr" and c.before is None
                for r in rows.dependency_rows(c.after)]
    _insert_many(conn, t.dependencies, new_deps)
    gone = [c.key for c in deletes if c.kind == "cr"]
    for at in range(0, len(gone), 500):  # their own dependencies first: several CRs
        # that depend on each other go at once (an import taken back)
        conn.execute(delete(t.dependencies).where(t.dependencies.c.cr.in_(
            gone[at:at + 500])))
    stale += [(c.kind, c.key) for c in deletes
              if not _write_row(conn, c, versions, written)]
    if stale:
        raise StaleEdit(stale)  # the transaction rolls back: nothing is written
    if conn.dialect.name != "postgresql":  # there the server writes it (0007)
        audit(conn, user, action, changes, written)
    return written


def _write_row(conn, change: RowChange, versions: Mapping, written: dict) -> bool:
    """Write one row change, putting its new version in `written`; False when its version
    shows someone else changed it first."""
    kind, key = change.kind, change.key
    if kind == "settings":
        expected = versions["settings", ""]
        values = rows.settings_row(change.after)
        values.pop("id")
        done = conn.execute(update(t.settings).where(t.settings.c.id == 1,
                                                     t.settings.c.version == expected)
                            .values(**values, version=expected + 1)).rowcount == 1
        written["settings", ""] = expected + 1
        return done
    table = TABLES[kind]
    if change.before is None:  # a new row: it must not exist yet
        if conn.execute(select(table.c.key).where(table.c.key == key)).first() is not None:
            return False
        position = (conn.execute(select(func.max(table.c.position))).scalar() or 0) + 1
        conn.execute(insert(table).values(**row_values(kind, change.after, position)))
        written[kind, key] = 1
        return True
    expected = versions.get((kind, key))
    if expected is None:
        return False  # a row the caller never loaded: it cannot know it is unchanged
    if change.after is None:
        where = (table.c.key == key, table.c.version == expected)
        if kind == "cr":
            conn.execute(delete(t.dependencies).where(t.dependencies.c.cr == key))
        if conn.execute(delete(table).where(*where)).rowcount != 1:
            return False
        written[kind, key] = None
        return True
    values = row_values(kind, change.after, 0)
    values.pop("position")
    params = {f"v_{name}": value for name, value in values.items()}
    params.update(where_key=key, where_version=expected, new_version=expected + 1)
    if conn.execute(_update_statement(table, tuple(values)), params).rowcount != 1:
        return False
    written[kind, key] = expected + 1
    return True


_UPDATES: dict[tuple[str, tuple[str, ...]], object] = {}


def _update_statement(table, columns: tuple[str, ...]):
    """A row's versioned UPDATE with its values as parameters, built once per table: built
    with literals, SQLAlchemy made a new statement and cache key per row (a 2,000-CR move
    spent 2 s there and 0.1 s in the database)."""
    statement = _UPDATES.get((table.name, columns))
    if statement is None:
        statement = _UPDATES[table.name, columns] = (
            update(table)
            .where(table.c.key == bindparam("where_key"),
                   table.c.version == bindparam("where_version"))
            .values({**{name: bindparam(f"v_{name}") for name in columns},
                     "version": bindparam("new_version")}))
    return statement


def _insert_rows(conn, kind: str, new: list[RowChange], written: dict) -> list:
    """Insert new rows of one kind in bulk; the keys that exist already (someone else made
    them meanwhile) are returned as stale, and then nothing is inserted."""
    table = TABLES[kind]
    keys = [c.key for c in new]
    taken = []
    for at in range(0, len(keys), 500):
        chunk = keys[at:at + 500]
        taken += conn.execute(select(table.c.key).where(table.c.key.in_(chunk))).scalars().all()
    if taken:
        return [(kind, key) for key in taken]
    start = (conn.execute(select(func.max(table.c.position))).scalar() or 0) + 1
    _insert_many(conn, table, [row_values(kind, c.after, start + i)
                               for i, c in enumerate(new)])
    written.update(((kind, key), 1) for key in keys)
    return []


def _insert_many(conn, table, values: list[dict]) -> None:
    """Many rows of plain values (text, numbers, booleans: no dates) in one driver
    executemany: SQLAlchemy's parameter processing costs more than SQLite's insert itself at
    100,000 rows."""
    if not values:
        return
    columns = list(values[0])
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)
    sql = (f"INSERT INTO {conn.dialect.identifier_preparer.quote(table.name)} ({names}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(sql, [tuple(v[c] for c in columns) for v in values])
    finally:
        cursor.close()


def _write_cr_children(conn, cr, replace: bool) -> None:
    if replace:
        conn.execute(delete(t.dependencies).where(t.dependencies.c.cr == cr.key))
    if cr.depends_on:
        conn.execute(insert(t.dependencies), rows.dependency_rows(cr))


def audit(conn, user: str, action: str, changes: ChangeSet, written: dict,
          scenario: str | None = None, commit_id: int | None = None) -> None:
    """The commit's audit rows: its last writes (on PostgreSQL the first audit insert takes
    the lock that keeps audit ids in commit order, migration 0005). `written`: each row's
    version after the write, which a client reads to skip what it already holds. `scenario`:
    the scenario the edit went into (None: live). `commit_id`: the commit's, when rows of it
    were audited already in this transaction (live's and a scenario's)."""
    now = datetime.now(UTC)
    commit_id = commit_id or next_commit_id(conn)

    conn.execute(insert(t.audit_log), [
        {"at": now, "user_name": user, "action": action, "kind": ch.kind, "key": ch.key,
         "before": doc(ch.kind, ch.before), "after": doc(ch.kind, ch.after),
         "commit_id": commit_id, "row_version": written.get((ch.kind, ch.key)),
         "scenario": scenario}
        for ch in changes])


def audit_fill(conn, user: str, action: str, plan: Plan) -> None:
    """One `plan` row for a whole plan written into an empty database."""
    conn.execute(insert(t.audit_log), [{
        "commit_id": next_commit_id(conn),
        "at": datetime.now(UTC), "user_name": user, "action": action,
        "kind": "plan", "key": "", "before": None,
        "after": json.dumps({"teams": len(plan.teams), "items": len(plan.items),
                             "releases": len(plan.releases),
                             "change_requests": len(plan.crs)})}])


def doc(kind: str, obj) -> str | None:
    """A row as the audit log (and a scenario) stores it: its plan-file JSON document."""
    return None if obj is None else json.dumps(_DOCUMENTS[kind](obj), ensure_ascii=False)
