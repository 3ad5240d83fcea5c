"""The demo plan must show every rule of SPEC.md: it is how a new planner learns the product."""

from datetime import date

import pytest

from app.engine.report import bundle_report
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan


@pytest.fixture(scope="module")
def plan(demo):
    return demo


@pytest.fixture(scope="module")
def today(plan) -> date:
    return plan.settings.today


@pytest.fixture(scope="module")
def feb(plan, today):
    return bundle_report(plan, "R-FEB", today)


@pytest.fixture(scope="module")
def mar(plan, today):
    return bundle_report(plan, "R-MAR", today)


def warnings_of(report, code):
    return [w for w in report.warnings if w.code == code]


def test_the_demo_is_believable_in_size(plan):
    assert len(plan.teams) == 3
    assert len(plan.packs) == 2
    assert 18 <= len(plan.items) <= 22
    assert len(plan.releases) == 4
    assert 25 <= len(plan.crs) <= 35
    kinds = {it.kind for it in plan.items.values()}
    assert {"offer", "email", "landing_page", "pdf", "ad"} <= kinds


def test_the_demo_round_trips(plan):
    assert plan_to_document(build_plan(plan_to_document(plan))) == plan_to_document(plan)


def test_february_is_frozen_and_deployable(feb):
    assert feb.frozen
    assert feb.conflicts == ()


def test_two_teams_change_different_fields_of_one_offer_and_merge(plan, feb):
    fields_by_team = {}
    for row in feb.changes:
        if row.item == "OFR-UNL":
            fields_by_team.setdefault(plan.crs[row.cr].team, set()).add(row.field)
    assert len(fields_by_team) >= 2
    teams = list(fields_by_team)
    assert fields_by_team[teams[0]].isdisjoint(fields_by_team[teams[1]])


def test_equal_values_for_one_field_merge(feb):
    setters = [row.cr for row in feb.changes if (row.item, row.field) == ("PDF-MOB", "version")]
    assert len(setters) == 2
    assert not [c for c in feb.conflicts if c.item == "PDF-MOB"]


def test_a_real_conflict_between_two_teams_in_march(plan, mar):
    (conflict,) = mar.conflicts
    assert (conflict.item, conflict.field) == ("OFR-SIM", "headline")
    assert len({plan.crs[k].team for k in conflict.values}) == 2


def test_a_stale_base_because_february_changes_the_price_first(mar):
    (stale,) = warnings_of(mar, "stale-base")
    assert (stale.cr, stale.item, stale.field) == ("CR-303", "OFR-UNL", "price")
    assert (stale.recorded, stale.expected) == ("49.99", "44.99")


def test_a_dependency_chain_blocks_two_crs(mar):
    blocked = {e.cr: e.detail for e in mar.excluded if e.reason == "blocked-by-dependency"}
    assert blocked == {"CR-305": "CR-304", "CR-306": "CR-305"}
    assert ("CR-304", "not-ready") in {(e.cr, e.reason) for e in mar.excluded}


def test_on_hold_and_not_ready_are_excluded(feb):
    reasons = {e.cr: (e.reason, e.detail) for e in feb.excluded}
    assert reasons == {"CR-206": ("not-ready", "test"), "CR-207": ("on-hold", None)}


def test_work_a_stage_only_tool_would_ship_in_february_is_held_back(feb):
    held = {h.cr: h.target for h in feb.held_back}
    assert held["CR-402"] == "R-APR"  # approved, but for April
    assert held["CR-501"] is None  # approved, but unscheduled
    assert "CR-301" in held  # approved, but for March


def test_an_emergency_in_the_frozen_release_and_work_that_will_slip(plan, feb):
    (emergency,) = warnings_of(feb, "emergency")
    assert emergency.cr in feb.included
    assert plan.crs[emergency.cr].justification
    assert {w.cr for w in warnings_of(feb, "will-slip")} == {"CR-206", "CR-207"}


def test_lead_times_put_march_ads_at_risk(plan, mar):
    risks = {w.cr: (w.need_days, w.available_days) for w in warnings_of(mar, "sla-risk")}
    assert risks == {"CR-307": (15, 10), "CR-308": (15, 10)}  # CR-308 creates a new ad


def test_brand_team_is_over_capacity_in_march(mar):
    (over,) = [w for w in warnings_of(mar, "over-capacity") if w.team == "BRD"]
    assert over.load_hours > over.capacity_hours == 2 * 6 * 10


def test_items_are_created_and_retired(feb, mar):
    assert ("retire", "EM-XMAS") in {(r.op, r.item) for r in feb.changes}
    assert ("create", "LP-FAM") in {(r.op, r.item) for r in mar.changes}


def test_january_is_deployed_and_something_was_cancelled(plan):
    assert plan.releases["R-JAN"].status == "deployed"
    assert {cr.stage for cr in plan.crs.values() if cr.release == "R-JAN"} == {"deployed"}
    assert any(cr.stage == "cancelled" for cr in plan.crs.values())


def test_the_demo_keeps_a_send_calendar_with_a_gap_and_a_cap(plan):
    setting = plan.settings.communications
    assert setting.min_gap_days > 0 and setting.max_per_week > 0
    kinds = {it.kind for it in plan.items.values() if "send_date" in it.attributes}
    assert {"email", "sms", "push"} <= kinds


def test_february_hits_postpaid_customers_twice_and_announces_fibre_too_early(feb):
    (overlap,) = warnings_of(feb, "audience-overlap")
    assert (overlap.audience, overlap.items, overlap.gap_days) == (
        "postpaid-customers", ("EM-UNL", "SMS-FAM"), 1)
    (early,) = warnings_of(feb, "send-before-go-live")
    assert (early.item, early.send_date, early.go_live) == ("EM-FIB", date(2027, 2, 10),
                                                            date(2027, 2, 11))
    assert [s.item for s in feb.sends] == ["EM-FIB", "EM-UNL"]


def test_march_sends_three_messages_to_sim_only_prospects_in_one_week(mar):
    (cap,) = warnings_of(mar, "frequency-cap")
    assert (cap.audience, cap.week, cap.count, cap.cap) == ("sim-only-prospects", "2027-W08", 3, 2)
    assert cap.items == ("EM-SIM", "PUSH-SIM", "SMS-SIM")
    assert [(s.item, s.kind) for s in mar.sends] == [
        ("EM-SIM", "email"), ("SMS-SIM", "sms"), ("PUSH-SIM", "push")]
