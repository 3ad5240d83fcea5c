"""SPEC.md section 2, `warnings`: stale-base, will-slip, sla-risk, over-capacity, emergency, and
their order.

Calendar of the default plan (see plan_builder): today is Monday 2027-01-04; R1 freezes from
Tuesday 2027-01-12, 6 working days away (4, 5, 6, 7, 8, 11 January); R2 freezes from Friday
2027-02-12, 29 working days away. Team T has 1 member at 6 hours a day: 36 hours of capacity
before R1's freeze, 174 before R2's.
"""

from datetime import date

from app.engine.report import bundle_report
from app.views.bundle_output import report_to_json
from tests.app.plan_builder import (
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
    team,
)

DAY_BEFORE_FREEZE = date(2027, 1, 11)


def warnings(p, key="R1", today=TODAY, code=None) -> list:
    found = bundle_report(p, key, today).warnings
    return [w for w in found if code is None or w.code == code]


def stale(p, key="R1") -> list:
    return [(w.cr, w.item, w.field, w.expected, w.recorded)
            for w in warnings(p, key, code="stale-base")]


def sla(p, key="R1", today=TODAY) -> list:
    return [(w.cr, w.need_days, w.available_days)
            for w in warnings(p, key, today, code="sla-risk")]


def over(p, key="R1", today=TODAY) -> list:
    return [(w.team, w.load_hours, w.capacity_hours)
            for w in warnings(p, key, today, code="over-capacity")]


def crs_warned(p, code, key="R1", today=TODAY) -> list:
    return [w.cr for w in warnings(p, key, today, code=code)]


# ---- stale-base -------------------------------------------------------------------------------

def test_stale_base_when_a_sets_from_differs_from_the_value_in_the_state_before_r():
    # R1 changes the price first: B was written against production's "10".
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30", from_="10")))
    assert stale(p, "R2") == [("B", "OFR", "price", "20", "10")]


def test_no_stale_base_when_from_equals_the_value_in_the_state_before_r():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30", from_="20")))
    assert stale(p, "R2") == []


def test_stale_base_compares_with_the_state_before_r_not_after_earlier_crs_of_the_bundle():
    # A, B and D all set the price to "20" (no conflict). Before R1 the price is "10".
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R1", "approved", set_("OFR", "price", "20", from_="10")),
             cr("D", "R1", "approved", set_("OFR", "price", "20", from_="20")))
    assert stale(p) == [("D", "OFR", "price", "10", "20")]


def test_a_set_without_from_is_not_checked():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "20")),
             cr("B", "R2", "approved", set_("OFR", "price", "30")))
    assert stale(p, "R2") == []


def test_from_null_expects_the_field_to_be_absent():
    p = plan(cr("A", "R1", "approved", set_("OFR", "color", "red", from_=None)),
             cr("B", "R1", "approved", set_("OFR", "price", "1", from_=None)))
    assert stale(p) == [("B", "OFR", "price", "10", None)]


def test_from_null_matches_a_field_set_to_null_by_an_earlier_release():
    p = plan(cr("A", "R1", "approved", set_("EM", "subject", None)),
             cr("B", "R2", "approved", set_("EM", "subject", "back", from_=None)))
    assert stale(p, "R2") == []


def test_stale_base_expects_null_for_an_item_missing_before_r():
    p = plan(cr("A", "R1", "approved", create("NEW"), set_("NEW", "a", "x", from_=None),
                set_("NEW", "b", "y", from_="old")))
    assert stale(p) == [("A", "NEW", "b", None, "old")]


def test_from_is_compared_as_a_json_value():
    # 1.0 equals 1; 1 does not equal true.
    p = plan(cr("A", "R1", "approved", set_("OFR", "n", 2, from_=1.0),
                set_("OFR", "m", False, from_=1)),
             items=[item("OFR", "offer", n=1, m=True)])
    assert stale(p) == [("A", "OFR", "m", True, 1)]


