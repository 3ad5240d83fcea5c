"""SPEC.md section 4: the same content round-trips (read, then write, gives an equal document,
defaults filled in); writing a plan file is atomic."""

import copy
import json
import os
import re

import pytest

from app.model.errors import PlanFileError
from app.model.plan import UNCHECKED
from app.model.team_colors import PALETTE
from app.plan_file.document import dump_plan, parse_plan, plan_to_document, read_plan, write_plan
from app.plan_file.validation import build_plan
from tests.conftest import FIXTURES

EXAMPLE = json.loads((FIXTURES / "spec_example.json").read_text())

# Every optional field left out, at every level.
MINIMAL = {
    "format": "release-plan/1",
    "teams": [{"key": "T", "name": "Team"}, {"key": "U", "name": "Other"}],
    "offer_packs": [{"key": "P", "name": "Pack", "items": [
        {"key": "OFR", "kind": "offer", "name": "Offer"}]}],
    "releases": [{"key": "R1", "name": "One", "go_live": "2027-01-15"}],
    "change_requests": [
        {"key": "CR-1", "title": "Change", "team": "T", "stage": "draft",
         "changes": [{"op": "set", "item": "OFR", "field": "price", "to": "1"},
                     {"op": "set", "item": "OFR", "field": "n", "from": None, "to": 2},
                     {"op": "set", "item": "OFR", "field": "m", "from": 1.5, "to": None},
                     {"op": "create", "item": "EM", "pack": "P", "kind": "email",
                      "name": "Mail"},
                     {"op": "retire", "item": "OFR"}]},
        {"key": "CR-2", "title": "Nothing yet", "team": "U", "stage": "on_hold"},
    ],
}

MINIMAL_FILLED = {
    "format": "release-plan/1",
    "settings": {"ready_stage": "approved", "legacy_stage": "build", "lead_time_days": {},
                 "workdays": [1, 2, 3, 4, 5]},
    "teams": [
        {"key": "T", "name": "Team", "members": 1, "hours_per_day": 6, "color": PALETTE[0]},
        {"key": "U", "name": "Other", "members": 1, "hours_per_day": 6, "color": PALETTE[1]},
    ],
    "offer_packs": [{"key": "P", "name": "Pack", "items": [
        {"key": "OFR", "kind": "offer", "name": "Offer", "status": "active", "attributes": {},
         "uses": []}]}],
    "releases": [{"key": "R1", "name": "One", "go_live": "2027-01-15", "freeze_days": 0,
                  "status": "planned"}],
    "change_requests": [
        {"key": "CR-1", "title": "Change", "team": "T", "release": None, "stage": "draft",
         "estimate_hours": 0, "priority": 3, "emergency": False, "justification": "",
         "depends_on": [],
         "changes": [{"op": "set", "item": "OFR", "field": "price", "to": "1"},
                     {"op": "set", "item": "OFR", "field": "n", "from": None, "to": 2},
                     {"op": "set", "item": "OFR", "field": "m", "from": 1.5, "to": None},
                     {"op": "create", "item": "EM", "pack": "P", "kind": "email",
                      "name": "Mail", "attributes": {}, "uses": []},
                     {"op": "retire", "item": "OFR"}]},
        {"key": "CR-2", "title": "Nothing yet", "team": "U", "release": None,
         "stage": "on_hold", "estimate_hours": 0, "priority": 3, "emergency": False,
         "justification": "", "depends_on": [], "changes": []},
    ],
}


def round_trip(doc: dict) -> dict:
    """Read the document as a file would be read, then write it back as a document."""
    return plan_to_document(parse_plan(json.dumps(doc)))


# --- defaults ---------------------------------------------------------------------------------

def test_every_default_is_filled_in():
    assert round_trip(MINIMAL) == MINIMAL_FILLED


