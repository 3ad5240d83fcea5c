"""SPEC.md section 2: the bundle of a planned release (steps 1 to 4), the state before it, the
`changes` rows, `held_back`, and the refusals of `bundle`. One test per rule."""

import pytest

from app.engine.report import bundle_report
from app.model.errors import Refusal
from app.plan_file.validation import build_plan
from app.views.bundle_output import report_to_json
from tests.app.plan_builder import (
    R0_DEPLOYED,
    R1,
    R1_FREEZE_START,
    R2,
    TODAY,
    cr,
    create,
    item,
    plan,
    release,
    retire,
    set_,
)


def report(p, key="R1", today=TODAY):
    return bundle_report(p, key, today)


def excluded(r) -> dict:
    return {e.cr: (e.reason, e.detail) for e in r.excluded}


def rows(r) -> list:
    return [(c.cr, c.op, c.item, c.field, c.before, c.after) for c in r.changes]


def befores(r) -> list:
    return [c.before for c in r.changes]


def held(r) -> dict:
    return {h.cr: (h.target, h.stage) for h in r.held_back}


# ---- step 1: candidates -----------------------------------------------------------------------

def test_cancelled_cr_targeted_to_r_is_not_a_candidate():
    # Not a candidate: neither included nor excluded, and no candidate warning (will-slip,
    # emergency) even in a frozen release.
    p = plan(cr("A", "R1", "cancelled", emergency=True, justification="outage"),
             cr("B", "R1", "approved"))
    r = report(p, today=R1_FREEZE_START)
    assert r.included == ("B",)
    assert r.excluded == ()
    assert [w.code for w in r.warnings] == []


def test_deployed_cr_is_not_a_candidate_of_any_planned_release():
    p = plan(cr("A", "R0", "deployed"), cr("B", "R1", "approved"),
             releases=[R0_DEPLOYED, R1, R2])
    r = report(p)
    assert r.included == ("B",)
    assert r.excluded == ()


def test_only_crs_targeted_to_r_are_its_candidates():
    r = report(plan(cr("A", "R1"), cr("B", "R2"), cr("C", None), cr("D", "R2", "draft")))
    assert r.included == ("A",)
    assert r.excluded == ()


# ---- step 2: on hold, not ready ---------------------------------------------------------------

def test_candidate_on_hold_is_excluded_with_reason_on_hold_and_null_detail():
    r = report(plan(cr("A", "R1", "on_hold")))
    assert r.included == ()
    assert excluded(r) == {"A": ("on-hold", None)}


def test_candidate_not_ready_is_excluded_with_reason_not_ready_and_its_stage_as_detail():
    r = report(plan(cr("A", "R1", "draft"), cr("B", "R1", "build"), cr("C", "R1", "test")))
    assert r.included == ()
    assert excluded(r) == {"A": ("not-ready", "draft"), "B": ("not-ready", "build"),
                           "C": ("not-ready", "test")}


def test_candidate_at_the_default_ready_stage_approved_is_included():
    r = report(plan(cr("A", "R1", "approved"), cr("B", "R1", "test")))
    assert r.included == ("A",)
    assert excluded(r) == {"B": ("not-ready", "test")}


def test_ready_stage_setting_sets_the_stage_from_which_a_candidate_is_ready():
    p = plan(cr("A", "R1", "draft"), cr("B", "R1", "build"), cr("C", "R1", "test"),
             cr("D", "R1", "approved"), ready_stage="build")
    r = report(p)
    assert r.included == ("B", "C", "D")
    assert excluded(r) == {"A": ("not-ready", "draft")}


def test_on_hold_candidate_is_never_ready_even_with_ready_stage_draft():
    r = report(plan(cr("A", "R1", "draft"), cr("B", "R1", "on_hold"), ready_stage="draft"))
    assert r.included == ("A",)
    assert excluded(r) == {"B": ("on-hold", None)}


# ---- steps 3 and 4: dependencies --------------------------------------------------------------