def test_stale_base_is_checked_only_for_sets_of_the_bundle():
    p = plan(cr("A", "R1", "test", set_("OFR", "price", "1", from_="99")),
             cr("B", "R1", "on_hold", set_("OFR", "price", "1", from_="99")),
             cr("C", "R2", "approved", set_("OFR", "price", "1", from_="99")))
    assert stale(p) == []


# ---- will-slip --------------------------------------------------------------------------------

def test_release_is_frozen_from_go_live_minus_freeze_days():
    p = plan()
    assert bundle_report(p, "R1", DAY_BEFORE_FREEZE).frozen is False
    r = bundle_report(p, "R1", R1_FREEZE_START)
    assert (r.freeze_start, r.frozen) == (date(2027, 1, 12), True)
    q = plan(releases=[release("RZ", "2027-01-15", freeze_days=0)])
    r = bundle_report(q, "RZ", date(2027, 1, 14))
    assert (r.freeze_start, r.frozen) == (date(2027, 1, 15), False)


def test_will_slip_for_every_candidate_not_in_the_bundle_when_r_is_frozen():
    p = plan(cr("A", "R1", "approved"), cr("B", "R1", "test"), cr("C", "R1", "on_hold"),
             cr("D", "R1", "approved", deps=("B",)), cr("E", "R2", "test"),
             cr("F", None, "draft"))
    assert crs_warned(p, "will-slip", today=R1_FREEZE_START) == ["B", "C", "D"]


def test_no_will_slip_while_r_is_not_frozen():
    p = plan(cr("B", "R1", "test"), cr("C", "R1", "on_hold"))
    assert crs_warned(p, "will-slip", today=DAY_BEFORE_FREEZE) == []


# ---- sla-risk ---------------------------------------------------------------------------------

def test_sla_risk_when_the_lead_time_exceeds_the_working_days_to_freeze_start():
    p = plan(cr("A", "R1", "build", set_("PDF", "version", "2")), lead_time_days={"pdf": 7})
    assert sla(p) == [("A", 7, 6)]


def test_no_sla_risk_when_the_lead_time_equals_the_working_days_to_freeze_start():
    p = plan(cr("A", "R1", "build", set_("PDF", "version", "2")), lead_time_days={"pdf": 6})
    assert sla(p) == []


def test_sla_risk_takes_the_largest_lead_time_among_the_items_its_changes_touch():
    p = plan(cr("A", "R1", "draft", set_("EM", "subject", "x"), retire("PDF"),
                set_("OFR", "price", "1")),
             lead_time_days={"email": 1, "pdf": 9, "offer": 3})
    assert sla(p) == [("A", 9, 6)]


def test_kinds_not_listed_in_lead_time_days_need_zero_days():
    # RS freezes Monday 11 January; from Saturday 9 January there are 0 working days left,
    # and RS is not frozen yet. A touches only an email (not listed): 0 is not more than 0.
    p = plan(cr("A", "RS", "draft", set_("EM", "subject", "x")),
             cr("B", "RS", "draft", set_("PDF", "v", "2")),
             releases=[release("RS", "2027-01-11", freeze_days=0)], lead_time_days={"pdf": 1})
    assert sla(p, "RS", today=date(2027, 1, 9)) == [("B", 1, 0)]


def test_no_sla_risk_for_ready_or_on_hold_candidates():
    # C is ready but blocked by its on-hold dependency B: still ready, so no SLA risk.
    p = plan(cr("A", "R1", "approved", set_("PDF", "v", "2")),
             cr("B", "R1", "on_hold", set_("PDF", "v", "3")),
             cr("C", "R1", "approved", set_("PDF", "w", "3"), deps=("B",)),
             lead_time_days={"pdf": 20})
    assert sla(p) == []


def test_no_sla_risk_once_r_is_frozen():
    p = plan(cr("A", "R1", "build", set_("PDF", "v", "2")), lead_time_days={"pdf": 20})
    assert sla(p, today=R1_FREEZE_START) == []


def test_sla_risk_is_reported_only_for_candidates_of_r():
    p = plan(cr("A", "R2", "draft", set_("PDF", "v", "2")),
             cr("B", None, "draft", set_("PDF", "v", "3")), lead_time_days={"pdf": 30})
    assert sla(p) == []
    assert sla(p, "R2") == [("A", 30, 29)]


