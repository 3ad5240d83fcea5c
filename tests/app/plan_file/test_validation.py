"""SPEC.md section 4: a bad plan file is refused whole, every problem listed with its JSON path.

Each test starts from the example of the SPEC (tests/fixtures/spec_example.json), breaks one
rule and checks the exact problems: the JSON path, and a message that names the offending value.
"""

import copy
import json

import pytest

from app.model.errors import PlanFileError, Problem
from app.plan_file.document import parse_plan, read_plan
from app.plan_file.validation import build_plan
from tests.conftest import FIXTURES

EXAMPLE = json.loads((FIXTURES / "spec_example.json").read_text())


def refused(doc) -> list[tuple[str, str]]:
    """The (path, message) of every problem of `doc`, which must be refused."""
    with pytest.raises(PlanFileError) as error:
        build_plan(doc)
    assert all(type(p) is Problem for p in error.value.problems)
    return [(p.path, p.message) for p in error.value.problems]


def problems(mutate) -> list[tuple[str, str]]:
    """The problems of the SPEC example after `mutate` has broken it."""
    doc = copy.deepcopy(EXAMPLE)
    mutate(doc)
    return refused(doc)


def accepted(mutate):
    doc = copy.deepcopy(EXAMPLE)
    mutate(doc)
    return build_plan(doc)


def refused_text(text: str) -> list[tuple[str, str]]:
    with pytest.raises(PlanFileError) as error:
        parse_plan(text)
    return [(p.path, p.message) for p in error.value.problems]


# Where things are in the SPEC example.
def team(d):
    return d["teams"][0]


def pack(d):
    return d["offer_packs"][0]


def item(d, i=0):
    return d["offer_packs"][0]["items"][i]


def release(d):
    return d["releases"][0]


def cr0(d):
    return d["change_requests"][0]


def set_change(d):
    return cr0(d)["changes"][0]  # set OFR-UNL.price from "49.99" to "44.99"


def create_change(d):
    return cr0(d)["changes"][1]  # create LP-UNL in pack MOB


def retire_change(d):
    return cr0(d)["changes"][2]  # retire EM-OLD


def add_cr(d, key, **fields):
    """Append a minimal valid CR of team ACQ in the backlog."""
    d["change_requests"].append({"key": key, "title": f"Work {key}", "team": "ACQ",
                                 "stage": "draft", **fields})


def test_the_spec_example_is_valid():
    plan = build_plan(copy.deepcopy(EXAMPLE))
    assert list(plan.crs) == ["CR-01"]
    assert list(plan.items) == ["OFR-UNL", "EM-UNL", "EM-OLD"]
    assert len(plan.crs["CR-01"].changes) == 3


# --- unknown fields ---------------------------------------------------------------------------

@pytest.mark.parametrize("where, path", [
    pytest.param(lambda d: d, "colour", id="root"),
    pytest.param(lambda d: d["settings"], "settings.colour", id="settings"),
    pytest.param(team, "teams[0].colour", id="team"),
    pytest.param(pack, "offer_packs[0].colour", id="pack"),
    pytest.param(lambda d: item(d, 1), "offer_packs[0].items[1].colour", id="item"),
    pytest.param(release, "releases[0].colour", id="release"),
    pytest.param(cr0, "change_requests[0].colour", id="change-request"),
    pytest.param(set_change, "change_requests[0].changes[0].colour", id="set"),
    pytest.param(create_change, "change_requests[0].changes[1].colour", id="create"),
    pytest.param(retire_change, "change_requests[0].changes[2].colour", id="retire"),
])
def test_an_unknown_field_is_refused_at_every_level(where, path):
    assert problems(lambda d: where(d).update(colour="#ff0000")) == [(path, "unknown field")]


def test_a_field_of_another_op_is_unknown_to_this_op():
    assert problems(lambda d: retire_change(d).update(to="x")) == [
        ("change_requests[0].changes[2].to", "unknown field")]
    assert problems(lambda d: set_change(d).update(pack="MOB")) == [
        ("change_requests[0].changes[0].pack", "unknown field")]


def test_an_unknown_field_with_an_odd_name_has_a_quoted_path():
    assert problems(lambda d: team(d).update({"lead time": 1, "a.b": 2})) == [
        ('teams[0]["a.b"]', "unknown field"),
        ('teams[0]["lead time"]', "unknown field"),
    ]


def test_fields_are_case_sensitive():
    assert problems(lambda d: team(d).update(Name="x")) == [("teams[0].Name", "unknown field")]


# --- missing required fields ------------------------------------------------------------------

def _drop(where, name):
    return lambda d: where(d).pop(name)


