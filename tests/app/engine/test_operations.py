"""SPEC.md section 3: `schedule`, `deploy` and adding a dependency, one test per rule and per
refusal, and the order in which `schedule` checks its refusals."""

import re
from datetime import date
from itertools import pairwise

import pytest

from app.engine.operations import add_dependency, deploy, schedule
from app.engine.report import bundle_report
from app.model.errors import Refusal
from app.model.plan import Target
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan
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

FROZEN = R1_FREEZE_START  # R1 (go-live 2027-01-15, 3 freeze days) is frozen from 2027-01-12
RX_CANCELLED = release("RX", "2027-01-20", status="cancelled")
WITH_CLOSED = [R0_DEPLOYED, R1, RX_CANCELLED, R2]  # R0 deployed, RX cancelled


def refusal(fn, *args) -> str:
    with pytest.raises(Refusal) as refused:
        fn(*args)
    return refused.value.code


def order_warnings(scheduled) -> list:
    return [(w.code, w.other) for w in scheduled.warnings]


# ---- schedule: accepted moves -----------------------------------------------------------------

def test_schedule_moves_the_cr_to_the_target_release():
    p = plan(cr("A", None, "build"))
    moved = schedule(p, "A", Target("R2"), TODAY)
    assert moved.plan.crs["A"].release == "R2"


def test_schedule_to_backlog_unschedules_the_cr():
    p = plan(cr("A", "R1", "build"))
    assert schedule(p, "A", Target.backlog(), TODAY).plan.crs["A"].release is None


def test_schedule_of_an_emergency_with_a_justification_into_a_frozen_release_is_accepted():
    p = plan(cr("A", None, "approved", emergency=True, justification="Site shows a wrong price"))
    assert schedule(p, "A", Target("R1"), FROZEN).plan.crs["A"].release == "R1"


def test_moving_a_cr_out_of_a_frozen_release_is_always_allowed():
    p = plan(cr("A", "R1", "test"))
    assert schedule(p, "A", Target("R2"), FROZEN).plan.crs["A"].release == "R2"
    assert schedule(p, "A", Target.backlog(), FROZEN).plan.crs["A"].release is None


# ---- schedule: refusals -----------------------------------------------------------------------

def test_schedule_of_an_unknown_cr_is_refused_with_unknown_cr():
    assert refusal(schedule, plan(), "NOPE", Target("R1"), TODAY) == "unknown-cr"


def test_schedule_to_an_unknown_release_is_refused_with_unknown_release():
    assert refusal(schedule, plan(cr("A", None)), "A", Target("R9"), TODAY) == "unknown-release"


def test_schedule_of_a_deployed_cr_is_refused_with_cr_closed():
    p = plan(cr("A", "R0", "deployed"), releases=WITH_CLOSED)
    assert refusal(schedule, p, "A", Target("R1"), TODAY) == "cr-closed"
    assert refusal(schedule, p, "A", Target.backlog(), TODAY) == "cr-closed"


def test_schedule_of_a_cancelled_cr_is_refused_with_cr_closed():
    p = plan(cr("A", "R1", "cancelled"))
    assert refusal(schedule, p, "A", Target("R2"), TODAY) == "cr-closed"
    assert refusal(schedule, p, "A", Target.backlog(), TODAY) == "cr-closed"


def test_schedule_to_a_deployed_release_is_refused_with_release_closed():
    p = plan(cr("A", None), releases=WITH_CLOSED)
    assert refusal(schedule, p, "A", Target("R0"), TODAY) == "release-closed"


def test_schedule_to_a_cancelled_release_is_refused_with_release_closed():
    p = plan(cr("A", None), releases=WITH_CLOSED)
    assert refusal(schedule, p, "A", Target("RX"), TODAY) == "release-closed"


def test_schedule_to_a_frozen_release_is_refused_with_frozen():
    p = plan(cr("A", None, "approved"), cr("B", "R2", "approved"))
    assert refusal(schedule, p, "A", Target("R1"), FROZEN) == "frozen"
    assert refusal(schedule, p, "B", Target("R1"), FROZEN) == "frozen"
    assert schedule(p, "A", Target("R1"), date(2027, 1, 11)).plan.crs["A"].release == "R1"


