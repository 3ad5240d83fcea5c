"""SPEC.md section 6, the send calendar: what a send is, when it is touched by a release, and the
warnings audience-overlap, frequency-cap and send-before-go-live with their order.

Calendar (see plan_builder): R1 goes live Friday 2027-01-15, R2 Monday 2027-02-15. ISO week
2027-W02 runs from Monday 11 to Sunday 17 January; 2027-W03 from 18 to 24 January.
"""

from datetime import date

from app.engine.report import bundle_report
from app.views.bundle_output import report_to_json
from tests.app.plan_builder import TODAY, cr, create, item, plan, retire, set_

GAP = {"communications": {"min_gap_days": 2}}
CAP = {"communications": {"max_per_week": 2}}


def email(key, audience="all", when="2027-01-20", **more):
    return item(key, "email", audience=audience, send_date=when, **more)


def report(p, release="R1"):
    return bundle_report(p, release, TODAY)


def codes(p, release="R1", code=None):
    return [w for w in report(p, release).warnings if code is None or w.code == code]


def send_items(p, release="R1"):
    return [(s.item, s.audience, s.send_date.isoformat()) for s in report(p, release).sends]


# ---- what a send is ------------------------------------------------------------------------------

def test_a_send_is_an_active_item_of_a_listed_kind_with_an_audience_and_a_date():
    items = (email("EM-A"), item("SMS-B", "sms", audience="all", send_date="2027-01-21"),
             item("PUSH-C", "push", audience="all", send_date="2027-01-22"),
             item("LP-D", "landing_page", audience="all", send_date="2027-01-23"))
    touch_all = cr("CR-1", "R1", "approved", *(set_(k, "note", "x") for k in
                                               ("EM-A", "SMS-B", "PUSH-C", "LP-D")))
    assert send_items(plan(touch_all, items=items)) == [
        ("EM-A", "all", "2027-01-20"), ("SMS-B", "all", "2027-01-21"),
        ("PUSH-C", "all", "2027-01-22")]  # a landing page is not a send


def test_the_kinds_setting_decides_which_items_are_sends():
    items = (email("EM-A"), item("LP-D", "landing_page", audience="all", send_date="2027-01-23"))
    both = cr("CR-1", "R1", "approved", set_("EM-A", "note", "x"), set_("LP-D", "note", "x"))
    p = plan(both, items=items, communications={"kinds": ["landing_page"]})
    assert send_items(p) == [("LP-D", "all", "2027-01-23")]


def test_no_audience_an_empty_audience_or_no_date_is_not_a_send():
    items = (item("EM-A", "email", send_date="2027-01-20"), email("EM-B", audience=""),
             item("EM-C", "email", audience="all"))
    touch = cr("CR-1", "R1", "approved", *(set_(k, "note", "x") for k in ("EM-A", "EM-B", "EM-C")))
    assert send_items(plan(touch, items=items)) == []


def test_a_retired_item_is_no_send():
    p = plan(cr("CR-1", "R1", "approved", retire("EM-A")), items=(email("EM-A"),))
    assert send_items(p) == []


# ---- touched by R, in the state after R ------------------------------------------------------------

def test_sends_lists_only_what_the_release_touches_in_the_state_after_it():
    items = (email("EM-A", when="2027-01-20"), email("EM-B", when="2027-01-25"))
    move = cr("CR-1", "R1", "approved", set_("EM-A", "send_date", "2027-01-18"))
    assert send_items(plan(move, items=items)) == [("EM-A", "all", "2027-01-18")]


def test_a_create_makes_a_send_and_sends_sort_by_date_then_item():
    items = (email("EM-Z", when="2027-01-20"),)
    work = cr("CR-1", "R1", "approved", set_("EM-Z", "subject", "x"),
              create("SMS-A", "sms", audience="all", send_date="2027-01-20"),
              create("PUSH-B", "push", audience="all", send_date="2027-01-19"))
    assert send_items(plan(work, items=items)) == [
        ("PUSH-B", "all", "2027-01-19"), ("EM-Z", "all", "2027-01-20"), ("SMS-A", "all", "2027-01-20")]


