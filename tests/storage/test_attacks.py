"""Issue 23's attacks, each done exactly as the attacker did, in SQL as an ordinary login on a plan
set up as the README says: every one is refused or has no effect (no other team's CR changed,
no unaudited change, no forged audit row, `bundle` still works, `schedule` does not hang)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import errors

from tests.conftest import ROOT
from tests.storage.shared_db import SharedPlan, run_cli


@pytest.fixture(scope="module")
def shared(postgres_server) -> SharedPlan:
    plan = SharedPlan(postgres_server)
    plan.set_up()
    return plan


def _row(shared, sql: str, params=()):
    with shared.connect(shared.owner) as conn:
        return conn.execute(sql, params).fetchone()


def _audit_count(shared) -> int:
    return _row(shared, "SELECT count(*) FROM audit_log")[0]


def _cr(shared, key: str) -> tuple:
    return _row(shared, "SELECT title, release, stage, estimate_hours, version "
                        "FROM change_requests WHERE key = %s", (key,))


def test_a_planner_may_not_make_temp_tables(shared):
    with shared.connect(shared.planner) as conn, \
            pytest.raises(errors.InsufficientPrivilege, match="temporary"):
        conn.execute("CREATE TEMP TABLE planner_teams (login text, team text)")


def test_temp_tables_named_like_plan_tables_widen_nobodys_rights(shared):
    """Even with TEMP given back (a server set up by hand), the security functions never
    look in pg_temp first: the planner's own planner_teams and audit_log are ignored."""
    before = _cr(shared, "CR-204"), _cr(shared, "CR-503"), _audit_count(shared)
    with shared.admin(shared.database) as admin:
        admin.execute(f'GRANT TEMPORARY ON DATABASE "{shared.database}" TO "{shared.planner}"')
    try:
        with shared.connect(shared.planner) as conn:
            conn.execute("CREATE TEMP TABLE planner_teams (login text, team text)")
            conn.execute("INSERT INTO planner_teams VALUES (session_user, 'RET'), "
                         "(session_user, 'BRD')")
            conn.execute("CREATE TEMP TABLE audit_log (commit_id bigint, kind text, key text)")
            conn.execute("INSERT INTO audit_log VALUES (txid_current(), 'plan', '')")
            with pytest.raises(errors.InsufficientPrivilege, match="team BRD"):
                conn.execute("UPDATE change_requests SET title = 'mine now' "
                             "WHERE key = 'CR-204'")
            with pytest.raises(errors.InsufficientPrivilege, match="team BRD"):
                conn.execute("DELETE FROM change_requests WHERE key = 'CR-503'")
    finally:
        with shared.admin(shared.database) as admin:
            admin.execute(f'REVOKE TEMPORARY ON DATABASE "{shared.database}" '
                          f'FROM "{shared.planner}"')
    assert (_cr(shared, "CR-204"), _cr(shared, "CR-503"), _audit_count(shared)) == before


def test_every_security_function_has_a_pinned_search_path_with_pg_temp_last(shared):
    with shared.connect(shared.owner) as conn:
        found = conn.execute("SELECT proname, proconfig FROM pg_proc p JOIN pg_namespace n "
                             "ON n.oid = p.pronamespace WHERE nspname = 'public' "
                             "AND proname LIKE 'rp\\_%'").fetchall()
    assert len(found) > 10
    for name, config in found:
        assert config == ["search_path=pg_catalog, public, pg_temp"], name


def test_an_advisory_lock_or_an_idle_transaction_stalls_no_write(shared):
    """Any login could take the old audit lock; now there is none to take. A planner who
    holds a row lock with no idle timeout makes a write of that row fail in seconds with one
    line, and every other write goes through."""
    login = f"mal_{shared.database}"
    with shared.admin() as conn:
        conn.execute(f'CREATE ROLE "{login}" LOGIN PASSWORD \'secret\'')
    with shared.connect(login) as nobody, shared.connect(shared.planner) as planner:
        nobody.execute("SELECT pg_advisory_lock(7240517)")
        planner.execute("SET idle_in_transaction_session_timeout = 0")
        planner.execute("BEGIN")
        planner.execute("UPDATE change_requests SET title = 'held' WHERE key = 'CR-309'")
        moved = run_cli("schedule", "--db", shared.url(shared.manager), "CR-402", "R-MAR",
                        timeout=60)
        assert moved.returncode == 0, moved.stderr
        blocked = run_cli("schedule", "--db", shared.url(shared.manager), "CR-309", "R-APR",
                          timeout=60)
        planner.execute("ROLLBACK")
    assert blocked.returncode == 2
    assert blocked.stderr.strip().splitlines() == [
        "release-planner schedule: the plan is being written by another session; try again "
        "(nothing of this change was written)"]
    assert _cr(shared, "CR-309")[1] == "R-MAR"


