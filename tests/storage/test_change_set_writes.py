"""The store writes exactly the rows of a change set (issue 11), counted at the database, and a
single-CR edit from the command line reads only its scope; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event

from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.generate.synthetic import generate_plan
from app.model.plan import Target
from app.plan_file.validation import build_plan
from storage.open_store import open_store
from tests.storage.test_store import rich_document

TODAY = date(2027, 1, 4)
WRITE = re.compile(r"^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)", re.IGNORECASE)
READ_TABLE = re.compile(r"FROM\s+(\w+)", re.IGNORECASE)


class Statements:
    """Every statement the engine sends, with the rows each write touched."""

    def __init__(self, engine):
        self.writes: list[tuple[str, str, int]] = []
        self.reads: list[str] = []
        event.listen(engine, "after_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        found = WRITE.match(statement)
        if found:
            self.writes.append((found.group(1).split()[0].upper(), found.group(2),
                                cursor.rowcount))
        elif statement.lstrip().upper().startswith("SELECT"):
            self.reads.append(statement)

    def touched(self, table: str) -> int:
        return sum(n for _, name, n in self.writes if name == table)


def _audit_rows_after(store, last: int) -> int:
    """Audit rows written after id `last`: by the store on SQLite, by the server's triggers
    on PostgreSQL (issue 23), one per row of the change set either way."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_log WHERE id > :n"),
                            {"n": last}).scalar()


def _last_audit_id(store) -> int:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar()


@pytest.fixture
def store(db_url):
    store = open_store(db_url, user="alice")
    store.replace_all(build_plan(rich_document()), "import")
    yield store
    store.close()


def test_a_move_writes_one_cr_row_and_one_audit_row(store):
    snapshot = store.load()
    last = _last_audit_id(store)
    seen = Statements(store.engine)
    outcome = Schedule("CR-3", Target("R2")).decide(snapshot.plan, TODAY)
    store.write(outcome.changes, snapshot.versions, "move")
    assert seen.touched("change_requests") == 1
    assert _audit_rows_after(store, last) == 1
    assert {name for _, name, _ in seen.writes} - {"audit_log"} == {"change_requests"}


def test_a_deploy_writes_the_rows_its_change_set_names_and_no_other(store):
    from app.edits.releases import Deploy

    snapshot = store.load()
    last = _last_audit_id(store)
    seen = Statements(store.engine)
    outcome = Deploy("R1").decide(snapshot.plan, TODAY)
    store.write(outcome.changes, snapshot.versions, "deploy R1")
    by_kind = {}
    for row in outcome.changes:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
    assert seen.touched("change_requests") == by_kind.get("cr", 0)
    assert seen.touched("items") == by_kind.get("item", 0)
    assert seen.touched("releases") == by_kind["release"] == 1
    assert _audit_rows_after(store, last) == len(outcome.changes)
    assert seen.touched("dependencies") == 0  # nobody's dependencies changed
    versions = store.load().versions
    for key, version in snapshot.versions.items():
        touched = any((r.kind, r.key) == key for r in outcome.changes)
        assert versions[key] == version + (1 if touched else 0)


def test_schedule_from_the_command_line_reads_its_scope_not_the_plan(db_url):
    store = open_store(db_url, user="alice")
    store.replace_all(generate_plan(400, seed=5), "generated")
    plan = store.load().plan
    last = plan.planned_releases()[-1].key
    cr = next(c for c in plan.crs.values() if c.release and c.release != last
              and c.stage == "draft" and c.depends_on)
    target = plan.planned_releases()[-1].key  # far from today: not frozen
    seen = Statements(store.engine)
    try:
        moved = PlanService(store, TODAY).run(Schedule(cr.key, Target.parse(target)))
    finally:
        store.close()
    assert moved.target == Target(target)
    assert not any(READ_TABLE.search(s) and READ_TABLE.search(s).group(1) == "items"
                   for s in seen.reads)  # the rules of a move need no items
    read_crs = [s for s in seen.reads if "FROM change_requests" in s]
    assert read_crs and all("WHERE" in s for s in read_crs)  # never every CR