@pytest.mark.parametrize("remove, path", [
    pytest.param(_drop(lambda d: d, "format"), "format", id="format"),
    pytest.param(_drop(team, "name"), "teams[0].name", id="team-name"),
    pytest.param(_drop(pack, "name"), "offer_packs[0].name", id="pack-name"),
    pytest.param(_drop(lambda d: item(d, 1), "name"), "offer_packs[0].items[1].name",
                 id="item-name"),
    pytest.param(_drop(lambda d: item(d, 1), "kind"), "offer_packs[0].items[1].kind",
                 id="item-kind"),
    pytest.param(_drop(release, "name"), "releases[0].name", id="release-name"),
    pytest.param(_drop(release, "go_live"), "releases[0].go_live", id="release-go_live"),
    pytest.param(_drop(cr0, "title"), "change_requests[0].title", id="cr-title"),
    pytest.param(_drop(cr0, "team"), "change_requests[0].team", id="cr-team"),
    pytest.param(_drop(cr0, "stage"), "change_requests[0].stage", id="cr-stage"),
    pytest.param(_drop(set_change, "field"), "change_requests[0].changes[0].field",
                 id="set-field"),
    pytest.param(_drop(set_change, "to"), "change_requests[0].changes[0].to", id="set-to"),
    pytest.param(_drop(create_change, "kind"), "change_requests[0].changes[1].kind",
                 id="create-kind"),
    pytest.param(_drop(create_change, "name"), "change_requests[0].changes[1].name",
                 id="create-name"),
    pytest.param(_drop(retire_change, "op"), "change_requests[0].changes[2].op", id="op"),
])
def test_each_required_field_is_required(remove, path):
    assert problems(remove) == [(path, "missing (required)")]


@pytest.mark.parametrize("remove, expected", [
    pytest.param(_drop(lambda d: d, "offer_packs"), [
        ("offer_packs", "missing (required)"),
        ("change_requests[0].changes[0].item",
         'unknown item "OFR-UNL": neither in production nor created by a change request'),
        ("change_requests[0].changes[1].pack", 'unknown offer pack "MOB"'),
        ("change_requests[0].changes[1].uses[0]", 'unknown item "OFR-UNL"'),
        ("change_requests[0].changes[2].item",
         'unknown item "EM-OLD": neither in production nor created by a change request'),
    ], id="offer_packs"),
    pytest.param(_drop(lambda d: d, "change_requests"),
                 [("change_requests", "missing (required)")], id="change_requests"),
    pytest.param(_drop(lambda d: d, "teams"), [
        ("teams", "missing (required)"),
        ("change_requests[0].team", 'unknown team "ACQ"'),
    ], id="teams"),
    pytest.param(_drop(lambda d: d, "releases"), [
        ("releases", "missing (required)"),
        ("change_requests[0].release", 'unknown release "R1"'),
    ], id="releases"),
    pytest.param(_drop(team, "key"), [
        ("teams[0].key", "missing (required)"),
        ("change_requests[0].team", 'unknown team "ACQ"'),
    ], id="team-key"),
    pytest.param(_drop(pack, "key"), [  # its items are still known: only the pack is unknown
        ("offer_packs[0].key", "missing (required)"),
        ("change_requests[0].changes[1].pack", 'unknown offer pack "MOB"'),
    ], id="pack-key"),
    pytest.param(_drop(lambda d: item(d, 2), "key"), [
        ("offer_packs[0].items[2].key", "missing (required)"),
        ("change_requests[0].changes[2].item",
         'unknown item "EM-OLD": neither in production nor created by a change request'),
    ], id="item-key"),
    pytest.param(_drop(release, "key"), [
        ("releases[0].key", "missing (required)"),
        ("change_requests[0].release", 'unknown release "R1"'),
    ], id="release-key"),
    pytest.param(_drop(cr0, "key"), [("change_requests[0].key", "missing (required)")],
                 id="cr-key"),
    pytest.param(_drop(retire_change, "item"), [
        ("change_requests[0].changes[2].item", "missing (required)")], id="change-item"),
    pytest.param(_drop(create_change, "pack"), [
        ("change_requests[0].changes[1].pack", "missing (required)")], id="create-pack"),
])
def test_a_missing_key_is_required_and_what_named_it_is_then_unknown(remove, expected):
    assert problems(remove) == expected


def test_a_missing_op_still_reports_the_other_problems_of_the_change():
    def broken(d):
        cr0(d)["changes"][2] = {"itme": "EM-OLD"}
    assert problems(broken) == [
        ("change_requests[0].changes[2].itme", "unknown field"),
        ("change_requests[0].changes[2].op", "missing (required)"),
        ("change_requests[0].changes[2].item", "missing (required)"),
    ]


def test_optional_fields_may_all_be_left_out():
    doc = {"format": "release-plan/1", "teams": [], "offer_packs": [], "releases": [],
           "change_requests": []}
    plan = build_plan(doc)
    assert (plan.teams, plan.items, plan.releases, plan.crs) == ({}, {}, {}, {})


# --- wrong types ------------------------------------------------------------------------------

