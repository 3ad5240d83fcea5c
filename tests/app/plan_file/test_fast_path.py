"""The fast path of plan validation must never accept what the detailed checker refuses, and
must build the very same change request when it accepts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import app.plan_file.validation
from app.model.errors import PlanFileError
from app.plan_file.fast_path import quick_change_request, quick_item
from app.plan_file.validation import Checker, build_plan, checked_change_request


@pytest.fixture(scope="module")
def monkeypatch_items():
    """Turn the item fast path off inside build_plan, to reach the detailed checker."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(app.plan_file.validation, "quick_item", lambda raw, pack: None)
        yield

ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 6), st.floats(allow_nan=True),
                       st.text(max_size=3), st.lists(st.integers(), max_size=2),
                       st.dictionaries(st.text(max_size=2), st.integers(), max_size=1))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=3),
                    st.sampled_from(["2027-02-15", "2027-02-30", "15/02/2027"]))
ATTRIBUTES = st.dictionaries(st.sampled_from(["a", "b", "send_date", "audience"]),
                             SCALARS | ODD_VALUES, max_size=2)
KEY_LISTS = st.lists(st.sampled_from(["I1", "I2", "", 4]), max_size=3)


def changes():
    set_change = st.fixed_dictionaries(
        {"op": st.just("set"), "item": st.sampled_from(["I1", "", 3]),
         "field": st.sampled_from(["f", "", None, "send_date", "audience"]), "to": SCALARS},
        optional={"from": SCALARS, "extra": st.just(1)})
    retire = st.fixed_dictionaries({"op": st.just("retire"), "item": st.sampled_from(["I1", ""])},
                                   optional={"field": st.just("f")})
    create = st.fixed_dictionaries({"op": st.just("create"), "item": st.just("N"),
                                    "pack": st.sampled_from(["P", ""]),
                                    "kind": st.sampled_from(["pdf", None]),
                                    "name": st.sampled_from(["New", 1])},
                                   optional={"attributes": ODD_VALUES | ATTRIBUTES,
                                             "uses": ODD_VALUES | KEY_LISTS,
                                             "field": st.just("f")})
    return st.one_of(set_change, retire, create, ODD_VALUES)


crs = st.fixed_dictionaries(
    {"key": st.sampled_from(["CR-1", ""]), "title": st.sampled_from(["T", 1]),
     "team": st.sampled_from(["A", "", None]),
     "stage": st.sampled_from(["draft", "approved", "on_hold", "shipped", 2])},
    optional={"release": st.sampled_from([None, "R1", "", 5]), "estimate_hours": ODD_VALUES,
              "priority": ODD_VALUES, "emergency": ODD_VALUES, "justification": ODD_VALUES,
              "depends_on": st.one_of(ODD_VALUES, st.lists(st.sampled_from(["CR-2", "CR-3", ""]),
                                                           max_size=3)),
              "changes": st.one_of(ODD_VALUES, st.lists(changes(), max_size=3)),
              "unknown": st.just(True)})


@settings(max_examples=2000, deadline=None)
@given(crs)
def test_fast_path_agrees_with_the_detailed_checker(raw):
    quick = quick_change_request(raw)
    checker = Checker()
    _, detailed, valid = checked_change_request(checker, raw, "change_requests[0]")
    assert valid == (checker.problems == [])
    if quick is not None:
        assert valid
        assert quick == detailed
    else:
        assert not valid


items = st.fixed_dictionaries(
    {"key": st.sampled_from(["I1", "", 2]), "kind": st.sampled_from(["offer", "", None]),
     "name": st.sampled_from(["Name", 3])},
    optional={"status": st.sampled_from(["active", "retired", "gone", 1]),
              "attributes": ODD_VALUES | ATTRIBUTES, "uses": ODD_VALUES | KEY_LISTS,
              "extra": st.just(1)})


@settings(max_examples=1000, deadline=None)
@given(raw=items)
def test_item_fast_path_agrees_with_the_detailed_checker(raw, monkeypatch_items):
    doc = {"format": "release-plan/1", "teams": [], "releases": [], "change_requests": [],
           "offer_packs": [{"key": "P", "name": "Pack", "items": [
               raw, {"key": "I2", "kind": "offer", "name": "Used by the item under test"}]}]}
    quick = quick_item(raw, "P")
    try:
        detailed = build_plan(doc).items.get(raw.get("key"))  # the fast path is off here
    except PlanFileError:
        detailed = None
    assert quick == detailed
