"""The limits of a plan file (README "Limits"): what every database, the date arithmetic and
every report can hold, so that whatever `check` accepts imports on SQLite and on PostgreSQL and
bundles and reports without error.

Two kinds of rule: ones that hold for every value of the document whatever its place (no
duplicate object keys, no NUL or lone surrogate in text, no text over TEXT_MAX characters, no
whole number beyond INTEGER_MAX), checked here by one walk over the document; and ranges of
particular fields (keys, dates, hours), which the validator checks where it reads each field.
"""

from __future__ import annotations

import json
import re
from datetime import date

from app.errors import Problem

# Whole numbers every JSON reader keeps exactly (a double's 53 bits): beyond, JavaScript and
# Excel round them.
INTEGER_MAX = 2**53 - 1
KEY_MAX = 64  # the key columns are String(64): PostgreSQL refuses longer ones
TEXT_MAX = 10_000  # characters of any one text: a value, a justification
# Names and titles head rows of the PDF's tables, whose rows must fit on a page.
NAME_MAX = 500
MAX_PLAN_BYTES = 256 * 1024 * 1024  # a 200,000-CR plan is about 150 MB
# Ranges of fields: keep every computed date (freeze starts, bars of the timeline, the day
# after a go-live in a calendar) inside the calendar, and every count inside a 32-bit column.
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2999, 12, 31)
MEMBERS_MAX = 10_000
HOURS_PER_DAY_MIN, HOURS_PER_DAY_MAX = 0.25, 24
ESTIMATE_HOURS_MAX = 10_000  # a bar is at most 40,000 days long (at 0.25 hours a day)
FREEZE_DAYS_MAX = 365
LEAD_TIME_DAYS_MAX = 1_000

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")  # a field name written bare in a JSON path
# A cheap look at the text before walking the document: only a plan with a NUL or surrogate
# escape, a run of 16 digits or a long run without quotes can break a rule of the walk.
_SUSPECT = re.compile(r'\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})|(?<![.0-9])[0-9]{16}'
                      r'|[^"]{' + str(TEXT_MAX) + "}")


def join(path: str, name: str) -> str:
    """`path.name`; a name that is not a plain word is quoted: `attributes["valid from"]`."""
    if not _NAME.match(name):
        return f"{path}[{json.dumps(name, ensure_ascii=False)}]"
    return f"{path}.{name}" if path else name


class DuplicateKeys(dict):
    """An object of the file in which a key appears more than once (`names`)."""

    __slots__ = ("names",)


def load_document(text: str | bytes) -> tuple[object, bool]:
    """The parsed JSON document, and whether it may break a rule of the whole document (a
    duplicate key seen, or the text looks suspect): only then need it be walked."""
    duplicates = []

    def object_with_keys_once(pairs: list) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set = set()
            obj = DuplicateKeys(obj)
            obj.names = sorted({k for k, _ in pairs if k in seen or seen.add(k)})
            duplicates.append(obj)
        return obj

    doc = json.loads(text, object_pairs_hook=object_with_keys_once)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return doc, bool(duplicates) or _SUSPECT.search(text) is not None or '\\"' in text


def document_problems(doc: object) -> list[Problem]:
    """Every value of the document that breaks a rule of the whole document, in file order."""
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        t = type(value)
        if t is str:
            _text(problems, path, value)
        elif t is int:
            if abs(value) > INTEGER_MAX:
                problems.append(Problem(path, f"{_digits(value)} is beyond the largest whole "
                                              f"number a plan may hold ({INTEGER_MAX:,})"))
        elif t is list:
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, dict):
            if t is DuplicateKeys:
                problems += [Problem(join(path, name), "listed twice in the same object; a "
                                     "plan file says each field once") for name in value.names]
            entries = []
            for name, v in value.items():
                _text(problems, join(path, _printable(name)), name, what="the field name")
                entries.append((join(path, _printable(name)), v))
            stack.extend(reversed(entries))
    return problems


def _text(problems: list, path: str, value: str, what: str = "text") -> None:
    if "\x00" in value:
        problems.append(Problem(path, f"{what} holds a NUL character (\\u0000), which a "
                                      "database cannot store"))
    if _has_lone_surrogate(value):
        problems.append(Problem(path, f"{what} holds a lone surrogate (a \\ud800 to \\udfff "
                                      "escape without its pair), which is not a character"))
    if len(value) > TEXT_MAX:
        problems.append(Problem(path, f"{what} is {len(value):,} characters long; at most "
                                      f"{TEXT_MAX:,}"))


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _printable(name: str) -> str:
    """A field name fit for a message: lone surrogates and NUL escaped."""
    if _has_lone_surrogate(name) or "\x00" in name:
        return name.encode("utf-8", "backslashreplace").decode("ascii", "replace") \
            .replace("\x00", "\\u0000")
    return name


def _digits(value: int) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:20]}... ({len(text)} digits)"
