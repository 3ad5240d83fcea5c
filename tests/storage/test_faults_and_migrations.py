"""Opening databases that are old, newer, damaged or busy: a clear line, never a traceback,
and nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from app.edits.store_port import StoreError
from app.model.plan import Target
from app.plan_file.document import plan_to_document, read_plan
from storage.migrate import head_revision
from storage.open_store import open_store
from tests.conftest import FIXTURES, ROOT

OLD_FILE = FIXTURES / "schema_0001.db"  # made by the first schema; never regenerate it


def test_a_database_of_the_first_schema_opens_upgraded_with_its_plan_intact(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(OLD_FILE, db)
    store = open_store(str(db))
    try:
        assert plan_to_document(store.load().plan) == \
            plan_to_document(read_plan(FIXTURES / "spec_example.json"))
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            head_revision()


def test_a_database_from_a_newer_program_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "newer.db"
    shutil.copy(OLD_FILE, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer version of Release Planner"):
        open_store(str(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            "9999_future"
        assert conn.execute("SELECT count(*) FROM change_requests").fetchone()[0] == 1
    assert not list(tmp_path.glob("newer.db.before-upgrade*"))


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my meeting notes")
    with pytest.raises(StoreError, match="not a Release Planner database"):
        open_store(str(bad))
    assert bad.read_text() == "these are my meeting notes"


def test_a_sqlite_database_of_another_program_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="not a Release Planner database"):
        open_store(str(other))


def test_an_unreachable_server_is_one_clear_line():
    with pytest.raises(StoreError, match="cannot reach the database server"):
        open_store("postgresql+psycopg://planner@127.0.0.1:9/plans")


def test_wrong_credentials_are_one_clear_line(postgres_server):
    url = postgres_server.url().replace("postgres@", "nobody@")
    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert "\n" not in str(refused.value)
    assert "nobody" in str(refused.value)


WRITER = """
import sys
from datetime import date
from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.model.plan import Target
from storage.open_store import open_store
db, worker, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = open_store(db, user=f"worker{worker}")
service = PlanService(store, date(2027, 1, 4))
for i in range(rounds):
    service.run(Schedule(f"CR-{worker}", Target.parse("R2" if i % 2 == 0 else "R1")))
print("ok")
"""


def test_several_processes_writing_one_sqlite_file_never_hit_database_is_locked(tmp_path):
    doc = {"format": "release-plan/1", "teams": [{"key": "T", "name": "Team"}],
           "offer_packs": [], "change_requests": [
               {"key": f"CR-{i}", "title": "x", "team": "T", "stage": "draft", "release": "R1"}
               for i in range(3)],
           "releases": [{"key": "R1", "name": "One", "go_live": "2027-02-01"},
                        {"key": "R2", "name": "Two", "go_live": "2027-03-01"}]}
    from app.plan_file.validation import build_plan

    db = str(tmp_path / "shared.db")
    open_store(db).replace_all(build_plan(doc), "import")
    rounds = 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, db, str(w), str(rounds)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    for (out, err), p in zip(results, procs, strict=True):
        assert p.returncode == 0 and out.strip() == "ok", err
    store = open_store(db)
    try:
        plan = store.load().plan
        assert [plan.crs[f"CR-{w}"].release for w in range(3)] == ["R1"] * 3  # 40 moves each
        assert all(len(store.history("cr", f"CR-{w}")) == rounds for w in range(3))
    finally:
        store.close()


def test_upgrading_a_sqlite_file_backs_it_up_next_to_itself_first(tmp_path):
    db = tmp_path / "plan.db"
    shutil.copy(OLD_FILE, db)
    open_store(str(db)).close()
    (backup,) = tmp_path.glob("plan.db.before-upgrade-from-0001-*")
    with sqlite3.connect(backup) as conn:  # the old schema, as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 3


def test_a_database_already_up_to_date_is_not_backed_up_again(tmp_path):
    db = tmp_path / "plan.db"
    shutil.copy(OLD_FILE, db)
    open_store(str(db)).close()
    open_store(str(db)).close()
    assert len(list(tmp_path.glob("plan.db.before-upgrade-*"))) == 1


def test_a_file_locked_by_another_program_is_one_clear_line_and_nothing_is_lost(tmp_path,
                                                                                  monkeypatch):
    import storage.database
    from app.engine.operations import schedule

    db = tmp_path / "plan.db"
    shutil.copy(OLD_FILE, db)
    store = open_store(str(db))
    base = store.load()
    monkeypatch.setattr(storage.database, "BUSY_TIMEOUT_MS", 300)
    locked_store = open_store(str(db))
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            moved = schedule(base.plan, "CR-01", Target.backlog(), base.plan.settings.today)
            locked_store.write(moved.changes, base.versions, "move while locked")
    finally:
        other.execute("ROLLBACK")
        other.close()
        locked_store.close()
    assert store.load().plan.crs["CR-01"].release == "R1"  # nothing half-written
    store.close()


def test_the_schema_head_that_open_checks_first_is_the_newest_migration():
    from storage.migrate import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_a_failed_upgrade_tried_again_keeps_one_backup(tmp_path, monkeypatch):
    from alembic import command

    db = tmp_path / "plan.db"
    shutil.copy(OLD_FILE, db)

    def broken(*_args, **_kwargs):
        raise StoreError("the upgrade failed half-way")

    monkeypatch.setattr(command, "upgrade", broken)
    import datetime as real

    import storage.migrate

    class Later:  # each attempt a minute after the last: backups of other names
        minutes = 0

        @classmethod
        def now(cls):
            cls.minutes += 1
            return real.datetime(2027, 1, 4, 9, 0) + real.timedelta(minutes=cls.minutes)

    monkeypatch.setattr(storage.migrate, "datetime", Later)
    for _ in range(3):  # every command opens it and tries the upgrade again
        with pytest.raises(StoreError, match="failed half-way"):
            open_store(str(db))
    (backup,) = tmp_path.glob("plan.db.before-upgrade-from-0001-*")
    monkeypatch.undo()
    open_store(str(db)).close()  # the upgrade that works keeps the same one
    assert list(tmp_path.glob("plan.db.before-upgrade-*")) == [backup]