def test_no_plan_login_writes_the_audit_log(shared):
    count = _audit_count(shared)
    doc = json.dumps({"key": "CR-309", "team": "ACQ", "title": "HACKED", "release": None})
    for login in (shared.viewer, shared.planner, shared.manager):
        with shared.connect(login) as conn:
            for sql in ("INSERT INTO audit_log (at, user_name, action, kind, key, after, "
                        "row_version) VALUES ('2001-01-01', 'x', 'move', 'cr', 'CR-309', %s, 999)",
                        "UPDATE audit_log SET after = %s", "DELETE FROM audit_log WHERE %s <> ''"):
                with pytest.raises(errors.InsufficientPrivilege):
                    conn.execute(sql, (doc,))
    assert _audit_count(shared) == count


def test_the_server_audits_a_psql_change_from_the_row_itself(shared):
    """Who, when, before, after and version come from the server, not from the client."""
    before = _cr(shared, "CR-301")
    with shared.connect(shared.planner) as conn, conn.transaction():
        conn.execute("UPDATE change_requests SET title = 'retitled', version = 999 "
                     "WHERE key = 'CR-301'")
    title, _, _, _, version = _cr(shared, "CR-301")
    assert (title, version) == ("retitled", before[4] + 1)  # the server's version, not 999
    at, user, action, row_version, was, now = _row(
        shared, "SELECT at, user_name, action, row_version, before, after FROM audit_log "
                "WHERE key = 'CR-301' ORDER BY id DESC LIMIT 1")
    assert (user, action, row_version) == (shared.planner, "changed outside Release Planner",
                                           version)
    assert (json.loads(was)["title"], json.loads(now)["title"]) == (before[0], "retitled")
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5)  # the server's clock, today


def test_an_action_text_with_control_characters_is_refused(shared):
    with shared.connect(shared.planner) as conn, \
            pytest.raises(errors.CheckViolation, match="action text"), conn.transaction():
        conn.execute("SELECT set_config('release_planner.action', "
                     "E'note\\n\\x1b[31mSERVER DOWN', true)")
        conn.execute("UPDATE change_requests SET title = 'x' WHERE key = 'CR-301'")
    assert _cr(shared, "CR-301")[0] != "x"


@pytest.mark.parametrize("sql", [
    "UPDATE change_requests SET stage = 'zzz' WHERE key = 'CR-304'",
    "UPDATE change_requests SET estimate_hours = -5 WHERE key = 'CR-304'",
    "UPDATE change_requests SET priority = 9 WHERE key = 'CR-304'",
    "UPDATE change_requests SET changes = '\"boom\"' WHERE key = 'CR-304'",
    "UPDATE change_requests SET changes = '[[\"set\", \"X\"]]' WHERE key = 'CR-304'",
    "UPDATE change_requests SET key = E'CR-\\x1b[2J' WHERE key = 'CR-502'",
    "UPDATE change_requests SET justification = repeat('x', 40000) WHERE key = 'CR-304'",
    "INSERT INTO dependencies (cr, depends_on, seq) VALUES ('CR-304', 'CR-304', 9)",
])
def test_a_value_the_plan_file_refuses_is_refused_by_the_server(shared, sql):
    with shared.connect(shared.planner) as conn, pytest.raises(errors.CheckViolation):
        conn.execute(sql)
    bundle = run_cli("bundle", "--db", shared.url(shared.viewer), "--release", "R-MAR")
    assert bundle.returncode == 0, bundle.stderr  # nobody else's plan is broken


