"""The database-backed plan store (app.edits.store_port.PlanStore).

Loads are a handful of bulk SELECTs of column tuples; every write is one short transaction that
checks the version counter of each row it touches and adds audit rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, bindparam, delete, func, insert, select, update

from app.edits.store_port import Snapshot, StaleEdit, StoreError
from app.model.change_set import ChangeSet, RowChange
from app.model.plan import OfferPack, Plan
from app.plan_file.bulk_load import collector_paused
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
from storage.database import interrupt_engine, was_interrupted
from storage.errors import describe, translate_errors
from storage.scoped_load import load_scope
from storage.server_audit import ACTION_SETTING, USER_SETTING, action_text
from storage.shared_store import SharedPlanMixin

_TABLES = {"team": t.teams, "pack": t.offer_packs, "item": t.items, "release": t.releases,
           "cr": t.change_requests, "source": t.cr_sources}
# Parents before children when inserting; the reverse when deleting.
_INSERT_ORDER = ("settings", "pack", "team", "release", "item", "cr", "source")
# The audit log's documents of rows: the plan file's, so that a client can read a commit back
# (app.sharing.feed_apply); an item's names its pack, which the plan file says by nesting.
_DOCUMENTS = {"team": team_document, "pack": pack_document,
              "item": lambda it: {**item_document(it), "pack": it.pack},
              "release": release_document, "cr": cr_document, "settings": settings_document,
              "source": source_document}


class SqlPlanStore(SharedPlanMixin):
    def __init__(self, engine: Engine, user: str):
        self.engine = engine
        self.user = user
        self.read_only = ""  # why this database may not be written ("": it may)

    def close(self) -> None:
        self.engine.dispose()

    def scenarios(self):
        """The scenarios over this plan (issue 22): storage.scenario_store.ScenarioCatalog."""
        from storage.scenario_store import ScenarioCatalog

        return ScenarioCatalog(self)

    def interrupt(self) -> None:
        """Stop the statements under way from another thread: their transactions roll back
        and nothing of them is written."""
        interrupt_engine(self.engine)

    # ---- reading -------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with translate_errors(self.engine), self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.settings)).scalar() == 0

    def load(self) -> Snapshot:
        try:
            with translate_errors(self.engine), self.engine.connect() as conn:
                return _load(conn)
        except rows.DamagedRow as exc:  # a row this program cannot have written: name it
            raise StoreError(f"{describe(self.engine)}: {exc}") from None

    # ---- writing -------------------------------------------------------------------------

    def write(self, changes: ChangeSet, versions: Mapping[tuple[str, str], int],
              action: str) -> dict[tuple[str, str], int | None]:
        """Write the rows of `changes` in one transaction, each only if its version is still
        the one in `versions` (a new row: only if it does not exist), and audit them. Returns
        the new version of every touched row (None: removed); raises StaleEdit naming every
        row someone else changed, and then nothing is written."""
        if not changes:
            return {}
        with translate_errors(self.engine), self._write(action) as conn:
            return write_rows(conn, self.user, changes, versions, action)

    def load_scope(self, crs: Iterable[str]) -> Snapshot:
        """What the rules of a single-CR edit read (issue 11): the settings, teams, offer
        packs and releases, the CRs `crs`, their dependencies and the CRs that depend on
        them. Items and every other CR are left out: a few indexed queries at any size."""
        try:
            with translate_errors(self.engine), self.engine.connect() as conn:
                return load_scope(conn, list(crs))
        except rows.DamagedRow as exc:  # as load(): named in one line, never a traceback
            raise StoreError(f"{describe(self.engine)}: {exc}") from None

    def replace_all(self, plan: Plan, action: str) -> Snapshot:
        """Fill an empty database with a whole plan in one transaction (import, demo)."""
        with translate_errors(self.engine), self._write(action) as conn:
            if conn.execute(select(func.count()).select_from(t.settings)).scalar():
                raise StaleEdit([("settings", "")], "the database is not empty any more")
            _bulk_insert(conn, plan)
            if conn.dialect.name != "postgresql":  # there the server writes it (0007)
                _audit_fill(conn, self.user, action, plan)
        return self.load()

    def history(self, kind: str, key: str) -> list[dict]:
        """Audit rows of one row, oldest first: who changed what, when, before and after."""
        query = (select(t.audit_log.c.at, t.audit_log.c.user_name, t.audit_log.c.action,
                        t.audit_log.c.before, t.audit_log.c.after)
                 .where(t.audit_log.c.kind == kind, t.audit_log.c.key == key,
                        t.audit_log.c.scenario.is_(None))
                 .order_by(t.audit_log.c.id))
        with translate_errors(self.engine), self.engine.connect() as conn:
            return [{"at": at, "user": user, "action": action,
                     "before": json.loads(before) if before else None,
                     "after": json.loads(after) if after else None}
                    for at, user, action, before, after in conn.execute(query)]

    def audit_of_action(self, action: str) -> list[dict]:
        """Audit rows written by one use case, oldest first (the report of a deployed release
        reads `deploy R`'s rows: what slipped, and the items before)."""
        a = t.audit_log.c
        query = (select(a.at, a.user_name, a.kind, a.key, a.before, a.after)
                 .where(a.action == action, a.scenario.is_(None)).order_by(a.id))
        with translate_errors(self.engine), self.engine.connect() as conn:
            return [{"at": at, "user": user, "kind": kind, "key": key,
                     "before": json.loads(before) if before else None,
                     "after": json.loads(after) if after else None}
                    for at, user, kind, key, before, after in conn.execute(query)]

    @contextmanager
    def _write(self, action: str):
        """A write transaction; on SQLite it starts with BEGIN IMMEDIATE (storage.database).
        On PostgreSQL the action travels in a transaction-local setting that the server's
        audit trigger reads (storage/server_audit.py)."""
        with self.engine.connect() as conn:
            conn.execution_options(rp_write=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(select(
                        func.set_config(ACTION_SETTING, action_text(action), True),
                        func.set_config(USER_SETTING, action_text(self.user)[:64], True)))
                yield conn
                if was_interrupted(self.engine):  # rolls back: the planner was told so
                    raise StoreError("the write was stopped before it was committed")


def _rows(conn, query) -> list[tuple]:
    """All rows of a SELECT as plain tuples from the driver's fetchall: SQLAlchemy's per-row
    fetch and Row objects cost more than the query itself at 200,000 rows."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect)))
        return cursor.fetchall()
    finally:
        cursor.close()


def _load(conn) -> Snapshot:
    conn.begin()  # every SELECT below reads the same consistent state
    with collector_paused():
        return _build_snapshot(conn)


def _build_snapshot(conn) -> Snapshot:
    versions: dict[tuple[str, str], int] = {}
    s = t.settings.c
    row = _rows(conn, select(*(s[c] for c in rows.SETTINGS_COLUMNS), s.version))
    if not row:
        raise rows.DamagedRow("settings", 1, "the row is missing: the database holds no plan")
    settings = rows.settings_from(row[0][:-1])
    versions["settings", ""] = row[0][-1]

    def fetch(kind, *columns):
        table = _TABLES[kind]
        found = _rows(conn, select(*(table.c[name] for name in columns), table.c.version)
                      .order_by(table.c.position))
        versions.update((( kind, r[0]), r[-1]) for r in found)
        return found

    teams = {r[0]: rows.team_from(r[:-1]) for r in
             fetch("team", "key", "name", "members", "hours_per_day", "color")}
    packs = {r[0]: OfferPack(r[0], r[1]) for r in fetch("pack", "key", "name")}
    items = rows.items_from(fetch("item", "key", "pack", "kind", "name", "status",
                                  "attributes", "uses"))
    releases = {r[0]: rows.release_from(r[:-1]) for r in
                fetch("release", "key", "name", "go_live", "freeze_days", "status")}
    deps: dict[str, list] = defaultdict(list)
    d = t.dependencies.c
    for cr, dep in _rows(conn, select(d.cr, d.depends_on).order_by(d.cr, d.seq)):
        deps[cr].append(dep)
    cr_rows = fetch("cr", "key", "title", "team", "release", "stage", "estimate_hours",
                    "priority", "emergency", "justification", "changes")
    crs = rows.crs_from(cr_rows, deps)
    sources = rows.sources_from(fetch("source", "key", "source", "external_key",
                                      "external_id", "imported"))
    plan = Plan(settings, teams, packs, items, releases, crs, sources)
    # Each CR's text as read, its dependencies' keys too (another table).
    rows.check_loaded(plan, cr_rows=[*cr_rows, *(tuple(keys) for keys in deps.values())])
    return Snapshot(plan, versions)


def _row_values(kind: str, obj, position: int) -> dict:
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
                    key=lambda c: (_INSERT_ORDER.index(c.kind), c.key))
    deletes = sorted((c for c in changes if c.after is None),
                     key=lambda c: (-_INSERT_ORDER.index(c.kind), c.key))
    written: dict[tuple[str, str], int | None] = {}
    stale = []
    for kind in _INSERT_ORDER:
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
    table = _TABLES[kind]
    if change.before is None:  # a new row: it must not exist yet
        if conn.execute(select(table.c.key).where(table.c.key == key)).first() is not None:
            return False
        position = (conn.execute(select(func.max(table.c.position))).scalar() or 0) + 1
        conn.execute(insert(table).values(**_row_values(kind, change.after, position)))
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
    values = _row_values(kind, change.after, 0)
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
    table = _TABLES[kind]
    keys = [c.key for c in new]
    taken = []
    for at in range(0, len(keys), 500):
        chunk = keys[at:at + 500]
        taken += conn.execute(select(table.c.key).where(table.c.key.in_(chunk))).scalars().all()
    if taken:
        return [(kind, key) for key in taken]
    start = (conn.execute(select(func.max(table.c.position))).scalar() or 0) + 1
    _insert_many(conn, table, [_row_values(kind, c.after, start + i)
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
          scenario: str | None = None) -> None:
    """The commit's audit rows: its last writes (on PostgreSQL the first audit insert takes
    the lock that keeps audit ids in commit order, migration 0005). `written`: each row's
    version after the write, which a client reads to skip what it already holds. `scenario`:
    the scenario the edit went into (None: live)."""
    now = datetime.now(UTC)
    commit_id = next_commit_id(conn)

    conn.execute(insert(t.audit_log), [
        {"at": now, "user_name": user, "action": action, "kind": ch.kind, "key": ch.key,
         "before": doc(ch.kind, ch.before), "after": doc(ch.kind, ch.after),
         "commit_id": commit_id, "row_version": written.get((ch.kind, ch.key)),
         "scenario": scenario}
        for ch in changes])


def _audit_fill(conn, user: str, action: str, plan: Plan) -> None:
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


def _bulk_insert(conn, plan: Plan) -> None:
    conn.execute(insert(t.settings), [rows.settings_row(plan.settings)])
    for kind, objects in (("pack", plan.packs), ("team", plan.teams),
                          ("release", plan.releases), ("item", plan.items),
                          ("cr", plan.crs), ("source", plan.sources)):
        batch = [_row_values(kind, obj, i) for i, obj in enumerate(objects.values())]
        if batch:
            conn.execute(insert(_TABLES[kind]), batch)
    deps = [row for cr in plan.crs.values() for row in rows.dependency_rows(cr)]
    if deps:
        conn.execute(insert(t.dependencies), deps)
