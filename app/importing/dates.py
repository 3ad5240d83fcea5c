"""Dates in the forms trackers export: ISO (`2027-01-15`, with a time or not), Jira's
`28/Nov/25 5:03 PM`, ServiceNow's `2027-01-15 09:00:00`, Azure DevOps' `1/15/2027 9:00 AM`,
and spreadsheets' real dates. A numeric form like `03/04/2027` is ambiguous: the mapping's
`date_order` ("dmy" or "mdy") says which it is."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), start=1)}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?\Z")
_NAMED = re.compile(r"(\d{1,2})[/ -]([A-Za-z]{3})[A-Za-z]*[/ -](\d{2}|\d{4})(?:\s.*)?\Z")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:\s.*)?\Z")
DATE_ORDERS = ("dmy", "mdy")


def parse_date(value, order: str = "dmy") -> date | None:
    """The date in a cell (None: empty); ValueError naming the form when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NAMED.match(text):
        month = _MONTHS.get(m[2][:3].casefold())
        if month is None:
            raise ValueError(f"{text!r} is not a date (unknown month {m[2]!r})")
        return date(_year(m[3]), month, int(m[1]))
    if m := _NUMERIC.match(text):
        first, second = int(m[1]), int(m[2])
        day, month = (first, second) if order == "dmy" else (second, first)
        return date(_year(m[3]), month, day)
    raise ValueError(f"{text!r} is not a date this import reads (e.g. 2027-01-15, "
                     "28/Nov/25 5:03 PM, 15/01/2027)")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)
