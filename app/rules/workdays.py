"""Working days (SPEC.md section 1): dates `start <= d < end` whose ISO weekday is a workday."""

from __future__ import annotations

from datetime import date


def working_days(start: date, end: date, workdays: tuple[int, ...] | list[int]) -> int:
    """Count working days in [start, end); 0 when end <= start. O(1) in the span."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    wanted = set(workdays)
    count = weeks * len(wanted)
    weekday = start.isoweekday()
    for offset in range(rest):
        if (weekday - 1 + offset) % 7 + 1 in wanted:
            count += 1
    return count
