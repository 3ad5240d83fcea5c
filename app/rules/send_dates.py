"""What counts as a send's date (SPEC.md section 6): a `send_date` attribute that is a
`YYYY-MM-DD` date that exists. The plan file's checks and the send calendar read it here."""

from __future__ import annotations

import re
from datetime import date

from app.model.plan import Scalar

DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def send_date(value: Scalar) -> date | None:
    """A `send_date` attribute as a date; None unless it is a `YYYY-MM-DD` date that exists."""
    if type(value) is not str or not DATE_FORM.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
