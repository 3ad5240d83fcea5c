"""SPEC.md section 2, `warnings`: stale-base, will-slip, sla-risk, over-capacity, emergency."""

from datetime import date

from app.engine.report import bundle_report
from tests.app.plan_builder import TODAY, cr, create, plan, release, set_

FROZEN = date(2027, 1, 12)  # R1 goes live 2027-01-15 with a 3-day freeze


def warnings(p, key="R1", today=TODAY, code=None):
    found = bundle_report(p, key, today).warnings
    return [w for w in found if code is None or w.code == code]


# ---- stale-base ------------------------------------------------------------------------------

def test_a_set_whose_from_differs_from_the_state_before_is_stale():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30", frm="10")))
    (w,) = warnings(p, "R2", code="stale-base")
    assert (w.cr, w.item, w.field, w.expected, w.recorded) == ("B", "OFR", "price", "20", "10")


def test_a_from_equal_to_the_state_before_is_not_stale():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20", frm="10"),
                set_("OFR", "n", 2, frm=None)))
    assert warnings(p, code="stale-base") == []


def test_a_set_without_from_is_not_checked():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30")))
    assert warnings(p, "R2", code="stale-base") == []


def test_from_null_expects_the_field_to_be_absent():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "1", frm=None)))
    (w,) = warnings(p, code="stale-base")
    assert (w.expected, w.recorded) == ("10", None)


def test_from_compares_as_json_values():
    p = plan(cr("A", "R1", "approved", set_("OFR", "n", 2, frm=1)),
             cr("Z", "R0", "approved", set_("OFR", "n", 1.0)),
             releases=[release("R0", "2027-01-08"), release("R1", "2027-01-15")])
    assert warnings(p, code="stale-base") == []  # 1 equals 1.0


def test_stale_base_is_checked_only_for_bundled_crs():
    p = plan(cr("A", "R1", "test", set_("OFR", "price", "1", frm="99")))
    assert warnings(p, code="stale-base") == []


# ---- will-slip -------------------------------------------------------------------------------

def test_in_a_frozen_release_every_candidate_left_out_will_slip():
    p = plan(cr("A", "R1", "approved"), cr("B", "R1", "test"), cr("C", "R1", "on_hold"))
    assert [w.cr for w in warnings(p, today=FROZEN, code="will-slip")] == ["B", "C"]


def test_nothing_will_slip_before_the_freeze():
    p = plan(cr("B", "R1", "test"))
    assert warnings(p, today=date(2027, 1, 11), code="will-slip") == []


# ---- sla-risk --------------------------------------------------------------------------------
# From Monday 2027-01-04 to R1's freeze start (Tuesday 2027-01-12): 6 working days.

def test_open_work_whose_lead_time_exceeds_the_days_left_is_at_risk():
    p = plan(cr("A", "R1", "build", set_("PDF", "version", "2")), lead_time_days={"pdf": 7})
    (w,) = warnings(p, code="sla-risk")
    assert (w.cr, w.need_days, w.available_days) == ("A", 7, 6)


def test_a_lead_time_equal_to_the_days_left_is_no_risk():
    p = plan(cr("A", "R1", "build", set_("PDF", "version", "2")), lead_time_days={"pdf": 6})
    assert warnings(p, code="sla-risk") == []


def test_the_largest_lead_time_among_touched_items_counts():
    p = plan(cr("A", "R1", "draft", set_("EM", "subject", "x"), set_("PDF", "v", "2")),
             lead_time_days={"pdf": 9, "email": 1})
    assert warnings(p, code="sla-risk")[0].need_days == 9


def test_ready_and_on_hold_work_is_not_at_risk():
    p = plan(cr("A", "R1", "approved", set_("PDF", "v", "2")),
             cr("B", "R1", "on_hold", set_("PDF", "v", "3")), lead_time_days={"pdf": 20})
    assert warnings(p, code="sla-risk") == []