def test_a_create_counts_with_its_own_kind():
    # Even when it replaces a production item of another kind (EM is an email).
    p = plan(cr("A", "R1", "draft", create("NEW", "ad")),
             cr("B", "R1", "draft", create("EM", "ad")),
             lead_time_days={"ad": 10, "email": 1})
    assert sla(p) == [("A", 10, 6), ("B", 10, 6)]


def test_a_touched_item_has_its_kind_in_production():
    # C would create EM as an ad; production's kind (email) is the one that counts for A.
    p = plan(cr("A", "R1", "draft", set_("EM", "subject", "x")),
             cr("C", None, "draft", create("EM", "ad")),
             lead_time_days={"email": 8, "ad": 1})
    assert sla(p) == [("A", 8, 6)]


def test_an_item_not_in_production_has_the_kind_of_its_first_create_in_cr_key_order():
    # B comes before C in key order, though C is listed first.
    p = plan(cr("A", "R1", "draft", set_("NEW", "x", "1")),
             cr("C", None, "draft", create("NEW", "email")),
             cr("B", None, "draft", create("NEW", "ad")),
             lead_time_days={"ad": 10, "email": 1})
    assert sla(p) == [("A", 10, 6)]


def test_working_days_are_the_weekdays_of_the_workdays_setting():
    # With Saturdays, 9 January is a working day too: 7 days to R1's freeze.
    p = plan(cr("A", "R1", "build", set_("PDF", "v", "2")), lead_time_days={"pdf": 8},
             workdays=[1, 2, 3, 4, 5, 6])
    assert sla(p) == [("A", 8, 7)]


def test_working_days_count_today():
    # From Monday 11 January to Tuesday 12 January: 1 working day, today.
    p = plan(cr("A", "R1", "build", set_("PDF", "v", "2")),
             cr("B", "R1", "build", set_("EM", "s", "2")), lead_time_days={"pdf": 2, "email": 1})
    assert sla(p, today=DAY_BEFORE_FREEZE) == [("A", 2, 1)]


# ---- over-capacity ----------------------------------------------------------------------------

def test_over_capacity_when_the_teams_load_exceeds_its_capacity():
    p = plan(cr("A", "R1", "draft", hours=30), cr("B", "R1", "test", hours=10))
    assert over(p) == [("T", 40, 36)]


def test_no_over_capacity_when_load_equals_capacity():
    assert over(plan(cr("A", "R1", "draft", hours=36))) == []


def test_ready_and_on_hold_candidates_are_not_load():
    # C is blocked but ready: not load. Only D's 37 hours count.
    p = plan(cr("A", "R1", "approved", hours=100), cr("B", "R1", "on_hold", hours=100),
             cr("C", "R1", "approved", hours=100, deps=("B",)), cr("D", "R1", "draft", hours=37),
             cr("E", "R1", "cancelled", hours=100))
    assert over(p) == [("T", 37, 36)]


def test_load_counts_open_candidates_of_every_planned_release_up_to_and_including_r():
    # R2: R1's 100 h and R2's 80 h; not the backlog, not R3 (later), not RX (cancelled).
    p = plan(cr("A", "R1", "draft", hours=100), cr("B", "R2", "build", hours=80),
             cr("C", None, "draft", hours=500), cr("D", "R3", "draft", hours=500),
             cr("E", "RX", "draft", hours=500),
             releases=[R1, release("RX", "2027-01-20", status="cancelled"), R2,
                       release("R3", "2027-03-15")])
    assert over(p, "R2") == [("T", 180, 174)]


def test_load_of_an_earlier_release_counts_against_a_team_with_no_work_in_r():
    p = plan(cr("A", "R1", "draft", hours=200, team="U"), cr("B", "R2", "approved"),
             teams=[team("T"), team("U")])
    assert over(p, "R2") == [("U", 200, 174)]


