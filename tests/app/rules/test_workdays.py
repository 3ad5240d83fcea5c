"""Working days (SPEC.md section 1): start <= d < end, ISO weekday in the workdays setting."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.rules.freeze import freeze_start
from app.rules.workdays import working_days

MONDAY = date(2027, 1, 4)


def test_today_counts_and_the_end_date_does_not():
    assert working_days(MONDAY, MONDAY + timedelta(days=1), (1, 2, 3, 4, 5)) == 1
    assert working_days(MONDAY, MONDAY, (1, 2, 3, 4, 5)) == 0


def test_a_week_from_monday_has_five_working_days():
    assert working_days(MONDAY, MONDAY + timedelta(days=7), (1, 2, 3, 4, 5)) == 5


def test_a_weekend_has_none_unless_the_team_works_weekends():
    saturday = MONDAY + timedelta(days=5)
    assert working_days(saturday, saturday + timedelta(days=2), (1, 2, 3, 4, 5)) == 0
    assert working_days(saturday, saturday + timedelta(days=2), (6, 7)) == 2


def test_an_end_before_the_start_has_no_working_days():
    assert working_days(MONDAY, MONDAY - timedelta(days=10), (1, 2, 3, 4, 5)) == 0


def test_freeze_starts_freeze_days_calendar_days_before_go_live():
    assert freeze_start(date(2027, 1, 15), 3) == date(2027, 1, 12)
    assert freeze_start(date(2027, 3, 1), 1) == date(2027, 2, 28)


@given(st.dates(date(2026, 1, 1), date(2028, 12, 31)), st.integers(-5, 800),
       st.sets(st.integers(1, 7), min_size=1))
def test_count_equals_walking_the_calendar_day_by_day(start, span, workdays):
    end = start + timedelta(days=span)
    walked = sum(1 for i in range(max(span, 0))
                 if (start + timedelta(days=i)).isoweekday() in workdays)
    assert working_days(start, end, tuple(workdays)) == walked
