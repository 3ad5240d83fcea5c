"""One rule for databases (issue 17): only demo, generate and import create one; any other
command on a missing, empty, foreign, damaged or unreachable target says what and where in one
line, exits 2 and creates or changes nothing. A read-only file is read."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.cli.conftest import beside, digest
from tests.conftest import ROOT

USE_COMMANDS = [
    ("bundle", "--release", "R-FEB"),
    ("schedule", "CR-101", "backlog"),
    ("deploy", "R-FEB"),
    ("db", "upgrade"),
]


def _refused(cli, target: str, *command: str) -> str:
    code, out, err = cli(*command[:1], "--db", target, *command[1:])
    assert code == 2, (out, err)
    assert err.startswith(f"release-planner {command[0]}: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", USE_COMMANDS, ids=lambda c: c[0])
def test_a_missing_file_is_refused_and_not_created(cli, tmp_path, command):
    db = tmp_path / "typo.db"
    err = _refused(cli, str(db), *command)
    assert f"{db}: no such database file; create one with `import`" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "local"] or not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", USE_COMMANDS, ids=lambda c: c[0])
def test_an_empty_file_holds_no_plan_and_stays_as_it_was(cli, tmp_path, command):
    db = tmp_path / "empty.db"
    db.touch()
    err = _refused(cli, str(db), *command)
    assert "the database is empty, it holds no plan" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "local") == ["empty.db"]
    assert db.stat().st_size == 0


def test_an_empty_sqlite_database_is_not_given_a_schema(cli, tmp_path):
    db = tmp_path / "blank.db"
    sqlite3.connect(db).execute("PRAGMA user_version=1").connection.close()
    before = digest(*beside(db))
    assert "holds no plan" in _refused(cli, str(db), "bundle", "--release", "R1")
    assert digest(*beside(db)) == before


def test_another_programs_database_is_left_byte_for_byte(cli, tmp_path):
    db = tmp_path / "notes.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = digest(*beside(db))
    for command in [*USE_COMMANDS, ("import", str(ROOT / "resources" / "demo_plan.json"))]:
        err = _refused(cli, str(db), *command)
        assert "not a Release Planner database (it holds other tables, e.g. notes)" in err
    assert digest(*beside(db)) == before
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_text_file_is_not_a_database(cli, tmp_path):
    db = tmp_path / "plan.json"
    db.write_text('{"format": "release-plan/1"}')
    assert "not a SQLite file" in _refused(cli, str(db), "bundle", "--release", "R1")
    assert db.read_text() == '{"format": "release-plan/1"}'


@pytest.mark.parametrize("target, message", [
    ("", "--db: empty; name a database file or a database URL"),
    ("sqlite://", "an in-memory database holds no plan"),
    ("nosuch://host/db", "unknown kind of database"),
    ("mysql://user@localhost/plans", "the database driver is not installed"),
    ("postgresql+psycopg://u@localhost:99999/plans", "invalid port number"),
    ("postgresql+psycopg://u@localhost:port/plans", "not a database URL"),
    ("x" * 300 + ".db", "File name too long"),
])
def test_unusable_targets_are_one_line(cli, tmp_path, monkeypatch, target, message):
    monkeypatch.chdir(tmp_path)
    assert message in _refused(cli, target, "bundle", "--release", "R1")
    assert list(tmp_path.iterdir()) == [tmp_path / "local"] or not list(tmp_path.iterdir())
    assert not (tmp_path / "local" / "plan.db").exists()  # never the local plan instead


def test_a_symbolic_link_loop_is_refused(cli, tmp_path):
    (tmp_path / "a.db").symlink_to(tmp_path / "b.db")
    (tmp_path / "b.db").symlink_to(tmp_path / "a.db")
    assert "cannot open the database file" in _refused(cli, str(tmp_path / "a.db"), "bundle",
                                                       "--release", "R1")


def test_a_pipe_as_database_is_refused_at_once(tmp_path):
    fifo = tmp_path / "plan.db"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "bundle", "--db", str(fifo),
                           "--release", "R1"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a regular file (a pipe, a device or a socket)" in done.stderr


def test_filling_a_database_that_holds_a_plan_is_refused(cli, demo_db):
    before = digest(*beside(demo_db))
    for command in (("demo",), ("generate", "--crs", "5"),
                    ("import", str(ROOT / "resources" / "demo_plan.json"))):
        assert "already holds a plan" in _refused(cli, str(demo_db), *command)
    assert digest(*beside(demo_db)) == before


def _damage(db, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql, message", [
    ("UPDATE change_requests SET changes = '[{oops' WHERE key = 'CR-203'",
     "damaged row in table change_requests, key 'CR-203': a JSON column is not valid JSON"),
    ("UPDATE releases SET go_live = '2027-02-30' WHERE key = 'R-MAR'",
     "damaged row in table releases, key 'R-MAR'"),
    ("UPDATE teams SET members = 'many' WHERE key = 'RET'",
     "damaged row in table teams, key 'RET': members is 'many'"),
    ("UPDATE items SET attributes = '[1]' WHERE key = 'OFR-UNL'",
     "damaged row in table items, key 'OFR-UNL'"),
    ("DELETE FROM settings", "the database is damaged: table teams has rows but table "
                             "settings has no row"),
])
def test_a_damaged_row_is_named_by_table_and_key(cli, demo_db, sql, message):
    _damage(demo_db, sql)
    before = digest(*beside(demo_db))
    for command in (("bundle", "--release", "R-FEB"), ("deploy", "R-FEB"),
                    ("export", "-o", str(demo_db.with_name("out.json"))),
                    ("report", "--release", "R-FEB", "-o", str(demo_db.with_name("r.csv")))):
        assert message in _refused(cli, str(demo_db), *command)
    assert digest(*beside(demo_db)) == before  # no -wal or -shm left behind either
    assert sorted(p.name for p in demo_db.parent.iterdir() if p.name != "local") == ["plan.db"]


def test_importing_into_a_damaged_database_says_so(cli, demo_db):
    _damage(demo_db, "DELETE FROM settings")
    err = _refused(cli, str(demo_db), "import", str(ROOT / "resources" / "demo_plan.json"))
    assert "the database is damaged" in err and "someone else" not in err


def test_a_read_only_file_is_read_and_nothing_is_written_beside_it(cli, demo_db, monkeypatch):
    before = digest(*beside(demo_db))
    real_access = os.access
    # The tests run as root, whom no file mode stops: a file the user may not write is one
    # that os.access says so of.
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK
                        else real_access(p, mode, **kw))
    code, out, err = cli("bundle", "--db", str(demo_db), "--release", "R-FEB")
    assert code == 0, err
    assert "R-FEB" in out
    assert digest(*beside(demo_db)) == before
    err = _refused(cli, str(demo_db), "schedule", "CR-301", "backlog")
    assert "the database is read-only" in err
    assert digest(*beside(demo_db)) == before


def test_a_truncated_database_file_is_damaged_not_changed_by_someone_else(cli, demo_db):
    data = demo_db.read_bytes()
    demo_db.write_bytes(data[: len(data) // 3])
    for command in (("bundle", "--release", "R-FEB"),
                    ("import", str(ROOT / "resources" / "demo_plan.json"))):
        err = _refused(cli, str(demo_db), *command)
        assert "damaged" in err and "someone else" not in err


def test_a_disk_too_full_for_the_shm_file_is_still_read(demo_db):
    import resource

    def full_disk():  # no file may grow past 512 bytes: SQLite cannot make its -shm file
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    before = digest(*beside(demo_db))
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "bundle", "--db", str(demo_db),
                           "--release", "R-FEB"], capture_output=True, text=True, timeout=120,
                          preexec_fn=full_disk)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('Release R-FEB "February price refresh"')
    assert digest(*beside(demo_db)) == before
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "schedule", "--db",
                           str(demo_db), "CR-301", "backlog"], capture_output=True, text=True,
                          timeout=120, preexec_fn=full_disk)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "the database cannot be written now" in done.stderr and "is the disk full?" in done.stderr
    assert digest(*beside(demo_db)) == before  # not even a -wal or -shm file