@pytest.mark.parametrize("mutate, path, message", [
    pytest.param(lambda d: d.update(settings=[]), "settings", "must be an object, not a list",
                 id="settings"),
    pytest.param(lambda d: d.update(change_requests="CR-01"), "change_requests",
                 'must be a list, not "CR-01"', id="change_requests"),
    pytest.param(lambda d: d["teams"].append("ACQ"), "teams[1]", 'must be an object, not "ACQ"',
                 id="team-not-an-object"),
    pytest.param(lambda d: team(d).update(name=7), "teams[0].name", "must be a string, not 7",
                 id="team-name"),
    pytest.param(lambda d: team(d).update(members="2"), "teams[0].members",
                 'must be a whole number, not "2"', id="members-string"),
    pytest.param(lambda d: team(d).update(members=1.5), "teams[0].members",
                 "must be a whole number (no decimal point), not 1.5", id="members-fraction"),
    pytest.param(lambda d: team(d).update(hours_per_day=True), "teams[0].hours_per_day",
                 "must be a number, not true", id="hours_per_day-boolean"),
    pytest.param(lambda d: team(d).update(color="blue"), "teams[0].color",
                 '"blue" is not a colour of the form #rrggbb', id="color"),
    pytest.param(lambda d: d["offer_packs"].append({"key": "TV", "name": "TV", "items": {}}),
                 "offer_packs[1].items", "must be a list, not an object", id="pack-items"),
    pytest.param(lambda d: item(d, 1).update(uses="OFR-UNL"), "offer_packs[0].items[1].uses",
                 'must be a list, not "OFR-UNL"', id="item-uses"),
    pytest.param(lambda d: item(d, 1).update(uses=[1]), "offer_packs[0].items[1].uses[0]",
                 "must be a non-empty string, not 1", id="item-uses-entry"),
    pytest.param(lambda d: item(d, 1).update(attributes=["subject"]),
                 "offer_packs[0].items[1].attributes", "must be an object, not a list",
                 id="item-attributes"),
    pytest.param(lambda d: release(d).update(go_live=20270115), "releases[0].go_live",
                 "must be a string, not 20270115", id="go_live"),
    pytest.param(lambda d: release(d).update(freeze_days="3"), "releases[0].freeze_days",
                 'must be a whole number, not "3"', id="freeze_days"),
    pytest.param(lambda d: cr0(d).update(key=1), "change_requests[0].key",
                 "must be a string, not 1", id="cr-key"),
    pytest.param(lambda d: cr0(d).update(release=5), "change_requests[0].release",
                 "must be a release key or null, not 5", id="cr-release"),
    pytest.param(lambda d: cr0(d).update(release=""), "change_requests[0].release",
                 'must be a release key or null, not ""', id="cr-release-empty"),
    pytest.param(lambda d: cr0(d).update(stage=["approved"]), "change_requests[0].stage",
                 "must be a string, not a list", id="cr-stage-list"),
    pytest.param(lambda d: cr0(d).update(estimate_hours="8h"), "change_requests[0].estimate_hours",
                 'must be a number, not "8h"', id="estimate_hours"),
    pytest.param(lambda d: cr0(d).update(emergency="yes"), "change_requests[0].emergency",
                 'must be true or false, not "yes"', id="emergency"),
    pytest.param(lambda d: cr0(d).update(justification=None), "change_requests[0].justification",
                 "must be a string, not null", id="justification"),
    pytest.param(lambda d: cr0(d).update(depends_on="CR-02"), "change_requests[0].depends_on",
                 'must be a list, not "CR-02"', id="depends_on"),
    pytest.param(lambda d: cr0(d).update(changes={}), "change_requests[0].changes",
                 "must be a list, not an object", id="changes"),
    pytest.param(lambda d: cr0(d)["changes"].append("retire EM-UNL"),
                 "change_requests[0].changes[3]", 'must be an object, not "retire EM-UNL"',
                 id="change-not-an-object"),
    pytest.param(lambda d: retire_change(d).update(op=["retire"]),
                 "change_requests[0].changes[2].op", "must be a string, not a list",
                 id="op-list"),
    pytest.param(lambda d: set_change(d).update(field=None), "change_requests[0].changes[0].field",
                 "must be a string, not null", id="set-field"),
    pytest.param(lambda d: create_change(d).update(name=False),
                 "change_requests[0].changes[1].name", "must be a string, not false",
                 id="create-name"),
    pytest.param(lambda d: d["settings"].update(today=None), "settings.today",
                 "must be a string, not null", id="today"),
    pytest.param(lambda d: d["settings"].update(lead_time_days=[]), "settings.lead_time_days",
                 "must be an object, not a list", id="lead_time_days"),
    pytest.param(lambda d: d["settings"]["lead_time_days"].update(email="2"),
                 "settings.lead_time_days.email", 'must be a whole number, not "2"',
                 id="lead_time_days-entry"),
    pytest.param(lambda d: d["settings"]["lead_time_days"].update({"landing page": 1.5}),
                 'settings.lead_time_days["landing page"]',
                 "must be a whole number (no decimal point), not 1.5", id="lead_time_days-odd"),
    pytest.param(lambda d: d["settings"].update(workdays="1-5"), "settings.workdays",
                 "must be a non-empty list of ISO weekdays (1 Monday to 7 Sunday)",
                 id="workdays"),
])
def test_a_wrong_type_is_refused_naming_the_value(mutate, path, message):
    assert problems(mutate) == [(path, message)]