def test_there_is_no_sla_risk_once_frozen():
    p = plan(cr("A", "R1", "build", set_("PDF", "v", "2")), lead_time_days={"pdf": 20})
    assert warnings(p, today=FROZEN, code="sla-risk") == []


def test_a_create_counts_with_its_own_kind():
    p = plan(cr("A", "R1", "draft", create("NEW", kind="ad")), lead_time_days={"ad": 10})
    assert warnings(p, code="sla-risk")[0].need_days == 10


def test_an_item_not_in_production_has_the_kind_of_its_first_create_in_key_order():
    p = plan(cr("A", "R1", "draft", set_("NEW", "x", "1")),
             cr("C", None, "draft", create("NEW", kind="email")),
             cr("B", None, "draft", create("NEW", kind="ad")),
             lead_time_days={"ad": 10, "email": 1})
    assert warnings(p, code="sla-risk")[0].need_days == 10  # B comes before C


def test_working_days_follow_the_workdays_setting():
    p = plan(cr("A", "R1", "build", set_("PDF", "v", "2")), lead_time_days={"pdf": 7},
             workdays=[1, 2, 3, 4, 5, 6])  # Saturday 9 January counts too
    assert warnings(p, code="sla-risk") == []


# ---- over-capacity ---------------------------------------------------------------------------
# Team T: 1 member x 6 h x 6 working days = 36 h before R1's freeze.

def test_open_work_beyond_the_teams_capacity_is_over_capacity():
    p = plan(cr("A", "R1", "draft", hours=30), cr("B", "R1", "test", hours=10))
    (w,) = warnings(p, code="over-capacity")
    assert (w.team, w.load_hours, w.capacity_hours) == ("T", 40, 36)


def test_load_equal_to_capacity_is_fine():
    assert warnings(plan(cr("A", "R1", "draft", hours=36)), code="over-capacity") == []


def test_ready_and_on_hold_work_is_not_load():
    p = plan(cr("A", "R1", "approved", hours=100), cr("B", "R1", "on_hold", hours=100))
    assert warnings(p, code="over-capacity") == []


def test_load_counts_open_work_of_every_planned_release_up_to_this_one():
    # R2 freezes 2027-02-12: 29 working days, 174 h; R1's 100 h and R2's 80 h exceed it
    p = plan(cr("A", "R1", "draft", hours=100), cr("B", "R2", "build", hours=80),
             cr("C", None, "draft", hours=500))
    (w,) = warnings(p, "R2", code="over-capacity")
    assert (w.load_hours, w.capacity_hours) == (180, 174)


def test_capacity_scales_with_members_and_hours_per_day():
    p = plan(cr("A", "R1", "draft", hours=100, team="BIG"),
             teams=[{"key": "BIG", "name": "Big", "members": 2, "hours_per_day": 7.5}])
    assert warnings(p, code="over-capacity")[0].capacity_hours == 2 * 7.5 * 6


# ---- emergency and order ---------------------------------------------------------------------

def test_an_emergency_candidate_is_flagged():
    p = plan(cr("A", "R1", "test", emergency=True, justification="outage"),
             cr("B", "R1", "approved"))
    assert [w.cr for w in warnings(p, code="emergency")] == ["A"]


def test_warnings_are_sorted_by_code_then_cr_or_team_then_change_order():
    p = plan(cr("B", "R1", "approved", set_("OFR", "price", "1", frm="x"),
                set_("EM", "subject", "2", frm="y"), emergency=True, justification="j"),
             cr("A", "R1", "approved", set_("OFR", "headline", "1", frm="z"), emergency=True,
                justification="j"),
             cr("C", "R1", "draft", hours=99))
    found = [(w.code, getattr(w, "cr", None) or w.team, getattr(w, "item", None))
             for w in warnings(p, today=FROZEN)]
    assert found == [("emergency", "A", None), ("emergency", "B", None),
                     ("over-capacity", "T", None), ("stale-base", "A", "OFR"),
                     ("stale-base", "B", "OFR"), ("stale-base", "B", "EM"),
                     ("will-slip", "C", None)]
