"""SPEC.md section 4: a bad plan file is refused whole, every problem listed with its JSON path."""

import copy
import json

import pytest

from app.errors import PlanFileError
from app.plan_file import parse_plan
from app.plan_validation import build_plan
from tests.conftest import FIXTURES

EXAMPLE = json.loads((FIXTURES / "spec_example.json").read_text())


def problems(mutate) -> list[str]:
    doc = copy.deepcopy(EXAMPLE)
    mutate(doc)
    with pytest.raises(PlanFileError) as refused:
        build_plan(doc)
    return [str(p) for p in refused.value.problems]


def cr0(doc):
    return doc["change_requests"][0]


def item(doc, i):
    return doc["offer_packs"][0]["items"][i]


def test_the_spec_example_is_valid():
    plan = build_plan(copy.deepcopy(EXAMPLE))
    assert len(plan.crs) == 1 and len(plan.items) == 3


@pytest.mark.parametrize("where, path", [
    (lambda d: d, "extra"),
    (lambda d: d["settings"], "settings.extra"),
    (lambda d: d["teams"][0], "teams[0].extra"),
    (lambda d: d["offer_packs"][0], "offer_packs[0].extra"),
    (lambda d: d["offer_packs"][0]["items"][1], "offer_packs[0].items[1].extra"),
    (lambda d: d["releases"][0], "releases[0].extra"),
    (lambda d: d["change_requests"][0], "change_requests[0].extra"),
    (lambda d: d["change_requests"][0]["changes"][2], "change_requests[0].changes[2].extra"),
])
def test_unknown_fields_are_refused_at_every_level(where, path):
    assert problems(lambda d: where(d).update(extra=1)) == [f"{path}: unknown field"]


@pytest.mark.parametrize("path, remove", [
    ("format", lambda d: d.pop("format")),
    ("teams", lambda d: d.pop("teams")),
    ("offer_packs", lambda d: d.pop("offer_packs")),
    ("releases", lambda d: d.pop("releases")),
    ("change_requests", lambda d: d.pop("change_requests")),
    ("teams[0].key", lambda d: d["teams"][0].pop("key")),
    ("teams[0].name", lambda d: d["teams"][0].pop("name")),
    ("offer_packs[0].name", lambda d: d["offer_packs"][0].pop("name")),
    ("offer_packs[0].items[0].kind", lambda d: item(d, 0).pop("kind")),
    ("offer_packs[0].items[0].name", lambda d: item(d, 0).pop("name")),
    ("releases[0].go_live", lambda d: d["releases"][0].pop("go_live")),
    ("releases[0].name", lambda d: d["releases"][0].pop("name")),
    ("change_requests[0].title", lambda d: cr0(d).pop("title")),
    ("change_requests[0].stage", lambda d: cr0(d).pop("stage")),
    ("change_requests[0].changes[0].field", lambda d: cr0(d)["changes"][0].pop("field")),
    ("change_requests[0].changes[0].to", lambda d: cr0(d)["changes"][0].pop("to")),
    ("change_requests[0].changes[1].pack", lambda d: cr0(d)["changes"][1].pop("pack")),
    ("change_requests[0].changes[1].kind", lambda d: cr0(d)["changes"][1].pop("kind")),
    ("change_requests[0].changes[2].op", lambda d: cr0(d)["changes"][2].pop("op")),
    ("change_requests[0].changes[2].item", lambda d: cr0(d)["changes"][2].pop("item")),
])
def test_each_required_field_is_required(path, remove):
    assert f"{path}: missing (required)" in problems(remove)


def test_a_missing_cr_team_is_required():
    assert "change_requests[0].team: missing (required)" in problems(lambda d: cr0(d).pop("team"))


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["teams"][0].update(members="2"),
     "teams[0].members: must be a whole number, not a string"),
    (lambda d: d["teams"][0].update(members=1.5),
     "teams[0].members: must be a whole number, not a number"),
    (lambda d: d["teams"][0].update(name=7), "teams[0].name: must be a string, not a number"),
    (lambda d: cr0(d).update(estimate_hours=True),
     "change_requests[0].estimate_hours: must be a number, not a boolean"),
    (lambda d: cr0(d).update(emergency="yes"),
     "change_requests[0].emergency: must be true or false, not a string"),
    (lambda d: cr0(d).update(depends_on="CR-02"),
     "change_requests[0].depends_on: must be a list, not a string"),
    (lambda d: cr0(d).update(release=5),
     "change_requests[0].release: must be a release key or null, not a number"),
    (lambda d: item(d, 0)["attributes"].update(price=[1]),
     "offer_packs[0].items[0].attributes.price: must be a string, number, boolean or null, "
     "not a list"),
    (lambda d: cr0(d)["changes"][0].update(to={"a": 1}),
     "change_requests[0].changes[0].to: must be a string, number, boolean or null, "
     "not an object"),
    (lambda d: d.update(teams={}), "teams: must be a list, not an object"),
    (lambda d: d["settings"].update(lead_time_days=[]),
     "settings.lead_time_days: must be an object, not a list"),
])
def test_wrong_types_are_refused(mutate, expected):
    assert expected in problems(mutate)


