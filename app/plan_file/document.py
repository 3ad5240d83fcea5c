"""Read and write plan files (`release-plan/1`, SPEC.md section 4)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from app.model.errors import PlanFileError, Problem
from app.model.plan import UNCHECKED, Plan
from app.plan_file.bulk_load import collector_paused
from app.plan_file.limits import MAX_PLAN_BYTES, document_problems, load_document
from app.plan_file.validation import FORMAT, build_plan


def parse_plan(text: str | bytes) -> Plan:
    """The plan in `text`, or `PlanFileError` with every problem. `NaN` and `Infinity` (which
    JSON lacks but many writers emit) are read as numbers so that the validator refuses each with
    its JSON path, as it refuses an overflowing `1e999`."""
    with collector_paused():
        try:
            doc, suspect = load_document(text)
        except (ValueError, RecursionError) as exc:
            where = f"line {exc.lineno}, column {exc.colno}" if hasattr(exc, "lineno") else "document"
            msg = exc.msg if hasattr(exc, "msg") else str(exc)
            raise PlanFileError([Problem(where, f"not valid JSON: {msg}")]) from None
        if suspect:
            problems = document_problems(doc)
            if problems:  # values no database or report can hold: nothing else is checked
                raise PlanFileError(problems)
        return build_plan(doc)


def read_plan(path: str | Path) -> Plan:
    """The plan in the file at `path`; an unreadable file is a `PlanFileError` too, and so is
    a pipe or a device (which could block or never end) or a file over MAX_PLAN_BYTES."""
    data = _read_bounded(str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanFileError([Problem(str(path), "not a UTF-8 text file")]) from None
    return parse_plan(text)


def _read_bounded(path: str) -> bytes:
    def refused(message: str) -> PlanFileError:
        return PlanFileError([Problem(path, message)])

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise refused("is a folder, not a plan file")
        if not stat.S_ISREG(info.st_mode):
            raise refused("not a regular file (a pipe, a device or a socket), not a plan file")
        if info.st_size > MAX_PLAN_BYTES:
            raise refused(f"the file is {info.st_size:,} bytes; a plan file is at most "
                          f"{MAX_PLAN_BYTES:,} bytes")
        with open(path, "rb") as f:
            data = f.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise refused(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_PLAN_BYTES:  # it grew while being read
        raise refused(f"the file is over {MAX_PLAN_BYTES:,} bytes, the most a plan file may be")
    return data


def plan_to_document(plan: Plan) -> dict:
    """The plan as a `release-plan/1` document with every default filled in. `settings.today`
    is written only when the plan pins a date: a plan without one follows the calendar."""
    settings = settings_document(plan.settings)
    items_by_pack: dict[str, list] = {key: [] for key in plan.packs}
    for it in plan.items.values():
        items_by_pack[it.pack].append(item_document(it))
    return {
        "format": FORMAT,
        "settings": settings,
        "teams": [team_document(t) for t in plan.teams.values()],
        "offer_packs": [{**pack_document(p), "items": items_by_pack[p.key]}
                        for p in plan.packs.values()],
        "releases": [release_document(r) for r in plan.releases.values()],
        "change_requests": [cr_document(cr) for cr in plan.crs.values()],
    }


def settings_document(s) -> dict:
    settings: dict = {}
    if s.today is not None:
        settings["today"] = s.today.isoformat()
    settings.update(ready_stage=s.ready_stage, legacy_stage=s.legacy_stage,
                    lead_time_days=dict(s.lead_time_days), workdays=list(s.workdays))
    if s.communications is not None:  # a plan that never set it is written as it was
        settings["communications"] = communications_document(s.communications)
    return settings


def communications_document(c) -> dict:
    return {"kinds": list(c.kinds), "min_gap_days": c.min_gap_days,
            "max_per_week": c.max_per_week}


def team_document(t) -> dict:
    return {"key": t.key, "name": t.name, "members": t.members,
            "hours_per_day": t.hours_per_day, "color": t.color}


def pack_document(p) -> dict:
    return {"key": p.key, "name": p.name}


def item_document(it) -> dict:
    return {"key": it.key, "kind": it.kind, "name": it.name, "status": it.status,
            "attributes": dict(it.attributes), "uses": list(it.uses)}


def release_document(r) -> dict:
    return {"key": r.key, "name": r.name, "go_live": r.go_live.isoformat(),
            "freeze_days": r.freeze_days, "status": r.status}


def cr_document(cr) -> dict:
    return {
        "key": cr.key, "title": cr.title, "team": cr.team, "release": cr.release,
        "stage": cr.stage, "estimate_hours": cr.estimate_hours, "priority": cr.priority,
        "emergency": cr.emergency, "justification": cr.justification,
        "depends_on": list(cr.depends_on), "changes": [change_document(ch) for ch in cr.changes],
    }


def source_document(src) -> dict:
    """An imported CR's origin as the audit log and the change feed carry it (not part of the
    plan file)."""
    return {"key": src.key, "source": src.source, "external_key": src.external_key,
            "external_id": src.external_id, "imported": src.imported}


def change_document(ch) -> dict:
    if ch.op == "set":
        doc = {"op": "set", "item": ch.item, "field": ch.field}
        if ch.base is not UNCHECKED:
            doc["from"] = ch.base
        doc["to"] = ch.to
        return doc
    if ch.op == "create":
        return {"op": "create", "item": ch.item, "pack": ch.pack, "kind": ch.kind,
                "name": ch.name, "attributes": dict(ch.attributes), "uses": list(ch.uses)}
    return {"op": "retire", "item": ch.item}


def dump_plan(plan: Plan) -> str:
    return json.dumps(plan_to_document(plan), indent=2, ensure_ascii=False) + "\n"


def write_plan(plan: Plan, path: str | Path) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a plan. The new
    content goes to a temporary file beside it, is flushed to disk, then replaces the file."""
    from app.plan_file.output_files import write_atomically

    data = dump_plan(plan).encode("utf-8")  # no lone surrogate: the validator refuses them
    write_atomically(path, lambda f: f.write(data))
