"""Plan file checks of the send calendar (SPEC.md section 4, from section 6): `send_date` and
`audience` attributes, and the `communications` setting. Called by app.plan_file.validation, which
owns the Checker and the rest of the rules; the fast path asks `send_values_valid` so that it
accepts exactly what these checks accept."""

from __future__ import annotations

import json
import math

from app.model.plan import Communications
from app.plan_file.limits import date_range_problem
from app.rules.send_dates import DATE_FORM, send_date

SEND_FIELDS = frozenset({"send_date", "audience"})
_SETTING_FIELDS = frozenset({"kinds", "min_gap_days", "max_per_week"})
_SCALARS = (str, int, bool, type(None))


def _shown(value) -> str:
    if type(value) is list:
        return "a list"
    if type(value) is dict:
        return "an object"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:56] + '..."'


def _checkable(value) -> bool:
    """A JSON scalar; anything else is already refused as an attribute value."""
    t = type(value)
    return t in _SCALARS or (t is float and math.isfinite(value))


def send_value_problem(field: str, value) -> str | None:
    """Why `value` cannot be the attribute `field`, or None when it can (or `field` is not one
    of the send calendar's)."""
    if value is None or field not in SEND_FIELDS or not _checkable(value):
        return None
    if field == "audience":
        return None if type(value) is str else \
            f"an audience must be a string or null, not {_shown(value)}"
    day = send_date(value)
    if day is not None:
        return date_range_problem(day, _shown(value))
    if type(value) is str and DATE_FORM.match(value):
        return f"{_shown(value)} is not a date that exists"
    return f"a send date must be a date in the form YYYY-MM-DD or null, not {_shown(value)}"


def send_values_valid(attributes: dict) -> bool:
    """No send calendar attribute of `attributes` is refused (for the fast path)."""
    return all(send_value_problem(f, attributes.get(f)) is None for f in SEND_FIELDS)


def check_send_attributes(c, attributes, path: str) -> None:
    """Record a problem for each bad send calendar attribute; `path` is the attributes' path."""
    if type(attributes) is dict:
        for field in SEND_FIELDS:
            problem = send_value_problem(field, attributes.get(field))
            if problem:
                c.bad(f"{path}.{field}", problem)


def check_set_value(c, field, to, path: str) -> None:
    """A `set` of `send_date` or `audience`: its `to` (at `path`) must be a valid value."""
    problem = send_value_problem(field, to) if type(field) is str else None
    if problem:
        c.bad(path, problem)


def communications_setting(c, settings: dict) -> Communications | None:
    """`settings.communications`, defaults filled in; None when the plan does not set it."""
    if "communications" not in settings:
        return None
    raw = settings["communications"]
    p = "settings.communications"
    if not c.obj(raw, p, _SETTING_FIELDS, ()):
        return None
    default = Communications()
    kinds = raw.get("kinds", list(default.kinds))
    if type(kinds) is not list:
        c.bad(f"{p}.kinds", f"must be a list of item kinds (strings), not {_shown(kinds)}")
        kinds = list(default.kinds)
    for i, kind in enumerate(kinds):
        if type(kind) is not str:
            c.bad(f"{p}.kinds[{i}]", f"must be an item kind (a string), not {_shown(kind)}")
    gap = c.number(raw, "min_gap_days", p, 0, integer=True)
    cap = c.number(raw, "max_per_week", p, 0, integer=True)
    return Communications(tuple(k for k in kinds if type(k) is str),
                          gap if type(gap) is int else 0, cap if type(cap) is int else 0)
