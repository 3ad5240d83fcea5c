"""SPEC.md section 4, the send calendar's lines: `send_date` and `audience` attributes (of an item,
of a create, or the `to` of a set of that field) and the `communications` setting; each problem
with its JSON path. Also: the setting round-trips, and a plan without it is written as it was."""

import copy
import json

import pytest

from app.engine.edits import save_cr
from app.model.errors import PlanFileError
from app.model.plan import Communications
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan
from tests.app.plan_file.test_validation import EXAMPLE, accepted, problems


def em_unl(d):
    return d["offer_packs"][0]["items"][1]


def changes(d):
    return d["change_requests"][0]["changes"]


ITEM = "offer_packs[0].items[1].attributes"
SET_TO = "change_requests[0].changes[0].to"
CREATE = "change_requests[0].changes[1].attributes"


def test_an_item_send_date_that_is_not_a_date_is_refused():
    assert problems(lambda d: em_unl(d)["attributes"].update(send_date="next Friday")) == [
        (f"{ITEM}.send_date",
         'a send date must be a date in the form YYYY-MM-DD or null, not "next Friday"')]


def test_an_item_send_date_that_does_not_exist_is_refused():
    assert problems(lambda d: em_unl(d)["attributes"].update(send_date="2027-02-30")) == [
        (f"{ITEM}.send_date", '"2027-02-30" is not a date that exists')]


def test_a_send_date_that_is_a_number_is_refused_on_any_item():
    def mutate(d):
        d["offer_packs"][0]["items"][0]["attributes"]["send_date"] = 20270215
    assert problems(mutate) == [
        ("offer_packs[0].items[0].attributes.send_date",
         "a send date must be a date in the form YYYY-MM-DD or null, not 20270215")]


def test_an_item_audience_that_is_not_a_string_is_refused():
    assert problems(lambda d: em_unl(d)["attributes"].update(audience=True)) == [
        (f"{ITEM}.audience", "an audience must be a string or null, not true")]


def test_a_create_with_a_bad_send_date_and_audience_is_refused():
    def mutate(d):
        changes(d)[1]["attributes"].update(send_date="15/02/2027", audience=7)
    assert sorted(problems(mutate)) == [
        (f"{CREATE}.audience", "an audience must be a string or null, not 7"),
        (f"{CREATE}.send_date",
         'a send date must be a date in the form YYYY-MM-DD or null, not "15/02/2027"')]


def test_a_set_of_send_date_to_a_bad_value_is_refused():
    def mutate(d):
        changes(d)[0].update(item="EM-UNL", field="send_date", to="soon")
        del changes(d)[0]["from"]
    assert problems(mutate) == [
        (SET_TO, 'a send date must be a date in the form YYYY-MM-DD or null, not "soon"')]


def test_a_set_of_audience_to_a_number_is_refused():
    def mutate(d):
        changes(d)[0].update(item="EM-UNL", field="audience", to=3)
        del changes(d)[0]["from"]
    assert problems(mutate) == [(SET_TO, "an audience must be a string or null, not 3")]


def test_null_and_valid_send_values_are_accepted_everywhere():
    def mutate(d):
        em_unl(d)["attributes"].update(send_date="2027-02-15", audience="prepaid")
        changes(d)[0].update(item="EM-UNL", field="send_date", to=None)
        del changes(d)[0]["from"]
        changes(d)[1]["attributes"].update(send_date=None, audience="")
    plan = accepted(mutate)
    assert plan.items["EM-UNL"].attributes["send_date"] == "2027-02-15"


def test_the_cr_editor_refuses_a_bad_send_date_too():
    plan = build_plan(copy.deepcopy(EXAMPLE))
    cr = plan.crs["CR-01"]
    from app.model.plan import SetField
    bad = copy.copy(cr)
    bad.changes = (SetField("EM-UNL", "send_date", "2027-13-01"),)
    with pytest.raises(PlanFileError) as refused:
        save_cr(plan, bad)
    assert [str(p) for p in refused.value.problems] == [
        'changes[0].to: "2027-13-01" is not a date that exists']


# ---- the communications setting ------------------------------------------------------------------

def setting(value):
    return lambda d: d["settings"].update(communications=value)


def test_the_setting_must_be_an_object():
    assert problems(setting([1])) == [("settings.communications", "must be an object, not a list")]


def test_kinds_must_be_a_list_of_strings():
    assert problems(setting({"kinds": "email"})) == [
        ("settings.communications.kinds",
         'must be a list of item kinds (strings), not "email"')]
    assert problems(setting({"kinds": ["email", 4]})) == [
        ("settings.communications.kinds[1]", "must be an item kind (a string), not 4")]


@pytest.mark.parametrize("name", ["min_gap_days", "max_per_week"])
@pytest.mark.parametrize("value, message", [
    (-1, "must not be negative, not -1"),
    (1.5, "must be a whole number (no decimal point), not 1.5"),
    ("2", 'must be a whole number, not "2"'),
    (True, "must be a whole number, not true"),
])
def test_the_gap_and_the_cap_are_non_negative_whole_numbers(name, value, message):
    assert problems(setting({name: value})) == [(f"settings.communications.{name}", message)]


def test_an_unknown_field_of_the_setting_is_refused():
    assert problems(setting({"min_gap": 2})) == [("settings.communications.min_gap",
                                                  "unknown field")]


def test_a_partial_setting_gets_the_defaults_and_round_trips_filled_in():
    plan = accepted(setting({"max_per_week": 3}))
    assert plan.settings.communications == Communications(("email", "sms", "push"), 0, 3)
    doc = plan_to_document(plan)
    assert doc["settings"]["communications"] == {"kinds": ["email", "sms", "push"],
                                                 "min_gap_days": 0, "max_per_week": 3}
    assert plan_to_document(build_plan(doc)) == doc


def test_a_plan_without_the_setting_is_written_exactly_as_before():
    doc = plan_to_document(build_plan(copy.deepcopy(EXAMPLE)))
    assert "communications" not in doc["settings"]
    assert json.dumps(doc["settings"]) == json.dumps(
        {"today": "2027-01-04", "ready_stage": "approved", "legacy_stage": "build",
         "lead_time_days": {"email": 2, "landing_page": 3}, "workdays": [1, 2, 3, 4, 5]})