def test_cr_whose_dependency_is_not_in_the_bundle_is_excluded_as_blocked_by_dependency():
    r = report(plan(cr("A", "R1", "build"), cr("B", "R1", "approved", deps=("A",))))
    assert r.included == ()
    assert excluded(r) == {"A": ("not-ready", "build"), "B": ("blocked-by-dependency", "A")}


def test_blocked_by_dependency_repeats_until_nothing_changes_along_a_chain():
    # A needs B, B needs C, C needs D, D is a draft: one pass in key order would keep A and B.
    r = report(plan(cr("A", "R1", deps=("B",)), cr("B", "R1", deps=("C",)),
                    cr("C", "R1", deps=("D",)), cr("D", "R1", "draft")))
    assert r.included == ()
    assert excluded(r) == {"A": ("blocked-by-dependency", "B"),
                           "B": ("blocked-by-dependency", "C"),
                           "C": ("blocked-by-dependency", "D"),
                           "D": ("not-ready", "draft")}


def test_blocked_detail_is_the_first_unsatisfied_dependency_in_key_order():
    # Listed Z, A, M: A is in the bundle, M and Z are not; M comes first in key order.
    r = report(plan(cr("A", "R1"), cr("M", "R1", "draft"), cr("Z", "R1", "draft"),
                    cr("X", "R1", deps=("Z", "A", "M"))))
    assert r.included == ("A",)
    assert excluded(r)["X"] == ("blocked-by-dependency", "M")


def test_blocked_detail_is_judged_against_the_final_bundle():
    # X needs B and C. C is a draft; B looks fine at first but leaves because D is a draft.
    # In the final bundle both B and C are missing, and B comes first in key order.
    r = report(plan(cr("B", "R1", deps=("D",)), cr("C", "R1", "draft"), cr("D", "R1", "draft"),
                    cr("X", "R1", deps=("C", "B"))))
    assert excluded(r)["X"] == ("blocked-by-dependency", "B")


def test_dependency_in_stage_deployed_is_satisfied():
    p = plan(cr("A", "R0", "deployed"), cr("B", "R1", deps=("A",)),
             releases=[R0_DEPLOYED, R1, R2])
    assert report(p).included == ("B",)


def test_dependency_in_the_bundle_of_an_earlier_planned_release_is_satisfied():
    r = report(plan(cr("A", "R1"), cr("B", "R2", deps=("A",))), "R2")
    assert r.included == ("B",)
    assert r.excluded == ()


def test_dependency_excluded_from_an_earlier_release_is_not_satisfied():
    r = report(plan(cr("A", "R1", "test"), cr("B", "R2", deps=("A",))), "R2")
    assert r.included == ()
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_dependency_in_the_same_bundle_is_satisfied():
    r = report(plan(cr("A", "R1"), cr("B", "R1", deps=("A",))))
    assert r.included == ("A", "B")
    assert r.excluded == ()


def test_ready_dependency_targeted_to_a_later_release_is_not_satisfied():
    r = report(plan(cr("A", "R2"), cr("B", "R1", deps=("A",))))
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_unscheduled_dependency_is_not_satisfied():
    r = report(plan(cr("A", None), cr("B", "R1", deps=("A",))))
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_cancelled_dependency_is_not_satisfied():
    r = report(plan(cr("A", "R1", "cancelled"), cr("B", "R1", deps=("A",))))
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_releases_going_live_the_same_day_are_ordered_by_key_for_dependencies():
    # RA and RB go live together; RA is earlier in release order.
    releases = [release("RB", "2027-01-15"), release("RA", "2027-01-15")]
    p = plan(cr("A", "RA"), cr("B", "RB", deps=("A",)), releases=releases)
    assert report(p, "RB").included == ("B",)
    q = plan(cr("A", "RB"), cr("B", "RA", deps=("A",)), releases=releases)
    assert excluded(report(q, "RA")) == {"B": ("blocked-by-dependency", "A")}


