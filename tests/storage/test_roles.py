"""Roles enforced by PostgreSQL: each role through the command line and through raw SQL (what a
psql session could try), on a real server with real logins."""

from __future__ import annotations

import json
import select

import psycopg
import pytest
from psycopg import errors

from app.edits.crs import AddDependency, CreateCr, DeleteCr, RemoveDependency
from storage.open_store import open_store
from storage.roles import PLAN_TABLES
from tests.storage.shared_db import SharedPlan, run_cli

# A column each table has, to write it back unchanged.
_SOME_COLUMN = {"settings": "ready_stage", "teams": "name", "offer_packs": "name", "items": "name",
                "releases": "name", "change_requests": "title", "dependencies": "seq",
                "audit_log": "action"}


@pytest.fixture(scope="module")
def shared(postgres_server) -> SharedPlan:
    plan = SharedPlan(postgres_server)
    plan.set_up()
    return plan


def _release_of(shared, cr: str) -> str | None:
    with shared.connect(shared.owner) as conn:
        return conn.execute("SELECT release FROM change_requests WHERE key = %s",
                            (cr,)).fetchone()[0]


def _refused(conn, sql: str, params=()) -> str:
    """Run `sql` in a transaction that is rolled back; the refusal's message."""
    with pytest.raises(errors.InsufficientPrivilege) as refused, conn.transaction():
        conn.execute(sql, params)
    return str(refused.value)


def test_db_roles_again_is_harmless(shared):
    again = run_cli("db", "roles", "--db", shared.url(shared.owner), "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["roles"] == ["release_viewer", "release_planner",
                                                 "release_manager"]
    assert run_cli("schedule", "--db", shared.url(shared.planner), "CR-402", "R-MAR") \
        .returncode == 0  # the policies still let a planner work


