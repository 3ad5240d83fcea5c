"""The database commands as a user runs them (SQLite; the store itself is tested on both)."""

import json
import os
import subprocess
import sys

from storage.migrate import SCHEMA_HEAD
from tests.conftest import FIXTURES, ROOT

DEMO = ROOT / "resources" / "demo_plan.json"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=180, env={**os.environ, **(env or {})})


def test_import_then_export_gives_an_equal_document(tmp_path):
    db, out = str(tmp_path / "plan.db"), tmp_path / "out.json"
    assert run("import", str(DEMO), "--db", db).returncode == 0
    result = run("export", "--db", db, "-o", str(out))
    assert result.returncode == 0, result.stderr
    check = run("check", "--plan", str(DEMO), "--format", "json")
    assert json.loads(check.stdout)["valid"] is True
    assert json.loads(out.read_text()) == json.loads(
        subprocess.run([sys.executable, "-c", "import json,sys; from app.plan_file.document import "
                        "read_plan, plan_to_document; print(json.dumps(plan_to_document("
                        f"read_plan({str(DEMO)!r}))))"], capture_output=True, text=True,
                       cwd=ROOT, check=True).stdout)


def test_bundle_from_the_database_equals_bundle_from_the_file(tmp_path):
    db = str(tmp_path / "plan.db")
    run("import", str(DEMO), "--db", db)
    for release in ("R-FEB", "R-MAR"):
        from_db = run("bundle", "--db", db, "--release", release, "--format", "json")
        from_file = run("bundle", "--plan", str(DEMO), "--release", release, "--format", "json")
        assert from_db.returncode == 0, from_db.stderr
        assert json.loads(from_db.stdout) == json.loads(from_file.stdout)


def test_a_bad_plan_file_is_not_imported_and_no_database_is_left(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "release-plan/1"}')
    result = run("import", str(bad), "--db", str(tmp_path / "plan.db"))
    assert result.returncode == 2
    assert "teams: missing (required)" in result.stderr
    assert not (tmp_path / "plan.db").exists()


def test_importing_into_a_database_that_holds_a_plan_is_refused(tmp_path):
    db = str(tmp_path / "plan.db")
    run("import", str(FIXTURES / "spec_example.json"), "--db", db)
    result = run("import", str(DEMO), "--db", db)
    assert result.returncode == 2
    assert "already holds a plan" in result.stderr
    assert json.loads(run("bundle", "--db", db, "--release", "R1", "--format",
                          "json").stdout)["included"] == ["CR-01"]


def test_schedule_and_deploy_persist_and_report_what_happened(tmp_path):
    db = str(tmp_path / "plan.db")
    run("import", str(DEMO), "--db", db)
    moved = run("schedule", "--db", db, "CR-207", "R-MAR")
    assert moved.returncode == 0, moved.stderr
    assert "CR-207: moved from R-FEB to R-MAR" in moved.stdout
    frozen = run("schedule", "--db", db, "CR-501", "R-FEB", "--format", "json")
    assert frozen.returncode == 3
    assert json.loads(frozen.stdout)["error"] == "frozen"
    deployed = run("deploy", "--db", db, "R-FEB", "--format", "json")
    assert deployed.returncode == 0, deployed.stderr
    out = json.loads(deployed.stdout)
    assert "CR-201" in out["shipped"] and out["slipped"] == {"CR-206": "R-MAR"}
    again = run("deploy", "--db", db, "R-FEB")
    assert again.returncode == 3 and "release-closed" in again.stderr


def test_demo_and_generate_fill_new_databases(tmp_path):
    demo = run("demo", "--db", str(tmp_path / "demo.db"))
    assert demo.returncode == 0 and "31 change requests" in demo.stdout
    gen = run("generate", "--db", str(tmp_path / "gen.db"), "--crs", "500", "--seed", "3")
    assert gen.returncode == 0 and "500 change requests" in gen.stdout


def test_without_db_the_local_plan_is_created_with_the_demo(tmp_path):
    env = {"RELEASE_PLANNER_DB": str(tmp_path / "data" / "plan.db")}
    result = run("bundle", "--release", "R-FEB", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert "CR-201" in json.loads(result.stdout)["included"]
    assert (tmp_path / "data" / "plan.db").exists()


def test_db_upgrade_reports_the_schema(tmp_path):
    db = tmp_path / "old.db"
    db.write_bytes((FIXTURES / "schema_0001.db").read_bytes())
    result = run("db", "upgrade", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert SCHEMA_HEAD != "0001"
    assert f"schema is at {SCHEMA_HEAD} " in result.stdout
    assert "backup of the old file" in result.stdout


def test_database_faults_are_one_line_and_exit_2(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    for args in (("--db", str(notes)), ("--db", "postgresql+psycopg://x@127.0.0.1:9/y"),
                 ("--db", str(tmp_path / "missing-folder" / "plan.db"))):
        result = run("bundle", *args, "--release", "R1")
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
