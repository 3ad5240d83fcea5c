"""The change feed: every commit is announced to a listener on another connection, and the audit
rows after an id come back grouped by commit, on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import select
import shutil
import sqlite3
import threading
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.edits.moves import Schedule
from app.edits.releases import Deploy
from app.edits.service import PlanService
from app.model.plan import Target
from app.sharing.feed_port import FeedLost
from cli.common import demo_plan
from storage.open_store import open_store
from tests.conftest import FIXTURES

_counter = itertools.count()


def _clients(url):
    first = open_store(url, user="ann")
    first.replace_all(demo_plan(), "demo")
    second = open_store(url, user="bob")
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def two_clients(db_url):
    """Two stores on one new database with the demo plan: separate engines, like two
    planners' programs."""
    yield from _clients(db_url)


@pytest.fixture
def pg_url(postgres_server) -> str:
    return postgres_server.create_database(f"rp_feed_{next(_counter)}")


@pytest.fixture
def pg_clients(pg_url):
    yield from _clients(pg_url)


def _wait_for_wakeup(signal, rounds: int = 100):
    """Drain until the signal reports a change (a PostgreSQL listener is woken by its socket;
    a SQLite poller is polled), at most `rounds` waits of 0.1 s."""
    for _ in range(rounds):
        if signal.fileno() is not None:
            select.select([signal.fileno()], [], [], 0.1)
        else:
            threading.Event().wait(0.1)
        wake = signal.drain()
        if wake.changes:
            return wake
    raise AssertionError("no announcement arrived")


def _raw_connect(db_url):
    if "://" not in db_url:
        return sqlite3.connect(db_url, isolation_level=None)
    url = make_url(db_url)
    return psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                           autocommit=True)


def test_a_commit_on_one_connection_is_announced_and_read_back_on_another(two_clients):
    ann, bob = two_clients
    signal = bob.open_signal()
    try:
        start = bob.last_change_id()
        assert not signal.drain().changes
        PlanService(ann).run(Schedule("CR-207", Target("R-MAR")))
        wake = _wait_for_wakeup(signal)
        batch = bob.changes_since(start)
    finally:
        signal.close()
    assert not batch.gap and len(batch.commits) == 1
    commit = batch.commits[0]
    assert (commit.user, commit.action) == ("ann", "schedule CR-207 to R-MAR")
    assert batch.last_id == bob.last_change_id()
    assert wake.highest_id is None  # a notification is only a wake-up
    [row] = commit.rows
    assert (row.kind, row.key, row.version) == ("cr", "CR-207", 2)
    assert (row.before["release"], row.after["release"]) == ("R-FEB", "R-MAR")
    assert bob.changes_since(batch.last_id).commits == ()


def test_every_row_of_a_commit_comes_in_one_commit_in_commit_order(two_clients):
    ann, bob = two_clients
    start = bob.last_change_id()
    PlanService(ann).run(Deploy("R-FEB"))
    PlanService(bob).run(Schedule("CR-301", Target("R-APR")))
    commits = bob.changes_since(start).commits
    assert [(c.user, c.action) for c in commits] == [
        ("ann", "deploy R-FEB"), ("bob", "schedule CR-301 to R-APR")]
    deploy_rows = {(r.kind, r.key) for r in commits[0].rows}
    assert ("release", "R-FEB") in deploy_rows and ("cr", "CR-201") in deploy_rows
    assert commits[0].id < commits[1].id


def test_a_raw_insert_into_the_audit_log_is_announced_too(two_clients, db_url):
    _, bob = two_clients
    signal = bob.open_signal()
    try:
        start = bob.last_change_id()
        with _raw_connect(db_url) as conn:
            conn.execute("INSERT INTO audit_log (at, user_name, action, kind, key, before, after) "
                         "VALUES (CURRENT_TIMESTAMP, 'psql', 'by hand', 'cr', 'CR-207', NULL, "
                         "'{\"release\": null}')")
        _wait_for_wakeup(signal)
    finally:
        signal.close()
    [commit] = bob.changes_since(start).commits
    assert (commit.user, commit.action, commit.rows[0].after) == ("psql", "by hand",
                                                                  {"release": None})


def test_an_id_beyond_the_log_or_a_whole_plan_replaced_is_a_gap(two_clients):
    _, bob = two_clients
    last = bob.last_change_id()
    assert bob.changes_since(last + 100).gap  # the database was replaced under the client
    assert bob.changes_since(0).gap  # from the start: the demo import replaced the whole plan
    assert not bob.changes_since(last).gap


def _listener_pid(conn) -> int:
    return conn.execute("SELECT pid FROM pg_stat_activity "
                        "WHERE application_name = 'release-planner feed'").fetchone()[0]


def test_a_killed_listener_reconnects_and_catches_up_without_loss(pg_clients, pg_url):
    ann, bob = pg_clients
    signal = bob.open_signal()
    try:
        last = bob.last_change_id()
        with _raw_connect(pg_url) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (_listener_pid(admin),))
        with pytest.raises(FeedLost):
            for _ in range(100):  # the server closes the socket: it turns readable
                select.select([signal.fileno()], [], [], 0.1)
                signal.drain()
        PlanService(ann).run(Schedule("CR-207", Target("R-MAR")))  # committed while bob is not listening
        signal.reconnect()
        batch = bob.changes_since(last)
        assert [c.action for c in batch.commits] == ["schedule CR-207 to R-MAR"]
        PlanService(ann).run(Schedule("CR-207", Target("R-APR")))  # and it listens again
        _wait_for_wakeup(signal)
        assert [c.action for c in bob.changes_since(batch.last_id).commits] == \
            ["schedule CR-207 to R-APR"]
    finally:
        signal.close()


