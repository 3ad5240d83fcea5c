"""Mutated plan files for the fuzz tests: valid plans (the demo, the SPEC's example, a small
generated one) with one to four of their values replaced, removed, duplicated, re-nested or
re-typed, and written as JSON text (with NaN, escapes and duplicate keys where drawn).

Half of the replacement values are near the limits on either side (app.plan_file.limits), so that
many mutants are still valid and exercise import, bundle and reports at the edges.

The number of examples is FUZZ_EXAMPLES (default: a budget that keeps CI fast); a longer
campaign sets it, e.g. `FUZZ_EXAMPLES=20000 pytest tests/app/plan_file/test_fuzz.py`.
"""

from __future__ import annotations

import json
import os
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.generate.synthetic import generate_plan
from app.plan_file import limits as L
from app.plan_file.document import plan_to_document
from tests.conftest import FIXTURES, ROOT


def fuzz_settings(default: int):
    return settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", default)), deadline=None,
                    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
                    suppress_health_check=list(HealthCheck))


BASES = [
    json.loads((ROOT / "resources" / "demo_plan.json").read_text()),
    json.loads((FIXTURES / "spec_example.json").read_text()),
    plan_to_document(generate_plan(12, seed=7)),
]

INTS = [0, 1, -1, 2, 5, 6, 7, 24, 25, 64, 365, 366, 1000, 1001, 10_000, 10_001, 2**31 - 1,
        2**31, 2**32, L.INTEGER_MAX, L.INTEGER_MAX + 1, -L.INTEGER_MAX, -L.INTEGER_MAX - 1,
        2**63 - 1, 2**63, 2**64, 10**30, 10**400]
FLOATS = [0.0, -0.0, 0.25, 0.2499, 24.0, 24.01, 0.1, 1e-300, 5e-324, 9999.99, 10_000.0,
          10_000.5, 1e16, 1e308, -1e308, float("nan"), float("inf"), float("-inf")]
DATES = ["1900-01-01", "1899-12-31", "2999-12-31", "3000-01-01", "0001-01-01", "9999-12-31",
         "2027-02-29", "2028-02-29", "2027-13-01", "2027-1-01", "２０２７-01-01", "2027-01-04"]
STRINGS = ["", " ", "x", "K" * 64, "K" * 65, "é" * 64, "é" * 65, "🚀" * 64, "🚀" * 65,
           "x" * L.TEXT_MAX, "x" * (L.TEXT_MAX + 1), "n" * L.NAME_MAX, "n " * L.NAME_MAX,
           "nul\x00", "\ud83d", "\udc00tail",
           "\ud83d\ude80", "line\nbreak\ttab", "quote\"back\\slash", "\u202eRTL\u202c",
           "<script>alert(1)</script>", "=SUM(A1)", "ﬀ\u0301", "\ufeffbom", "#zz0000", "#00ff00",
           "approved", "deployed", "cancelled", "retired", "backlog", "set", "create", "retire",
           "\U0010ffff", "\x7f\x1b[31m",
           # issue 25: control characters, line separators, noncharacters, keys like options
           "v\x0bt", "b\x08s", "f\x0cf", "\x1b", "a\u2028b", "p\u2029", "n\x85l", "\ufffe",
           "\uffff", "-R", "--help", "-"]
OPTION_KEYS = ["-R", "--help", "-", "A\u2028B", "T\tB"]
CONTAINERS = [[], {}, [[]], [{}], {"": None}, [None], [1, 1], ["a", "a"], {"a": {"b": []}}]


def _paths(node, prefix=()):
    """Every (path, value) of the document, the root included."""
    out = [(prefix, node)]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _near(value, rnd: random.Random):
    """A value of the same kind near the limits: often still valid."""
    if type(value) is bool:
        return not value
    if type(value) is int:
        return rnd.choice([rnd.randint(0, 7), rnd.randint(0, 365), rnd.randint(1, 10_000),
                           rnd.randint(-L.INTEGER_MAX, L.INTEGER_MAX), L.INTEGER_MAX])
    if type(value) is float:
        return rnd.choice([rnd.uniform(0.25, 24), rnd.uniform(0, 10_000), 0.25, 24.0, 10_000.0])
    if type(value) is str:
        if len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
            span = (L.DATE_MAX - L.DATE_MIN).days
            return (L.DATE_MIN + timedelta(days=rnd.randint(0, span))).isoformat()
        alphabet = "aZ09-_ éß東🚀\u0301\u200d"
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 64)))
    return value


def _replace(doc, path, value):
    if not path:
        return value
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return doc


def _remove(doc, path):
    if path:
        node = doc
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]
    return doc


