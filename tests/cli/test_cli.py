"""The command line as a user runs it: a real subprocess, exit codes, stdout and stderr."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, input=stdin, timeout=120)


def write(tmp_path: Path, doc: dict, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def example() -> dict:
    return json.loads((FIXTURES / "spec_example.json").read_text())


def test_check_accepts_a_valid_plan_and_says_what_it_holds(spec_example_path):
    result = run("check", "--plan", str(spec_example_path))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
    assert "3 items" in result.stdout and "1 change requests" in result.stdout


def test_check_refuses_a_bad_plan_with_every_problem_by_path(tmp_path):
    doc = example()
    doc["change_requests"][0]["depends_on"] = ["CR-99"]
    doc["change_requests"][0]["team"] = "NOPE"
    doc["releases"][0]["go_live"] = "2027-02-30"
    result = run("check", "--plan", write(tmp_path, doc))
    assert result.returncode == 2
    assert result.stdout == ""
    err = result.stderr
    assert 'change_requests[0].depends_on[0]: unknown change request "CR-99"' in err
    assert 'change_requests[0].team: unknown team "NOPE"' in err
    assert 'releases[0].go_live: "2027-02-30" is not a date that exists' in err
    assert "3 problems" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("content, expected", [
    ("{not json", "not valid JSON"),
    ("", "not valid JSON"),
    ("[1, 2]", "must be an object"),
])
def test_check_refuses_a_file_that_is_not_a_plan_without_a_traceback(tmp_path, content, expected):
    path = tmp_path / "broken.json"
    path.write_text(content)
    result = run("check", "--plan", str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_check_of_a_missing_file_says_it_cannot_read_it(tmp_path):
    result = run("check", "--plan", str(tmp_path / "nowhere.json"))
    assert result.returncode == 2
    assert "cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr


def test_bundle_json_has_exactly_the_fields_of_spec_section_5(spec_example_path):
    result = run("bundle", "--plan", str(spec_example_path), "--release", "R1", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["release", "go_live", "freeze_start", "frozen", "included", "excluded",
                         "held_back", "conflicts", "changes", "warnings", "sends"]
    assert out["release"] == "R1"
    assert out["go_live"] == "2027-01-15"
    assert out["freeze_start"] == "2027-01-12"
    assert out["frozen"] is False
    assert out["included"] == ["CR-01"]
    assert out["changes"] == [
        {"cr": "CR-01", "op": "set", "item": "OFR-UNL", "field": "price",
         "before": "49.99", "after": "44.99"},
        {"cr": "CR-01", "op": "create", "item": "LP-UNL", "field": None,
         "before": None, "after": "active"},
        {"cr": "CR-01", "op": "retire", "item": "EM-OLD", "field": None,
         "before": "active", "after": "retired"},
    ]


def test_bundle_json_field_shapes_of_every_section(tmp_path):
    doc = example()
    doc["teams"].append({"key": "RET", "name": "Retention"})
    doc["releases"].append({"key": "R2", "name": "February", "go_live": "2027-02-15"})
    doc["change_requests"] += [
        {"key": "CR-02", "title": "Other price", "team": "RET", "release": "R1",
         "stage": "approved", "changes": [{"op": "set", "item": "OFR-UNL", "field": "price",
                                           "to": "39.99"}]},
        {"key": "CR-03", "title": "Waits", "team": "RET", "release": "R1", "stage": "approved",
         "depends_on": ["CR-04"], "emergency": True, "justification": "outage"},
        {"key": "CR-04", "title": "Later", "team": "RET", "release": "R2", "stage": "test",
         "estimate_hours": 500},
    ]
    result = run("bundle", "--plan", write(tmp_path, doc), "--release", "R1", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["excluded"] == [{"cr": "CR-03", "reason": "blocked-by-dependency",
                                "detail": "CR-04"}]
    assert out["held_back"] == [{"cr": "CR-04", "target": "R2", "stage": "test"}]
    assert out["conflicts"] == [{"item": "OFR-UNL", "field": "price",
                                 "values": {"CR-01": "44.99", "CR-02": "39.99"}}]
    assert out["warnings"] == [{"code": "emergency", "cr": "CR-03"}]


def test_today_option_overrides_the_plan_date_and_freezes_the_release(spec_example_path):
    result = run("bundle", "--plan", str(spec_example_path), "--release", "R1",
                 "--format", "json", "--today", "2027-01-12")
    assert json.loads(result.stdout)["frozen"] is True


def test_a_bad_today_is_bad_input(spec_example_path):
    result = run("bundle", "--plan", str(spec_example_path), "--release", "R1",
                 "--today", "2027-13-01")
    assert result.returncode == 2
    assert "2027-13-01" in result.stderr


def test_bundle_table_is_readable(spec_example_path):
    result = run("bundle", "--plan", str(spec_example_path), "--release", "R1")
    assert result.returncode == 0
    assert result.stdout.startswith('Release R1 "January": go-live 2027-01-15')
    assert "Can be deployed." in result.stdout
    assert 'OFR-UNL.price  "49.99" -> "44.99"' in result.stdout


def test_bundle_of_an_unknown_release_is_refused_with_code_3(spec_example_path):
    result = run("bundle", "--plan", str(spec_example_path), "--release", "R9",
                 "--format", "json")
    assert result.returncode == 3
    assert json.loads(result.stdout) == {"error": "unknown-release",
                                         "message": 'there is no release "R9"'}
    assert "unknown-release" in result.stderr


def test_bundle_of_a_deployed_release_is_refused_as_closed(tmp_path):
    doc = example()
    doc["releases"].append({"key": "R0", "name": "Old", "go_live": "2026-12-01",
                            "status": "deployed"})
    result = run("bundle", "--plan", write(tmp_path, doc), "--release", "R0")
    assert result.returncode == 3
    assert "release-closed" in result.stderr
    assert result.stdout == ""


def test_unknown_option_is_bad_input():
    result = run("bundle", "--plan")
    assert result.returncode == 2
