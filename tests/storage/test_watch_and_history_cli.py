"""`watch` and `history` as a user runs them: separate processes on one database, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from cli.common import demo_plan
from storage.open_store import open_store
from tests.conftest import ROOT
from tests.storage.shared_db import run_cli


@pytest.fixture
def plan_url(db_url) -> str:
    store = open_store(db_url, user="ann")
    store.replace_all(demo_plan(), "demo")
    store.close()
    return db_url


def _read_line(stream, seconds: float = 60) -> str:
    ready, _, _ = select.select([stream], [], [], seconds)
    assert ready, "no line arrived"
    return stream.readline()


def test_watch_prints_a_line_per_commit_of_another_process_and_stops_on_sigterm(plan_url):
    watch = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "watch", "--db", plan_url,
                              "--format", "json"], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "watching" in _read_line(watch.stderr)  # listening from here on
        moved = run_cli("schedule", "--db", plan_url, "CR-207", "R-MAR",
                        env={"RELEASE_PLANNER_USER": "dana"})
        assert moved.returncode == 0, moved.stderr
        line = json.loads(_read_line(watch.stdout))
        watch.send_signal(signal.SIGTERM)
        assert watch.wait(30) == 0
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()
    assert line["user"] == "dana"  # without `db roles` the client names the user
    assert (line["action"], line["cr"], line["release"]) == \
        ("schedule CR-207 to R-MAR", "CR-207", "R-MAR")
    assert line["summary"] == "dana moved CR-207 from R-FEB to R-MAR"
    assert line["at"][:4].isdigit()


def test_history_lists_the_audit_log_newest_first_with_the_fields_changed(plan_url):
    for cr, target in (("CR-207", "R-MAR"), ("CR-301", "R-APR")):
        assert run_cli("schedule", "--db", plan_url, cr, target).returncode == 0
    everything = run_cli("history", "--db", plan_url, "--format", "json")
    assert everything.returncode == 0, everything.stderr
    entries = json.loads(everything.stdout)
    assert [e["action"] for e in entries[:2]] == ["schedule CR-301 to R-APR",
                                                  "schedule CR-207 to R-MAR"]
    assert entries[-1]["action"] == "demo"
    [one] = json.loads(run_cli("history", "--db", plan_url, "--cr", "CR-207", "--format",
                               "json").stdout)
    assert (one["cr"], one["release"], one["before"], one["after"]) == \
        ("CR-207", "R-MAR", {"release": "R-FEB"}, {"release": "R-MAR"})
    assert set(one) >= {"at", "user", "action", "cr", "release", "before", "after"}
    newest = json.loads(run_cli("history", "--db", plan_url, "--limit", "1", "--format",
                                "json").stdout)
    assert [e["cr"] for e in newest] == ["CR-301"]
    in_april = json.loads(run_cli("history", "--db", plan_url, "--release", "R-APR",
                                  "--format", "json").stdout)
    assert [e["cr"] for e in in_april] == ["CR-301"]
    table = run_cli("history", "--db", plan_url, "--cr", "CR-301")
    assert "schedule CR-301 to R-APR" in table.stdout and "release: R-MAR -> R-APR" in table.stdout


def test_history_refuses_a_limit_below_one(plan_url):
    done = run_cli("history", "--db", plan_url, "--limit", "0")
    assert done.returncode == 2 and "--limit: must be at least 1" in done.stderr


def test_watch_survives_a_killed_connection_and_loses_nothing(postgres_server):
    url = postgres_server.create_database("rp_watch_reconnect")
    store = open_store(url, user="ann")
    store.replace_all(demo_plan(), "demo")
    store.close()
    watch = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "watch", "--db", url],
                             cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "watching" in _read_line(watch.stderr)
        with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="postgres",
                             dbname="rp_watch_reconnect", autocommit=True) as admin:
            killed = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE application_name = 'release-planner feed'").fetchall()
        assert killed == [(True,)]
        assert run_cli("schedule", "--db", url, "CR-207", "R-MAR",
                       env={"RELEASE_PLANNER_USER": "dana"}).returncode == 0
        assert "moved CR-207 from R-FEB to R-MAR" in _read_line(watch.stdout)
        assert "reconnecting" in _read_line(watch.stderr)
        watch.send_signal(signal.SIGINT)  # Ctrl+C
        assert watch.wait(30) == 0
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()


def test_a_key_with_control_characters_is_refused_in_one_escaped_line(tmp_path):
    """A key with an ESC and a newline (written past the plan file's rules; the PostgreSQL
    server refuses it) is a damaged row: `schedule` names it in one line, escaped, never acted
    on by the terminal, and changes nothing."""
    import sqlite3

    key = "CR-\x1b[2J\nX"
    db = str(tmp_path / "plan.db")
    store = open_store(db, user="ann")
    store.replace_all(demo_plan(), "demo")
    store.close()
    with sqlite3.connect(db) as conn:  # another program, past the plan file's rules
        conn.execute("UPDATE change_requests SET key = ? WHERE key = 'CR-502'", (key,))
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the file compared
    before = Path(db).read_bytes()
    done = run_cli("schedule", "--db", db, key, "R-APR")
    assert done.returncode == 2, done.stdout
    assert "\x1b" not in done.stderr and "damaged row" in done.stderr
    assert "CR-\\x1b[2J\\nX" in done.stderr  # escaped, not obeyed
    assert len(done.stderr.strip().splitlines()) == 1
    assert Path(db).read_bytes() == before