def test_included_and_excluded_are_in_key_order_by_code_point():
    r = report(plan(cr("b", "R1"), cr("a", "R1"), cr("B", "R1"), cr("CR-2", "R1", "test"),
                    cr("CR-10", "R1", "test")))
    assert r.included == ("B", "a", "b")
    assert [e.cr for e in r.excluded] == ["CR-10", "CR-2"]


# ---- refusals of `bundle` -----------------------------------------------------------------------

def test_bundle_of_an_unknown_release_is_refused_with_unknown_release():
    with pytest.raises(Refusal) as refused:
        report(plan(), "R9")
    assert refused.value.code == "unknown-release"


@pytest.mark.parametrize("status", ["deployed", "cancelled"])
def test_bundle_of_a_release_that_is_not_planned_is_refused_with_release_closed(status):
    p = plan(releases=[release("RX", "2027-01-10", status=status), R1])
    with pytest.raises(Refusal) as refused:
        report(p, "RX")
    assert refused.value.code == "release-closed"


# ---- the state before R -----------------------------------------------------------------------

def test_state_before_the_first_planned_release_is_production():
    r = report(plan(cr("A", "R1", "approved", set_("OFR", "price", "9"),
                       set_("EM", "subject", "Yo"))))
    assert befores(r) == ["10", "Hi"]


def test_state_before_r_applies_the_bundles_of_earlier_planned_releases():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30")))
    assert befores(report(p, "R2")) == ["20"]


def test_state_before_r_applies_earlier_bundles_in_release_order_not_file_or_key_order():
    # Release order: RB (20 Jan), then RA (30 Jan), then RZ: RA's price is applied last.
    p = plan(cr("A", "RA", "approved", set_("OFR", "price", "late")),
             cr("B", "RB", "approved", set_("OFR", "price", "early")),
             cr("Z", "RZ", "approved", set_("OFR", "price", "final")),
             releases=[release("RA", "2027-01-30"), release("RB", "2027-01-20"),
                       release("RZ", "2027-02-10")])
    assert befores(report(p, "RZ")) == ["late"]


def test_state_before_r_applies_releases_going_live_the_same_day_in_key_order():
    p = plan(cr("A", "RB", "approved", set_("OFR", "price", "from RB")),
             cr("B", "RA", "approved", set_("OFR", "price", "from RA")),
             cr("C", "RC", "approved", set_("OFR", "price", "final")),
             releases=[release("RB", "2027-01-20"), release("RA", "2027-01-20"),
                       release("RC", "2027-02-10")])
    assert befores(report(p, "RC")) == ["from RB"]


def test_state_before_r_applies_crs_of_one_release_in_key_order_so_the_last_key_wins():
    # Code point order: CR-1 < CR-10 < CR-2, so CR-2's value is the one left after R1.
    p = plan(cr("CR-2", "R1", "approved", set_("OFR", "price", "22")),
             cr("CR-10", "R1", "approved", set_("OFR", "price", "1010")),
             cr("CR-1", "R1", "approved", set_("OFR", "price", "11")),
             cr("CR-3", "R2", "approved", set_("OFR", "price", "33")))
    assert befores(report(p, "R2")) == ["22"]


def test_state_before_r_leaves_out_crs_excluded_from_earlier_releases():
    p = plan(cr("A", "R1", "test", set_("OFR", "price", "20")),
             cr("B", "R1", "on_hold", set_("OFR", "headline", "held")),
             cr("C", "R2", "approved", set_("OFR", "price", "30"), set_("OFR", "headline", "x")))
    assert befores(report(p, "R2")) == ["10", "Hello"]


def test_state_before_r_leaves_out_crs_of_later_releases_and_the_backlog():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "9")),
             cr("B", "R2", "approved", set_("OFR", "headline", "later")),
             cr("C", None, "approved", set_("EM", "subject", "someday")),
             cr("D", "R1", "approved", set_("OFR", "headline", "now"), set_("EM", "subject", "x")))
    assert befores(report(p)) == ["10", "Hello", "Hi"]


