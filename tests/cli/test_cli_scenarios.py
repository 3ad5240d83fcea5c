"""The command line's scenario contract (issue 22): names, options, JSON fields, exit codes."""

from __future__ import annotations

import json

from app.engine.bundle import compute_bundles
from app.plan_file.document import read_plan
from tests.cli.conftest import beside, digest
from tests.cli.test_cli_db import run

TODAY = ("--today", "2027-02-08")


def _json(cli, *argv):
    code, out, err = cli(*argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_create_list_delete_and_bad_names(cli, demo_db):
    db = str(demo_db)
    assert cli("scenario", "create", "april", "--db", db)[0] == 0
    assert cli("scenario", "create", "april-b", "--db", db, "--from", "april")[0] == 0
    listed = _json(cli, "scenario", "list", "--db", db)
    assert [s["name"] for s in listed] == ["april", "april-b"]
    assert set(listed[0]) == {"name", "created_by", "created_at", "changes", "stale"}
    assert (listed[0]["changes"], listed[0]["stale"]) == (0, 0)
    for bad in ("april", "live", "", "x" * 65):
        code, _, err = cli("scenario", "create", bad, "--db", db)
        assert code == 2 and err.count("\n") == 1, err
    assert cli("scenario", "create", "c", "--db", db, "--from", "nowhere")[0] == 2
    assert cli("scenario", "delete", "april", "--db", db)[0] == 0
    assert [s["name"] for s in _json(cli, "scenario", "list", "--db", db)] == ["april-b"]
    code, _, err = cli("scenario", "delete", "april", "--db", db)
    assert code == 2 and 'no scenario "april"' in err


def test_an_edit_with_scenario_reaches_the_scenario_only(cli, demo_db, tmp_path):
    db = str(demo_db)
    cli("scenario", "create", "april", "--db", db)
    live_bundle = _json(cli, "bundle", "--db", db, "--release", "R-MAR", *TODAY)
    assert cli("schedule", "--db", db, "--scenario", "april", "CR-301", "R-APR", *TODAY)[0] == 0
    assert _json(cli, "bundle", "--db", db, "--release", "R-MAR", *TODAY) == live_bundle
    in_april = _json(cli, "bundle", "--db", db, "--scenario", "april", "--release", "R-MAR",
                     *TODAY)
    assert "CR-301" not in in_april["included"] and "CR-301" in live_bundle["included"]
    # export --scenario writes the scenario's whole plan; its bundle is the scenario's
    out = tmp_path / "april.json"
    assert cli("export", "--db", db, "--scenario", "april", "-o", str(out))[0] == 0
    assert read_plan(str(out)).crs["CR-301"].release == "R-APR"
    assert _json(cli, "bundle", "--plan", str(out), "--release", "R-MAR", *TODAY) == in_april
    history = _json(cli, "history", "--db", db, "--scenario", "april")
    assert [(e["action"], e["cr"]) for e in history] == [("schedule CR-301 to R-APR", "CR-301")]
    assert all(e["action"] != "schedule CR-301 to R-APR"
               for e in _json(cli, "history", "--db", db))
    listed = _json(cli, "scenario", "list", "--db", db)
    assert (listed[0]["changes"], listed[0]["stale"]) == (1, 0)


def test_scenario_where_it_cannot_apply_is_bad_input(cli, demo_db, spec_example_path, tmp_path):
    db = str(demo_db)
    cli("scenario", "create", "april", "--db", db)
    before = digest(*beside(demo_db))
    code, _, err = cli("deploy", "--db", db, "--scenario", "april", "R-FEB")
    assert code == 2 and "live act" in err
    code, _, err = cli("bundle", "--plan", str(spec_example_path), "--scenario", "april",
                       "--release", "R1")
    assert code == 2 and "--scenario" in err
    code, _, err = cli("bundle", "--db", db, "--scenario", "nope", "--release", "R-MAR")
    assert code == 2 and 'no scenario "nope"' in err
    assert digest(*beside(demo_db)) == before


def test_diff_follows_the_contract_and_agrees_with_the_exported_plans(cli, demo_db, tmp_path):
    db = str(demo_db)
    cli("scenario", "create", "april", "--db", db)
    cli("schedule", "--db", db, "--scenario", "april", "CR-301", "R-APR", *TODAY)
    doc = _json(cli, "scenario", "diff", "live", "april", "--db", db, *TODAY)
    assert set(doc) == {"releases", "moved"}
    assert doc["moved"] == [{"cr": "CR-301", "a": "R-MAR", "b": "R-APR"}]
    mar = next(r for r in doc["releases"] if r["release"] == "R-MAR")
    assert set(mar) == {"release", "go_live", "ships_only_in_a", "ships_only_in_b",
                        "excluded_reason_changed", "warnings_only_in_a", "warnings_only_in_b",
                        "load"}
    assert mar["go_live"] == {"a": "2027-02-25", "b": "2027-02-25"}
    assert {"cr": "CR-311", "a": None, "b": "blocked-by-dependency"} in \
        mar["excluded_reason_changed"]
    for name in ("live", "april"):
        args = ("--scenario", name) if name != "live" else ()
        cli("export", "--db", db, *args, "-o", str(tmp_path / f"{name}.json"))
    a = compute_bundles(read_plan(str(tmp_path / "live.json")))
    b = compute_bundles(read_plan(str(tmp_path / "april.json")))
    assert [r["release"] for r in doc["releases"]] == list(a)
    for r in doc["releases"]:
        ia, ib = set(a[r["release"]].included), set(b[r["release"]].included)
        assert (r["ships_only_in_a"], r["ships_only_in_b"]) == (sorted(ia - ib), sorted(ib - ia))
    only = _json(cli, "scenario", "diff", "live", "april", "--db", db, "--release", "R-APR",
                 *TODAY)
    assert [r["release"] for r in only["releases"]] == ["R-APR"]
    code, out, _ = cli("scenario", "diff", "live", "april", "--db", db, *TODAY)
    assert code == 0 and "ships only in live: CR-301" in out
    assert cli("scenario", "diff", "live", "nope", "--db", db)[0] == 2
    assert cli("scenario", "diff", "live", "april", "--db", db, "--release", "R-X")[0] == 2


def test_promote_applies_to_live_or_refuses_everything(cli, demo_db):
    db = str(demo_db)
    cli("scenario", "create", "april", "--db", db)
    cli("schedule", "--db", db, "--scenario", "april", "CR-301", "R-APR", *TODAY)
    cli("schedule", "--db", db, "--scenario", "april", "CR-302", "R-APR", *TODAY)
    cli("schedule", "--db", db, "CR-302", "backlog", *TODAY)  # live moves CR-302: stale
    before = digest(*beside(demo_db))
    code, out, err = cli("scenario", "promote", "april", "--db", db, "--format", "json", *TODAY)
    assert code == 3 and "nothing was promoted" in err
    refusal = json.loads(out)
    assert refusal["stale"] == [{"kind": "cr", "key": "CR-302"}] and refusal["refused"] == []
    assert digest(*beside(demo_db)) == before
    assert cli("scenario", "promote", "april", "--db", db, "--cr", "CR-999")[0] == 2
    done = _json(cli, "scenario", "promote", "april", "--db", db, "--cr", "CR-301", *TODAY)
    assert done == {"scenario": "april", "applied": [{"kind": "cr", "key": "CR-301"}]}
    live = _json(cli, "bundle", "--db", db, "--release", "R-APR", *TODAY)
    assert "CR-301" in live["included"]
    listed = _json(cli, "scenario", "list", "--db", db)
    assert (listed[0]["changes"], listed[0]["stale"]) == (1, 1)  # CR-302 stays, stale
    assert _json(cli, "history", "--db", db, "--limit", "1")[0]["action"] == \
        "promote scenario april"


def test_a_report_of_a_scenario_says_so(cli, demo_db, tmp_path):
    db = str(demo_db)
    cli("scenario", "create", "april-slip", "--db", db)
    out = tmp_path / "r.html"
    # In its own process: the report draws its timeline with Qt, which must not start in
    # this one before the widget tests make their QApplication.
    done = run("report", "--db", db, "--scenario", "april-slip", "--release", "R-MAR",
               "-o", str(out), *TODAY)
    assert done.returncode == 0, done.stderr
    assert "Scenario: april-slip, not the live plan" in out.read_text()