def test_an_earlier_release_sets_the_date_a_later_release_sees():
    items = (email("EM-A", when="2027-01-20"),)
    early = cr("CR-1", "R1", "approved", set_("EM-A", "send_date", "2027-02-20"))
    later = cr("CR-2", "R2", "approved", set_("EM-A", "subject", "New"))
    assert send_items(plan(early, later, items=items), "R2") == [("EM-A", "all", "2027-02-20")]


def test_work_that_is_not_in_the_bundle_touches_nothing():
    items = (email("EM-A", when="2027-01-10"),)
    draft = cr("CR-1", "R1", "draft", set_("EM-A", "subject", "x"))
    assert send_items(plan(draft, items=items)) == []
    assert codes(plan(draft, items=items), code="send-before-go-live") == []


# ---- audience-overlap ----------------------------------------------------------------------------

def test_two_sends_to_one_audience_closer_than_the_gap_overlap():
    items = (email("EM-A", when="2027-01-20"), email("EM-B", when="2027-01-21"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-B", "subject", "x")), items=items, **GAP)
    (w,) = codes(p, code="audience-overlap")
    assert (w.audience, w.items, w.dates, w.gap_days) == (
        "all", ("EM-A", "EM-B"), (date(2027, 1, 20), date(2027, 1, 21)), 1)


def test_the_same_day_is_zero_days_apart_and_items_are_in_key_order():
    items = (email("EM-B", when="2027-01-20"), email("EM-A", when="2027-01-22"))
    move = cr("CR-1", "R1", "approved", set_("EM-B", "send_date", "2027-01-22"))
    (w,) = codes(plan(move, items=items, **GAP), code="audience-overlap")
    assert (w.items, w.gap_days) == (("EM-A", "EM-B"), 0)


def test_sends_exactly_the_gap_apart_do_not_overlap():
    items = (email("EM-A", when="2027-01-20"), email("EM-B", when="2027-01-22"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-B", "subject", "x")), items=items, **GAP)
    assert codes(p, code="audience-overlap") == []


def test_different_audiences_do_not_overlap():
    items = (email("EM-A", audience="prepaid", when="2027-01-20"),
             email("EM-B", audience="Prepaid", when="2027-01-20"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-B", "subject", "x")), items=items, **GAP)
    assert codes(p, code="audience-overlap") == []


def test_a_pair_the_release_does_not_touch_is_not_its_warning():
    items = (email("EM-A", when="2027-01-20"), email("EM-B", when="2027-01-20"),
             email("EM-C", when="2027-01-30"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-C", "subject", "x")), items=items, **GAP)
    assert codes(p, code="audience-overlap") == []


def test_every_overlapping_pair_is_reported():
    items = (email("EM-A", when="2027-01-20"), email("EM-B", when="2027-01-20"),
             email("EM-C", when="2027-01-21"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-C", "subject", "x")), items=items, **GAP)
    assert [w.items for w in codes(p, code="audience-overlap")] == [
        ("EM-A", "EM-C"), ("EM-B", "EM-C")]


def test_no_overlap_check_when_the_gap_is_zero():
    items = (email("EM-A", when="2027-01-20"), email("EM-B", when="2027-01-20"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-B", "subject", "x")), items=items)
    assert codes(p, code="audience-overlap") == []


# ---- frequency-cap -------------------------------------------------------------------------------

def test_more_sends_in_one_iso_week_than_the_cap():
    items = (email("EM-C", when="2027-01-18"), email("EM-A", when="2027-01-20"),
             email("EM-B", when="2027-01-24"), email("EM-D", when="2027-01-25"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-A", "subject", "x")), items=items, **CAP)
    (w,) = codes(p, code="frequency-cap")
    assert (w.audience, w.week, w.count, w.cap, w.items) == (
        "all", "2027-W03", 3, 2, ("EM-A", "EM-B", "EM-C"))  # Monday 25th is the next week


def test_as_many_sends_as_the_cap_is_fine():
    items = (email("EM-A", when="2027-01-18"), email("EM-B", when="2027-01-24"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-A", "subject", "x")), items=items, **CAP)
    assert codes(p, code="frequency-cap") == []


def test_a_week_over_the_cap_the_release_does_not_touch_is_not_its_warning():
    items = (email("EM-A", when="2027-01-18"), email("EM-B", when="2027-01-19"),
             email("EM-C", when="2027-01-20"), email("EM-D", when="2027-02-01"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-D", "subject", "x")), items=items, **CAP)
    assert codes(p, code="frequency-cap") == []


def test_the_week_is_the_iso_week_and_year():
    items = (email("EM-A", when="2027-01-01"), email("EM-B", when="2027-01-02"),
             email("EM-C", when="2027-01-03"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-A", "subject", "x")), items=items, **CAP)
    (w,) = codes(p, code="frequency-cap")
    assert w.week == "2026-W53"  # Friday 1 January 2027 belongs to 2026's last ISO week


# ---- send-before-go-live -------------------------------------------------------------------------

def test_a_touched_send_dated_before_the_go_live_warns():
    items = (email("EM-A", when="2027-01-14"), email("EM-B", when="2027-01-15"))
    work = cr("CR-1", "R1", "approved", set_("EM-A", "subject", "x"), set_("EM-B", "subject", "y"))
    (w,) = codes(plan(work, items=items), code="send-before-go-live")
    assert (w.item, w.send_date, w.go_live) == ("EM-A", date(2027, 1, 14), date(2027, 1, 15))


def test_an_untouched_early_send_does_not_warn():
    items = (email("EM-A", when="2027-01-02"), email("EM-B", when="2027-01-20"))
    p = plan(cr("CR-1", "R1", "approved", set_("EM-B", "subject", "x")), items=items)
    assert codes(p, code="send-before-go-live") == []


# ---- order and JSON ------------------------------------------------------------------------------

def test_warnings_sort_by_code_then_their_own_keys():
    items = (email("EM-B", audience="b", when="2027-01-12"), email("EM-A", audience="b", when="2027-01-12"),
             email("EM-D", audience="a", when="2027-01-13"), email("EM-C", audience="a", when="2027-01-13"))
    work = cr("CR-1", "R1", "approved", *(set_(k, "subject", "x") for k in ("EM-D", "EM-B", "EM-C", "EM-A")))
    p = plan(work, items=items, communications={"min_gap_days": 1, "max_per_week": 1})
    got = [(w.code, getattr(w, "audience", getattr(w, "item", None))) for w in codes(p)]
    assert got == [("audience-overlap", "a"), ("audience-overlap", "b"),
                   ("frequency-cap", "a"), ("frequency-cap", "b"),
                   ("send-before-go-live", "EM-A"), ("send-before-go-live", "EM-B"),
                   ("send-before-go-live", "EM-C"), ("send-before-go-live", "EM-D")]


def test_the_json_of_the_three_warnings_and_the_sends():
    items = (email("EM-A", when="2027-01-14"), email("EM-B", when="2027-01-15"))
    work = cr("CR-1", "R1", "approved", set_("EM-B", "subject", "x"))
    p = plan(work, items=items, communications={"min_gap_days": 3, "max_per_week": 1})
    out = report_to_json(report(p))
    assert out["warnings"] == [
        {"code": "audience-overlap", "audience": "all", "items": ["EM-A", "EM-B"],
         "dates": ["2027-01-14", "2027-01-15"], "gap_days": 1},
        {"code": "frequency-cap", "audience": "all", "week": "2027-W02", "count": 2, "cap": 1,
         "items": ["EM-A", "EM-B"]},
    ]
    assert out["sends"] == [{"item": "EM-B", "audience": "all", "send_date": "2027-01-15"}]
