"""Domain objects to table rows and back. Loading builds dataclasses straight from column tuples:
at 100,000 CRs, one ORM object per row costs seconds (DESIGN.md section 7)."""

from __future__ import annotations

import json
from datetime import date

from app.domain import (
    UNCHECKED,
    ChangeRequest,
    CreateItem,
    Item,
    OfferPack,
    Release,
    RetireItem,
    SetField,
    Settings,
    Team,
)

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_loads = json.loads


def _number(value: float):
    """Whole hours come back as integers, as they were written in the plan file."""
    return int(value) if value.is_integer() else value


def settings_row(s: Settings) -> dict:
    return {"id": 1, "today": s.today.isoformat() if s.today else None,
            "ready_stage": s.ready_stage, "legacy_stage": s.legacy_stage,
            "lead_time_days": _dumps(s.lead_time_days), "workdays": _dumps(list(s.workdays))}


def settings_from(row) -> Settings:
    today, ready, legacy, lead, workdays = row
    return Settings(date.fromisoformat(today) if today else None, ready, legacy, _loads(lead),
                    tuple(_loads(workdays)))


def team_row(t: Team, position: int) -> dict:
    return {"key": t.key, "name": t.name, "members": t.members,
            "hours_per_day": t.hours_per_day, "color": t.color, "position": position}


def team_from(row) -> Team:
    key, name, members, hours, color = row
    return Team(key, name, members, _number(hours), color)


def pack_row(p: OfferPack, position: int) -> dict:
    return {"key": p.key, "name": p.name, "position": position}


def item_row(it: Item, position: int) -> dict:
    return {"key": it.key, "pack": it.pack, "kind": it.kind, "name": it.name,
            "status": it.status, "attributes": _dumps(it.attributes),
            "uses": _dumps(list(it.uses)), "position": position}


def item_from(row) -> Item:
    key, pack, kind, name, status, attributes, uses = row
    return Item(key, pack, kind, name, status, _loads(attributes), tuple(_loads(uses)))


def release_row(r: Release, position: int) -> dict:
    return {"key": r.key, "name": r.name, "go_live": r.go_live.isoformat(),
            "freeze_days": r.freeze_days, "status": r.status, "position": position}


def release_from(row) -> Release:
    key, name, go_live, freeze_days, status = row
    return Release(key, name, date.fromisoformat(go_live), freeze_days, status)


def cr_row(cr: ChangeRequest, position: int) -> dict:
    return {"key": cr.key, "title": cr.title, "team": cr.team, "release": cr.release,
            "stage": cr.stage, "estimate_hours": cr.estimate_hours, "priority": cr.priority,
            "emergency": cr.emergency, "justification": cr.justification, "position": position}


def change_rows(cr: ChangeRequest) -> list[dict]:
    rows = []
    for seq, ch in enumerate(cr.changes):
        row = {"cr": cr.key, "seq": seq, "op": ch.op, "item": ch.item, "field": None,
               "from_value": None, "to_value": None, "pack": None, "kind": None, "name": None,
               "attributes": None, "uses": None}
        if ch.op == "set":
            row["field"] = ch.field
            row["to_value"] = _dumps(ch.to)
            if ch.base is not UNCHECKED:
                row["from_value"] = _dumps(ch.base)
        elif ch.op == "create":
            row.update(pack=ch.pack, kind=ch.kind, name=ch.name,
                       attributes=_dumps(ch.attributes), uses=_dumps(list(ch.uses)))
        rows.append(row)
    return rows


def dependency_rows(cr: ChangeRequest) -> list[dict]:
    return [{"cr": cr.key, "depends_on": dep, "seq": seq}
            for seq, dep in enumerate(cr.depends_on)]


def change_from(row):
    """A change from (op, item, field, from_value, to_value, pack, kind, name, attributes, uses)."""
    op, item, field, base, to, pack, kind, name, attributes, uses = row
    if op == "set":
        return SetField(item, field, _loads(to), UNCHECKED if base is None else _loads(base))
    if op == "create":
        return CreateItem(item, pack, kind, name, _loads(attributes), tuple(_loads(uses)))
    return RetireItem(item)


def cr_from(row, depends_on: tuple, changes: tuple) -> ChangeRequest:
    key, title, team, release, stage, estimate, priority, emergency, justification = row
    return ChangeRequest(key, title, team, stage, release, _number(estimate), priority,
                         bool(emergency), justification, depends_on, changes)
