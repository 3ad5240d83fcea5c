"""SPEC.md section 3: schedule, deploy and dependency edits, with their refusals in order."""

from datetime import date

import pytest

from app.engine.operations import add_dependency, deploy, schedule
from app.errors import Refusal
from tests.app.plan_builder import TODAY, cr, create, plan, release, retire, set_

FROZEN = date(2027, 1, 12)  # R1 (go-live 2027-01-15, freeze 3 days) is frozen from here

CLOSED = [release("R0", "2026-12-01", status="deployed"),
          release("RX", "2027-01-20", status="cancelled"),
          release("R1", "2027-01-15"), release("R2", "2027-02-15")]


def refusal(fn, *args) -> str:
    with pytest.raises(Refusal) as refused:
        fn(*args)
    return refused.value.code


# ---- schedule --------------------------------------------------------------------------------

def test_schedule_moves_a_cr_to_a_release_and_to_the_backlog():
    p = plan(cr("A", None, "build"))
    moved = schedule(p, "A", "R2", TODAY)
    assert moved.plan.crs["A"].release == "R2"
    assert (moved.previous, moved.target) == (None, "R2")
    assert schedule(moved.plan, "A", "backlog", TODAY).plan.crs["A"].release is None
    assert p.crs["A"].release is None  # the plan given is never changed


def test_schedule_refusals_and_their_order():
    p = plan(cr("A", "R0", "deployed"), cr("B", "R1", "cancelled"), cr("C", None),
             releases=CLOSED)
    assert refusal(schedule, p, "NOPE", "R9", TODAY) == "unknown-cr"
    assert refusal(schedule, p, "A", "R9", TODAY) == "unknown-release"
    assert refusal(schedule, p, "A", "R0", TODAY) == "cr-closed"
    assert refusal(schedule, p, "B", "R1", TODAY) == "cr-closed"
    assert refusal(schedule, p, "C", "R0", TODAY) == "release-closed"
    assert refusal(schedule, p, "C", "RX", TODAY) == "release-closed"
    assert refusal(schedule, p, "C", "R1", FROZEN) == "frozen"


def test_a_frozen_release_takes_an_emergency_with_a_justification_only():
    p = plan(cr("A", None, emergency=True, justification="Site shows a wrong price"),
             cr("B", None, emergency=True, justification="   "),
             cr("C", None, emergency=False, justification="please"))
    assert schedule(p, "A", "R1", FROZEN).plan.crs["A"].release == "R1"
    assert refusal(schedule, p, "B", "R1", FROZEN) == "frozen"
    assert refusal(schedule, p, "C", "R1", FROZEN) == "frozen"


def test_moving_out_of_a_frozen_release_is_always_allowed():
    p = plan(cr("A", "R1", "test"))
    assert schedule(p, "A", "R2", FROZEN).plan.crs["A"].release == "R2"
    assert schedule(p, "A", "backlog", FROZEN).plan.crs["A"].release is None


def order_warnings(moved):
    return [(w.code, w.other) for w in moved.warnings]


def test_a_dependency_scheduled_after_the_target_warns_dependency_order():
    p = plan(cr("D", "R2"), cr("U", None), cr("A", None, deps=("D", "U")))
    moved = schedule(p, "A", "R1", TODAY)
    assert moved.plan.crs["A"].release == "R1"  # the move stands
    assert order_warnings(moved) == [("dependency-order", "D"), ("dependency-order", "U")]


def test_a_deployed_or_earlier_dependency_is_in_order():
    p = plan(cr("D", "R0", "deployed"), cr("E", "R1"), cr("A", None, deps=("D", "E")),
             releases=CLOSED)
    assert order_warnings(schedule(p, "A", "R2", TODAY)) == []


def test_a_dependent_targeted_before_the_target_warns_dependent_order():
    p = plan(cr("A", "R1"), cr("X", "R1", deps=("A",)), cr("Y", "R2", deps=("A",)))
    assert order_warnings(schedule(p, "A", "R2", TODAY)) == [("dependent-order", "X")]
    assert order_warnings(schedule(p, "A", "backlog", TODAY)) == [("dependent-order", "X"),
                                                                  ("dependent-order", "Y")]