def test_schedule_of_an_emergency_with_a_blank_justification_into_a_frozen_release_is_refused():
    p = plan(cr("A", None, emergency=True, justification=""),
             cr("B", None, emergency=True, justification="  \t "))
    assert refusal(schedule, p, "A", Target("R1"), FROZEN) == "frozen"
    assert refusal(schedule, p, "B", Target("R1"), FROZEN) == "frozen"


def test_schedule_of_a_justified_cr_that_is_no_emergency_into_a_frozen_release_is_refused():
    p = plan(cr("A", None, emergency=False, justification="please, it is urgent"))
    assert refusal(schedule, p, "A", Target("R1"), FROZEN) == "frozen"


# ---- schedule: the order of its refusals ------------------------------------------------------

def test_schedule_checks_unknown_cr_before_unknown_release():
    assert refusal(schedule, plan(), "NOPE", Target("R9"), TODAY) == "unknown-cr"


def test_schedule_checks_unknown_release_before_cr_closed():
    p = plan(cr("A", "R1", "cancelled"))
    assert refusal(schedule, p, "A", Target("R9"), TODAY) == "unknown-release"


def test_schedule_checks_cr_closed_before_release_closed():
    p = plan(cr("A", "R0", "deployed"), cr("B", "R1", "cancelled"), releases=WITH_CLOSED)
    assert refusal(schedule, p, "A", Target("RX"), TODAY) == "cr-closed"
    assert refusal(schedule, p, "B", Target("R0"), TODAY) == "cr-closed"


def test_schedule_checks_cr_closed_before_frozen():
    p = plan(cr("A", "R2", "cancelled"))
    assert refusal(schedule, p, "A", Target("R1"), FROZEN) == "cr-closed"


def test_schedule_checks_release_closed_before_frozen():
    # RX would have been frozen since 2027-01-17, but it is cancelled: release-closed.
    p = plan(cr("A", None), releases=WITH_CLOSED)
    assert refusal(schedule, p, "A", Target("RX"), date(2027, 1, 18)) == "release-closed"


# ---- schedule: order warnings -----------------------------------------------------------------

def test_schedule_warns_dependency_order_for_a_dependency_targeted_after_the_target():
    p = plan(cr("D", "R2"), cr("A", None, deps=("D",)))
    moved = schedule(p, "A", Target("R1"), TODAY)
    assert moved.plan.crs["A"].release == "R1"  # the move stands
    assert order_warnings(moved) == [("dependency-order", "D")]


def test_schedule_warns_dependency_order_for_an_unscheduled_dependency():
    p = plan(cr("U", None), cr("A", None, deps=("U",)))
    moved = schedule(p, "A", Target("R2"), TODAY)
    assert moved.plan.crs["A"].release == "R2"
    assert order_warnings(moved) == [("dependency-order", "U")]


def test_no_dependency_order_for_a_deployed_dependency():
    p = plan(cr("D", "R0", "deployed"), cr("A", None, deps=("D",)), releases=WITH_CLOSED)
    assert order_warnings(schedule(p, "A", Target("R1"), TODAY)) == []


def test_no_dependency_order_for_a_dependency_in_the_target_or_an_earlier_release():
    p = plan(cr("E", "R1"), cr("F", "R2"), cr("A", None, deps=("E", "F")))
    assert order_warnings(schedule(p, "A", Target("R2"), TODAY)) == []


def test_schedule_warns_dependent_order_for_a_dependent_targeted_before_the_target():
    # X (R1) depends on A, which moves to R2. Y (R2, the target itself), Z (later) and W
    # (unscheduled) are not targeted before R2.
    p = plan(cr("A", "R1"), cr("X", "R1", deps=("A",)), cr("Y", "R2", deps=("A",)),
             cr("Z", "R3", deps=("A",)), cr("W", None, deps=("A",)),
             releases=[R1, R2, release("R3", "2027-03-15")])
    moved = schedule(p, "A", Target("R2"), TODAY)
    assert moved.plan.crs["A"].release == "R2"
    assert order_warnings(moved) == [("dependent-order", "X")]