def test_changes_of_deployed_crs_are_production_and_never_applied_again():
    # A's change is already live: production says "live"; it is not replayed over it.
    p = plan(cr("A", "R0", "deployed", set_("OFR", "price", "was set by A")),
             cr("B", "R1", "approved", set_("OFR", "price", "9")),
             releases=[R0_DEPLOYED, R1, R2],
             items=[item("OFR", "offer", price="live")])
    assert befores(report(p)) == ["live"]


def test_a_set_on_an_item_missing_from_the_state_does_nothing():
    # NEW is only created by a backlog CR, so R1's set on it has nothing to change.
    p = plan(cr("A", "R1", "approved", set_("NEW", "subject", "early")),
             cr("B", "R2", "approved", set_("NEW", "subject", "late")),
             cr("C", None, "draft", create("NEW")))
    assert befores(report(p, "R2")) == [None]


def test_a_set_applied_before_the_create_of_its_item_in_key_order_does_nothing():
    # In R1, A (set) applies before B (create): the created item has B's subject.
    p = plan(cr("A", "R1", "approved", set_("NEW", "subject", "from A"),
                set_("NEW", "cta", "from A")),
             cr("B", "R1", "approved", create("NEW", subject="from B")),
             cr("C", "R2", "approved", set_("NEW", "subject", "x"), set_("NEW", "cta", "x")))
    assert befores(report(p, "R2")) == ["from B", None]


def test_a_set_to_null_makes_the_field_missing():
    p = plan(cr("A", "R1", "approved", set_("EM", "subject", None)),
             cr("B", "R2", "approved", set_("EM", "subject", "back")))
    assert befores(report(p, "R2")) == [None]


def test_a_create_adds_an_active_item_replacing_an_existing_one_of_that_key():
    # EM is replaced by an sms: its old subject is gone, the new text is there.
    p = plan(cr("A", "R1", "approved", create("EM", "sms", text="t")),
             cr("B", "R2", "approved", set_("EM", "subject", "x"), set_("EM", "text", "y"),
                retire("EM")))
    assert befores(report(p, "R2")) == [None, "t", "active"]


def test_a_create_of_a_retired_item_makes_it_active_again():
    p = plan(cr("A", "R1", "approved", create("OLD", "pdf", v="2")),
             cr("B", "R2", "approved", retire("OLD")),
             items=[item("OLD", "pdf", status="retired", v="1")])
    assert befores(report(p, "R2")) == ["active"]


def test_a_retire_makes_the_item_retired_and_keeps_its_attributes():
    p = plan(cr("A", "R1", "approved", retire("OFR")),
             cr("B", "R2", "approved", set_("OFR", "price", "1"), create("OFR", "offer")))
    assert befores(report(p, "R2")) == ["10", "retired"]


def test_a_retire_of_an_item_missing_from_the_state_does_nothing():
    p = plan(cr("A", "R1", "approved", retire("NEW")),
             cr("B", "R2", "approved", retire("NEW")),
             cr("C", None, "draft", create("NEW")))
    assert befores(report(p, "R2")) == [None]


# ---- changes ----------------------------------------------------------------------------------

def test_changes_list_every_change_crs_in_key_order_and_each_crs_changes_as_listed():
    p = plan(cr("B", "R1", "approved", set_("OFR", "headline", "Yo"), retire("PDF")),
             cr("A", "R1", "approved", create("NEW", "sms"), set_("EM", "subject", "New")),
             cr("C", "R1", "test", set_("OFR", "price", "excluded")))
    assert rows(report(p)) == [
        ("A", "create", "NEW", None, None, "active"),
        ("A", "set", "EM", "subject", "Hi", "New"),
        ("B", "set", "OFR", "headline", "Hello", "Yo"),
        ("B", "retire", "PDF", None, "active", "retired"),
    ]