# ---- deploy ----------------------------------------------------------------------------------

def test_deploy_refusals_and_their_order():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "1")),
             cr("B", "R1", "approved", set_("OFR", "price", "2")), releases=CLOSED)
    assert refusal(deploy, p, "R9", TODAY) == "unknown-release"
    assert refusal(deploy, p, "R0", TODAY) == "release-closed"
    assert refusal(deploy, p, "RX", TODAY) == "release-closed"
    assert refusal(deploy, p, "R2", TODAY) == "not-next"
    assert refusal(deploy, p, "R1", TODAY) == "conflicts"


def test_deploy_applies_the_bundle_to_production():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "9"), create("NEW", kind="sms",
                                                                         text="t")),
             cr("B", "R1", "approved", retire("PDF"), set_("EM", "subject", None)))
    items = deploy(p, "R1", TODAY).plan.items
    assert items["OFR"].attributes["price"] == "9"
    assert (items["NEW"].kind, items["NEW"].status, items["NEW"].attributes) == \
        ("sms", "active", {"text": "t"})
    assert items["NEW"].pack == "P"
    assert items["PDF"].status == "retired"
    assert "subject" not in items["EM"].attributes


def test_deploy_marks_crs_and_the_release_deployed_on_today():
    p = plan(cr("A", "R1"), cr("B", "R1", "test"))
    result = deploy(p, "R1", date(2027, 1, 14))
    assert result.shipped == ("A",)
    assert result.plan.crs["A"].stage == "deployed"
    released = result.plan.releases["R1"]
    assert (released.status, released.go_live) == ("deployed", date(2027, 1, 14))


def test_everything_else_of_the_release_slips_to_the_next_planned_release():
    p = plan(cr("A", "R1"), cr("B", "R1", "test"), cr("C", "R1", "on_hold"),
             cr("D", "R1", deps=("B",)), cr("E", "R1", "cancelled"), releases=CLOSED)
    result = deploy(p, "R1", TODAY)
    assert result.slipped == {"B": "R2", "C": "R2", "D": "R2"}
    assert {k: result.plan.crs[k].release for k in "BCD"} == dict.fromkeys("BCD", "R2")
    assert result.plan.crs["B"].stage == "test"  # slipping keeps the stage


def test_with_no_later_planned_release_slipped_work_goes_to_the_backlog():
    p = plan(cr("A", "R1"), cr("B", "R1", "build"), releases=[release("R1", "2027-01-15")])
    result = deploy(p, "R1", TODAY)
    assert result.slipped == {"B": None}
    assert result.plan.crs["B"].release is None


def test_after_deploy_the_next_release_builds_on_the_new_production():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "9")),
             cr("B", "R2", "approved", set_("OFR", "price", "8", frm="9")))
    from app.engine.report import bundle_report

    after = deploy(p, "R1", TODAY).plan
    report = bundle_report(after, "R2", TODAY)
    assert report.changes[0].before == "9"
    assert [w.code for w in report.warnings] == []


# ---- dependencies ----------------------------------------------------------------------------

def test_adding_a_dependency_that_closes_a_cycle_is_refused_with_its_path():
    p = plan(cr("A", None, deps=("B",)), cr("B", None, deps=("C",)), cr("C", None))
    with pytest.raises(Refusal) as refused:
        add_dependency(p, "C", "A")
    assert refused.value.code == "dependency-cycle"
    assert "C -> A -> B -> C" in refused.value.message


def test_a_cr_cannot_depend_on_itself():
    p = plan(cr("A", None))
    assert refusal(add_dependency, p, "A", "A") == "dependency-cycle"


def test_adding_a_dependency_that_closes_no_cycle_is_accepted():
    p = plan(cr("A", None, deps=("B",)), cr("B", None), cr("C", None))
    assert add_dependency(p, "C", "A").crs["C"].depends_on == ("A",)
    assert refusal(add_dependency, p, "C", "NOPE") == "unknown-cr"
