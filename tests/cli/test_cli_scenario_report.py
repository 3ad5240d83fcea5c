"""`report --scenario` (issue 22): the report holds the release against live by default, and
`--no-live-diff` leaves that table out; the scenario is named either way."""

from __future__ import annotations

from tests.cli.test_cli_db import run

TODAY = ("--today", "2027-02-08")


def test_a_scenario_report_opens_with_what_differs_from_live(cli, demo_db, tmp_path):
    db = str(demo_db)
    assert cli("scenario", "create", "april-slip", "--db", db)[0] == 0
    assert cli("schedule", "CR-301", "R-APR", "--db", db, "--scenario", "april-slip",
               *TODAY)[0] == 0
    with_diff, without = tmp_path / "r.html", tmp_path / "plain.html"
    # In its own process: the report draws its timeline with Qt (see test_cli_scenarios.py)
    done = run("report", "--db", db, "--scenario", "april-slip", "--release", "R-MAR",
               "-o", str(with_diff), *TODAY)
    assert done.returncode == 0, done.stderr
    text = with_diff.read_text()
    assert "Differences from the live plan" in text and "Ships only in live" in text
    assert "CR-301" in text[text.index("Differences from the live plan"):][:4000]
    done = run("report", "--db", db, "--scenario", "april-slip", "--release", "R-MAR",
               "--no-live-diff", "-o", str(without), *TODAY)
    assert done.returncode == 0, done.stderr
    plain = without.read_text()
    assert "Differences from the live plan" not in plain
    assert "Scenario: april-slip, not the live plan" in plain
    live = tmp_path / "live.html"
    assert run("report", "--db", db, "--release", "R-MAR", "-o", str(live),
               *TODAY).returncode == 0
    assert "Differences from the live plan" not in live.read_text()