def test_an_empty_key_is_refused():
    assert problems(lambda d: add_cr(d, "")) == [("change_requests[1].key", "must not be empty")]
    assert problems(lambda d: cr0(d).update(depends_on=[""])) == [
        ("change_requests[0].depends_on[0]", 'must be a non-empty string, not ""')]


def test_a_dependency_listed_twice_is_refused():
    def twice(d):
        add_cr(d, "CR-02")
        cr0(d)["depends_on"] = ["CR-02", "CR-02"]
    assert problems(twice) == [("change_requests[0].depends_on[1]", '"CR-02" is listed twice')]


def test_the_document_must_be_an_object_in_the_supported_format():
    assert refused([]) == [("", "must be an object, not a list")]
    assert problems(lambda d: d.update(format="release-plan/2")) == [
        ("format", 'unsupported format "release-plan/2"; this version reads "release-plan/1"')]
    assert problems(lambda d: d.update(format=1)) == [
        ("format", 'unsupported format 1; this version reads "release-plan/1"')]


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["2027-02-30", "2027-02-29", "2027-13-01", "2027-04-31",
                                 "2027-00-10", "2027-01-00", "0000-01-01"])
def test_a_date_that_does_not_exist_is_refused(day):
    assert problems(lambda d: release(d).update(go_live=day)) == [
        ("releases[0].go_live", f'"{day}" is not a date that exists')]
    assert problems(lambda d: d["settings"].update(today=day)) == [
        ("settings.today", f'"{day}" is not a date that exists')]


@pytest.mark.parametrize("day", ["15/01/2027", "2027-1-15", "20270115", "2027-01-15T00:00",
                                 "2027-01-15 ", "", "2027-W02-5", "٢٠٢٧-01-15"])
def test_a_date_in_another_form_is_refused(day):
    shown = json.dumps(day, ensure_ascii=False)
    assert problems(lambda d: release(d).update(go_live=day)) == [
        ("releases[0].go_live", f"{shown} is not a date in the form YYYY-MM-DD")]
    assert problems(lambda d: d["settings"].update(today=day)) == [
        ("settings.today", f"{shown} is not a date in the form YYYY-MM-DD")]


def test_a_leap_day_that_exists_is_accepted():
    plan = accepted(lambda d: release(d).update(go_live="2028-02-29"))
    assert plan.releases["R1"].go_live.isoformat() == "2028-02-29"


# --- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("mutate, path, message", [
    pytest.param(lambda d: cr0(d).update(estimate_hours=-1), "change_requests[0].estimate_hours",
                 "must not be negative, not -1", id="estimate_hours"),
    pytest.param(lambda d: cr0(d).update(estimate_hours=-0.5), "change_requests[0].estimate_hours",
                 "must not be negative, not -0.5", id="estimate_hours-fraction"),
    pytest.param(lambda d: release(d).update(freeze_days=-2), "releases[0].freeze_days",
                 "must not be negative, not -2", id="freeze_days"),
    pytest.param(lambda d: d["settings"]["lead_time_days"].update(email=-1),
                 "settings.lead_time_days.email", "must not be negative, not -1",
                 id="lead_time_days"),
])
def test_a_negative_number_is_refused(mutate, path, message):
    assert problems(mutate) == [(path, message)]


def test_zero_is_a_valid_estimate_freeze_and_lead_time():
    def zeros(d):
        cr0(d)["estimate_hours"] = 0
        release(d)["freeze_days"] = 0
        d["settings"]["lead_time_days"]["email"] = 0
    plan = accepted(zeros)
    assert (plan.crs["CR-01"].estimate_hours, plan.releases["R1"].freeze_days) == (0, 0)


@pytest.mark.parametrize("field, value, message", [
    ("members", 0, "must be positive, not 0"),
    ("members", -3, "must be positive, not -3"),
    ("hours_per_day", 0, "must be positive, not 0"),
    ("hours_per_day", 0.0, "must be positive, not 0.0"),
    ("hours_per_day", -7.5, "must be positive, not -7.5"),
])
def test_members_and_hours_per_day_must_be_positive(field, value, message):
    assert problems(lambda d: team(d).update({field: value})) == [(f"teams[0].{field}", message)]


def test_a_part_time_team_is_accepted():
    assert accepted(lambda d: team(d).update(hours_per_day=3.5)).teams["ACQ"].hours_per_day == 3.5


@pytest.mark.parametrize("value, shown", [(0, "0"), (6, "6"), (-1, "-1"), (2.5, "2.5"),
                                          ("1", '"1"'), (True, "true"), (None, "null")])
def test_a_priority_outside_1_to_5_is_refused(value, shown):
    assert problems(lambda d: cr0(d).update(priority=value)) == [
        ("change_requests[0].priority", f"{shown} is not a priority from 1 to 5")]


