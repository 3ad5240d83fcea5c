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

from sqlalchemy import String, delete, func, insert, select, update

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
    out of its scenario in it). Each change's `before` must be the row as stored at the
    version in `versions` (as every change set built from a loaded plan is): only the columns
    where `after` differs from it are written."""
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
        if kind != "settings":  # the rows of a kind that stay: one statement per columns
            stale += _update_rows(conn, kind, [c for c in of_kind if c.before is not None],
                                  versions, written)
            of_kind = [c for c in of_kind if c.before is None]
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
    """Write the settings row, a new row or a deletion, putting its new version in `written`;
    False when its version shows someone else changed it first (or made it first)."""
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
    # a deletion (updates go through _update_rows)
    if kind == "cr":
        conn.execute(delete(t.dependencies).where(t.dependencies.c.cr == key))
    if conn.execute(delete(table).where(table.c.key == key,
                                        table.c.version == expected)).rowcount != 1:
        return False
    written[kind, key] = None
    return True


def _update_rows(conn, kind: str, changes: list[RowChange], versions: Mapping,
                 written: dict) -> list[tuple[str, str]]:
    """Update existing rows of one kind, each only if its version is the one the writer read,
    and only the columns that changed: one statement per set of changed columns (a 2,000-CR
    move is one UPDATE, not 2,000). Returns the stale rows; then the caller rolls back."""
    if not changes:
        return []
    never_loaded = [(kind, c.key) for c in changes if versions.get((kind, c.key)) is None]
    if never_loaded:
        return never_loaded  # the writer cannot know they are unchanged
    table = TABLES[kind]
    stale = _not_at_version(conn, table, [(c.key, versions[kind, c.key]) for c in changes])
    if stale:
        return [(kind, key) for key in stale]
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for c in changes:
        after, before = row_values(kind, c.after, 0), row_values(kind, c.before, 0)
        del after["position"]
        columns = tuple(name for name, value in after.items() if before[name] != value)
        groups.setdefault(columns, []).append(
            (c.key, versions[kind, c.key], *(after[name] for name in columns)))
    for columns, rows_ in groups.items():
        if _update_many(conn, table, columns, rows_) != len(rows_):
            # someone else's commit came between the check and the update (a server): which
            # rows it took cannot be told from ours now, so all of these are named
            return [(kind, row[0]) for row in rows_]
    written.update(((kind, c.key), versions[kind, c.key] + 1) for c in changes)
    return []


def _values(conn, table, columns: tuple[str, ...], count: int) -> tuple[str, list[str]]:
    """`count` rows of (key, version, *columns) as a FROM item named v, and the names of its
    columns (v.<name>). Bound parameters are typed by casts on PostgreSQL; SQLite names a
    VALUES table's columns column1, column2, ... (a WITH clause could name them, but then its
    driver cannot count the rows an UPDATE changed: it counts statements that start as DML)."""
    width = 2 + len(columns)
    if conn.dialect.name == "postgresql":
        names = ["k", "ver", *(f"c{i}" for i in range(len(columns)))]
        row = "(" + ", ".join("%s::" + _cast(table.c[c].type, conn.dialect)
                              for c in ("key", "version", *columns)) + ")"
        return f"(VALUES {', '.join([row] * count)}) AS v ({', '.join(names)})", names
    row = "(" + ", ".join(["?"] * width) + ")"
    return (f"(VALUES {', '.join([row] * count)}) AS v",
            [f"column{i + 1}" for i in range(width)])


def _processor(column, dialect):
    """How SQLAlchemy would turn a value of `column` into the driver's (a date and time as
    SQLite stores it): the dialect's own type, not the generic one."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _cast(type_, dialect) -> str:
    """A VALUES column's type on PostgreSQL. Text without a length: a cast to VARCHAR(16)
    would cut an over-long value where the column refuses it."""
    return "text" if isinstance(type_, String) else type_.compile(dialect=dialect)


def _chunks(rows_: list[tuple]):
    """Rows in chunks under both servers' limits on bound parameters."""
    per_chunk = max(1, 30_000 // len(rows_[0]))
    for at in range(0, len(rows_), per_chunk):
        yield rows_[at:at + per_chunk]


def _not_at_version(conn, table, rows_: list[tuple[str, int]]) -> list[str]:
    """The keys among (key, version) rows that are not at that version now (someone else
    changed or deleted them): one query per chunk, answering only those (usually none)."""
    name, quote = table.name, conn.dialect.identifier_preparer.quote
    stale = []
    for chunk in _chunks(rows_):
        values, (key, version) = _values(conn, table, (), len(chunk))
        stale += conn.exec_driver_sql(
            f"SELECT v.{key} FROM {values} WHERE NOT EXISTS (SELECT 1 FROM {quote(name)} t "
            f"WHERE t.{quote('key')} = v.{key} AND t.{quote('version')} = v.{version})",
            tuple(x for row in chunk for x in row)).scalars().all()
    return stale


def _update_many(conn, table, columns: tuple[str, ...], rows_: list[tuple]) -> int:
    """UPDATE ... FROM (VALUES ...): rows of (key, version read, *new values of `columns`),
    each updated only at that version and given the next; how many were updated. One
    statement, not an executemany: SQLite's driver lets go of the GIL at every row, and with
    the window's thread busy each row then waits out the interpreter's switch interval (a
    2,000-row executemany: 0.05 s alone, 0.5-1 s beside a repaint, 17 s beside a busy
    thread)."""
    quote = conn.dialect.identifier_preparer.quote
    name = quote(table.name)
    processors = [_processor(table.c[c], conn.dialect) for c in columns]
    updated = 0
    for chunk in _chunks(rows_):
        values, (key, version, *new) = _values(conn, table, columns, len(chunk))
        sets = ", ".join([*(f"{quote(c)} = v.{n}" for c, n in zip(columns, new, strict=True)),
                          f"{quote('version')} = v.{version} + 1"])
        flat = []
        for row in chunk:
            flat += row[:2]
            flat += (value if process is None else process(value)
                     for value, process in zip(row[2:], processors, strict=True))
        updated += conn.exec_driver_sql(
            f"UPDATE {name} SET {sets} FROM {values} WHERE {name}.{quote('key')} = v.{key} "
            f"AND {name}.{quote('version')} = v.{version}", tuple(flat)).rowcount
    return updated


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
    """Many rows (each with the same columns) in a few multi-row INSERT statements, their
    values processed as SQLAlchemy would (a date as SQLite stores it): one statement, not an
    executemany, for the reason _update_many gives; and SQLAlchemy's per-row parameter
    processing costs more than SQLite's insert itself at 100,000 rows."""
    if not values:
        return
    columns = list(values[0])
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    row_marks = "(" + ", ".join([mark] * len(columns)) + ")"
    head = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
            "VALUES ")
    processors = [(c, _processor(table.c[c], conn.dialect)) for c in columns]
    rows_ = [tuple(v[c] if process is None else process(v[c]) for c, process in processors)
             for v in values]
    for chunk in _chunks(rows_):
        conn.exec_driver_sql(head + ", ".join([row_marks] * len(chunk)),
                             tuple(x for row in chunk for x in row))


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

    _insert_many(conn, t.audit_log, [
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