def test_the_defaults_of_each_object():
    doc = round_trip(MINIMAL)
    assert doc["settings"] == {"ready_stage": "approved", "legacy_stage": "build",
                               "lead_time_days": {}, "workdays": [1, 2, 3, 4, 5]}
    team = doc["teams"][0]
    assert (team["members"], team["hours_per_day"]) == (1, 6)
    item = doc["offer_packs"][0]["items"][0]
    assert (item["status"], item["attributes"], item["uses"]) == ("active", {}, [])
    release = doc["releases"][0]
    assert (release["freeze_days"], release["status"]) == (0, "planned")
    cr = doc["change_requests"][1]
    assert {k: cr[k] for k in ("release", "estimate_hours", "priority", "emergency",
                               "justification", "depends_on", "changes")} == {
        "release": None, "estimate_hours": 0, "priority": 3, "emergency": False,
        "justification": "", "depends_on": [], "changes": []}
    create = doc["change_requests"][0]["changes"][3]
    assert (create["attributes"], create["uses"]) == ({}, [])


def test_a_colour_is_chosen_for_each_team_without_one_and_a_given_one_is_kept():
    doc = copy.deepcopy(MINIMAL)
    doc["teams"] = [{"key": f"T{i:02}", "name": f"Team {i}"} for i in range(len(PALETTE))]
    doc["teams"][3]["color"] = "#2F6FDF"
    doc["change_requests"] = []
    colors = [t["color"] for t in round_trip(doc)["teams"]]
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in colors)
    assert colors[3] == "#2F6FDF"
    without = colors[:3] + colors[4:]
    assert len(set(without)) == len(without)  # the chosen colours tell the teams apart


def test_a_chosen_colour_stays_the_same_after_another_round():
    once = round_trip(MINIMAL)
    once["teams"].reverse()  # the colour is now written, so the team keeps it wherever it is
    assert [t["color"] for t in round_trip(once)["teams"]] == [PALETTE[1], PALETTE[0]]


def test_settings_left_out_are_the_defaults_and_today_is_not_invented():
    assert "settings" not in MINIMAL
    assert "today" not in round_trip(MINIMAL)["settings"]
    assert "today" not in round_trip({**MINIMAL, "settings": {"workdays": [6, 7]}})["settings"]


def test_a_pinned_today_and_other_settings_are_kept():
    settings = {"today": "2027-01-04", "ready_stage": "test", "legacy_stage": "draft",
                "lead_time_days": {"pdf": 10, "email": 2}, "workdays": [7, 1, 2]}
    assert round_trip({**MINIMAL, "settings": settings})["settings"] == settings


def test_a_pack_without_items_gets_an_empty_list():
    doc = {**MINIMAL, "offer_packs": [*MINIMAL["offer_packs"], {"key": "E", "name": "Empty"}]}
    assert round_trip(doc)["offer_packs"][1] == {"key": "E", "name": "Empty", "items": []}


# --- "from" -----------------------------------------------------------------------------------

def test_an_absent_from_stays_absent_and_a_null_from_stays_null():
    changes = round_trip(MINIMAL)["change_requests"][0]["changes"]
    assert "from" not in changes[0]
    assert "from" in changes[1] and changes[1]["from"] is None
    assert changes[2]["from"] == 1.5


def test_absent_and_null_from_differ_in_the_plan_and_in_the_written_text():
    plan = parse_plan(json.dumps(MINIMAL))
    unchecked, expects_absent = plan.crs["CR-1"].changes[:2]
    assert unchecked.base is UNCHECKED
    assert expects_absent.base is None
    text = dump_plan(plan)
    again = parse_plan(text)
    assert again.crs["CR-1"].changes[0].base is UNCHECKED
    assert again.crs["CR-1"].changes[1].base is None
    assert text.count('"from"') == 2  # the null one and the 1.5 one


# --- round trips ------------------------------------------------------------------------------

def test_the_spec_example_comes_back_with_its_missing_defaults_filled_in():
    expected = copy.deepcopy(EXAMPLE)
    items = expected["offer_packs"][0]["items"]
    items[1].update(status="active")
    items[2].update(status="active", uses=[])
    assert round_trip(EXAMPLE) == expected


@pytest.mark.parametrize("doc", [MINIMAL, EXAMPLE], ids=["minimal", "spec-example"])
def test_parse_dump_parse_gives_the_same_plan(doc):
    plan = parse_plan(json.dumps(doc))
    assert parse_plan(dump_plan(plan)) == plan


@pytest.mark.parametrize("doc", [MINIMAL, EXAMPLE], ids=["minimal", "spec-example"])
def test_the_written_document_is_stable(doc):
    first = dump_plan(parse_plan(json.dumps(doc)))
    second = dump_plan(parse_plan(first))
    assert second == first
    assert json.loads(second) == round_trip(doc)