def test_writers_never_wait_for_each_other_and_a_reader_misses_no_commit(pg_clients, pg_url):
    """No lock orders the audit (issue 23): a transaction left open does not hold up another
    planner's commit, and a reader takes a commit only once every older transaction ended, so
    the one that commits later with an older id is not skipped."""
    ann, bob = pg_clients
    start = bob.last_change_id()
    with _raw_connect(pg_url) as slow:
        slow.execute("BEGIN")
        slow.execute("UPDATE change_requests SET title = 'slow' WHERE key = 'CR-204'")
        PlanService(ann).run(Schedule("CR-207", Target("R-MAR")))  # does not wait
        first = bob.changes_since(start)
        assert first.commits == ()  # held back: an older transaction is still running
        slow.execute("COMMIT")
    second = bob.changes_since(first.last_id)
    assert [c.rows[0].key for c in second.commits] == ["CR-207", "CR-204"]  # commit order
    assert bob.changes_since(second.last_id).commits == ()


def test_a_database_of_the_first_schema_keeps_its_history_grouped_by_commit(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", db)
    with sqlite3.connect(db) as conn:  # two commits of the old program: one of two rows
        conn.executemany("INSERT INTO audit_log (at, user_name, action, kind, key, before, "
                         "after) VALUES (?, ?, ?, 'cr', 'CR-01', '{}', '{}')",
                         [("2026-11-23 10:00:00", "ann", "deploy R1"),
                          ("2026-11-23 10:00:00", "ann", "deploy R1"),
                          ("2026-11-23 11:00:00", "bob", "edit CR-01")])
    store = open_store(str(db), user="cy")
    try:
        old = store.changes_since(1).commits
        assert [(c.user, c.action, len(c.rows)) for c in old] == [("ann", "deploy R1", 2),
                                                                  ("bob", "edit CR-01", 1)]
        start = store.last_change_id()
        PlanService(store).run(Schedule("CR-01", Target.backlog()))
        [commit] = store.changes_since(start).commits
        assert (commit.user, commit.rows[0].after["release"]) == ("cy", None)
        store.announce_presence(None)  # the presence table is there
    finally:
        store.close()


def test_presence_shows_who_else_has_the_plan_open_and_which_cr(two_clients):
    ann, bob = two_clients
    ann.announce_presence("CR-204")
    bob.announce_presence(None)
    [seen] = bob.others_present()
    assert (seen.user, seen.cr) == ("ann", "CR-204")
    ann.announce_presence("CR-301")  # the heartbeat carries the CR now open
    assert [(p.user, p.cr) for p in bob.others_present()] == [("ann", "CR-301")]
    assert [(p.user, p.cr) for p in ann.others_present()] == [("bob", None)]
    ann.leave()
    assert bob.others_present() == []


def test_presence_changes_wake_a_postgresql_listener(pg_clients):
    ann, bob = pg_clients
    signal = bob.open_signal()
    try:
        ann.announce_presence("CR-204")
        for _ in range(100):
            select.select([signal.fileno()], [], [], 0.1)
            wake = signal.drain()
            if wake.presence:
                break
        assert wake.presence and not wake.changes
    finally:
        signal.close()


def test_history_lists_rows_newest_first_with_filters(two_clients):
    ann, _ = two_clients
    PlanService(ann).run(Schedule("CR-207", Target("R-MAR")))
    PlanService(ann).run(Schedule("CR-301", Target("R-APR")))
    newest = ann.audit_history(limit=1)
    assert [c.action for c, _ in newest] == ["schedule CR-301 to R-APR"]
    assert [r.key for _, r in ann.audit_history(cr="CR-207")] == ["CR-207"]
    assert {r.key for _, r in ann.audit_history(release="R-APR")} == {"CR-301"}


def test_an_audit_log_of_schema_0002_is_grouped_by_commit_on_upgrade(db_url):
    from alembic import command
    from sqlalchemy import text

    from storage.database import create_database_engine, database_url
    from storage.migrate import _config

    engine = create_database_engine(database_url(db_url))
    try:
        with engine.connect() as conn:
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")  # as the program before the change feed left it
            conn.execute(text("INSERT INTO audit_log (at, user_name, action, kind, key) "
                              "VALUES (:at, :user, :action, 'cr', :key)"),
                         [{"at": at, "user": user, "action": action, "key": key}
                          for at, user, action, key in (
                              (datetime(2026, 11, 23, 10, tzinfo=UTC), "ann", "deploy R1", "A"),
                              (datetime(2026, 11, 23, 10, tzinfo=UTC), "ann", "deploy R1", "B"),
                              (datetime(2026, 11, 23, 11, tzinfo=UTC), "bob", "edit A", "A"))])
            conn.commit()
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        commits = store.changes_since(0).commits
    finally:
        store.close()
    assert [(c.user, [r.key for r in c.rows]) for c in commits] == [("ann", ["A", "B"]),
                                                                    ("bob", ["A"])]