def test_dates_must_exist_and_have_the_form_yyyy_mm_dd():
    assert problems(lambda d: d["releases"][0].update(go_live="2027-02-30")) == \
        ['releases[0].go_live: "2027-02-30" is not a date that exists']
    assert problems(lambda d: d["releases"][0].update(go_live="15/01/2027")) == \
        ['releases[0].go_live: "15/01/2027" is not a date in the form YYYY-MM-DD']
    assert problems(lambda d: d["settings"].update(today="20270104")) == \
        ['settings.today: "20270104" is not a date in the form YYYY-MM-DD']


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: cr0(d).update(estimate_hours=-1),
     "change_requests[0].estimate_hours: must not be negative, not -1"),
    (lambda d: d["releases"][0].update(freeze_days=-2),
     "releases[0].freeze_days: must not be negative, not -2"),
    (lambda d: d["settings"]["lead_time_days"].update(email=-1),
     "settings.lead_time_days.email: must not be negative, not -1"),
    (lambda d: d["teams"][0].update(members=0), "teams[0].members: must be positive, not 0"),
    (lambda d: d["teams"][0].update(hours_per_day=0),
     "teams[0].hours_per_day: must be positive, not 0"),
    (lambda d: cr0(d).update(priority=0),
     "change_requests[0].priority: 0 is not a priority from 1 to 5"),
    (lambda d: cr0(d).update(priority=6),
     "change_requests[0].priority: 6 is not a priority from 1 to 5"),
])
def test_numbers_out_of_range_are_refused(mutate, expected):
    assert problems(mutate) == [expected]


def test_workdays_must_be_a_non_empty_list_of_iso_weekdays():
    assert problems(lambda d: d["settings"].update(workdays=[])) == \
        ["settings.workdays: must be a non-empty list of ISO weekdays (1 Monday to 7 Sunday)"]
    assert problems(lambda d: d["settings"].update(workdays=[1, 8])) == \
        ["settings.workdays[1]: 8 is not an ISO weekday (1 Monday to 7 Sunday)"]
    assert problems(lambda d: d["settings"].update(workdays=[0])) == \
        ["settings.workdays[0]: 0 is not an ISO weekday (1 Monday to 7 Sunday)"]


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: cr0(d).update(stage="shipped"),
     'change_requests[0].stage: "shipped" is not one of draft, build, test, approved, '
     "deployed, on_hold, cancelled"),
    (lambda d: d["releases"][0].update(status="live"),
     'releases[0].status: "live" is not one of planned, deployed, cancelled'),
    (lambda d: item(d, 0).update(status="gone"),
     'offer_packs[0].items[0].status: "gone" is not one of active, retired'),
    (lambda d: d["settings"].update(ready_stage="deployed"),
     'settings.ready_stage: "deployed" is not one of draft, build, test, approved'),
    (lambda d: d["settings"].update(legacy_stage="on_hold"),
     'settings.legacy_stage: "on_hold" is not one of draft, build, test, approved'),
    (lambda d: cr0(d)["changes"][0].update(op="delete"),
     "change_requests[0].changes[0].op: 'delete' is not one of set, create, retire"),
])
def test_stages_and_statuses_not_in_the_spec_are_refused(mutate, expected):
    assert problems(mutate) == [expected]


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["teams"].append(dict(d["teams"][0])),
     'teams[1].key: duplicate team key "ACQ" (first at teams[0].key)'),
    (lambda d: d["offer_packs"].append({"key": "MOB", "name": "Again", "items": []}),
     'offer_packs[1].key: duplicate offer pack key "MOB" (first at offer_packs[0].key)'),
    (lambda d: d["releases"].append(dict(d["releases"][0])),
     'releases[1].key: duplicate release key "R1" (first at releases[0].key)'),
    (lambda d: d["change_requests"].append(copy.deepcopy(cr0(d))),
     'change_requests[1].key: duplicate change request key "CR-01" '
     "(first at change_requests[0].key)"),
    (lambda d: d["offer_packs"].append({"key": "BB", "name": "Broadband", "items": [
        {"key": "EM-UNL", "kind": "email", "name": "Twin"}]}),
     'offer_packs[1].items[0].key: duplicate item key "EM-UNL" '
     "(first at offer_packs[0].items[1].key)"),
])
def test_duplicate_keys_are_refused(mutate, expected):
    assert problems(mutate) == [expected]


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: cr0(d).update(team="NOPE"), 'change_requests[0].team: unknown team "NOPE"'),
    (lambda d: cr0(d).update(release="R9"), 'change_requests[0].release: unknown release "R9"'),
    (lambda d: cr0(d).update(depends_on=["CR-99"]),
     'change_requests[0].depends_on[0]: unknown change request "CR-99"'),
    (lambda d: cr0(d)["changes"][1].update(pack="NOPE"),
     'change_requests[0].changes[1].pack: unknown offer pack "NOPE"'),
    (lambda d: cr0(d)["changes"][0].update(item="GHOST"),
     'change_requests[0].changes[0].item: unknown item "GHOST": neither in production nor '
     "created by a change request"),
    (lambda d: item(d, 1).update(uses=["GHOST"]),
     'offer_packs[0].items[1].uses[0]: unknown item "GHOST"'),
])
def test_references_to_unknown_things_are_refused(mutate, expected):
    assert problems(mutate) == [expected]