def test_a_viewer_reads_everything_and_writes_nothing_even_in_raw_sql(shared):
    with shared.connect(shared.viewer) as conn:
        for table in (*PLAN_TABLES, "audit_log"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
            column = _SOME_COLUMN[table]
            assert "permission denied" in _refused(conn, f"UPDATE {table} SET {column} = {column}")
            assert "permission denied" in _refused(conn, f"DELETE FROM {table}")
        _refused(conn, "INSERT INTO teams (key, name, members, hours_per_day, color, position) "
                       "VALUES ('NEW', 'New', 1, 6, '#000000', 99)")


def test_a_viewer_is_refused_by_the_command_line_naming_the_role_it_needs(shared):
    refused = run_cli("schedule", "--db", shared.url(shared.viewer), "CR-311", "R-APR",
                      "--format", "json")
    assert refused.returncode == 3
    answer = json.loads(refused.stdout)
    assert answer["error"] == "forbidden" and "planner role" in answer["message"]
    assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert _release_of(shared, "CR-311") == "R-MAR"


def test_a_planner_schedules_their_teams_crs_and_nothing_else(shared):
    url = shared.url(shared.planner)
    assert run_cli("schedule", "--db", url, "CR-301", "R-APR").returncode == 0
    assert _release_of(shared, "CR-301") == "R-APR"
    other_team = run_cli("schedule", "--db", url, "CR-302", "R-APR", "--format", "json")
    assert other_team.returncode == 3
    message = json.loads(other_team.stdout)["message"]
    assert json.loads(other_team.stdout)["error"] == "forbidden"
    assert "CR-302" in message and "team BRD" in message
    assert _release_of(shared, "CR-302") == "R-MAR"
    deploy = run_cli("deploy", "--db", url, "R-FEB", "--format", "json")
    assert deploy.returncode == 3 and "manager role" in json.loads(deploy.stdout)["message"]


def test_a_planner_creates_links_and_deletes_their_teams_crs_through_the_client(shared):
    from dataclasses import replace

    from app.edits.service import PlanService
    from app.model.errors import Forbidden

    store = open_store(shared.url(shared.planner))
    try:
        service = PlanService(store)
        template = service.load().plan.crs["CR-502"]  # ACQ, in the backlog
        service.run(CreateCr(replace(template, key="CR-900", title="Winter promo", depends_on=())))
        service.run(AddDependency("CR-900", "CR-302"))  # on another team's CR: only CR-900 changes
        assert service.load().plan.crs["CR-900"].depends_on == ("CR-302",)
        service.run(RemoveDependency("CR-900", "CR-302"))
        service.run(DeleteCr("CR-900"))
        assert "CR-900" not in service.load().plan.crs
        with pytest.raises(Forbidden) as refused:
            service.run(CreateCr(replace(template, key="CR-901", team="BRD", depends_on=())))
        assert refused.value.code == "forbidden" and "team BRD" in refused.value.message
        assert "CR-901" not in service.load().plan.crs
    finally:
        store.close()


def test_a_planners_edit_of_many_crs_with_one_of_another_team_is_refused_whole(shared):
    """Many rows go in one UPDATE ... FROM (VALUES ...): the server's row rules still judge
    every row, so one CR of another team refuses the whole edit and nothing is written."""
    from dataclasses import replace

    from app.model.change_set import ChangeSet, RowChange

    store = open_store(shared.url(shared.planner))
    try:
        base = store.load()
        crs = base.plan.crs

        def retitled(*keys) -> ChangeSet:
            return ChangeSet(tuple(RowChange("cr", k, crs[k], replace(crs[k], title="Group"))
                                   for k in keys))

        own = sorted(k for k, cr in crs.items() if cr.team == "ACQ"
                     and base.plan.releases.get(cr.release or "") is not None
                     and base.plan.releases[cr.release].status == "planned")[:3]
        assert len(own) == 3 and crs["CR-204"].team == "BRD"
        with pytest.raises(Exception, match="CR-204 is a CR of team BRD"):
            store.write(retitled(*own, "CR-204"), base.versions, "group")
        after = store.load().plan.crs
        assert all(after[k] == crs[k] for k in (*own, "CR-204"))
        store.write(retitled(*own), base.versions, "group")  # her team's CRs only: written
        assert all(store.load().plan.crs[k].title == "Group" for k in own)
    finally:
        store.close()


def test_a_planner_in_raw_sql_cannot_touch_another_teams_crs_or_anything_else(shared):
    with shared.connect(shared.planner) as conn:
        with conn.transaction(force_rollback=True):
            assert conn.execute("UPDATE change_requests SET title = 'mine' "
                                "WHERE key = 'CR-309'").rowcount == 1  # team ACQ: theirs
        assert "team BRD" in _refused(conn, "UPDATE change_requests SET title = 'x' "
                                            "WHERE key = 'CR-204'")
        # every row: BRD's too (those of the deployed R-JAN are refused by another rule)
        _refused(conn, "UPDATE change_requests SET title = 'x' "
                       "WHERE release IS DISTINCT FROM 'R-JAN'")
        _refused(conn, "UPDATE change_requests SET team = 'BRD' WHERE key = 'CR-309'")
        _refused(conn, "UPDATE change_requests SET team = 'ACQ' WHERE key = 'CR-204'")
        _refused(conn, "DELETE FROM change_requests WHERE key = 'CR-307'")
        _refused(conn, "INSERT INTO change_requests (key, title, team, stage, estimate_hours, "
                       "priority, emergency, justification, changes, position) VALUES "
                       "('CR-999', 'x', 'BRD', 'draft', 1, 1, false, '', '[]', 999)")
        _refused(conn, "INSERT INTO dependencies (cr, depends_on, seq) "
                       "VALUES ('CR-307', 'CR-309', 0)")
        _refused(conn, "DELETE FROM dependencies WHERE cr = 'CR-305'")
        for sql in ("UPDATE releases SET status = 'deployed' WHERE key = 'R-FEB'",
                    "UPDATE settings SET ready_stage = 'draft'", "DELETE FROM items",
                    "UPDATE teams SET members = 99", "DELETE FROM offer_packs"):
            _refused(conn, sql)


def test_a_change_in_raw_sql_is_audited_and_announced_by_the_server(shared):
    store = open_store(shared.url(shared.viewer))
    signal = store.open_signal()
    try:
        last = store.last_change_id()
        with shared.connect(shared.planner) as conn, conn.transaction():
            conn.execute("SELECT set_config('release_planner.action', 'retitle by hand', true)")
            conn.execute("UPDATE change_requests SET title = 'told' WHERE key = 'CR-309'")
        for _ in range(100):
            select.select([signal.fileno()], [], [], 0.1)
            if signal.drain().changes:
                break
        [commit] = store.changes_since(last).commits
        assert (commit.user, commit.action) == (shared.planner, "retitle by hand")
        [row] = commit.rows
        assert (row.key, row.before["title"], row.after["title"]) == ("CR-309", "Family add-on "
                                                                      "landing page", "told")
        assert store.load().plan.crs["CR-309"].title == "told"
    finally:
        signal.close()
        store.close()


def test_the_audit_user_is_the_login_whatever_the_client_claims(shared):
    done = run_cli("schedule", "--db", shared.url(shared.planner), "CR-303", "R-APR",
                   env={"RELEASE_PLANNER_USER": "someone-else"})
    assert done.returncode == 0, done.stderr
    with shared.connect(shared.owner) as conn:
        users = dict(conn.execute("SELECT action, user_name FROM audit_log WHERE action = "
                                  "'schedule CR-303 to R-APR'").fetchall())
    assert users == {"schedule CR-303 to R-APR": shared.planner}


def test_a_planner_cannot_forge_audit_rows_of_other_teams_or_of_a_deploy(shared):
    with shared.connect(shared.planner) as conn:
        brd = json.dumps({"key": "CR-204", "team": "BRD"})
        _refused(conn, "INSERT INTO audit_log (at, user_name, action, kind, key, after) "
                       "VALUES (now(), 'x', 'note', 'cr', 'CR-204', %s)", (brd,))
        _refused(conn, "INSERT INTO audit_log (at, user_name, action, kind, key, after) "
                       "VALUES (now(), 'x', 'deploy R-FEB', 'release', 'R-FEB', '{}')")


def test_only_the_owner_changes_or_deletes_audit_rows(shared):
    for login in (shared.viewer, shared.planner, shared.manager):
        with shared.connect(login) as conn:
            _refused(conn, "DELETE FROM audit_log")
            _refused(conn, "UPDATE audit_log SET user_name = 'nobody'")
    with shared.connect(shared.owner) as conn, conn.transaction(force_rollback=True):
        assert conn.execute("UPDATE audit_log SET user_name = user_name").rowcount > 0


def test_the_client_is_told_what_its_login_may_do(shared):
    def permissions(login):
        store = open_store(shared.url(login))
        try:
            return store.permissions()
        finally:
            store.close()

    viewer, planner = permissions(shared.viewer), permissions(shared.planner)
    manager, owner = permissions(shared.manager), permissions(shared.owner)
    assert (viewer.role, planner.role, manager.role, owner.role) == \
        ("viewer", "planner", "manager", "manager")
    assert viewer.may("read") and not viewer.may("schedule", "ACQ")
    assert planner.login == shared.planner and planner.teams == {"ACQ", "RET"}
    assert planner.may("schedule", "ACQ") and not planner.may("schedule", "BRD")
    assert not planner.may("deploy") and "manager role" in planner.why_not("deploy")
    assert "team BRD" in planner.why_not("edit_cr", "BRD")
    assert manager.may("deploy") and manager.may("edit_cr", "BRD") and manager.enforced


def test_only_a_manager_deploys(shared):
    done = run_cli("deploy", "--db", shared.url(shared.manager), "R-FEB", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "CR-201" in json.loads(done.stdout)["shipped"]


def test_revoke_takes_the_role_away(shared):
    login = f"tim_{shared.database}"
    with shared.admin() as conn:
        conn.execute(f'CREATE ROLE "{login}" LOGIN PASSWORD \'secret\'')
    owner = shared.url(shared.owner)
    assert run_cli("db", "grant", "--db", owner, login, "planner", "--team", "RET") \
        .returncode == 0
    assert run_cli("schedule", "--db", shared.url(login), "CR-402", "R-APR").returncode == 0
    assert run_cli("db", "revoke", "--db", owner, login).returncode == 0
    after = run_cli("schedule", "--db", shared.url(login), "CR-402", "R-MAR", "--format", "json")
    assert after.returncode == 3 and json.loads(after.stdout)["error"] == "forbidden"
    assert "viewer" in json.loads(after.stdout)["message"]  # it may not even read now
    assert _release_of(shared, "CR-402") == "R-APR"


@pytest.mark.parametrize("args, says", [
    (("nobody_here", "viewer"), "no login 'nobody_here'"),
    (("{planner}", "planner", "--team", "NOPE"), "--team NOPE: the plan has no such team"),
    (("{planner}", "viewer", "--team", "ACQ"), "only a planner has teams"),
    (("{planner}", "planner"), "a planner needs at least one team"),
])
def test_grant_refuses_what_it_cannot_do_in_one_line(shared, args, says):
    args = [a.format(planner=shared.planner) for a in args]
    done = run_cli("db", "grant", "--db", shared.url(shared.owner), *args)
    assert done.returncode == 2 and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    with shared.connect(shared.owner) as conn:  # nothing changed: still a planner of ACQ, RET
        assert {r[0] for r in conn.execute("SELECT team FROM planner_teams WHERE login = %s",
                                           (shared.planner,))} == {"ACQ", "RET"}


def test_presence_rows_carry_the_login_and_nobody_removes_anothers(shared):
    store = open_store(shared.url(shared.viewer), user="claimed-name")
    try:
        store.announce_presence("CR-204")
        with shared.connect(shared.planner) as conn:
            assert conn.execute("DELETE FROM presence").rowcount == 0  # a fresh row of another
            rows = conn.execute("SELECT user_name, cr FROM presence").fetchall()
        assert rows == [(shared.viewer, "CR-204")]
    finally:
        store.leave()
        store.close()


def test_a_login_without_a_role_cannot_read(shared):
    login = f"eve_{shared.database}"
    with shared.admin() as conn:
        conn.execute(f'CREATE ROLE "{login}" LOGIN PASSWORD \'secret\'')
    with pytest.raises(psycopg.errors.InsufficientPrivilege), shared.connect(login) as conn:
        conn.execute("SELECT * FROM change_requests")


def test_another_plan_on_the_same_server_without_db_roles_is_left_alone(shared):
    other = SharedPlan(shared.server)  # the group roles exist on the server already
    url = other.url(other.owner)
    assert run_cli("demo", "--db", url).returncode == 0
    with other.connect(other.owner) as conn:  # the setup of before roles: grants to logins
        conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public '
                     f'TO "{other.planner}"')
    store = open_store(other.url(other.planner), user="pat")
    try:
        permissions = store.permissions()
    finally:
        store.close()
    assert (permissions.role, permissions.enforced) == ("manager", False)
    refused = run_cli("db", "grant", "--db", url, other.planner, "viewer")
    assert refused.returncode == 2 and "run `release-planner db roles` first" in refused.stderr


def test_an_upgrade_of_a_database_with_roles_renews_its_grants(shared):
    from storage.database import create_database_engine
    from storage.migrate import _renew_roles

    with shared.connect(shared.owner) as conn:  # as if a new table had come without grants
        conn.execute("REVOKE SELECT ON presence FROM release_viewer")
    with shared.connect(shared.viewer) as conn:
        _refused(conn, "SELECT count(*) FROM presence")
    engine = create_database_engine(shared.url(shared.owner))
    try:
        _renew_roles(engine)  # what storage.migrate.upgrade does after migrating
    finally:
        engine.dispose()
    with shared.connect(shared.viewer) as conn:
        conn.execute("SELECT count(*) FROM presence")  # not refused any more


def test_a_planner_puts_only_their_teams_crs_in_a_scenario_and_a_viewer_reads_it(shared):
    """Issue 22: a planner may create a scenario and put changes to their teams' CRs in it; a
    viewer may read scenarios but not make one; nothing reaches live."""
    name = f"sc_{shared.planner}"
    made = run_cli("scenario", "create", name, "--db", shared.url(shared.planner))
    assert made.returncode == 0, made.stderr
    live_before = _release_of(shared, "CR-303")  # other tests of this module move it too
    target = "R-MAR" if live_before == "R-APR" else "R-APR"
    mine = run_cli("schedule", "--db", shared.url(shared.planner), "--scenario", name,
                   "CR-303", target)  # RET's: the planner's team
    assert mine.returncode == 0, mine.stderr
    theirs = run_cli("schedule", "--db", shared.url(shared.planner), "--scenario", name,
                     "CR-305", "R-APR")  # BRD's: not the planner's team
    assert theirs.returncode != 0 and "Traceback" not in theirs.stderr
    assert "BRD" in theirs.stderr
    seen = run_cli("scenario", "list", "--db", shared.url(shared.viewer), "--format", "json")
    assert seen.returncode == 0, seen.stderr
    listed = next(s for s in json.loads(seen.stdout) if s["name"] == name)
    assert (listed["created_by"], listed["changes"]) == (shared.planner, 1)
    refused = run_cli("scenario", "create", "viewer_sc", "--db", shared.url(shared.viewer))
    assert refused.returncode == 3 and "needs the planner or manager role" in refused.stderr
    assert _release_of(shared, "CR-303") == live_before
