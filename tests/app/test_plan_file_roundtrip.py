"""SPEC.md section 4: the same content round-trips, defaults filled in."""

import json

from app.plan_file import dump_plan, parse_plan, plan_to_document, read_plan, write_plan
from app.plan_validation import build_plan
from app.team_colors import PALETTE

MINIMAL = {
    "format": "release-plan/1",
    "teams": [{"key": "T", "name": "Team"}, {"key": "U", "name": "Other"}],
    "offer_packs": [{"key": "P", "name": "Pack", "items": [
        {"key": "OFR", "kind": "offer", "name": "Offer"}]}],
    "releases": [{"key": "R1", "name": "One", "go_live": "2027-01-15"}],
    "change_requests": [{"key": "CR-1", "title": "Change", "team": "T", "stage": "draft",
                         "changes": [{"op": "set", "item": "OFR", "field": "price", "to": "1"},
                                     {"op": "set", "item": "OFR", "field": "n", "from": None,
                                      "to": 2}]}],
}


def test_defaults_are_filled_in():
    doc = plan_to_document(build_plan(MINIMAL))
    assert doc["settings"] == {"ready_stage": "approved", "legacy_stage": "build",
                               "lead_time_days": {}, "workdays": [1, 2, 3, 4, 5]}
    assert doc["teams"][0] == {"key": "T", "name": "Team", "members": 1, "hours_per_day": 6,
                               "color": PALETTE[0]}
    assert doc["teams"][1]["color"] == PALETTE[1]  # each team gets its own colour
    assert doc["offer_packs"][0]["items"][0] == {"key": "OFR", "kind": "offer", "name": "Offer",
                                                 "status": "active", "attributes": {},
                                                 "uses": []}
    assert doc["releases"][0] == {"key": "R1", "name": "One", "go_live": "2027-01-15",
                                  "freeze_days": 0, "status": "planned"}
    cr = doc["change_requests"][0]
    assert {k: cr[k] for k in ("release", "estimate_hours", "priority", "emergency",
                               "justification", "depends_on")} == \
        {"release": None, "estimate_hours": 0, "priority": 3, "emergency": False,
         "justification": "", "depends_on": []}


def test_an_absent_from_stays_absent_and_a_null_from_stays_null():
    changes = plan_to_document(build_plan(MINIMAL))["change_requests"][0]["changes"]
    assert "from" not in changes[0]
    assert changes[1]["from"] is None


def test_a_pinned_today_is_kept_and_a_missing_one_is_not_invented():
    assert "today" not in plan_to_document(build_plan(MINIMAL))["settings"]
    pinned = {**MINIMAL, "settings": {"today": "2027-01-04"}}
    assert plan_to_document(build_plan(pinned))["settings"]["today"] == "2027-01-04"


def test_export_then_import_gives_an_equal_document_and_is_stable(tmp_path):
    first = plan_to_document(parse_plan(json.dumps(MINIMAL)))
    path = tmp_path / "plan.json"
    write_plan(parse_plan(json.dumps(first)), path)
    assert plan_to_document(read_plan(path)) == first
    assert dump_plan(read_plan(path)) == path.read_text()


def test_order_of_every_list_is_kept():
    doc = json.loads(json.dumps(MINIMAL))
    doc["teams"].reverse()
    doc["change_requests"].append({"key": "CR-0", "title": "Earlier key, later in file",
                                   "team": "U", "stage": "build"})
    out = plan_to_document(build_plan(doc))
    assert [t["key"] for t in out["teams"]] == ["U", "T"]
    assert [c["key"] for c in out["change_requests"]] == ["CR-1", "CR-0"]


def test_writing_replaces_the_file_atomically(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("the old plan")
    write_plan(build_plan(MINIMAL), path)
    assert json.loads(path.read_text())["format"] == "release-plan/1"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary file left
