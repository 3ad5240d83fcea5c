"""The limits of a plan file (README "Limits"): what every database, the date arithmetic and
every report can hold, so that whatever `check` accepts imports on SQLite and on PostgreSQL and
bundles and reports without error.

Two kinds of rule. Ones about the JSON text, whatever the place: no duplicate object keys, no
NUL or lone surrogate in text; found here without slowing a valid plan (`load_document`), then
reported by one walk over the document. And ranges of values, which the validator checks where
it reads each one: keys, names, dates, hours, and for every other text and number
`scalar_fits` (no text over TEXT_MAX characters, no whole number beyond INTEGER_MAX).
"""

from __future__ import annotations

import json
import math
import re
from datetime import date

from app.model.errors import Problem

# Whole numbers every JSON reader keeps exactly (a double's 53 bits): beyond, JavaScript and
# Excel round them.
INTEGER_MAX = 2**53 - 1
KEY_MAX = 64  # the key columns are String(64): PostgreSQL refuses longer ones
TEXT_MAX = 32_767  # characters of any other text (a value, a justification): an Excel cell
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
# JSON text can hold a NUL or a lone surrogate only as an escape (raw control characters are
# not JSON, and the text was decoded from UTF-8): only with one of these is the document walked.
# Control characters are escapes too (\\u000b, \\b, \\f). Every alternative starts with a
# backslash, which keeps the search of a 100 MB text a fast scan; DEL, U+FFFE and U+FFFF may
# be raw, and are looked for apart (_RAW_SUSPECTS).
_ESCAPES = re.compile(r"\\(?:u(?:0000|00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2}"
                      r"|[fF]{3}[eEfF])|[bf])")
_RAW_SUSPECTS = ("\x7f", "\ufffe", "\uffff")
# What no text of a plan may hold (issue 25 item 4): control characters but tab, line feed and
# carriage return, and U+FFFE and U+FFFF. XML 1.0 cannot carry them, so an SVG or HTML export
# holding one is not well-formed, and a terminal obeys them. Refused, not escaped: they are
# never meant, and every output (PDF, XLSX, SVG, iCalendar, messages) stays as simple.
FORBIDDEN_CHARACTER = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# A key is also named on the command line and in one-line messages: only printable characters
# (no tab, no line break: U+2028, U+2029 and U+0085 break lines too), and no leading "-",
# which the command line would read as an option (issue 25 items 8 and 10).


def key_fits(key: str) -> bool:
    """The fast test of `key_problem` (str methods, no regular expression: it runs for every
    key of every CR of every load)."""
    return key.isprintable() and key[:1] != "-"
_SPACED_KEY = re.compile(r'"[ \t\n\r]+:')  # a key with space before its colon


def date_range_problem(day: date, shown: str) -> str | None:
    """Why a date (`shown` as the plan writes it) is outside what a plan may hold, or None.
    The one rule for every date field: go-lives, `today`, and send dates (`send_date` of an
    item, a create or a set: a calendar event ends the day after it, so 9999-12-31 overflowed)."""
    if DATE_MIN <= day <= DATE_MAX:
        return None
    return (f"{shown} is outside the dates a plan may hold ({DATE_MIN.isoformat()} to "
            f"{DATE_MAX.isoformat()})")


def join(path: str, name: str) -> str:
    """`path.name`; a name that is not a plain word is quoted: `attributes["valid from"]`."""
    if not _NAME.match(name):
        if len(name) > 80:  # a path stays readable however long the field name is
            name = name[:76] + "..."
        return f"{path}[{json.dumps(name, ensure_ascii=False)}]"
    return f"{path}.{name}" if path else name


def scalar_fits(value: object) -> bool:
    """Is `value` a JSON scalar a plan may hold (an attribute, a set's `to` or `from`)?"""
    t = type(value)
    if t is str:
        return len(value) <= TEXT_MAX
    if t is int:
        return -INTEGER_MAX <= value <= INTEGER_MAX
    if t is float:
        return math.isfinite(value)
    return t is bool or value is None


def scalar_problem(value: object) -> str:
    """What is wrong with a value that `scalar_fits` refuses."""
    t = type(value)
    if t is str:
        return f"is {len(value):,} characters long; a text is at most {TEXT_MAX:,}"
    if t is int:
        return (f"{_digits(value)} is beyond the largest whole number a plan may hold "
                f"({INTEGER_MAX:,} either side of 0)")
    if t is float:  # NaN or an infinity, which JSON has no spelling for
        shown = "NaN" if value != value else "Infinity" if value > 0 else "-Infinity"
    else:
        shown = "a list" if t is list else "an object" if t is dict else type(value).__name__
    return f"must be a string, number, boolean or null, not {shown}"