def test_deployed_work_round_trips():
    doc = copy.deepcopy(EXAMPLE)
    doc["releases"].insert(0, {"key": "R0", "name": "December", "go_live": "2026-12-15",
                               "freeze_days": 2, "status": "deployed"})
    doc["releases"].append({"key": "R2", "name": "Dropped", "go_live": "2027-02-15",
                            "status": "cancelled"})
    doc["change_requests"].append({"key": "CR-00", "title": "Shipped", "team": "ACQ",
                                   "release": "R0", "stage": "deployed", "estimate_hours": 2.5,
                                   "priority": 5, "emergency": True,
                                   "justification": "Outage", "depends_on": []})
    doc["change_requests"][0]["depends_on"] = ["CR-00"]
    out = round_trip(doc)
    assert [r["status"] for r in out["releases"]] == ["deployed", "planned", "cancelled"]
    assert out["change_requests"][1] == {**doc["change_requests"][1], "changes": []}
    assert out["change_requests"][0]["depends_on"] == ["CR-00"]


def test_values_keep_their_json_type():
    doc = copy.deepcopy(MINIMAL)
    doc["offer_packs"][0]["items"][0]["attributes"] = {
        "s": "1", "i": 1, "f": 1.25, "t": True, "n": None, "big": 2**53 - 1, "neg": -3}
    doc["change_requests"][0]["estimate_hours"] = 2.5
    doc["teams"][0]["hours_per_day"] = 7.5
    out = json.loads(dump_plan(parse_plan(json.dumps(doc))))
    attributes = out["offer_packs"][0]["items"][0]["attributes"]
    assert attributes == doc["offer_packs"][0]["items"][0]["attributes"]
    assert [type(v) for v in attributes.values()] == [str, int, float, bool, type(None), int, int]
    assert out["change_requests"][0]["estimate_hours"] == 2.5
    assert out["teams"][0]["hours_per_day"] == 7.5


def test_text_outside_ascii_is_written_as_is():
    doc = copy.deepcopy(MINIMAL)
    doc["teams"][0]["name"] = "Équipe 東京 🚀"
    text = dump_plan(parse_plan(json.dumps(doc)))
    assert "Équipe 東京 🚀" in text
    assert text.endswith("}\n")


def test_the_written_document_is_a_copy_not_the_plan_itself():
    plan = parse_plan(json.dumps(EXAMPLE))
    doc = plan_to_document(plan)
    doc["offer_packs"][0]["items"][0]["attributes"]["price"] = "0"
    doc["change_requests"][0]["changes"][1]["uses"].append("X")
    assert plan.items["OFR-UNL"].attributes["price"] == "49.99"
    assert plan_to_document(plan) == round_trip(EXAMPLE)


# --- order ------------------------------------------------------------------------------------

