"""Ctrl+C and SIGTERM on the command line (issue 25 item 6): one line, exit 130 or 143, and the
same clean-up as any failure: a fill removes the file it created, a move blocked on a locked
database writes nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from sends_plan import sends_plan

SIGNALS = [(signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM")]


def _start(*argv: str) -> subprocess.Popen:
    env = {**os.environ, "RELEASE_PLANNER_DB": "/nonexistent/never-used.db"}
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, child: subprocess.Popen, what: str) -> None:
    """Until `condition()` holds (the command got to the point to interrupt)."""
    deadline = time.monotonic() + 120  # a guard against a hang, not a timing measured
    while not condition():
        assert child.poll() is None, f"the command ended before {what}: {child.stderr.read()}"
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.01)


def _holds_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path)
                   for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _stopped(child: subprocess.Popen, sig, code: int, by: str, command: str) -> None:
    child.send_signal(sig)
    _, err = child.communicate(timeout=120)
    assert child.returncode == code, err
    assert err == (f"release-planner {command}: stopped by {by}; what it had not committed "
                   "was not written\n")


@pytest.mark.parametrize("sig, code, by", SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_a_stopped_generate_removes_the_database_it_created(tmp_path, sig, code, by):
    db = tmp_path / "big.db"
    child = _start("generate", "--crs", "150000", "--db", str(db))
    _wait_for(db.exists, child, "claimed its file")
    _stopped(child, sig, code, by, "generate")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("sig, code, by", SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_a_stopped_import_removes_the_database_it_created(tmp_path, sig, code, by):
    plan = tmp_path / "sends.json"
    plan.write_text(json.dumps(sends_plan(60_000)))
    db = tmp_path / "new.db"
    child = _start("import", str(plan), "--db", str(db))
    _wait_for(db.exists, child, "claimed its file")
    _stopped(child, sig, code, by, "import")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sends.json"]


@pytest.mark.parametrize("sig, code, by", SIGNALS, ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("command", [("schedule", "CR-203", "R-MAR"), ("deploy", "R-FEB")],
                         ids=lambda c: c[0])
def test_a_write_waiting_on_a_locked_database_stops_at_once_and_writes_nothing(
        demo_db, sig, code, by, command):
    other = sqlite3.connect(demo_db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the lock for as long as it likes
    try:
        child = _start(command[0], "--db", str(demo_db), *command[1:])
        _wait_for(lambda: _holds_open(child.pid, demo_db), child, "opened the database")
        _stopped(child, sig, code, by, command[0])
    finally:
        other.execute("ROLLBACK")
        other.close()
    check = sqlite3.connect(demo_db)
    assert check.execute("SELECT release FROM change_requests WHERE key = 'CR-203'").fetchone() \
        == ("R-FEB",)
    assert check.execute("SELECT status FROM releases WHERE key = 'R-FEB'").fetchone() \
        == ("planned",)
    check.close()