def mutated_plans():
    """Plan files' texts: valid plans with a few mutations each, one per seed."""
    return st.integers(0, 2**63).map(mutated_plan)


def mutated_plan(seed: int) -> str:
    """The plan file text of mutant number `seed`: a valid plan with one to four mutations."""
    rnd = random.Random(seed)
    doc = json.loads(json.dumps(rnd.choice(BASES)))
    duplicates, renames = [], []
    for _ in range(rnd.randint(1, 4)):
        paths = _paths(doc)
        path, value = paths[rnd.randrange(len(paths))]
        how = rnd.choice(["near", "near", "near", "int", "float", "date", "string", "container",
                          "remove", "wrap", "swap", "duplicate", "text", "rename", "rename",
                          "dense", "send_date", "option_key"])
        if how == "near":
            doc = _replace(doc, path, _near(value, rnd))
        elif how == "int":
            doc = _replace(doc, path, rnd.choice(INTS))
        elif how == "float":
            doc = _replace(doc, path, rnd.choice(FLOATS))
        elif how == "date":
            doc = _replace(doc, path, rnd.choice(DATES))
        elif how == "string":
            doc = _replace(doc, path, rnd.choice(STRINGS))
        elif how == "container":
            doc = _replace(doc, path, json.loads(json.dumps(rnd.choice(CONTAINERS))))
        elif how == "remove":
            doc = _remove(doc, path)
        elif how == "wrap":
            doc = _replace(doc, path, rnd.choice([[value], {"value": value}]))
        elif how == "swap":
            other_path, other = paths[rnd.randrange(len(paths))]
            if other_path[: len(path)] != path and path[: len(other_path)] != other_path:
                doc = _replace(doc, path, json.loads(json.dumps(other)))
        elif how == "duplicate" and isinstance(value, dict) and value:
            duplicates.append(rnd.choice(list(value)))
        elif how == "text":
            doc = _replace(doc, path, rnd.choice([date(2027, 1, 4).isoformat(), "NaN", "1e999"]))
        elif how == "rename" and path and path[-1] == "key" and type(value) is str:
            renames.append((value, rnd.choice([_near(value, rnd), *STRINGS[:12]])))
        elif how == "option_key" and path and path[-1] == "key" and type(value) is str:
            renames.append((value, rnd.choice(OPTION_KEYS)))
        elif how == "dense":
            _dense(doc, rnd)
        elif how == "send_date":
            _send_date(doc, rnd)
    text = json.dumps(doc, ensure_ascii=rnd.random() < 0.5 or _has_surrogate(doc),
                      indent=rnd.choice([None, 2]))
    for old, new in renames:  # a key renamed everywhere it is used: references still hold
        text = text.replace(json.dumps(old), json.dumps(new))
    if rnd.random() < 0.05:  # broken JSON: cut short, or a stray character
        at = rnd.randrange(len(text))
        text = text[:at] if rnd.random() < 0.5 else text[:at] + rnd.choice("{}[],:\"'x\x00") + text[at:]
    for name in duplicates:  # the same field again, later in its object: a JSON duplicate key
        marker = json.dumps(name) + ":"
        at = text.find(marker)
        if at >= 0:
            text = text[:at] + f"{marker} null, " + text[at:]
    return text


def _crs(doc) -> list:
    crs = doc.get("change_requests") if type(doc) is dict else None
    return [cr for cr in crs if type(cr) is dict] if type(crs) is list else []


def _dense(doc, rnd: random.Random) -> None:
    """Some CRs each depend on all the others: a dense dependency graph (issue 25 item 2)."""
    crs = [cr for cr in _crs(doc) if type(cr.get("key")) is str]
    some = rnd.sample(crs, min(len(crs), rnd.randint(2, 40)))
    for cr in some:
        cr["depends_on"] = [o["key"] for o in some if o is not cr]


def _send_date(doc, rnd: random.Random) -> None:
    """An edge date as a send date: on a created item, or by a `set` (issue 25 item 3)."""
    crs = _crs(doc)
    if not crs:
        return
    cr = rnd.choice(crs)
    changes = cr.setdefault("changes", [])
    if type(changes) is not list:
        return
    creates = [ch for ch in changes if type(ch) is dict and ch.get("op") == "create"]
    day = rnd.choice(DATES)
    if creates and rnd.random() < 0.5:
        attributes = rnd.choice(creates).setdefault("attributes", {})
        if type(attributes) is dict:
            attributes["send_date"] = day
    elif creates:
        item = creates[0].get("item")
        changes.insert(rnd.randint(0, len(changes)),
                       {"op": "set", "item": item, "field": "send_date", "to": day})


def _has_surrogate(doc) -> bool:
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
