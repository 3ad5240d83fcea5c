"""Issue 23's rule for the tables issues 22 and 24 added: a planner in psql cannot say someone
else took a baseline, cannot write a scenario's audit rows, cannot put another team's CR in a
scenario, and what she may do there is audited by the server under her login."""

from __future__ import annotations

import pytest
from psycopg import errors

from tests.storage.shared_db import SharedPlan


@pytest.fixture(scope="module")
def shared(postgres_server) -> SharedPlan:
    plan = SharedPlan(postgres_server)
    plan.set_up()
    return plan


def test_a_baseline_names_the_login_that_took_it_whatever_the_row_says(shared):
    with shared.connect(shared.planner) as conn:
        conn.execute("INSERT INTO baselines (name, kind, release, taken_at, taken_by, audit_id, "
                     "content) VALUES ('mine', 'manual', NULL, '2001-01-01', 'the boss', 0, "
                     "'\\x00'::bytea)")
    with shared.connect(shared.owner) as conn:
        by, year = conn.execute("SELECT taken_by, extract(year FROM taken_at) FROM baselines "
                                "WHERE name = 'mine'").fetchone()
    assert by == shared.planner and year >= 2026


def test_a_planner_may_not_sign_off_nor_edit_a_baseline(shared):
    with shared.connect(shared.planner) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("UPDATE baselines SET kind = 'deploy'")
    with shared.connect(shared.planner) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("INSERT INTO signoffs (release, signed_by, login, signed_at, note, "
                     "fingerprint, baseline) VALUES ('R-MAR', 'x', 'x', now(), '', 'f', 'mine')")


def test_a_scenario_edit_is_audited_by_the_server_and_its_audit_cannot_be_forged(shared):
    with shared.connect(shared.planner) as conn:
        conn.execute("SELECT set_config('release_planner.action', 'try a slip', false)")
        conn.execute("INSERT INTO scenarios (name, created_by, created_at) "
                     "VALUES ('slip', 'x', now())")
        conn.execute("INSERT INTO scenario_changes (scenario, kind, key, team, base_version, "
                     "base, after, version, changed_by, changed_at) VALUES ('slip', 'cr', "
                     "'CR-301', 'ACQ', 1, NULL, '{\"key\": \"CR-301\"}', 2, 'x', now())")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("INSERT INTO audit_log (at, user_name, action, kind, key, commit_id, "
                         "scenario) VALUES (now(), 'the boss', 'forged', 'cr', 'CR-204', 1, "
                         "'slip')")
        with pytest.raises(errors.InsufficientPrivilege, match="team BRD"):
            conn.execute("INSERT INTO scenario_changes (scenario, kind, key, team, version, "
                         "changed_by, changed_at) VALUES ('slip', 'cr', 'CR-204', 'BRD', 1, "
                         "'x', now())")
    with shared.connect(shared.owner) as conn:
        rows = conn.execute("SELECT user_name, action, key, row_version FROM audit_log "
                            "WHERE scenario = 'slip'").fetchall()
    assert rows == [(shared.planner, "try a slip", "CR-301", 2)]
