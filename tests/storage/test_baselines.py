"""Baselines and sign-offs in the database, on SQLite and PostgreSQL: written once, read back
whole, the automatic freeze baseline taken once however many clients see it, and slip reading
who moved what from the audit log."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest

from app.baselines.slip import slip
from app.baselines.take import after_deploy, sign_off, take, take_due
from app.edits.moves import Schedule
from app.edits.releases import Deploy
from app.edits.service import PlanService
from app.model.errors import Refusal
from app.model.plan import Target
from storage.open_store import open_store
from tests.app.plan_builder import demo_plan
from tests.conftest import FIXTURES

TODAY = date(2027, 2, 8)  # the demo's day: R-FEB is frozen, R-MAR not


@pytest.fixture
def store(db_url):
    store = open_store(db_url, user="alice")
    store.replace_all(demo_plan(), "demo")
    yield store
    store.close()


def test_a_baseline_reads_back_whole_and_its_name_is_taken_once(store):
    plan = store.load().plan
    taken = take(store.baselines(), plan, "Monday", "alice")
    back = store.baselines().get("Monday")
    assert back.content == taken.content and back.kind == "manual" and back.taken_by == "alice"
    assert back.content["crs"]["CR-301"] == "R-MAR"
    with pytest.raises(ValueError, match="exists already"):
        take(store.baselines(), plan, "Monday", "bob")


def test_the_freeze_baseline_is_taken_once_by_whoever_sees_the_freeze_first(store, db_url):
    other = open_store(db_url, user="bob")
    try:
        plan = store.load().plan
        assert take_due(store.baselines(), plan, TODAY, "alice") == ["freeze R-FEB"]
        assert take_due(other.baselines(), other.load().plan, TODAY, "bob") == []
        later = date(2027, 2, 22)  # R-MAR's freeze has begun too
        assert take_due(other.baselines(), plan, later, "bob") == ["freeze R-MAR"]
        listed = [(b.name, b.kind, b.release, b.taken_by) for b in store.baselines().list()]
        assert listed == [("freeze R-FEB", "freeze", "R-FEB", "alice"),
                          ("freeze R-MAR", "freeze", "R-MAR", "bob")]
    finally:
        other.close()


def test_slip_names_who_moved_each_cr_and_when(store, db_url):
    baselines = store.baselines()
    base = take(baselines, store.load().plan, "before", "alice")
    bob = open_store(db_url, user="bob")
    try:
        PlanService(bob, TODAY).run(Schedule("CR-301", Target("R-APR")))
    finally:
        bob.close()
    base = baselines.get("before")
    found = slip(base, store.load().plan, baselines.moves_after(base.audit_id))
    assert [(m["cr"], m["from"], m["to"], m["by"]) for m in found["moved"]] == \
        [("CR-301", "R-MAR", "R-APR", "bob")]


def test_a_sign_off_records_the_fingerprint_and_a_second_one_of_the_same_bundle_matches(store):
    plan = store.load().plan
    first, before = sign_off(store.baselines(), plan, "R-MAR", "Ana", "fine", TODAY, "alice")
    second, previous = sign_off(store.baselines(), plan, "R-MAR", "Ana", "", TODAY, "alice")
    assert before is None and previous.fingerprint == second.fingerprint == first.fingerprint
    assert [s.signed_by for s in store.baselines().signoffs("R-MAR")] == ["Ana", "Ana"]
    kinds = {b.kind for b in store.baselines().list()}
    assert kinds == {"signoff"}
    PlanService(store, TODAY).run(Schedule("CR-301", Target("R-APR")))
    third, previous = sign_off(store.baselines(), store.load().plan, "R-MAR", "Ana", "", TODAY,
                               "alice")
    assert third.fingerprint != previous.fingerprint


def test_signing_off_a_deployed_release_is_refused(store):
    with pytest.raises(Refusal) as refused:
        sign_off(store.baselines(), store.load().plan, "R-JAN", "Ana", "", TODAY, "alice")
    assert refused.value.code == "release-closed"
    assert store.baselines().list() == []


def test_the_deploy_baseline_records_what_shipped(store):
    done = PlanService(store, TODAY).run(Deploy("R-FEB"))
    assert after_deploy(store.baselines(), store.load().plan, "R-FEB", "alice") == "deploy R-FEB"
    feb = store.baselines().get("deploy R-FEB").content["releases"]["R-FEB"]
    assert feb["status"] == "deployed" and feb["ships"] == sorted(done.shipped)


def test_only_manual_baselines_are_deleted(store):
    plan = store.load().plan
    take(store.baselines(), plan, "scratch", "alice")
    take_due(store.baselines(), plan, TODAY, "alice")
    assert store.baselines().delete("freeze R-FEB") is False
    assert store.baselines().delete("scratch") is True
    assert [b.name for b in store.baselines().list()] == ["freeze R-FEB"]


def test_a_database_of_the_first_schema_upgrades_and_takes_baselines(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", db)
    store = open_store(str(db), user="alice")
    try:
        take(store.baselines(), store.load().plan, "after upgrade", "alice")
        assert [b.name for b in store.baselines().list()] == ["after upgrade"]
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"baselines", "signoffs"} <= tables


def test_on_postgresql_roles_decide_who_takes_signs_and_deletes(postgres_server):
    import json

    import psycopg

    from tests.storage.shared_db import SharedPlan, run_cli

    shared = SharedPlan(postgres_server)
    shared.set_up()
    viewer, planner, manager = (shared.url(x) for x in (shared.viewer, shared.planner,
                                                        shared.manager))
    # A viewer only looks, and so takes the freeze baseline that was due.
    listed = run_cli("baseline", "list", "--db", viewer, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [(b["name"], b["kind"]) for b in json.loads(listed.stdout)] == \
        [("freeze R-FEB", "freeze")]
    refused = run_cli("baseline", "take", "mine", "--db", viewer, "--format", "json")
    assert refused.returncode == 3 and json.loads(refused.stdout)["error"] == "forbidden"
    assert run_cli("baseline", "take", "monday", "--db", planner).returncode == 0
    refused = run_cli("signoff", "--db", planner, "--release", "R-MAR", "--by", "Pete",
                      "--format", "json")
    assert refused.returncode == 3 and "manager role" in json.loads(refused.stdout)["message"]
    assert run_cli("baseline", "delete", "monday", "--db", planner).returncode == 3
    signed = run_cli("signoff", "--db", manager, "--release", "R-MAR", "--by", "Mona",
                     "--format", "json")
    assert signed.returncode == 0, signed.stderr
    assert run_cli("baseline", "delete", "monday", "--db", manager).returncode == 0
    # Nobody edits a baseline, in raw SQL either; a planner cannot forge a sign-off's.
    for login in (shared.viewer, shared.planner, shared.manager):
        with shared.connect(login) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE baselines SET taken_by = 'someone else'")
    with shared.connect(shared.planner) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO baselines (name, kind, taken_at, taken_by, audit_id, content)"
                     " VALUES ('forged', 'signoff', now(), 'x', 0, '\\x00')")
    with shared.connect(shared.manager) as conn:
        assert conn.execute("DELETE FROM baselines WHERE kind = 'freeze'").rowcount == 0
