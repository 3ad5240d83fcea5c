"""The field checks of plan file validation: each reads one field of an object, checks its type
and range (app.plan_file.limits), and records a problem with its JSON path when it is wrong."""

from __future__ import annotations

import json
import math
import re
from datetime import date

from app.model.errors import Problem
from app.plan_file.limits import (
    KEY_MAX,
    NAME_MAX,
    TEXT_MAX,
    date_range_problem,
    join,
    key_problem,
    safe_json,
    scalar_fits,
    scalar_problem,
)
from app.rules.send_dates import DATE_FORM

COLOR = re.compile(r"#[0-9a-fA-F]{6}\Z")
BAD = object()  # a value that failed its check (the problem is already recorded)


def type_name(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def show(value: object) -> str:
    """The offending value as a message names it: JSON spelling, a type name for containers."""
    t = type(value)
    if t is float and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if t in (list, dict) or t not in (str, int, float, bool, type(None)):
        return type_name(value)  # a container, or no JSON type at all (a BLOB from a row)
    text = safe_json(value) if t is str else json.dumps(value, ensure_ascii=False)
    if len(text) > 60:  # a long text or number: enough of it to find it
        text = text[:56] + ('..."' if t is str else "...")
    return text


def is_scalar(value: object) -> bool:
    return scalar_fits(value)


class Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every key declared, by kind, even on objects with other problems: references to them
        # are then not reported a second time as "unknown".
        self.declared: dict[str, dict[str, str]] = {
            "team": {}, "offer pack": {}, "item": {}, "release": {}}

    def bad(self, path: str, message: str) -> object:
        self.problems.append(Problem(path, message))
        return BAD

    def obj(self, value, path: str, allowed: frozenset, required: tuple) -> bool:
        """Is `value` an object with only `allowed` fields and all `required` ones?"""
        if type(value) is not dict:
            self.bad(path, f"must be an object, not {show(value)}")
            return False
        keys = value.keys()
        if not keys <= allowed:
            for name in sorted(keys - allowed):
                self.bad(join(path, name), "unknown field")
        for name in required:
            if name not in value:
                self.bad(join(path, name), "missing (required)")
        return True

    def string(self, obj: dict, name: str, path: str, default=BAD, choices=None):
        value = obj.get(name, default)
        if value is BAD:
            return BAD  # missing; already reported by obj()
        if type(value) is not str:
            return self.bad(join(path, name), f"must be a string, not {show(value)}")
        if choices is not None and value not in choices:
            return self.bad(join(path, name), f'{show(value)} is not one of {", ".join(choices)}')
        return value

    def name(self, obj: dict, name: str, path: str):
        """A name or title: a string of at most NAME_MAX characters (it heads a table row)."""
        value = self.string(obj, name, path)
        if type(value) is str and len(value) > NAME_MAX:
            return self.bad(join(path, name), f"is {len(value):,} characters long; a name or "
                                              f"title is at most {NAME_MAX:,}")
        return value

    def text(self, obj: dict, name: str, path: str, default=BAD):
        """A free text: a string of at most TEXT_MAX characters."""
        value = self.string(obj, name, path, default)
        if type(value) is str and len(value) > TEXT_MAX:
            return self.bad(join(path, name), f"is {len(value):,} characters long; a text is "
                                              f"at most {TEXT_MAX:,}")
        return value

    def key(self, obj: dict, name: str, path: str):
        value = self.string(obj, name, path)
        if type(value) is str and len(value) > KEY_MAX:
            return self.bad(join(path, name), long_key(value))
        problem = key_problem(value) if type(value) is str else None
        if problem:
            return self.bad(join(path, name), problem)
        return value

    def number(self, obj: dict, name: str, path: str, default, integer=False, positive=False,
               minimum=None, maximum=None):
        value = obj.get(name, default)
        t = type(value)
        if t is int or (t is float and not integer and math.isfinite(value)):
            if positive and value <= 0:
                return self.bad(join(path, name), f"must be positive, not {value}")
            if value < 0:
                return self.bad(join(path, name), f"must not be negative, not {value}")
            if minimum is not None and value < minimum:
                return self.bad(join(path, name), f"must be at least {minimum}, not {value}")
            if maximum is not None and value > maximum:
                return self.bad(join(path, name), f"must be at most {maximum:,}, not "
                                                  f"{show(value)}")
            return value
        if t is float and not math.isfinite(value):
            kind = "a finite number"
        elif t is float:
            kind = "a whole number (no decimal point)"
        else:
            kind = "a whole number" if integer else "a number"
        return self.bad(join(path, name), f"must be {kind}, not {show(value)}")

    def boolean(self, obj: dict, name: str, path: str, default):
        value = obj.get(name, default)
        if type(value) is not bool:
            return self.bad(join(path, name), f"must be true or false, not {show(value)}")
        return value

    def day(self, obj: dict, name: str, path: str):
        value = self.string(obj, name, path)
        if value is BAD:
            return BAD
        if DATE_FORM.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return self.bad(join(path, name), f"{show(value)} is not a date that exists")
            outside = date_range_problem(day, show(value))
            if outside:
                return self.bad(join(path, name), outside)
            return day
        return self.bad(join(path, name), f"{show(value)} is not a date in the form YYYY-MM-DD")

    def key_list(self, obj: dict, name: str, path: str) -> tuple:
        value = obj.get(name, ())
        if value == ():
            return ()
        if type(value) is not list:
            self.bad(join(path, name), f"must be a list, not {show(value)}")
            return ()
        seen = set()
        for i, key in enumerate(value):
            if type(key) is not str or not key:
                self.bad(f"{join(path, name)}[{i}]", f"must be a non-empty string, not {show(key)}")
                continue
            if len(key) > KEY_MAX:
                self.bad(f"{join(path, name)}[{i}]", long_key(key))
            elif key_problem(key):
                self.bad(f"{join(path, name)}[{i}]", key_problem(key))
            elif key in seen:
                self.bad(f"{join(path, name)}[{i}]", f'"{key}" is listed twice')
            seen.add(key)
        return tuple(k for k in value if type(k) is str and k)

    def attributes(self, obj: dict, name: str, path: str) -> dict:
        value = obj.get(name, {})
        if type(value) is not dict:
            self.bad(join(path, name), f"must be an object, not {show(value)}")
            return {}
        for field, v in value.items():
            if len(field) > KEY_MAX:
                self.bad(join(join(path, name), field), "the field name: " + long_key(field))
            elif not is_scalar(v):
                self.bad(join(join(path, name), field), not_scalar(v))
        return value

    def list_of(self, doc: dict, name: str, path: str) -> list:
        value = doc.get(name, BAD)
        if value is BAD:
            return []
        if type(value) is not list:
            self.bad(join(path, name), f"must be a list, not {show(value)}")
            return []
        return value

    def unique(self, what: str, key, path: str) -> bool:
        """Declare a key of kind `what`; False (and a problem) when it is a duplicate."""
        if key is BAD:
            return False
        seen = self.declared[what]
        if key in seen:
            self.bad(path, f'duplicate {what} key "{key}" (first at {seen[key]})')
            return False
        seen[key] = path
        return True


def long_key(value: str) -> str:
    return f"{show(value)} is {len(value)} characters long; a key or name is at most {KEY_MAX}"


def not_scalar(value) -> str:
    return scalar_problem(value)