class DuplicateKeys(dict):
    """An object of the file in which a key appears more than once (`names`)."""

    __slots__ = ("names",)


def load_document(text: str | bytes) -> tuple[object, bool]:
    """The parsed JSON document, and whether it must be walked by `document_problems`: it has
    a duplicate key, or an escape that may be a NUL or a lone surrogate.

    Duplicate keys are found without slowing the common case: json.loads keeps the last of
    them silently, so the keys of the parsed plan are counted (`_key_count`) against the `":`
    of the text (each key ends with one; inside a string only an escaped quote makes one).
    Only when they differ, or a key may have space before its colon, is the text parsed again
    with a hook that sees every key (six times slower)."""
    doc = json.loads(text)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    duplicates: list = []
    if text.count('":') != _key_count(doc) or _SPACED_KEY.search(text):
        def object_with_keys_once(pairs: list) -> dict:
            obj = dict(pairs)
            if len(obj) != len(pairs):
                seen: set = set()
                obj = DuplicateKeys(obj)
                obj.names = sorted({k for k, _ in pairs if k in seen or seen.add(k)})
                duplicates.append(obj)
            return obj

        doc = json.loads(text, object_pairs_hook=object_with_keys_once)
    return doc, bool(duplicates) or has_suspect_escape(text)


def _size(obj) -> int:
    return len(obj) if type(obj) is dict else 0


def _key_count(doc: object) -> int:
    """The keys of the plan's objects where a plan has them; never more than the document
    holds (other objects are not counted, which only sends the text to the slow check)."""
    count = _size(doc)
    if not count:
        return 0
    settings = doc.get("settings")
    count += _size(settings) + (_size(settings.get("lead_time_days")) if _size(settings) else 0)
    for name in ("teams", "releases"):
        rows = doc.get(name)
        if type(rows) is list:
            count += sum(map(_size, rows))
    packs = doc.get("offer_packs")
    for pack in packs if type(packs) is list else ():
        if _size(pack):
            count += len(pack)
            items = pack.get("items")
            for item in items if type(items) is list else ():
                if _size(item):
                    count += len(item) + _size(item.get("attributes"))
    crs = doc.get("change_requests")
    for cr in crs if type(crs) is list else ():
        if _size(cr):
            count += len(cr)
            changes = cr.get("changes")
            for change in changes if type(changes) is list else ():
                if _size(change):
                    count += len(change) + _size(change.get("attributes"))
    return count


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
    bad = FORBIDDEN_CHARACTER.search(value)
    if bad:
        problems.append(Problem(path, f"{what} holds the control character "
                                      f"{escaped_character(bad.group())}, which no report or "
                                      "image can show"))
    if _has_lone_surrogate(value):
        problems.append(Problem(path, f"{what} holds a lone surrogate (a \\ud800 to \\udfff "
                                      "escape without its pair), which is not a character"))
    if len(value) > TEXT_MAX:
        problems.append(Problem(path, f"{what} is {len(value):,} characters long; at most "
                                      f"{TEXT_MAX:,}"))


def has_suspect_escape(json_text: str) -> bool:
    """Does this JSON text hold an escape (or character) that `document_problems` may refuse?"""
    return (_ESCAPES.search(json_text) is not None
            or any(c in json_text for c in _RAW_SUSPECTS))


_RAW_TEXT_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def raw_text_suspect(text: str) -> bool:
    """Might database text (plain columns and JSON columns, joined) hold a character no plan
    may? A raw forbidden character, or a JSON escape of one; a false alarm only costs the
    exact check (a title that says \\u0000 in words)."""
    return _RAW_TEXT_SUSPECT.search(text) is not None or has_suspect_escape(text)


def escaped_character(char: str) -> str:
    return f"\\u{ord(char):04x}"


def key_problem(value: str) -> str | None:
    """Why the string `value` cannot be a key (of a team, item, release, CR...), or None. Its
    characters are checked with every text (FORBIDDEN_CHARACTER); this is what a key alone may
    not hold."""
    if not value:
        return "must not be empty"
    if len(value) > KEY_MAX:
        return None  # long_key says it, with the length
    if value[0] == "-":
        return (f'{safe_json(value)} starts with "-", which the command line reads as an '
                "option; a key may not")
    if not value.isprintable():
        bad = next(c for c in value if not c.isprintable())
        return (f"{safe_json(value)} holds {escaped_character(bad)}, which is not printable; "
                "a key may not hold a tab, a line break or another invisible character")
    return None


def safe_json(value: str) -> str:
    """`value` as JSON text that stays on one line: json.dumps keeps U+2028, U+2029 and U+0085
    raw, and some terminals and editors break lines there."""
    text = json.dumps(value, ensure_ascii=False)
    return text.translate(_LINE_BREAKS)


_LINE_BREAKS = {c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)}


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