@pytest.mark.parametrize("value", [1, 5])
def test_priorities_1_and_5_are_accepted(value):
    assert accepted(lambda d: cr0(d).update(priority=value)).crs["CR-01"].priority == value


@pytest.mark.parametrize("workdays, path, message", [
    ([], "settings.workdays", "must be a non-empty list of ISO weekdays (1 Monday to 7 Sunday)"),
    ([0], "settings.workdays[0]", "0 is not an ISO weekday (1 Monday to 7 Sunday)"),
    ([1, 2, 8], "settings.workdays[2]", "8 is not an ISO weekday (1 Monday to 7 Sunday)"),
    ([1, "2"], "settings.workdays[1]", '"2" is not an ISO weekday (1 Monday to 7 Sunday)'),
    ([1, 1.0], "settings.workdays[1]", "1.0 is not an ISO weekday (1 Monday to 7 Sunday)"),
    ([1, 3, 1], "settings.workdays[2]", "weekday 1 is listed twice"),
])
def test_workdays_must_be_a_non_empty_list_of_iso_weekdays(workdays, path, message):
    assert problems(lambda d: d["settings"].update(workdays=workdays)) == [(path, message)]


def test_a_weekend_team_is_accepted():
    assert accepted(lambda d: d["settings"].update(workdays=[6, 7])).settings.workdays == (6, 7)


# --- stages and statuses ----------------------------------------------------------------------

@pytest.mark.parametrize("mutate, path, message", [
    pytest.param(lambda d: cr0(d).update(stage="shipped"), "change_requests[0].stage",
                 '"shipped" is not one of draft, build, test, approved, deployed, on_hold, '
                 "cancelled", id="cr-stage"),
    pytest.param(lambda d: cr0(d).update(stage="Approved"), "change_requests[0].stage",
                 '"Approved" is not one of draft, build, test, approved, deployed, on_hold, '
                 "cancelled", id="cr-stage-case"),
    pytest.param(lambda d: release(d).update(status="live"), "releases[0].status",
                 '"live" is not one of planned, deployed, cancelled', id="release-status"),
    pytest.param(lambda d: item(d).update(status="gone"), "offer_packs[0].items[0].status",
                 '"gone" is not one of active, retired', id="item-status"),
    pytest.param(lambda d: d["settings"].update(ready_stage="deployed"), "settings.ready_stage",
                 '"deployed" is not one of draft, build, test, approved', id="ready_stage"),
    pytest.param(lambda d: d["settings"].update(ready_stage="on_hold"), "settings.ready_stage",
                 '"on_hold" is not one of draft, build, test, approved', id="ready_stage-beside"),
    pytest.param(lambda d: d["settings"].update(legacy_stage="cancelled"),
                 "settings.legacy_stage",
                 '"cancelled" is not one of draft, build, test, approved', id="legacy_stage"),
    pytest.param(lambda d: retire_change(d).update(op="delete"),
                 "change_requests[0].changes[2].op", '"delete" is not one of set, create, retire',
                 id="op"),
])
def test_a_stage_or_status_not_in_the_spec_is_refused(mutate, path, message):
    assert problems(mutate) == [(path, message)]


# --- duplicate keys ---------------------------------------------------------------------------

@pytest.mark.parametrize("mutate, path, message", [
    pytest.param(lambda d: d["teams"].append({"key": "ACQ", "name": "Again"}), "teams[1].key",
                 'duplicate team key "ACQ" (first at teams[0].key)', id="team"),
    pytest.param(lambda d: d["offer_packs"].append({"key": "MOB", "name": "Again", "items": []}),
                 "offer_packs[1].key",
                 'duplicate offer pack key "MOB" (first at offer_packs[0].key)', id="pack"),
    pytest.param(lambda d: d["releases"].append({"key": "R1", "name": "Again",
                                                 "go_live": "2027-02-15"}),
                 "releases[1].key", 'duplicate release key "R1" (first at releases[0].key)',
                 id="release"),
    pytest.param(lambda d: add_cr(d, "CR-01"), "change_requests[1].key",
                 'duplicate change request key "CR-01" (first at change_requests[0].key)',
                 id="change-request"),
    pytest.param(lambda d: pack(d)["items"].append({"key": "EM-OLD", "kind": "pdf", "name": "x"}),
                 "offer_packs[0].items[3].key",
                 'duplicate item key "EM-OLD" (first at offer_packs[0].items[2].key)',
                 id="item-in-one-pack"),
    pytest.param(lambda d: d["offer_packs"].append({"key": "BB", "name": "Broadband", "items": [
        {"key": "EM-UNL", "kind": "email", "name": "Twin"}]}),
        "offer_packs[1].items[0].key",
        'duplicate item key "EM-UNL" (first at offer_packs[0].items[1].key)',
        id="item-across-packs"),
])
def test_a_duplicate_key_is_refused(mutate, path, message):
    assert problems(mutate) == [(path, message)]


