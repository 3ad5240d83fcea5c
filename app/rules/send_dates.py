"""What counts as a send's date (SPEC.md section 6): a `send_date` attribute that is a
`YYYY-MM-DD` date that exists. The plan file's checks and the send calendar read it here."""

from __future__ import annotations

import re
from datetime import date

from app.model.plan import Scalar

# A date as plans, rows and options write it. Not \d: that takes other scripts' digits too;
# and not date.fromisoformat alone, which takes 2027-W05-1 and 20270201 as well.
DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def strict_date(text: object) -> date:
    """`text` as a date; ValueError unless it is a `YYYY-MM-DD` date that exists."""
    if type(text) is not str or not DATE_FORM.match(text):
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD")
    return date.fromisoformat(text)


def send_date(value: Scalar) -> date | None:
    """A `send_date` attribute as a date; None unless it is a `YYYY-MM-DD` date that exists."""
    try:
        return strict_date(value)
    except ValueError:
        return None
