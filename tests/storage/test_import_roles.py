"""`import-issues` on a shared PostgreSQL plan (issue 26): the login's role decides (exit 3 when
it refuses, nothing written), a manager imports in one audited commit, and re-imports nothing."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.importing import exports
from tests.storage.shared_db import SharedPlan, run_cli


@pytest.fixture(scope="module")
def shared(postgres_server) -> SharedPlan:
    plan = SharedPlan(postgres_server)
    plan.set_up()
    return plan


def _count(shared, sql: str) -> int:
    with shared.connect(shared.owner) as conn:
        return conn.execute(sql).fetchone()[0]


def test_roles_decide_who_imports(shared, tmp_path):
    path = exports.write_csv(tmp_path / "jira.csv", exports.jira_rows(40))
    crs = _count(shared, "SELECT count(*) FROM change_requests")

    dry = run_cli("import-issues", str(path), "--db", shared.url(shared.viewer), "--dry-run",
                  "--format", "json")
    assert dry.returncode == 0, dry.stderr  # a viewer may look
    assert json.loads(dry.stdout)["created"]

    refused = run_cli("import-issues", str(path), "--db", shared.url(shared.planner),
                      "--format", "json")
    assert refused.returncode == 3, refused.stderr
    assert json.loads(refused.stdout)["error"] == "forbidden"
    assert "Traceback" not in refused.stderr
    assert _count(shared, "SELECT count(*) FROM change_requests") == crs  # nothing written

    done = run_cli("import-issues", str(path), "--db", shared.url(shared.manager),
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)["created"]
    assert _count(shared, "SELECT count(*) FROM change_requests") == crs + len(created)
    assert _count(shared, "SELECT count(*) FROM cr_sources") == len(created)
    assert _count(shared, "SELECT count(DISTINCT commit_id) FROM audit_log WHERE action = "
                          "'import issues from jira.csv'") == 1  # one commit

    again = run_cli("import-issues", str(path), "--db", shared.url(shared.manager),
                    "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["created"] == []
    assert sorted(json.loads(again.stdout)["unchanged"]) == sorted(created)


def test_a_planner_deletes_an_imported_cr_of_their_team_and_its_origin_goes_with_it(shared,
                                                                                    tmp_path):
    from app.edits.crs import DeleteCr
    from app.edits.service import PlanService
    from storage.open_store import open_store

    path = exports.write_csv(tmp_path / "acq.csv", exports.jira_rows(12, project="ACQX"))
    done = run_cli("import-issues", str(path), "--db", shared.url(shared.manager),
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    store = open_store(shared.url(shared.planner))
    try:
        service = PlanService(store)
        plan = service.load().plan
        mine = next(k for k in json.loads(done.stdout)["created"]
                    if plan.crs[k].team == "ACQ" and k not in plan.dependents())
        service.run(DeleteCr(mine))
        after = service.load().plan
        assert mine not in after.crs and mine not in after.sources
    finally:
        store.close()
