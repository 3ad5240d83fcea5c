"""The bundle report as SPEC.md section 5's JSON, and as a readable table for a terminal."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from app.engine.report import BundleReport
from app.model.plan import Plan
from app.views.explain import explain_exclusion, explain_warning, show


def _number(value):
    """Whole floats as integers: `12` reads better than `12.0`, and they are equal in JSON.
    Dates as `YYYY-MM-DD`, and the tuples of the send warnings as lists."""
    if type(value) is tuple:
        return [_number(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return int(value) if type(value) is float and value.is_integer() else value


def report_to_json(r: BundleReport) -> dict:
    return {
        "release": r.release,
        "go_live": r.go_live.isoformat(),
        "freeze_start": r.freeze_start.isoformat(),
        "frozen": r.frozen,
        "included": list(r.included),
        "excluded": [{"cr": e.cr, "reason": e.reason, "detail": e.detail} for e in r.excluded],
        "held_back": [{"cr": h.cr, "target": h.target, "stage": h.stage} for h in r.held_back],
        "conflicts": [{"item": c.item, "field": c.field, "values": dict(c.values)}
                      for c in r.conflicts],
        "changes": [{"cr": c.cr, "op": c.op, "item": c.item, "field": c.field,
                     "before": c.before, "after": c.after} for c in r.changes],
        "warnings": [{"code": w.code, **{f.name: _number(getattr(w, f.name)) for f in fields(w)}}
                     for w in r.warnings],
        "sends": [{"item": s.item, "audience": s.audience, "send_date": s.send_date.isoformat()}
                  for s in r.sends],
    }


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    if not rows:
        return [f"{indent}(none)"]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [indent + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False))
            + "  " + row[-1] for row in rows]


def report_to_text(plan: Plan, r: BundleReport) -> str:
    release = plan.releases[r.release]
    crs = plan.crs
    state = "frozen" if r.frozen else "open"
    lines = [
        f"Release {r.release} \"{release.name}\": go-live {r.go_live.isoformat()}, "
        f"freeze from {r.freeze_start.isoformat()} ({state})",
        f"Ships {len(r.included)} change requests; {len(r.excluded)} excluded, "
        f"{len(r.held_back)} held back, {len(r.conflicts)} conflicts, "
        f"{len(r.warnings)} warnings. "
        + ("Can be deployed." if r.deployable else "Cannot be deployed: resolve the conflicts."),
        "",
        f"Included ({len(r.included)})",
        *_table([(k, crs[k].team, crs[k].stage, crs[k].title) for k in r.included]),
        "",
        f"Excluded ({len(r.excluded)})",
        *_table([(e.cr, crs[e.cr].team, e.reason, explain_exclusion(plan, e)) for e in r.excluded]),
        "",
        f"Held back: at or past {plan.settings.legacy_stage}, but meant for a later release "
        f"({len(r.held_back)})",
        *_table([(h.cr, crs[h.cr].team, h.stage, f"target {h.target or 'backlog'}")
                 for h in r.held_back]),
        "",
        f"Conflicts ({len(r.conflicts)})",
        *_table([(c.item, c.field, ", ".join(f"{k} ({crs[k].team}) {show(v)}"
                                             for k, v in c.values.items()))
                 for c in r.conflicts]),
        "",
        f"Changes ({len(r.changes)})",
        *_table([(c.cr, c.op, c.item if c.field is None else f"{c.item}.{c.field}",
                  f"{show(c.before) if c.field or c.before else 'none'} -> {show(c.after)}")
                 for c in r.changes]),
        "",
        f"Warnings ({len(r.warnings)})",
        *_table([(w.code, explain_warning(w)) for w in r.warnings]),
    ]
    if r.sends:  # a release that touches no send reads as it always did
        lines += ["", f"Sends: the emails, SMS and push messages this release touches, after it "
                      f"({len(r.sends)})",
                  *_table([(s.send_date.isoformat(), s.item, s.kind,
                            f"to {s.audience}") for s in r.sends])]
    return "\n".join(lines) + "\n"