def test_a_change_may_name_an_item_that_another_cr_creates():
    doc = copy.deepcopy(EXAMPLE)
    doc["change_requests"].append({"key": "CR-02", "title": "Tweak the landing page",
                                   "team": "ACQ", "stage": "draft", "changes": [
                                       {"op": "set", "item": "LP-UNL", "field": "url",
                                        "to": "/u"}]})
    assert "CR-02" in build_plan(doc).crs


def test_a_dependency_cycle_is_refused_with_its_path():
    def cycle(d):
        d["change_requests"].append({"key": "CR-02", "title": "b", "team": "ACQ",
                                     "stage": "draft", "depends_on": ["CR-03"]})
        d["change_requests"].append({"key": "CR-03", "title": "c", "team": "ACQ",
                                     "stage": "draft", "depends_on": ["CR-01"]})
        cr0(d)["depends_on"] = ["CR-02"]
    assert problems(cycle) == [
        "change_requests[0].depends_on: dependency cycle: CR-01 -> CR-02 -> CR-03 -> CR-01"]


def test_deployed_work_and_deployed_releases_must_agree():
    def deployed_cr_in_planned_release(d):
        cr0(d)["stage"] = "deployed"
    assert problems(deployed_cr_in_planned_release) == [
        "change_requests[0].stage: a deployed change request must target a deployed release"]

    def open_cr_in_deployed_release(d):
        d["releases"][0]["status"] = "deployed"
    assert problems(open_cr_in_deployed_release) == [
        'change_requests[0].release: release "R1" is deployed but this change request is in '
        'stage "approved"']


def test_every_problem_is_listed_and_nothing_is_built():
    def many(d):
        d["teams"][0]["members"] = -1
        d["releases"][0]["go_live"] = "2027-13-01"
        cr0(d)["depends_on"] = ["CR-404"]
        cr0(d)["changes"][0]["item"] = "GHOST"
        cr0(d)["surprise"] = True
    found = problems(many)
    assert len(found) == 5, found
    assert any(p.startswith("teams[0].members") for p in found)
    assert any(p.startswith("releases[0].go_live") for p in found)
    assert any(p.startswith("change_requests[0].surprise") for p in found)


def test_a_file_that_is_not_json_says_where():
    with pytest.raises(PlanFileError) as refused:
        parse_plan('{"format": "release-plan/1",\n "teams": [,]}')
    assert str(refused.value.problems[0]).startswith("line 2, column")


def test_non_finite_numbers_are_refused():
    with pytest.raises(PlanFileError) as refused:
        parse_plan(json.dumps(EXAMPLE).replace('"estimate_hours": 8', '"estimate_hours": NaN'))
    assert "not valid JSON" in str(refused.value)
    doc = json.dumps(EXAMPLE).replace('"estimate_hours": 8', '"estimate_hours": 1e999')
    with pytest.raises(PlanFileError) as refused:
        parse_plan(doc)
    assert "change_requests[0].estimate_hours" in str(refused.value)


def test_an_unsupported_format_is_refused():
    assert problems(lambda d: d.update(format="release-plan/2")) == [
        "format: unsupported format 'release-plan/2'; this version reads 'release-plan/1'"]


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(PlanFileError) as refused:
        build_plan([])
    assert str(refused.value) == "must be an object, not a list"