def test_a_move_in_order_has_no_order_warnings():
    p = plan(cr("D", "R1"), cr("A", None, deps=("D",)), cr("X", "R2", deps=("A",)))
    assert order_warnings(schedule(p, "A", Target("R1"), TODAY)) == []


# ---- deploy: refusals -------------------------------------------------------------------------

def test_deploy_of_an_unknown_release_is_refused_with_unknown_release():
    assert refusal(deploy, plan(), "R9", TODAY) == "unknown-release"


@pytest.mark.parametrize("key", ["R0", "RX"])
def test_deploy_of_a_release_that_is_not_planned_is_refused_with_release_closed(key):
    assert refusal(deploy, plan(releases=WITH_CLOSED), key, TODAY) == "release-closed"


def test_deploy_with_an_earlier_planned_release_is_refused_with_not_next():
    # R1 is empty, but it is planned and goes live first.
    p = plan(cr("B", "R2"))
    assert refusal(deploy, p, "R2", TODAY) == "not-next"
    # Same go-live day: RA comes first in release order.
    q = plan(releases=[release("RB", "2027-01-15"), release("RA", "2027-01-15")])
    assert refusal(deploy, q, "RB", TODAY) == "not-next"


def test_earlier_deployed_or_cancelled_releases_do_not_make_a_release_not_next():
    p = plan(cr("A", "R1"),
             releases=[R0_DEPLOYED, release("RX", "2027-01-10", status="cancelled"), R1, R2])
    assert deploy(p, "R1", TODAY).plan.releases["R1"].status == "deployed"


def test_deploy_of_a_release_with_conflicts_is_refused_with_conflicts():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "1")),
             cr("B", "R1", "approved", set_("OFR", "price", "2")))
    assert refusal(deploy, p, "R1", TODAY) == "conflicts"


# ---- deploy: what it does ---------------------------------------------------------------------

def test_deploy_applies_the_bundle_to_the_production_state():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "9"), create("NEW", "sms", text="t")),
             cr("B", "R1", "approved", retire("PDF"), set_("EM", "subject", None)),
             cr("C", "R1", "test", set_("OFR", "headline", "not shipped")))
    items = deploy(p, "R1", TODAY).plan.items
    assert items["OFR"].attributes == {"price": "9", "headline": "Hello"}
    assert (items["NEW"].kind, items["NEW"].status, items["NEW"].attributes) == \
        ("sms", "active", {"text": "t"})
    assert (items["PDF"].status, items["PDF"].attributes) == ("retired", {})
    assert items["EM"].attributes.get("subject") is None  # null and missing are the same


def test_deploy_applies_the_bundle_in_cr_key_order():
    # A's set comes before B's create of NEW: it does nothing.
    p = plan(cr("A", "R1", "approved", set_("NEW", "cta", "from A")),
             cr("B", "R1", "approved", create("NEW", "email", subject="from B")))
    assert deploy(p, "R1", TODAY).plan.items["NEW"].attributes == {"subject": "from B"}


def test_deploy_makes_the_crs_of_the_bundle_deployed():
    p = plan(cr("A", "R1", "approved"), cr("B", "R1", "test"), cr("C", "R1", "approved"))
    result = deploy(p, "R1", TODAY)
    assert result.shipped == ("A", "C")
    assert {k: result.plan.crs[k].stage for k in "ABC"} == \
        {"A": "deployed", "B": "test", "C": "deployed"}
    assert {k: result.plan.crs[k].release for k in "AC"} == {"A": "R1", "C": "R1"}


def test_deploy_makes_the_release_deployed_with_go_live_today():
    result = deploy(plan(cr("A", "R1")), "R1", date(2027, 1, 14))
    deployed = result.plan.releases["R1"]
    assert (deployed.status, deployed.go_live) == ("deployed", date(2027, 1, 14))
    assert result.plan.releases["R2"].status == "planned"


