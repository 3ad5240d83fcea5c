"""SPEC.md section 2: what a planned release ships (steps 1 to 4), the state before it, the
changes diff and the held-back work. One test per rule."""

import pytest

from app.engine.report import bundle_report
from app.errors import Refusal
from tests.app.plan_builder import TODAY, cr, create, plan, release, retire, set_


def report(p, key="R1", today=TODAY):
    return bundle_report(p, key, today)


def excluded(r):
    return {e.cr: (e.reason, e.detail) for e in r.excluded}


# ---- step 1 and 2: candidates, on hold, not ready ------------------------------------------

def test_deployed_and_cancelled_crs_are_not_candidates():
    p = plan(cr("A", "R0", "deployed"), cr("B", "R1", "cancelled"), cr("C", "R1", "approved"),
             releases=[release("R0", "2026-12-01", status="deployed"),
                       release("R1", "2027-01-15")])
    r = report(p)
    assert r.included == ("C",)
    assert r.excluded == ()


def test_a_candidate_on_hold_is_excluded_as_on_hold_with_no_detail():
    r = report(plan(cr("A", "R1", "on_hold")))
    assert excluded(r) == {"A": ("on-hold", None)}


def test_a_candidate_not_ready_is_excluded_with_its_stage_as_detail():
    r = report(plan(cr("A", "R1", "draft"), cr("B", "R1", "build"), cr("C", "R1", "test")))
    assert excluded(r) == {"A": ("not-ready", "draft"), "B": ("not-ready", "build"),
                           "C": ("not-ready", "test")}
    assert r.included == ()


def test_the_ready_stage_setting_moves_the_threshold():
    r = report(plan(cr("A", "R1", "build"), cr("B", "R1", "test"), ready_stage="test"))
    assert r.included == ("B",)
    assert excluded(r) == {"A": ("not-ready", "build")}


def test_only_crs_targeted_to_the_release_are_candidates():
    r = report(plan(cr("A", "R1"), cr("B", "R2"), cr("C", None)))
    assert r.included == ("A",)


# ---- step 3 and 4: dependencies ------------------------------------------------------------

def test_a_dependency_that_is_not_ready_blocks_with_that_dependency_as_detail():
    r = report(plan(cr("A", "R1", "build"), cr("B", "R1", deps=("A",))))
    assert excluded(r) == {"A": ("not-ready", "build"), "B": ("blocked-by-dependency", "A")}


def test_blocking_propagates_along_a_chain_until_nothing_changes():
    r = report(plan(cr("A", "R1", "on_hold"), cr("B", "R1", deps=("A",)),
                    cr("C", "R1", deps=("B",)), cr("D", "R1", deps=("C",))))
    assert excluded(r) == {"A": ("on-hold", None), "B": ("blocked-by-dependency", "A"),
                           "C": ("blocked-by-dependency", "B"),
                           "D": ("blocked-by-dependency", "C")}


def test_a_deployed_dependency_is_satisfied():
    p = plan(cr("A", "R0", "deployed"), cr("B", "R1", deps=("A",)),
             releases=[release("R0", "2026-12-01", status="deployed"),
                       release("R1", "2027-01-15")])
    assert report(p).included == ("B",)


def test_a_dependency_in_the_bundle_of_an_earlier_release_is_satisfied():
    r = report(plan(cr("A", "R1"), cr("B", "R2", deps=("A",))), "R2")
    assert r.included == ("B",)


def test_a_dependency_excluded_from_an_earlier_release_blocks():
    r = report(plan(cr("A", "R1", "test"), cr("B", "R2", deps=("A",))), "R2")
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_a_dependency_in_the_same_bundle_is_satisfied():
    assert report(plan(cr("A", "R1"), cr("B", "R1", deps=("A",)))).included == ("A", "B")


def test_a_dependency_targeted_to_a_later_release_blocks():
    r = report(plan(cr("A", "R2"), cr("B", "R1", deps=("A",))))
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_an_unscheduled_or_cancelled_dependency_blocks():
    r = report(plan(cr("A", None), cr("C", "R1", "cancelled"), cr("B", "R1", deps=("C", "A"))))
    assert excluded(r) == {"B": ("blocked-by-dependency", "A")}


def test_the_blocked_detail_is_the_first_unsatisfied_dependency_in_key_order():
    r = report(plan(cr("Z", "R1", "draft"), cr("M", "R1", "draft"), cr("A", "R1"),
                    cr("B", "R1", deps=("Z", "A", "M"))))
    assert excluded(r)["B"] == ("blocked-by-dependency", "M")


def test_a_cr_whose_dependency_is_blocked_is_blocked_even_if_it_comes_first_in_key_order():
    r = report(plan(cr("A", "R1", deps=("B",)), cr("B", "R1", deps=("C",)),
                    cr("C", "R1", "draft")))
    assert excluded(r) == {"A": ("blocked-by-dependency", "B"),
                           "B": ("blocked-by-dependency", "C"), "C": ("not-ready", "draft")}


# ---- refusals --------------------------------------------------------------------------------

def test_the_bundle_of_an_unknown_release_is_refused():
    with pytest.raises(Refusal) as refused:
        report(plan(), "R9")
    assert refused.value.code == "unknown-release"


@pytest.mark.parametrize("status", ["deployed", "cancelled"])
def test_the_bundle_of_a_release_that_is_not_planned_is_refused(status):
    p = plan(releases=[release("R1", "2027-01-15", status=status)])
    with pytest.raises(Refusal) as refused:
        report(p)
    assert refused.value.code == "release-closed"


# ---- the state before R and the changes ------------------------------------------------------