def test_set_row_before_is_the_state_before_r_not_after_earlier_crs_of_the_bundle():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20"), set_("OFR", "price", "30")),
             cr("B", "R1", "approved", set_("OFR", "price", "30")))
    assert rows(report(p)) == [("A", "set", "OFR", "price", "10", "20"),
                               ("A", "set", "OFR", "price", "10", "30"),
                               ("B", "set", "OFR", "price", "10", "30")]


def test_set_row_before_is_null_for_a_field_missing_before_r():
    r = report(plan(cr("A", "R1", "approved", set_("OFR", "color", "red"))))
    assert rows(r) == [("A", "set", "OFR", "color", None, "red")]


def test_set_row_before_is_null_for_an_item_missing_before_r():
    # NEW is created in this same bundle: before R it does not exist.
    r = report(plan(cr("A", "R1", "approved", create("NEW", subject="s")),
                    cr("B", "R1", "approved", set_("NEW", "subject", "t"))))
    assert rows(r)[1] == ("B", "set", "NEW", "subject", None, "t")


def test_set_row_after_is_the_to_value_even_null():
    r = report(plan(cr("A", "R1", "approved", set_("EM", "subject", None),
                       set_("OFR", "n", 1.5), set_("OFR", "b", False))))
    assert [c.after for c in r.changes] == [None, 1.5, False]


def test_create_row_has_null_field_and_the_item_status_before_and_active_after():
    p = plan(cr("A", "R1", "approved", create("NEW"), create("EM"), create("OLD", "pdf")),
             items=[item("EM", "email"), item("OLD", "pdf", status="retired")])
    assert rows(report(p)) == [("A", "create", "NEW", None, None, "active"),
                               ("A", "create", "EM", None, "active", "active"),
                               ("A", "create", "OLD", None, "retired", "active")]


def test_retire_row_has_null_field_and_the_item_status_before_and_retired_after():
    p = plan(cr("A", "R1", "approved", retire("EM"), retire("OLD"), retire("NEW")),
             cr("B", None, "draft", create("NEW")),
             items=[item("EM", "email"), item("OLD", "pdf", status="retired")])
    assert rows(report(p)) == [("A", "retire", "EM", None, "active", "retired"),
                               ("A", "retire", "OLD", None, "retired", "retired"),
                               ("A", "retire", "NEW", None, None, "retired")]


# ---- held back --------------------------------------------------------------------------------

def test_unscheduled_cr_at_or_past_the_legacy_stage_is_held_back():
    r = report(plan(cr("A", None, "build"), cr("B", None, "approved")))
    assert held(r) == {"A": (None, "build"), "B": (None, "approved")}


def test_cr_targeted_to_a_later_planned_release_at_or_past_the_legacy_stage_is_held_back():
    r = report(plan(cr("A", "R2", "build"), cr("B", "R2", "test"), cr("C", "R2", "approved")))
    assert held(r) == {"A": ("R2", "build"), "B": ("R2", "test"), "C": ("R2", "approved")}


def test_cr_below_the_legacy_stage_is_not_held_back():
    assert report(plan(cr("A", None, "draft"), cr("B", "R2", "draft"))).held_back == ()


def test_on_hold_cancelled_and_deployed_crs_are_not_held_back():
    p = plan(cr("A", None, "on_hold"), cr("B", "R2", "on_hold"), cr("C", None, "cancelled"),
             cr("D", "R2", "cancelled"), cr("E", "R0", "deployed"),
             releases=[R0_DEPLOYED, R1, R2])
    assert report(p).held_back == ()


def test_legacy_stage_setting_sets_the_stage_from_which_work_is_held_back():
    p = plan(cr("A", None, "draft"), cr("B", None, "build"), cr("C", None, "test"),
             cr("D", None, "approved"), legacy_stage="test")
    assert held(report(p)) == {"C": (None, "test"), "D": (None, "approved")}
    q = plan(cr("A", None, "draft"), legacy_stage="draft")
    assert held(report(q)) == {"A": (None, "draft")}


