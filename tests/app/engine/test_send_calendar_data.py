"""The send calendar as the communications view and the sends iCalendar show it: the plan after a
chosen release, which release and CRs touch each send, who sets its date, the marks over the
whole calendar; and moving a send by editing the CR that sets its date."""

from datetime import date

import pytest

from app.edits.send_edits import date_change_index, with_send_date
from app.engine.send_calendar import send_calendar
from tests.app.plan_builder import cr, create, item, plan, set_

ITEMS = (item("EM-A", "email", audience="all", send_date="2027-01-20"),
         item("SMS-B", "sms", audience="all", send_date="2027-01-21"),
         item("PUSH-C", "push", audience="other", send_date="2027-02-20"))
GAP = {"communications": {"min_gap_days": 2, "max_per_week": 1}}


def two_releases():
    return plan(cr("CR-1", "R1", "approved", set_("EM-A", "send_date", "2027-01-22")),
                cr("CR-2", "R2", "approved", set_("EM-A", "subject", "x"),
                   set_("EM-A", "send_date", "2027-02-16")),
                cr("CR-3", "R2", "approved", create("SMS-N", "sms", audience="other",
                                                    send_date="2027-02-21")),
                items=ITEMS, **GAP)


def test_the_calendar_after_a_release_holds_what_is_live_and_what_ships_up_to_it():
    after_r1 = {s.item: s for s in send_calendar(two_releases(), "R1").sends}
    assert set(after_r1) == {"EM-A", "SMS-B", "PUSH-C"}  # SMS-N comes with R2
    assert after_r1["EM-A"].send_date == date(2027, 1, 22)
    assert (after_r1["EM-A"].release, after_r1["EM-A"].crs) == ("R1", ("CR-1",))
    assert after_r1["SMS-B"].release is None  # live as it is


def test_the_last_release_that_touches_a_send_ships_it_and_every_date_setter_is_known():
    after_all = {s.item: s for s in send_calendar(two_releases()).sends}
    em = after_all["EM-A"]
    assert (em.send_date, em.release, em.crs) == (date(2027, 2, 16), "R2", ("CR-2",))
    assert em.date_setters == ("CR-1", "CR-2")  # in the order they apply
    assert after_all["SMS-N"].date_setters == ("CR-3",)  # its create gives the date
    assert after_all["SMS-N"].name == "New SMS-N"


def test_the_marks_cover_the_whole_calendar_not_one_release():
    calendar = send_calendar(two_releases(), "R1")
    assert [w.items for w in calendar.overlaps] == [("EM-A", "SMS-B")]  # 22nd and 21st
    assert [(w.audience, w.week) for w in calendar.capped] == [("all", "2027-W03")]
    assert calendar.marked() == {"EM-A", "SMS-B"}


def test_moving_a_send_edits_the_last_set_of_its_date():
    p = two_releases()
    edited = with_send_date(p.crs["CR-2"], "EM-A", date(2027, 2, 17))
    assert [getattr(ch, "to", None) for ch in edited.changes] == ["x", "2027-02-17"]
    assert date_change_index(p.crs["CR-2"], "SMS-B") is None


def test_moving_a_created_send_edits_the_create():
    p = two_releases()
    edited = with_send_date(p.crs["CR-3"], "SMS-N", date(2027, 2, 23))
    assert edited.changes[0].attributes == {"audience": "other", "send_date": "2027-02-23"}
    assert p.crs["CR-3"].changes[0].attributes["send_date"] == "2027-02-21"  # not in place


def test_a_cr_that_does_not_set_the_date_cannot_move_it():
    with pytest.raises(ValueError, match="does not set the send date"):
        with_send_date(two_releases().crs["CR-1"], "SMS-B", date(2027, 1, 1))