def test_releases_are_ordered_by_go_live_then_key_not_by_file_order():
    p = plan(cr("A", "RB", "approved", set_("OFR", "price", "20")),
             cr("B", "RA", "approved", set_("OFR", "price", "30")),
             releases=[release("RB", "2027-01-15"), release("RA", "2027-01-15"),
                       release("R0", "2027-01-10")])
    # RA and RB go live the same day: RA comes first, so RB sees RA's price as its base
    (row,) = report(p, "RB").changes
    assert row.before == "30"


def test_changes_of_earlier_releases_are_the_base_of_later_ones():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30")))
    (row,) = report(p, "R2").changes
    assert (row.before, row.after) == ("20", "30")


def test_excluded_work_of_an_earlier_release_is_not_part_of_the_base():
    p = plan(cr("A", "R1", "test", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30")))
    assert report(p, "R2").changes[0].before == "10"


def test_inside_one_release_crs_apply_in_key_order_so_the_last_key_wins_later():
    p = plan(cr("CR-2", "R1", "approved", set_("OFR", "price", "22")),
             cr("CR-1", "R1", "approved", set_("OFR", "price", "11")),
             cr("CR-3", "R2", "approved", set_("OFR", "headline", "x")),
             cr("CR-4", "R2", "approved", set_("OFR", "price", "44")))
    assert report(p, "R2").changes[1].before == "22"


def test_changes_list_every_change_in_cr_key_order_then_as_listed():
    p = plan(cr("B", "R1", "approved", set_("OFR", "headline", "Yo"), retire("PDF")),
             cr("A", "R1", "approved", create("NEW"), set_("EM", "subject", "New")))
    rows = [(c.cr, c.op, c.item, c.field, c.before, c.after) for c in report(p).changes]
    assert rows == [
        ("A", "create", "NEW", None, None, "active"),
        ("A", "set", "EM", "subject", "Hi", "New"),
        ("B", "set", "OFR", "headline", "Hello", "Yo"),
        ("B", "retire", "PDF", None, "active", "retired"),
    ]


def test_before_is_null_for_a_missing_field_or_item_and_a_null_field_is_missing():
    p = plan(cr("A", "R1", "approved", create("NEW")),
             cr("B", "R1", "approved", set_("NEW", "subject", "s"), set_("OFR", "color", "red"),
                set_("EM", "subject", None)),
             cr("C", "R2", "approved", set_("EM", "subject", "back")))
    assert [c.before for c in report(p).changes[1:]] == [None, None, "Hi"]
    assert report(p, "R2").changes[0].before is None  # set to null in R1: now missing


def test_a_set_on_an_item_that_does_not_exist_does_nothing():
    # GHOST is known to the plan (a backlog CR creates it) but does not exist before R2
    p = plan(cr("A", "R1", "approved", set_("GHOST", "subject", "early")),
             cr("B", "R2", "approved", set_("GHOST", "subject", "late")),
             cr("C", None, "draft", create("GHOST")))
    assert report(p, "R2").changes[0].before is None


def test_create_replaces_an_existing_item_and_retire_keeps_attributes():
    p = plan(cr("A", "R1", "approved", create("EM", kind="sms", text="t"), retire("OFR")),
             cr("B", "R2", "approved", set_("EM", "subject", "x"), set_("OFR", "price", "1")))
    rows = report(p, "R2").changes
    assert rows[0].before is None  # EM was replaced: its subject is gone
    assert rows[1].before == "10"  # OFR is retired but keeps its price


def test_create_and_retire_rows_show_the_item_status_before():
    p = plan(cr("A", "R1", "approved", retire("PDF")),
             cr("B", "R2", "approved", create("PDF", kind="pdf"), retire("PDF"), retire("GONE")),
             cr("C", None, "draft", create("GONE")))
    rows = [(c.op, c.item, c.before, c.after) for c in report(p, "R2").changes]
    assert rows == [("create", "PDF", "retired", "active"), ("retire", "PDF", "retired", "retired"),
                    ("retire", "GONE", None, "retired")]


# ---- held back -------------------------------------------------------------------------------

def held(r):
    return {h.cr: (h.target, h.stage) for h in r.held_back}


def test_work_at_the_legacy_stage_meant_for_later_is_held_back():
    r = report(plan(cr("A", "R2", "build"), cr("B", None, "approved"), cr("C", "R2", "test")))
    assert held(r) == {"A": ("R2", "build"), "B": (None, "approved"), "C": ("R2", "test")}


def test_work_below_the_legacy_stage_on_hold_cancelled_or_deployed_is_not_held_back():
    p = plan(cr("A", "R2", "draft"), cr("B", None, "on_hold"), cr("C", None, "cancelled"),
             cr("D", "R0", "deployed"),
             releases=[release("R0", "2026-12-01", status="deployed"),
                       *[release("R1", "2027-01-15"), release("R2", "2027-02-15")]])
    assert held(report(p)) == {}


def test_the_legacy_stage_setting_moves_what_counts_as_held_back():
    r = report(plan(cr("A", "R2", "build"), cr("B", "R2", "test"), legacy_stage="test"))
    assert held(r) == {"B": ("R2", "test")}


def test_work_of_this_or_an_earlier_release_is_not_held_back():
    r = report(plan(cr("A", "R1", "test"), cr("B", "R1", "build"), cr("C", "R2", "approved")),
               "R2")
    assert held(r) == {}
    assert report(plan(cr("A", "R1", "test"))).held_back == ()


def test_work_targeted_to_a_cancelled_release_is_not_held_back():
    p = plan(cr("A", "RX", "approved"),
             releases=[release("R1", "2027-01-15"), release("RX", "2027-02-01",
                                                             status="cancelled")])
    assert held(report(p)) == {}
