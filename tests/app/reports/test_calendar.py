"""The calendar's identities: a revision per release that counts the changes a calendar must
follow, and a plan identity that keeps two plans' events apart."""

from datetime import date, datetime

from icalendar import Calendar

from app.reports.calendar_identity import (
    database_identity,
    plan_file_identity,
    release_revision,
)
from app.reports.content import build_report
from app.reports.export import write_report
from tests.app.plan_builder import GENERATED

R = {"key": "R1", "name": "Release", "go_live": "2027-01-15", "freeze_days": 3,
     "status": "planned"}


def audit(before, after) -> dict:
    return {"at": GENERATED, "user": "u", "action": "edit", "before": before, "after": after}


def test_a_revision_counts_changes_of_dates_and_status_only():
    renamed = {**R, "name": "Another name"}
    moved = {**renamed, "go_live": "2027-01-22"}
    longer = {**moved, "freeze_days": 5}
    shipped = {**longer, "status": "deployed"}
    history = [audit(None, R), audit(R, renamed)]
    assert release_revision(history) == 0  # created, then renamed: the dates stand
    history += [audit(renamed, moved), audit(moved, longer), audit(longer, shipped)]
    assert release_revision(history) == 3


def test_a_database_is_known_by_the_record_that_filled_it():
    filled = [{"at": datetime(2026, 11, 30, 8), "user": "ann", "action": "import plan.json",
               "after": {"teams": 3}}]
    other = [{**filled[0], "at": datetime(2026, 11, 30, 8, 0, 1)}]
    assert database_identity(filled, "a.db") == database_identity(filled, "b.db")
    assert database_identity(filled, "a.db") != database_identity(other, "a.db")
    assert database_identity([], "a.db") != database_identity([], "b.db")  # no record: where


def test_a_plan_file_is_known_by_its_full_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert plan_file_identity("plan.json") == plan_file_identity(tmp_path / "plan.json")
    assert plan_file_identity("plan.json") != plan_file_identity(tmp_path / "other.json")


def test_the_calendar_uses_revisions_and_identity(tmp_path, demo):
    report = build_report(demo, "R-MAR", demo.settings.today, generated_at=GENERATED,
                          revisions={"R-MAR": 4}, plan_identity="abc")
    cal = Calendar.from_ical(write_report(report, "ics", tmp_path / "r.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert int(events["go-live.R-MAR.abc@release-planner"]["sequence"]) == 4
    assert int(events["freeze.R-MAR.abc@release-planner"]["sequence"]) == 4
    assert int(events["go-live.R-APR.abc@release-planner"]["sequence"]) == 0
    assert events["go-live.R-MAR.abc@release-planner"]["dtstart"].dt == date(2027, 2, 25)