def test_the_order_of_every_list_is_kept_not_sorted():
    doc = {
        "format": "release-plan/1",
        "settings": {"lead_time_days": {"sms": 1, "email": 2, "ad": 3}, "workdays": [5, 1, 3]},
        "teams": [{"key": "Z", "name": "z"}, {"key": "A", "name": "a"}],
        "offer_packs": [
            {"key": "P2", "name": "second", "items": [
                {"key": "I9", "kind": "offer", "name": "i9"},
                {"key": "I1", "kind": "email", "name": "i1", "uses": ["I9", "I5"],
                 "attributes": {"z": 1, "a": 2, "m": 3}}]},
            {"key": "P1", "name": "first", "items": [{"key": "I5", "kind": "sms", "name": "i5"}]},
        ],
        "releases": [{"key": "R2", "name": "later", "go_live": "2027-03-01"},
                     {"key": "R1", "name": "earlier", "go_live": "2027-02-01"}],
        "change_requests": [
            {"key": "CR-9", "title": "nine", "team": "Z", "stage": "build",
             "depends_on": ["CR-5", "CR-1"],
             "changes": [{"op": "retire", "item": "I9"},
                         {"op": "set", "item": "I1", "field": "z", "to": 0},
                         {"op": "set", "item": "I1", "field": "a", "to": 0}]},
            {"key": "CR-1", "title": "one", "team": "A", "stage": "draft"},
            {"key": "CR-5", "title": "five", "team": "A", "stage": "test"},
        ],
    }
    out = round_trip(doc)
    assert list(out["settings"]["lead_time_days"]) == ["sms", "email", "ad"]
    assert out["settings"]["workdays"] == [5, 1, 3]
    assert [t["key"] for t in out["teams"]] == ["Z", "A"]
    assert [p["key"] for p in out["offer_packs"]] == ["P2", "P1"]
    assert [i["key"] for i in out["offer_packs"][0]["items"]] == ["I9", "I1"]
    assert out["offer_packs"][0]["items"][1]["uses"] == ["I9", "I5"]
    assert list(out["offer_packs"][0]["items"][1]["attributes"]) == ["z", "a", "m"]
    assert [r["key"] for r in out["releases"]] == ["R2", "R1"]
    assert [c["key"] for c in out["change_requests"]] == ["CR-9", "CR-1", "CR-5"]
    assert out["change_requests"][0]["depends_on"] == ["CR-5", "CR-1"]
    assert [(c["op"], c.get("field")) for c in out["change_requests"][0]["changes"]] == [
        ("retire", None), ("set", "z"), ("set", "a")]


def test_the_fields_of_each_object_are_written_in_the_order_of_the_spec():
    out = json.loads(dump_plan(parse_plan(json.dumps(EXAMPLE))))
    assert list(out) == ["format", "settings", "teams", "offer_packs", "releases",
                         "change_requests"]
    assert list(out["teams"][0]) == ["key", "name", "members", "hours_per_day", "color"]
    assert list(out["offer_packs"][0]["items"][0]) == ["key", "kind", "name", "status",
                                                        "attributes", "uses"]
    assert list(out["releases"][0]) == ["key", "name", "go_live", "freeze_days", "status"]
    assert list(out["change_requests"][0]) == list(EXAMPLE["change_requests"][0])
    assert [list(ch) for ch in out["change_requests"][0]["changes"]] == [
        list(ch) for ch in EXAMPLE["change_requests"][0]["changes"]]


# --- writing files ----------------------------------------------------------------------------

def test_write_then_read_gives_the_same_plan_and_document(tmp_path):
    plan = parse_plan(json.dumps(EXAMPLE))
    path = tmp_path / "plan.json"
    write_plan(plan, path)
    assert read_plan(path) == plan
    assert path.read_text(encoding="utf-8") == dump_plan(plan)
    write_plan(read_plan(path), path)
    assert path.read_text(encoding="utf-8") == dump_plan(plan)


def test_writing_goes_through_a_temporary_file_beside_the_target(tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    path.write_text("the old plan")
    plan = build_plan(copy.deepcopy(MINIMAL))
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        src, dst = os.fspath(src), os.fspath(dst)
        with open(src, encoding="utf-8") as f:
            seen.append((src, dst, f.read(), path.read_text()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_plan(plan, path)
    [(src, dst, new_text, old_text_then)] = seen
    assert dst == str(path)
    assert os.path.dirname(src) == str(tmp_path) and src != dst  # same file system: atomic
    assert new_text == dump_plan(plan)  # complete before it replaces anything
    assert old_text_then == "the old plan"
    assert path.read_text() == dump_plan(plan)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary file left


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "plan.json"
    path.write_text("the old plan")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError):
        write_plan(build_plan(copy.deepcopy(MINIMAL)), path)
    assert path.read_text() == "the old plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_a_new_file_is_created(tmp_path):
    path = tmp_path / "new.json"
    write_plan(build_plan(copy.deepcopy(MINIMAL)), path)
    assert json.loads(path.read_text()) == MINIMAL_FILLED


def test_a_lone_surrogate_is_refused_with_its_path(tmp_path):
    # It is not a character: no database stores it and no report can be written with it.
    text = json.dumps(MINIMAL).replace('"name": "Team"', '"name": "half \\ud83d pair"')
    with pytest.raises(PlanFileError) as refused:
        parse_plan(text)
    assert [p.path for p in refused.value.problems] == ["teams[0].name"]
    assert "lone surrogate" in str(refused.value)
