"""A release's fingerprint: a short hash of its bundle's content, printed on every page of its
report so that a printed copy can be matched to what was signed off (issue 24).

What it covers: the release key, what ships (CR keys), every change item by item (CR, op, item,
field, the value before and after) and the warnings. What it leaves out, so that it changes
exactly when that content does: when or where the report was made (time, database, plan file),
the order rows were stored or listed in (keys are sorted, warnings too; a CR's own changes keep
their order, since applying them in another order is other content), and the day-dependent
counts of two warnings (`available_days` of `sla-risk`, `capacity_hours` of `over-capacity`),
which tick down every day without anything in the bundle changing: the warning itself appearing
or going away still changes the fingerprint. Numbers compare as SPEC.md says: `1` and `1.0`
are the same value.

Qt-free and storage-free: the reports and the sign-off call this same function.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import fields

from app.engine.report import BundleReport

LENGTH = 12  # hex digits: 48 bits, short enough to read out, far past any chance collision
DAY_DEPENDENT = {"sla-risk": ("available_days",), "over-capacity": ("capacity_hours",)}


def _canonical(value):
    """JSON-ready, with whole floats as integers (SPEC.md: 1 equals 1.0) and dates as text."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def warning_content(w) -> dict:
    """A warning as the fingerprint sees it: its code and fields, less the day-dependent ones."""
    skip = DAY_DEPENDENT.get(w.code, ())
    return {"code": w.code, **{f.name: _canonical(getattr(w, f.name)) for f in fields(w)
                               if f.name not in skip}}


def fingerprint(release: str, ships: Iterable[str],
                changes: Iterable[tuple], warnings: Iterable[Mapping]) -> str:
    """The fingerprint of a release's content: `changes` as (cr, op, item, field, before,
    after) tuples, `warnings` as mappings (see `warning_content`)."""
    by_cr: dict[str, list] = {}
    for cr, *rest in changes:  # each CR's changes in their own order, CRs by key
        by_cr.setdefault(cr, []).append(_canonical(rest))
    content = {
        "release": release,
        "ships": sorted(ships),
        "changes": [[cr, by_cr[cr]] for cr in sorted(by_cr)],
        "warnings": sorted(json.dumps(_canonical(w), sort_keys=True, ensure_ascii=False)
                           for w in warnings),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:LENGTH]


def bundle_fingerprint(report: BundleReport) -> str:
    """The fingerprint of a planned release's bundle report (SPEC.md section 2)."""
    return fingerprint(report.release, report.included,
                       ((c.cr, c.op, c.item, c.field, c.before, c.after) for c in report.changes),
                       (warning_content(w) for w in report.warnings))