def test_capacity_is_members_times_hours_per_day_times_working_days_to_freeze_start():
    # 2 members x 7.5 h x 6 working days = 90 h.
    big = [team("BIG", members=2, hours_per_day=7.5)]
    assert over(plan(cr("A", "R1", "draft", hours=91, team="BIG"), teams=big)) == \
        [("BIG", 91, 90)]
    assert over(plan(cr("A", "R1", "draft", hours=90, team="BIG"), teams=big)) == []


def test_each_team_is_checked_against_its_own_capacity():
    p = plan(cr("A", "R1", "draft", hours=40), cr("B", "R1", "draft", hours=40, team="U"),
             teams=[team("T"), team("U", members=2)])
    assert over(p) == [("T", 40, 36)]


def test_capacity_is_zero_once_r_is_frozen():
    # No working day is left between today and the freeze start.
    p = plan(cr("A", "R1", "draft", hours=1))
    assert over(p, today=R1_FREEZE_START) == [("T", 1, 0)]


# ---- emergency --------------------------------------------------------------------------------

def test_emergency_warning_for_every_candidate_of_r_flagged_as_an_emergency():
    p = plan(cr("A", "R1", "approved", emergency=True, justification="outage"),
             cr("B", "R1", "on_hold", emergency=True, justification="outage"),
             cr("C", "R1", "test", emergency=True),
             cr("D", "R1", "approved"),
             cr("E", "R2", "approved", emergency=True, justification="outage"),
             cr("F", None, "approved", emergency=True, justification="outage"))
    assert crs_warned(p, "emergency") == ["A", "B", "C"]


# ---- order and fields -------------------------------------------------------------------------

def test_warnings_are_sorted_by_code_then_cr_or_team_then_change_order():
    frozen = plan(
        cr("B", "R1", "approved", set_("OFR", "price", "1", from_="x"),
           set_("EM", "subject", "2", from_="y"), emergency=True, justification="j"),
        cr("A", "R1", "approved", set_("OFR", "headline", "1", from_="z"), emergency=True,
           justification="j"),
        cr("C", "R1", "draft", hours=5, team="U"),
        cr("D", "R1", "test", hours=3, team="T"),
        teams=[team("T"), team("U")])
    found = [(w.code, w.team if w.code == "over-capacity" else w.cr, getattr(w, "item", None))
             for w in warnings(frozen, today=R1_FREEZE_START)]
    assert found == [("emergency", "A", None), ("emergency", "B", None),
                     ("over-capacity", "T", None), ("over-capacity", "U", None),
                     ("stale-base", "A", "OFR"), ("stale-base", "B", "OFR"),
                     ("stale-base", "B", "EM"),
                     ("will-slip", "C", None), ("will-slip", "D", None)]
    open_ = plan(cr("B", "R1", "draft", set_("PDF", "v", "1"), emergency=True),
                 cr("A", "R1", "test", set_("PDF", "v", "2"), hours=40),
                 lead_time_days={"pdf": 9})
    assert [(w.code, w.team if w.code == "over-capacity" else w.cr)
            for w in warnings(open_)] == [("emergency", "B"), ("over-capacity", "T"),
                                          ("sla-risk", "A"), ("sla-risk", "B")]


def test_warnings_in_json_carry_the_fields_named_in_spec():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "1", from_="9"), emergency=True,
                justification="j"),
             cr("B", "R1", "draft", set_("PDF", "v", "1"), hours=40),
             lead_time_days={"pdf": 7})
    assert report_to_json(bundle_report(p, "R1", TODAY))["warnings"] == [
        {"code": "emergency", "cr": "A"},
        {"code": "over-capacity", "team": "T", "load_hours": 40, "capacity_hours": 36},
        {"code": "sla-risk", "cr": "B", "need_days": 7, "available_days": 6},
        {"code": "stale-base", "cr": "A", "item": "OFR", "field": "price", "expected": "10",
         "recorded": "9"},
    ]
    frozen = report_to_json(bundle_report(p, "R1", R1_FREEZE_START))["warnings"]
    assert {"code": "will-slip", "cr": "B"} in frozen
