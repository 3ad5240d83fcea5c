"""A planner who closes without waiting for a busy database is told which edits were not
written; the store's interrupt makes that true: the write under way, blocked by another
program, fails and rolls back instead of landing once the database is free."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import text

from app.edits.moves import Schedule
from app.edits.store_port import StoreError
from app.model.plan import Target
from app.plan_file.validation import build_plan
from storage.open_store import open_store
from tests.storage.test_store import rich_document


@pytest.fixture
def store(db_url):
    store = open_store(db_url, user="alice")
    store.replace_all(build_plan(rich_document()), "import")
    yield store
    store.close()


def test_an_interrupted_write_blocked_by_another_program_is_not_written(store, db_url):
    snapshot = store.load()
    before = snapshot.plan.crs["CR-3"].release
    outcome = Schedule("CR-3", Target("R2")).decide(snapshot.plan, date(2027, 1, 4))
    other = open_store(db_url, user="bob")
    sqlite = store.engine.dialect.name == "sqlite"
    holder = other.engine.connect().execution_options(rp_write=True)
    blocker = holder.begin()  # on SQLite: BEGIN IMMEDIATE, the file's write lock
    if not sqlite:
        holder.execute(text("SELECT 1 FROM change_requests WHERE key = 'CR-3' FOR UPDATE"))
    result = {}

    def write():
        try:
            store.write(outcome.changes, snapshot.versions, "move")
            result["written"] = True
        except StoreError as fault:
            result["fault"] = str(fault)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.5)  # the write waits for the other program
    assert writer.is_alive()
    store.interrupt()
    writer.join(timeout=10)
    assert not writer.is_alive(), "the interrupted write still waits"
    blocker.rollback()
    holder.close()
    other.close()
    assert "fault" in result and "written" not in result
    assert store.load().plan.crs["CR-3"].release == before