def test_deploy_moves_every_other_candidate_to_the_next_planned_release_as_slipped():
    # Not ready, on hold and blocked all slip; RX (cancelled) is skipped; stages are kept.
    p = plan(cr("A", "R1"), cr("B", "R1", "test"), cr("C", "R1", "on_hold"),
             cr("D", "R1", "approved", deps=("B",)), releases=WITH_CLOSED)
    result = deploy(p, "R1", TODAY)
    assert result.slipped == {"B": "R2", "C": "R2", "D": "R2"}
    assert {k: (result.plan.crs[k].release, result.plan.crs[k].stage) for k in "BCD"} == \
        {"B": ("R2", "test"), "C": ("R2", "on_hold"), "D": ("R2", "approved")}


def test_deploy_moves_other_candidates_to_the_backlog_when_no_planned_release_follows():
    p = plan(cr("A", "R1"), cr("B", "R1", "build"), releases=[R1])
    result = deploy(p, "R1", TODAY)
    assert result.slipped == {"B": None}
    assert result.plan.crs["B"].release is None


def test_deploy_leaves_crs_of_other_releases_and_the_backlog_where_they_are():
    p = plan(cr("A", "R1"), cr("B", "R2", "test"), cr("C", None, "approved"))
    result = deploy(p, "R1", TODAY)
    assert result.slipped == {}
    assert (result.plan.crs["B"].release, result.plan.crs["C"].release) == ("R2", None)


def test_deployed_changes_become_production_and_are_not_applied_again():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "9")),
             cr("B", "R2", "approved", set_("OFR", "price", "8", from_="9")),
             items=[item("OFR", "offer", price="10")])
    after = deploy(p, "R1", TODAY).plan
    r = bundle_report(after, "R2", TODAY)
    assert [(c.cr, c.before, c.after) for c in r.changes] == [("B", "9", "8")]
    assert r.warnings == ()


def test_the_plan_after_deploy_is_a_valid_plan_file():
    # SPEC.md section 4: CRs targeted to a deployed release are deployed, and vice versa.
    p = plan(cr("A", "R1", "approved", create("NEW", "sms")), cr("B", "R1", "test"),
             cr("C", "R1", "cancelled"), cr("D", "R2", "approved", set_("NEW", "text", "x")))
    after = deploy(p, "R1", TODAY).plan
    assert build_plan(plan_to_document(after)) == after


# ---- dependencies -----------------------------------------------------------------------------

def test_adding_a_dependency_that_closes_a_cycle_is_refused_with_dependency_cycle_and_its_path():
    p = plan(cr("CR-1", None, deps=("CR-2",)), cr("CR-2", None, deps=("CR-3",)), cr("CR-3", None))
    with pytest.raises(Refusal) as refused:
        add_dependency(p, "CR-3", "CR-1")
    assert refused.value.code == "dependency-cycle"
    path = re.findall(r"CR-\d", refused.value.message)
    # The path walks the cycle edge by edge and comes back to where it started.
    edges = {("CR-1", "CR-2"), ("CR-2", "CR-3"), ("CR-3", "CR-1")}
    assert len(path) == 4 and path[0] == path[-1]
    assert set(pairwise(path)) == edges
    assert p.crs["CR-3"].depends_on == ()


def test_a_cr_depending_on_itself_is_refused_with_dependency_cycle():
    assert refusal(add_dependency, plan(cr("A", None)), "A", "A") == "dependency-cycle"


def test_adding_a_dependency_that_closes_no_cycle_is_accepted():
    # A diamond is no cycle: D needs B and C, both need A.
    p = plan(cr("A", None), cr("B", None, deps=("A",)), cr("C", None, deps=("A",)),
             cr("D", None, deps=("B",)))
    assert add_dependency(p, "D", "C").plan.crs["D"].depends_on == ("B", "C")