def test_a_manager_may_not_write_a_release_the_plan_file_refuses(shared, tmp_path):
    with shared.connect(shared.manager) as conn:
        for sql in ("UPDATE releases SET status = 'gone' WHERE key = 'R-APR'",
                    "UPDATE releases SET go_live = '2027-02-30' WHERE key = 'R-APR'",
                    "UPDATE releases SET freeze_days = -1 WHERE key = 'R-APR'",
                    "UPDATE teams SET color = 'red' WHERE key = 'ACQ'",
                    "UPDATE settings SET workdays = '[]'"):
            with pytest.raises(errors.CheckViolation):
                conn.execute(sql)
    assert run_cli("export", "--db", shared.url(shared.viewer), "-o", str(tmp_path / "p.json")) \
        .returncode == 0


@pytest.mark.parametrize("sql, says", [
    ("UPDATE change_requests SET release = 'R-FEB' WHERE key = 'CR-502'", "frozen since"),
    ("UPDATE change_requests SET release = 'R-JAN', stage = 'deployed' WHERE key = 'CR-502'",
     "only a manager deploys"),
    ("UPDATE change_requests SET release = 'R-JAN' WHERE key = 'CR-502'",
     'release "R-JAN" is deployed'),
    ("UPDATE change_requests SET title = 'rewritten' WHERE key = 'CR-102'",
     "which is deployed: only a manager"),
    ("INSERT INTO dependencies (cr, depends_on, seq) VALUES ('CR-301', 'CR-312', 9)",
     "would close a dependency cycle"),
])
def test_the_planning_rules_hold_in_psql(shared, sql, says):
    with shared.connect(shared.planner) as conn, \
            pytest.raises(errors.CheckViolation, match=says):
        conn.execute(sql)


def test_an_emergency_with_a_justification_may_still_join_a_frozen_release(shared):
    with shared.connect(shared.planner) as conn, conn.transaction(force_rollback=True):
        assert conn.execute("UPDATE change_requests SET release = 'R-FEB', emergency = true, "
                            "justification = 'outage' WHERE key = 'CR-502'").rowcount == 1


def test_presence_is_checked_data(shared):
    with shared.connect(shared.viewer) as conn:
        conn.execute("INSERT INTO presence (session, user_name, cr, seen_at) VALUES "
                     "('s-html', 'x', '<b style=\"color:red\">SERVER DOWN</b>', '2999-01-01')")
        user, cr, seen = conn.execute("SELECT user_name, cr, seen_at FROM presence "
                                      "WHERE session = 's-html'").fetchone()
        assert (user, cr) == (shared.viewer, None)  # no such CR: nothing shown
        assert seen.year == datetime.now(UTC).year  # the server's clock
        with pytest.raises(errors.CheckViolation, match="at most 20 windows"):
            for i in range(1000):
                conn.execute("INSERT INTO presence (session, user_name, seen_at) "
                             "VALUES (%s, 'x', now())", (f"flood-{i}",))
        conn.execute("DELETE FROM presence")


def test_history_and_watch_survive_a_malformed_audit_row_and_a_notify_flood(shared):
    watch = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "watch", "--db",
                              shared.url(shared.viewer), "--format", "json"], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "watching" in _line(watch.stderr)
        with shared.connect(shared.owner) as conn:  # only the owner can write one now
            bad = conn.execute("INSERT INTO audit_log (at, user_name, action, kind, key, after) "
                               "VALUES (now(), 'x', 'y', 'cr', 'CR-301', '\"boom\"') "
                               "RETURNING id").fetchone()[0]
        with shared.connect(shared.viewer) as conn:
            for _ in range(2000):
                conn.execute("NOTIFY release_planner_changes, '²'")
        moved = run_cli("schedule", "--db", shared.url(shared.manager), "CR-404", "R-MAR")
        assert moved.returncode == 0, moved.stderr
        line = json.loads(_line(watch.stdout))
        assert (line["cr"], line["action"]) == ("CR-404", "schedule CR-404 to R-MAR")
        assert watch.poll() is None  # still watching
    finally:
        watch.kill()
        watch.wait()
    assert f"skipped audit row {bad}" in watch.stderr.read()
    history = run_cli("history", "--db", shared.url(shared.viewer))
    assert history.returncode == 0, history.stderr
    assert f"skipped audit row {bad}" in history.stderr and "Traceback" not in history.stderr