def test_keys_differing_in_case_are_different_keys():
    plan = accepted(lambda d: d["teams"].append({"key": "acq", "name": "Lower case"}))
    assert list(plan.teams) == ["ACQ", "acq"]


def test_a_create_of_an_item_in_production_is_no_duplicate_it_replaces_the_item():
    plan = accepted(lambda d: create_change(d).update(item="EM-OLD"))
    assert plan.crs["CR-01"].changes[1].item == "EM-OLD"


# --- references -------------------------------------------------------------------------------

def test_a_create_naming_an_unknown_pack_is_refused():
    assert problems(lambda d: create_change(d).update(pack="TV")) == [
        ("change_requests[0].changes[1].pack", 'unknown offer pack "TV"')]


def test_a_cr_naming_an_unknown_team_is_refused():
    assert problems(lambda d: cr0(d).update(team="RET")) == [
        ("change_requests[0].team", 'unknown team "RET"')]


def test_a_cr_naming_an_unknown_release_is_refused():
    assert problems(lambda d: cr0(d).update(release="R9")) == [
        ("change_requests[0].release", 'unknown release "R9"')]


def test_a_cr_naming_an_unknown_dependency_is_refused():
    def four_crs(d):
        add_cr(d, "CR-02")
        add_cr(d, "CR-03", depends_on=["CR-02"])
        add_cr(d, "CR-04", depends_on=["CR-99", "CR-01"])
    assert problems(four_crs) == [
        ("change_requests[3].depends_on[0]", 'unknown change request "CR-99"')]


@pytest.mark.parametrize("change, path", [
    pytest.param(set_change, "change_requests[0].changes[0].item", id="set"),
    pytest.param(retire_change, "change_requests[0].changes[2].item", id="retire"),
])
def test_a_change_naming_an_item_neither_in_production_nor_created_is_refused(change, path):
    assert problems(lambda d: change(d).update(item="GHOST")) == [
        (path, 'unknown item "GHOST": neither in production nor created by a change request')]


def test_a_change_may_name_an_item_that_some_cr_creates_even_a_later_one():
    def created_later(d):
        add_cr(d, "CR-00", changes=[{"op": "set", "item": "PDF-T", "field": "pages", "to": 2},
                                    {"op": "retire", "item": "LP-UNL"}])
        add_cr(d, "CR-09", changes=[{"op": "create", "item": "PDF-T", "pack": "MOB",
                                     "kind": "pdf", "name": "Terms"}])
    plan = accepted(created_later)
    assert [ch.item for ch in plan.crs["CR-00"].changes] == ["PDF-T", "LP-UNL"]


def test_uses_naming_an_unknown_item_is_refused():
    assert problems(lambda d: item(d, 1).update(uses=["OFR-UNL", "OFR-5G"])) == [
        ("offer_packs[0].items[1].uses[1]", 'unknown item "OFR-5G"')]
    assert problems(lambda d: create_change(d).update(uses=["OFR-5G"])) == [
        ("change_requests[0].changes[1].uses[0]", 'unknown item "OFR-5G"')]


# --- dependency cycles ------------------------------------------------------------------------

def test_a_dependency_cycle_is_refused_with_its_path():
    def two(d):
        add_cr(d, "CR-1", depends_on=["CR-2"])
        add_cr(d, "CR-2", depends_on=["CR-1"])
    assert problems(two) == [
        ("change_requests[1].depends_on", "dependency cycle: CR-1 -> CR-2 -> CR-1")]


def test_a_longer_cycle_is_given_whole_from_its_first_cr_in_key_order():
    def three(d):
        add_cr(d, "CR-03", depends_on=["CR-01"])
        add_cr(d, "CR-02", depends_on=["CR-03"])
        cr0(d)["depends_on"] = ["CR-02"]
    assert problems(three) == [
        ("change_requests[0].depends_on", "dependency cycle: CR-01 -> CR-02 -> CR-03 -> CR-01")]


def test_a_cr_depending_on_itself_is_a_cycle():
    assert problems(lambda d: cr0(d).update(depends_on=["CR-01"])) == [
        ("change_requests[0].depends_on", "dependency cycle: CR-01 -> CR-01")]


def test_every_cycle_is_reported():
    def two_cycles(d):
        add_cr(d, "A", depends_on=["B"])
        add_cr(d, "B", depends_on=["A"])
        add_cr(d, "X", depends_on=["Y"])
        add_cr(d, "Y", depends_on=["X"])
    assert problems(two_cycles) == [
        ("change_requests[1].depends_on", "dependency cycle: A -> B -> A"),
        ("change_requests[3].depends_on", "dependency cycle: X -> Y -> X"),
    ]


def test_a_diamond_is_no_cycle():
    def diamond(d):
        add_cr(d, "B", depends_on=["A"])
        add_cr(d, "C", depends_on=["A"])
        add_cr(d, "D", depends_on=["B", "C"])
        add_cr(d, "A")
    assert accepted(diamond).crs["D"].depends_on == ("B", "C")


# --- deployed work and deployed releases ------------------------------------------------------