def test_crs_targeted_to_r_are_not_held_back():
    # B is at the legacy stage but targeted to R1 itself: it is excluded, not held back.
    r = report(plan(cr("A", "R1", "approved"), cr("B", "R1", "build")))
    assert r.held_back == ()


def test_crs_targeted_to_an_earlier_planned_release_are_not_held_back():
    r = report(plan(cr("A", "R1", "test"), cr("B", "R1", "build"), cr("C", "R2")), "R2")
    assert r.held_back == ()


def test_crs_targeted_to_a_cancelled_release_are_not_held_back():
    p = plan(cr("A", "RX", "approved"),
             releases=[R1, release("RX", "2027-02-01", status="cancelled")])
    assert report(p).held_back == ()


def test_held_back_is_sorted_by_cr_key():
    r = report(plan(cr("CR-2", None, "build"), cr("CR-10", "R2", "test"),
                    cr("CR-1", None, "approved")))
    assert [(h.cr, h.target, h.stage) for h in r.held_back] == [
        ("CR-1", None, "approved"), ("CR-10", "R2", "test"), ("CR-2", None, "build")]


# ---- the whole report, as the JSON of SPEC.md section 5 ----------------------------------------

def test_bundle_json_of_the_spec_example_plan():
    doc = {
        "format": "release-plan/1",
        "settings": {"today": "2027-01-04", "ready_stage": "approved", "legacy_stage": "build",
                     "lead_time_days": {"email": 2, "landing_page": 3},
                     "workdays": [1, 2, 3, 4, 5]},
        "teams": [{"key": "ACQ", "name": "Acquisition", "members": 2, "hours_per_day": 6,
                   "color": "#2f6fdf"}],
        "offer_packs": [{"key": "MOB", "name": "Mobile plans", "items": [
            {"key": "OFR-UNL", "kind": "offer", "name": "Unlimited", "status": "active",
             "attributes": {"price": "49.99", "headline": "Go unlimited"}, "uses": []},
            {"key": "EM-UNL", "kind": "email", "name": "Launch email",
             "attributes": {"subject": "Go unlimited"}, "uses": ["OFR-UNL"]},
            {"key": "EM-OLD", "kind": "email", "name": "Last year's email", "attributes": {}}]}],
        "releases": [{"key": "R1", "name": "January", "go_live": "2027-01-15", "freeze_days": 3,
                      "status": "planned"}],
        "change_requests": [{
            "key": "CR-01", "title": "Lower the price", "team": "ACQ", "release": "R1",
            "stage": "approved", "estimate_hours": 8, "priority": 2, "emergency": False,
            "justification": "", "depends_on": [],
            "changes": [
                {"op": "set", "item": "OFR-UNL", "field": "price", "from": "49.99",
                 "to": "44.99"},
                {"op": "create", "item": "LP-UNL", "pack": "MOB", "kind": "landing_page",
                 "name": "Landing", "attributes": {"url": "/unlimited"}, "uses": ["OFR-UNL"]},
                {"op": "retire", "item": "EM-OLD"}]}],
    }
    assert report_to_json(report(build_plan(doc))) == {
        "release": "R1", "go_live": "2027-01-15", "freeze_start": "2027-01-12", "frozen": False,
        "included": ["CR-01"], "excluded": [], "held_back": [], "conflicts": [],
        "changes": [
            {"cr": "CR-01", "op": "set", "item": "OFR-UNL", "field": "price",
             "before": "49.99", "after": "44.99"},
            {"cr": "CR-01", "op": "create", "item": "LP-UNL", "field": None,
             "before": None, "after": "active"},
            {"cr": "CR-01", "op": "retire", "item": "EM-OLD", "field": None,
             "before": "active", "after": "retired"},
        ],
        "warnings": [],
        "sends": [],  # SPEC.md section 5: always there; the example has no audience
    }
