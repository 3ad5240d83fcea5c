"""A `schedule` or `deploy` killed with SIGKILL (issue 17): the SQLite file stays sound
(PRAGMA integrity_check), a change killed before its commit is not there at all, one killed
after its commit is there whole, and nothing committed earlier is lost.

The child is the real command line in its own process. It kills itself at a chosen point of the
store's write (inside the open transaction, after its rows are written; or right after the
commit), which makes the kill land where it matters every time; a few kills at random moments
of whole commands follow."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

CHILD = """
import os, signal, sys
sys.path.insert(0, {root!r})
import storage.row_writes as row_writes
import storage.store as store
point = {point!r}
if point == "in-transaction":
    audit = row_writes.audit
    def killed(*args, **kwargs):
        audit(*args, **kwargs)  # every row of the change is written, the commit is next
        os.kill(os.getpid(), signal.SIGKILL)
    row_writes.audit = killed
else:
    write = store.SqlPlanStore.write
    def killed(self, *args, **kwargs):
        write(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    store.SqlPlanStore.write = killed
from main import main
sys.exit(main({argv!r}))
"""


def _main(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True,
                          text=True, timeout=120)


def _killed_at(point: str, *argv: str) -> subprocess.CompletedProcess:
    code = CHILD.format(root=str(ROOT), point=point, argv=list(argv))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def _state(db) -> dict:
    """Every CR's release and stage and every release's status, read by plain SQLite after an
    integrity check."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        crs = dict((k, (r, s)) for k, r, s in
                   conn.execute("SELECT key, release, stage FROM change_requests"))
        releases = dict(conn.execute("SELECT key, status FROM releases"))
        audit = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()
    return {"crs": crs, "releases": releases, "audit": audit}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "plan.db"
    assert _main("demo", "--db", str(path)).returncode == 0
    # A committed change that every later kill must leave in place.
    assert _main("schedule", "--db", str(path), "CR-501", "R-APR").returncode == 0
    return path


COMMANDS = [
    ("schedule", "CR-301", "backlog"),
    ("deploy", "R-FEB"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_killed_inside_the_transaction_nothing_of_it_is_written(db, command):
    before = _state(db)
    done = _killed_at("in-transaction", command[0], "--db", str(db), *command[1:])
    assert done.returncode == -signal.SIGKILL, done.stderr
    after = _state(db)
    assert after == before
    assert after["crs"]["CR-501"] == ("R-APR", "approved")
    # The database is usable, and the command then does what it was asked to.
    assert _main(command[0], "--db", str(db), *command[1:]).returncode == 0


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_killed_right_after_the_commit_the_change_is_there_whole(db, command):
    before = _state(db)
    done = _killed_at("after-commit", command[0], "--db", str(db), *command[1:])
    assert done.returncode == -signal.SIGKILL, done.stderr
    after = _state(db)
    assert after["crs"]["CR-501"] == ("R-APR", "approved")
    if command[0] == "schedule":
        assert after["crs"]["CR-301"] == (None, "approved")
    else:
        assert after["releases"]["R-FEB"] == "deployed"
        assert all(stage == "deployed" for release, stage in after["crs"].values()
                   if release == "R-FEB")
    assert after["audit"] > before["audit"]


def test_killed_at_random_moments_the_file_is_sound_and_changes_whole(db):
    rnd = random.Random(17)
    for attempt in range(6):
        before = _state(db)
        command = COMMANDS[attempt % 2]
        child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), command[0], "--db",
                                  str(db), *command[1:]], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, 0.6))  # start-up to exit of the command
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        after = _state(db)
        assert after["crs"]["CR-501"] == ("R-APR", "approved")
        if after["audit"] == before["audit"]:  # killed before its commit: nothing of it
            assert after == before
        else:  # committed: the whole change
            assert (after["crs"]["CR-301"] == (None, "approved")
                    or after["releases"]["R-FEB"] == "deployed")
        code = _main("bundle", "--db", str(db), "--release", "R-MAR").returncode
        assert code == 0