def _deployed_release(d):
    d["releases"].insert(0, {"key": "R0", "name": "December", "go_live": "2026-12-15",
                             "status": "deployed"})


def test_a_deployed_cr_targeted_to_a_planned_release_is_refused():
    assert problems(lambda d: cr0(d).update(stage="deployed")) == [
        ("change_requests[0].stage",
         'stage "deployed" needs a deployed release, but this change request targets release '
         '"R1", which is planned')]


def test_a_deployed_cr_targeted_to_a_cancelled_release_is_refused():
    def cancelled(d):
        cr0(d)["stage"] = "deployed"
        release(d)["status"] = "cancelled"
    assert problems(cancelled) == [
        ("change_requests[0].stage",
         'stage "deployed" needs a deployed release, but this change request targets release '
         '"R1", which is cancelled')]


def test_a_deployed_cr_in_the_backlog_is_refused():
    assert problems(lambda d: cr0(d).update(stage="deployed", release=None)) == [
        ("change_requests[0].stage",
         'stage "deployed" needs a deployed release, but this change request is in the backlog')]


@pytest.mark.parametrize("stage", ["draft", "approved", "on_hold", "cancelled"])
def test_a_cr_targeted_to_a_deployed_release_that_is_not_deployed_is_refused(stage):
    def not_deployed(d):
        _deployed_release(d)
        cr0(d).update(release="R0", stage=stage)
    assert problems(not_deployed) == [
        ("change_requests[0].release",
         f'release "R0" is deployed but this change request is in stage "{stage}"')]


def test_deployed_work_in_a_deployed_release_is_accepted():
    plan = accepted(lambda d: (_deployed_release(d), cr0(d).update(release="R0",
                                                                   stage="deployed")))
    assert (plan.crs["CR-01"].stage, plan.releases["R0"].status) == ("deployed", "deployed")


# --- JSON itself ------------------------------------------------------------------------------

def test_a_file_that_is_not_json_says_where():
    assert refused_text('{"format": "release-plan/1",\n "teams": [,]}') == [
        ("line 2, column 12", "not valid JSON: Expecting value")]


@pytest.mark.parametrize("text", ["", "   ", "{", '{"format": "release-plan/1"', "[1, 2,]",
                                  "{'format': 'release-plan/1'}", '{"a": 1} {"b": 2}'])
def test_text_that_is_not_json_is_refused(text):
    [(where, message)] = refused_text(text)
    assert where.startswith("line ")
    assert message.startswith("not valid JSON: ")


def test_json_that_is_not_an_object_is_refused():
    assert refused_text("[1, 2]") == [("", "must be an object, not a list")]
    assert refused_text("null") == [("", "must be an object, not null")]


def test_a_file_that_is_not_utf8_or_missing_is_refused(tmp_path):
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(json.dumps(EXAMPLE, ensure_ascii=False).replace("Mobile", "Télé")
                       .encode("latin-1"))
    with pytest.raises(PlanFileError) as error:
        read_plan(latin1)
    assert [(p.path, p.message) for p in error.value.problems] == [
        (str(latin1), "not a UTF-8 text file")]
    with pytest.raises(PlanFileError) as error:
        read_plan(tmp_path / "nowhere.json")
    [problem] = error.value.problems
    assert problem.path == str(tmp_path / "nowhere.json")
    assert problem.message.startswith("cannot read the file: ")


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode())
    assert list(read_plan(path).crs) == ["CR-01"]


@pytest.mark.parametrize("literal, shown", [("NaN", "NaN"), ("Infinity", "Infinity"),
                                            ("-Infinity", "-Infinity"), ("1e999", "Infinity")])
def test_a_non_finite_number_is_refused_with_its_path(literal, shown):
    text = json.dumps(EXAMPLE).replace('"estimate_hours": 8', f'"estimate_hours": {literal}')
    assert refused_text(text) == [
        ("change_requests[0].estimate_hours", f"must be a finite number, not {shown}")]


def test_a_non_finite_number_is_refused_wherever_it_is():
    text = (json.dumps(EXAMPLE)
            .replace('"members": 2', '"members": NaN')
            .replace('"hours_per_day": 6', '"hours_per_day": Infinity')
            .replace('"email": 2', '"email": NaN')
            .replace('"freeze_days": 3', '"freeze_days": -Infinity')
            .replace('"priority": 2', '"priority": NaN')
            .replace('"price": "49.99"', '"price": NaN')
            .replace('"from": "49.99"', '"from": Infinity')
            .replace('"to": "44.99"', '"to": NaN')
            .replace('"url": "/unlimited"', '"url": -Infinity')
            .replace('"workdays": [1, 2, 3, 4, 5]', '"workdays": [1, NaN]'))
    assert refused_text(text) == [
        ("settings.lead_time_days.email", "must be a finite number, not NaN"),
        ("settings.workdays[1]", "NaN is not an ISO weekday (1 Monday to 7 Sunday)"),
        ("teams[0].members", "must be a finite number, not NaN"),
        ("teams[0].hours_per_day", "must be a finite number, not Infinity"),
        ("offer_packs[0].items[0].attributes.price",
         "must be a string, number, boolean or null, not NaN"),
        ("releases[0].freeze_days", "must be a finite number, not -Infinity"),
        ("change_requests[0].priority", "NaN is not a priority from 1 to 5"),
        ("change_requests[0].changes[0].to", "must be a string, number, boolean or null, not NaN"),
        ("change_requests[0].changes[0].from",
         "must be a string, number, boolean or null, not Infinity"),
        ("change_requests[0].changes[1].attributes.url",
         "must be a string, number, boolean or null, not -Infinity"),
    ]


