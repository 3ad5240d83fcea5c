"""Slip: what moved between a baseline and now (issue 24's `slip` contract).

Per release: the CRs that entered or left its scope (by target release), its go-live and freeze
then and now, what its bundle shipped then and now; and every CR whose target release differs
now from then, with who last moved it and when (from the audit log). A release is listed when
something of it differs, or when asked for by name: an unchanged plan gives an empty slip.
"""

from __future__ import annotations

from collections import defaultdict

from app.baselines.capture import capture
from app.baselines.model import Baseline, Move
from app.model.plan import Plan


def targets_by_release(crs: dict[str, str | None]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for cr, release in crs.items():
        if release is not None:
            out[release].add(cr)
    return out


def moved_crs(then: dict, now: dict) -> list[str]:
    """CRs whose target differs (a CR added or removed since counts, from or to nothing)."""
    return sorted(k for k in then["crs"].keys() | now["crs"].keys()
                  if then["crs"].get(k) != now["crs"].get(k))


def slip(baseline: Baseline, plan: Plan, moves: list[Move],
         release: str | None = None) -> dict:
    """The slip since `baseline`; `moves` are the audit log's target changes after it (any
    superset: the last one of each moved CR names who and when). `release` limits it to one
    release (default: the release the baseline is of, if any)."""
    then = baseline.content
    now = capture(plan)
    only = release or baseline.release
    before, after = targets_by_release(then["crs"]), targets_by_release(now["crs"])
    keys = [only] if only else sorted(then["releases"].keys() | now["releases"].keys(),
                                      key=lambda k: _order(k, then, now))
    releases = []
    for key in keys:
        row = _release_slip(key, then["releases"].get(key), now["releases"].get(key),
                            before.get(key, set()), after.get(key, set()))
        if only or _changed(row):
            releases.append(row)
    last = {m.cr: m for m in moves}  # oldest first: the last one wins
    moved = []
    for cr in moved_crs(then, now):
        if only and only not in (then["crs"].get(cr), now["crs"].get(cr)):
            continue
        m = last.get(cr)
        moved.append({"cr": cr, "from": then["crs"].get(cr), "to": now["crs"].get(cr),
                      "by": m.by if m else None,
                      "at": m.at.isoformat(timespec="seconds") if m else None})
    return {"baseline": baseline.name,
            "taken_at": baseline.taken_at.isoformat(timespec="seconds"),
            "releases": releases, "moved": moved}


def _order(key: str, then: dict, now: dict) -> tuple:
    r = now["releases"].get(key) or then["releases"][key]
    return (r["go_live"], key)


def _release_slip(key: str, then: dict | None, now: dict | None, before: set[str],
                  after: set[str]) -> dict:
    def pair(field):
        return {"then": then[field] if then else None, "now": now[field] if now else None}

    note = None
    if then is None:
        note = "did not exist at the baseline"
    elif now is None:
        note = "has been deleted since"
    elif now["status"] == "cancelled" and then["status"] != "cancelled":
        note = "has been cancelled since"
    elif now["status"] == "deployed" and then["status"] != "deployed":
        note = "has been deployed since"
    return {"release": key, "go_live": pair("go_live"), "freeze_days": pair("freeze_days"),
            "entered": sorted(after - before), "left": sorted(before - after),
            "ships": {"then": then["ships"] if then else [], "now": now["ships"] if now else []},
            "note": note}


def _changed(row: dict) -> bool:
    return bool(row["entered"] or row["left"] or row["note"]
                or row["go_live"]["then"] != row["go_live"]["now"]
                or row["freeze_days"]["then"] != row["freeze_days"]["now"]
                or row["ships"]["then"] != row["ships"]["now"])