def _line(stream, seconds: float = 60) -> str:
    import select

    ready, _, _ = select.select([stream], [], [], seconds)
    assert ready, "no line arrived"
    return stream.readline()


def test_the_owner_recipe_gives_no_login_a_way_to_the_server(shared):
    """The README's owner has no CREATEROLE: it cannot grant itself pg_execute_server_program
    (PostgreSQL 15 let a CREATEROLE role do that) nor run a program on the server."""
    for login in (shared.owner, shared.planner, shared.manager):
        with shared.connect(login) as conn:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f'GRANT pg_execute_server_program TO "{login}"')
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("COPY presence FROM PROGRAM 'id'")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f'CREATE ROLE "{login}_2"')
            if login != shared.owner:  # the owner's own schema; a plan login creates nothing
                with pytest.raises(errors.InsufficientPrivilege):
                    conn.execute("CREATE TABLE public.mine (x int)")


def test_after_any_planner_statements_the_plan_reads_and_the_audit_replays(shared, tmp_path):
    """A property: whatever sequence of statements a planner runs (some refused), the plan
    still loads for everyone and each row's last audit `after` is the row as it is."""
    import random

    rng = random.Random(23)
    crs = ["CR-301", "CR-304", "CR-309", "CR-311", "CR-402", "CR-501", "CR-502", "CR-204"]
    values = {"title": ["'a'", "''", "E'\\n'", "repeat('t', 600)"],
              "stage": ["'draft'", "'test'", "'zzz'", "'deployed'", "'cancelled'"],
              "estimate_hours": ["0", "-1", "12.5", "'NaN'", "1e9"],
              "priority": ["1", "5", "0"], "release": ["NULL", "'R-APR'", "'R-FEB'", "'R-JAN'"],
              "changes": ["'[]'", "'{}'", "'[[\"retire\", \"OFR-UNL\"]]'"],
              "emergency": ["true", "false"], "justification": ["''", "'why'"]}
    with shared.connect(shared.planner) as conn:
        for _ in range(60):
            column = rng.choice(sorted(values))
            sql = (f"UPDATE change_requests SET {column} = {rng.choice(values[column])} "
                   f"WHERE key = '{rng.choice(crs)}'")
            if rng.random() < 0.2:
                sql = f"DELETE FROM dependencies WHERE cr = '{rng.choice(crs)}'"
            with contextlib.suppress(psycopg.Error):  # refused: nothing changed
                conn.execute(sql)
    assert run_cli("export", "--db", shared.url(shared.viewer), "-o", str(tmp_path / "p.json")) \
        .returncode == 0
    with shared.connect(shared.owner) as conn:
        mismatched = conn.execute(
            "SELECT c.key FROM change_requests c JOIN LATERAL (SELECT after FROM audit_log a "
            "WHERE a.kind = 'cr' AND a.key = c.key AND a.after IS NOT NULL "
            "AND a.after LIKE '{%%' ORDER BY a.id DESC LIMIT 1) last ON true "
            "WHERE last.after::jsonb <> rp_document('cr', c.key)").fetchall()
    assert mismatched == []


def test_an_upgraded_database_of_the_old_roles_moves_to_the_new_rules(shared):
    """A database whose `db roles` ran before 0007 let planners insert audit rows and had TEMP
    for everyone; the upgrade's renewal of the roles takes both away."""
    from storage.database import create_database_engine
    from storage.migrate import _renew_roles

    with shared.connect(shared.owner) as conn:  # what the old `db roles` left
        conn.execute("GRANT INSERT ON audit_log TO release_planner")
        conn.execute("CREATE POLICY rp_plan_insert ON audit_log FOR INSERT TO release_planner "
                     "WITH CHECK (true)")
        conn.execute(f'GRANT TEMPORARY ON DATABASE "{shared.database}" TO PUBLIC')
    engine = create_database_engine(shared.url(shared.owner))
    try:
        _renew_roles(engine)  # what storage.migrate.upgrade does after migrating
    finally:
        engine.dispose()
    with shared.connect(shared.planner) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("INSERT INTO audit_log (at, user_name, action, kind, key) "
                         "VALUES (now(), 'x', 'forged', 'cr', 'CR-309')")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("CREATE TEMP TABLE planner_teams (login text, team text)")
