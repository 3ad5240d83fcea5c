"""The database-backed plan store (app.edits.store_port.PlanStore).

Loads are a handful of bulk SELECTs of column tuples; every write is one short transaction that
checks the version counter of each row it touches and adds audit rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager

from sqlalchemy import Engine, func, insert, select

from app.edits.store_port import Snapshot, StaleEdit, StoreError
from app.model.change_set import ChangeSet
from app.model.plan import OfferPack, Plan
from app.plan_file.bulk_load import collector_paused
from storage import rows
from storage import schema as t
from storage.database import interrupt_engine, was_interrupted
from storage.errors import translate_errors
from storage.row_writes import TABLES, audit_fill, row_values, write_rows
from storage.scoped_load import load_scope
from storage.server_audit import ACTION_SETTING, USER_SETTING, action_text
from storage.shared_store import SharedPlanMixin


class SqlPlanStore(SharedPlanMixin):
    def __init__(self, engine: Engine, user: str):
        self.engine = engine
        self.user = user
        self.read_only = ""  # why this database may not be written ("": it may)

    def shown_as(self, target: str) -> str:
        """How the window names this database, opened as `target`: a file as the planner gave
        it; a server as its address and database, without the password, and without the login
        (the window names who plans beside it)."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return target
        port = f":{url.port}" if url.port else ""
        return f"{url.get_backend_name()}://{url.host or 'localhost'}{port}/{url.database}"

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
        with translate_errors(self.engine), self.engine.connect() as conn:
            return _load(conn)

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
        with translate_errors(self.engine), self.engine.connect() as conn:
            return load_scope(conn, list(crs))

    def replace_all(self, plan: Plan, action: str) -> Snapshot:
        """Fill an empty database with a whole plan in one transaction (import, demo)."""
        with translate_errors(self.engine), self._write(action) as conn:
            if conn.execute(select(func.count()).select_from(t.settings)).scalar():
                raise StaleEdit([("settings", "")], "the database is not empty any more")
            _bulk_insert(conn, plan)
            if conn.dialect.name != "postgresql":  # there the server writes it (0007)
                audit_fill(conn, self.user, action, plan)
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
    settings, versions["settings", ""] = rows.settings_of(
        _rows(conn, rows.settings_query(t.settings)))

    def fetch(kind, *columns):
        table = TABLES[kind]
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
    rows.check_dependency_rows(deps, crs)
    sources = rows.sources_from(fetch("source", "key", "source", "external_key",
                                      "external_id", "imported"))
    plan = Plan(settings, teams, packs, items, releases, crs, sources)
    # Each CR's text as read, its dependencies' keys too (another table).
    rows.check_loaded(plan, cr_rows=[*cr_rows, *(tuple(keys) for keys in deps.values())])
    return Snapshot(plan, versions)


def _bulk_insert(conn, plan: Plan) -> None:
    conn.execute(insert(t.settings), [rows.settings_row(plan.settings)])
    for kind, objects in (("pack", plan.packs), ("team", plan.teams),
                          ("release", plan.releases), ("item", plan.items),
                          ("cr", plan.crs), ("source", plan.sources)):
        batch = [row_values(kind, obj, i) for i, obj in enumerate(objects.values())]
        if batch:
            conn.execute(insert(TABLES[kind]), batch)
    deps = [row for cr in plan.crs.values() for row in rows.dependency_rows(cr)]
    if deps:
        conn.execute(insert(t.dependencies), deps)