# --- attributes and values --------------------------------------------------------------------

@pytest.mark.parametrize("mutate, path, shown", [
    pytest.param(lambda d: item(d).update(attributes={"price": ["49.99"]}),
                 "offer_packs[0].items[0].attributes.price", "a list", id="item-list"),
    pytest.param(lambda d: item(d).update(attributes={"price": {"eur": 1}}),
                 "offer_packs[0].items[0].attributes.price", "an object", id="item-object"),
    pytest.param(lambda d: item(d).update(attributes={"valid from": []}),
                 'offer_packs[0].items[0].attributes["valid from"]', "a list", id="odd-name"),
    pytest.param(lambda d: create_change(d).update(attributes={"url": ["/u"]}),
                 "change_requests[0].changes[1].attributes.url", "a list", id="create"),
    pytest.param(lambda d: set_change(d).update(to={"a": 1}),
                 "change_requests[0].changes[0].to", "an object", id="set-to"),
    pytest.param(lambda d: set_change(d).update({"from": [1]}),
                 "change_requests[0].changes[0].from", "a list", id="set-from"),
])
def test_an_attribute_value_that_is_not_a_scalar_is_refused(mutate, path, shown):
    assert problems(mutate) == [(path, f"must be a string, number, boolean or null, not {shown}")]


def test_every_json_scalar_is_an_attribute_value():
    # The largest whole number a plan holds either side of 0 (app.plan_file.limits.INTEGER_MAX).
    scalars = {"s": "x", "i": -3, "f": 2.5, "t": True, "n": None, "big": 2**53 - 1,
               "small": -(2**53 - 1)}
    plan = accepted(lambda d: item(d).update(attributes=scalars))
    assert plan.items["OFR-UNL"].attributes == scalars


def test_a_set_to_null_is_accepted():
    plan = accepted(lambda d: set_change(d).update(to=None))
    assert plan.crs["CR-01"].changes[0].to is None


# --- refused whole ----------------------------------------------------------------------------

def test_a_file_with_several_problems_lists_every_one_of_them():
    def many(d):
        d["settings"]["workdays"] = [1, 9]
        team(d)["members"] = -1
        item(d, 1)["status"] = "draft"
        release(d)["go_live"] = "2027-02-30"
        cr0(d)["surprise"] = True
        cr0(d)["depends_on"] = ["CR-404"]
        set_change(d)["item"] = "GHOST"
        create_change(d)["pack"] = "TV"
        add_cr(d, "CR-02", team="RET", priority=9)
        add_cr(d, "CR-03", depends_on=["CR-04"])
        add_cr(d, "CR-04", depends_on=["CR-03"])
        add_cr(d, "CR-02")
    assert problems(many) == [
        ("settings.workdays[1]", "9 is not an ISO weekday (1 Monday to 7 Sunday)"),
        ("teams[0].members", "must be positive, not -1"),
        ("offer_packs[0].items[1].status", '"draft" is not one of active, retired'),
        ("releases[0].go_live", '"2027-02-30" is not a date that exists'),
        ("change_requests[0].surprise", "unknown field"),
        ("change_requests[1].priority", "9 is not a priority from 1 to 5"),
        ("change_requests[4].key",
         'duplicate change request key "CR-02" (first at change_requests[1].key)'),
        ("change_requests[0].depends_on[0]", 'unknown change request "CR-404"'),
        ("change_requests[0].changes[0].item",
         'unknown item "GHOST": neither in production nor created by a change request'),
        ("change_requests[0].changes[1].pack", 'unknown offer pack "TV"'),
        ("change_requests[1].team", 'unknown team "RET"'),
        ("change_requests[2].depends_on", "dependency cycle: CR-03 -> CR-04 -> CR-03"),
    ]


def test_the_problems_read_as_path_colon_message():
    with pytest.raises(PlanFileError) as error:
        build_plan({**copy.deepcopy(EXAMPLE), "teams": {}, "extra": 1})
    assert str(error.value) == "extra: unknown field\nteams: must be a list, not an object\n" \
        'change_requests[0].team: unknown team "ACQ"'


def test_a_long_offending_value_is_shortened_in_the_message():
    [(path, message)] = problems(lambda d: cr0(d).update(stage="approved " * 20))
    assert path == "change_requests[0].stage"
    assert message.startswith('"approved approved ') and '..." is not one of draft' in message
    assert len(message) < 140
