"""Domain objects to table rows and back. Loading builds dataclasses straight from column tuples:
at 100,000 CRs, one ORM object per row costs seconds (DESIGN.md section 7)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable

from sqlalchemy import select

from app.model.plan import (
    ITEM_STATUSES,
    RELEASE_STATUSES,
    STAGES,
    UNCHECKED,
    ChangeRequest,
    Communications,
    CreateItem,
    CrSource,
    Item,
    OfferPack,
    Release,
    RetireItem,
    SetField,
    Settings,
    Team,
)
from app.plan_file.bulk_load import decode_json_values
from app.plan_file.limits import raw_text_suspect
from app.plan_file.loaded_plan import first_damaged_row
from app.rules.send_dates import strict_date
from app.sharing.feed_apply import NeedsReload
from storage.errors import DamagedRow

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_loads = json.loads
# What a damaged row raises while it is decoded: bad JSON, a date that is not one, a value of
# the wrong type or shape in a column.
_DECODE_ERRORS = (ValueError, TypeError, IndexError, KeyError, AttributeError)


def check_loaded(plan, whole: bool = True, cr_rows: list[tuple] | None = None) -> None:
    """Raise DamagedRow for the first row of `plan` (just loaded) that the plan file's rules
    refuse: what a database may hold is what a plan file may (app.plan_file.loaded_plan).
    `cr_rows`: the CR rows as read, whose text is searched at once for characters no plan may
    hold (searching the built CRs cost a 100,000-CR load 0.6 s)."""
    suspect = None
    if cr_rows is not None:
        suspect = raw_text_suspect("\n".join(v for row in cr_rows for v in row
                                              if isinstance(v, str)))
    damaged = first_damaged_row(plan, whole, suspect)
    if damaged is not None:
        raise DamagedRow(*damaged)


def _detail(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"a JSON column is not valid JSON ({exc.msg})"
    return str(exc) or type(exc).__name__


def _decoded(table: str, found: list[tuple], build: Callable[[list[tuple]], dict]) -> dict:
    """`build(found)`; when a row is damaged, row by row to name the first damaged one."""
    try:
        return build(found)
    except DamagedRow:
        raise
    except _DECODE_ERRORS as exc:
        for row in found:
            try:
                build([row])
            except _DECODE_ERRORS as row_exc:
                raise DamagedRow(table, row[0], _detail(row_exc)) from None
        raise DamagedRow(table, "?", _detail(exc)) from None


def each_decoded(conn, query, keys, table: str, decode: Callable) -> list:
    """`decode(row)` for each row of `query` (of a table beside the plan's: baselines, the
    audit log, scenarios). A row whose columns the driver cannot read (a timestamp "soon") or
    that `decode` cannot (bad JSON, a wrong shape, not zlib) is a DamagedRow named by its key:
    `keys`, a SELECT of the same rows' keys in the same order, without the failing columns."""
    out: list = []
    found = iter(conn.execute(query))
    while True:
        try:
            row = next(found)
        except StopIteration:
            return out
        except _DECODE_ERRORS as exc:
            raise _damaged_at(conn, keys, len(out), table, exc) from None
        try:
            out.append(decode(row))
        except (*_DECODE_ERRORS, zlib.error, NeedsReload) as exc:
            raise _damaged_at(conn, keys, len(out), table, exc) from None


def _damaged_at(conn, keys, index: int, table: str, exc: BaseException) -> DamagedRow:
    key = conn.execute(keys.offset(index).limit(1)).first()
    named = "?" if key is None else key[0] if len(key) == 1 else " ".join(map(str, key))
    return DamagedRow(table, named, _detail(exc))


def _check(ok: bool, detail: str) -> None:
    if not ok:
        raise ValueError(detail)


def _number(value: float, field: str = "estimate_hours"):
    """Whole hours come back as integers, as they were written in the plan file."""
    if type(value) is not float:
        if type(value) is int:
            return value
        raise ValueError(f"{field}: {value!r} is not a number")
    return int(value) if value.is_integer() else value


def _named(field: str, read: Callable, value):
    """`read(value)`, a failure named by the row's field."""
    try:
        return read(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{field}: {exc}") from None


def settings_row(s: Settings) -> dict:
    return {"id": 1, "today": s.today.isoformat() if s.today else None,
            "ready_stage": s.ready_stage, "legacy_stage": s.legacy_stage,
            "lead_time_days": _dumps(s.lead_time_days), "workdays": _dumps(list(s.workdays)),
            "communications": _communications_text(s.communications)}


def _communications_text(c: Communications | None) -> str | None:
    if c is None:
        return None
    return _dumps({"kinds": list(c.kinds), "min_gap_days": c.min_gap_days,
                   "max_per_week": c.max_per_week})


# The settings row's columns as `settings_from` takes them.
SETTINGS_COLUMNS = ("today", "ready_stage", "legacy_stage", "lead_time_days", "workdays",
                    "communications")


def settings_query(table):
    """The SELECT of the settings table's rows that `settings_of` takes."""
    c = table.c
    return select(c.id, *(c[name] for name in SETTINGS_COLUMNS), c.version).order_by(c.id)


def settings_of(found: list[tuple]) -> tuple[Settings, int]:
    """The settings and their row's version from the rows of `settings_query`: one plan per
    database, so exactly one row, of id 1."""
    if not found:
        raise DamagedRow("settings", 1, "the row is missing: the database holds no plan")
    for row in found:
        if row[0] != 1:
            raise DamagedRow("settings", row[0], "id: the settings row is the row of id 1 "
                                                 "(a database holds one plan)")
    return settings_from(tuple(found[0][1:-1])), found[0][-1]


def settings_from(row) -> Settings:
    def build(_found):
        today, ready, legacy, lead, workdays, communications = row
        comms = None
        if communications is not None:
            doc = _loads(communications)
            _check(type(doc) is dict and type(doc.get("kinds")) is list,
                   "communications is not an object with a list of kinds")
            comms = Communications(tuple(doc["kinds"]), doc["min_gap_days"],
                                   doc["max_per_week"])
        s = Settings(_named("today", strict_date, today) if today else None, ready, legacy, _loads(lead),
                     tuple(_loads(workdays)), comms)
        _check(ready in STAGES and legacy in STAGES, "a stage is not one of the stages")
        _check(type(s.lead_time_days) is dict and all(type(v) is int
                                                      for v in s.lead_time_days.values()),
               "lead_time_days is not an object of whole numbers")
        _check(bool(s.workdays) and all(type(d) is int and 1 <= d <= 7 for d in s.workdays),
               "workdays is not a list of ISO weekdays")
        return s
    return _decoded("settings", [(1,)], build)


def team_row(t: Team, position: int) -> dict:
    return {"key": t.key, "name": t.name, "members": t.members,
            "hours_per_day": t.hours_per_day, "color": t.color, "position": position}


def team_from(row) -> Team:
    def build(_found):
        key, name, members, hours, color = row
        _check(type(members) is int and members > 0, f"members is {members!r}")
        _check(type(hours) in (int, float) and hours > 0, f"hours_per_day is {hours!r}")
        return Team(key, name, members, _number(float(hours), "hours_per_day"), color)
    return _decoded("teams", [row], build)


def pack_row(p: OfferPack, position: int) -> dict:
    return {"key": p.key, "name": p.name, "position": position}


def item_row(it: Item, position: int) -> dict:
    return {"key": it.key, "pack": it.pack, "kind": it.kind, "name": it.name,
            "status": it.status, "attributes": _dumps(it.attributes),
            "uses": _dumps(list(it.uses)), "position": position}


def items_from(found: list[tuple]) -> dict[str, Item]:
    """Items from (key, pack, kind, name, status, attributes, uses, ...) rows, their JSON
    columns decoded in one parser call each."""
    return _decoded("items", found, _items)


def _items(found: list[tuple]) -> dict[str, Item]:
    attributes = decode_json_values([r[5] for r in found])
    uses = decode_json_values([r[6] for r in found])
    items = {r[0]: Item(r[0], r[1], r[2], r[3], r[4], a, tuple(u))
             for r, a, u in zip(found, attributes, uses, strict=True)}
    _check({it.status for it in items.values()} <= set(ITEM_STATUSES), "an unknown status")
    _check(all(type(a) is dict for a in attributes), "attributes is not a JSON object")
    return items


def release_row(r: Release, position: int) -> dict:
    return {"key": r.key, "name": r.name, "go_live": r.go_live.isoformat(),
            "freeze_days": r.freeze_days, "status": r.status, "position": position}


def release_from(row) -> Release:
    def build(_found):
        key, name, go_live, freeze_days, status = row
        _check(type(freeze_days) is int and freeze_days >= 0, f"freeze_days is {freeze_days!r}")
        _check(status in RELEASE_STATUSES, f"status is {status!r}")
        return Release(key, name, _named("go_live", strict_date, go_live), freeze_days, status)
    return _decoded("releases", [row], build)


def cr_row(cr: ChangeRequest, position: int) -> dict:
    return {"key": cr.key, "title": cr.title, "team": cr.team, "release": cr.release,
            "stage": cr.stage, "estimate_hours": cr.estimate_hours, "priority": cr.priority,
            "emergency": cr.emergency, "justification": cr.justification,
            "changes": _dumps([_encode_change(ch) for ch in cr.changes]), "position": position}


# A change is stored as a positional JSON array, which decodes 2.5 times faster than an object
# and is 30% smaller: ["set", item, field, to] plus `from` as a fifth element only when the
# change has one (absent and null differ); ["create", item, pack, kind, name, attributes, uses];
# ["retire", item].

def _encode_change(ch) -> list:
    if ch.op == "set":
        head = ["set", ch.item, ch.field, ch.to]
        return head if ch.base is UNCHECKED else [*head, ch.base]
    if ch.op == "create":
        return ["create", ch.item, ch.pack, ch.kind, ch.name, ch.attributes, list(ch.uses)]
    return ["retire", ch.item]


def _decode_changes(encoded: list[list]) -> tuple:
    # SetField's fields are (item, field, to, base=UNCHECKED): a set's array maps onto them.
    return tuple([SetField(*a[1:]) if a[0] == "set" else _decode_other(a) for a in encoded])


def _decode_other(a: list):
    if a[0] == "create":
        return CreateItem(a[1], a[2], a[3], a[4], a[5], tuple(a[6]))
    if a[0] == "retire" and len(a) == 2:
        return RetireItem(a[1])
    raise ValueError(f"changes: {a!r} is not a change")


def dependency_rows(cr: ChangeRequest) -> list[dict]:
    return [{"cr": cr.key, "depends_on": dep, "seq": seq}
            for seq, dep in enumerate(cr.depends_on)]


def check_dependency_rows(deps: dict[str, list], crs: dict) -> None:
    """A dependency row belongs to its CR: one whose CR does not exist is damaged (a CR that
    depends on a missing CR is the plan file's rule, checked with the CRs)."""
    for cr, on in deps.items():
        if cr not in crs:
            raise DamagedRow("dependencies", f"{cr} -> {on[0]}",
                             f'cr: unknown change request "{cr}"')


def crs_from(found: list[tuple], deps: dict[str, list]) -> dict[str, ChangeRequest]:
    """CRs from (key, title, team, release, stage, estimate_hours, priority, emergency,
    justification, changes, ...) rows; all changes decoded by one parser call."""
    return _decoded("change_requests", found, lambda rows: _crs(rows, deps))


def _crs(found: list[tuple], deps: dict[str, list]) -> dict[str, ChangeRequest]:
    changes = decode_json_values([r[9] for r in found])
    _check(all(type(docs) is list for docs in changes), "changes: not a JSON list")
    _check(all(r[7] in (0, 1) and type(r[7]) in (int, bool) for r in found),
           "emergency: neither true nor false")
    crs = {r[0]: ChangeRequest(r[0], r[1], r[2], r[4], r[3], _number(r[5]), r[6], bool(r[7]),
                               r[8], tuple(deps.get(r[0], ())),
                               _decode_changes(docs))
           for r, docs in zip(found, changes, strict=True)}
    _check({cr.stage for cr in crs.values()} <= set(STAGES), "an unknown stage")
    _check(all(type(cr.priority) is int for cr in crs.values()), "priority is not a number")
    return crs


def source_row(src: CrSource, position: int) -> dict:
    return {"key": src.key, "source": src.source, "external_key": src.external_key,
            "external_id": src.external_id, "imported": _dumps(src.imported),
            "position": position}


def sources_from(found: list[tuple]) -> dict[str, CrSource]:
    """Import sources from (key, source, external_key, external_id, imported, ...) rows."""
    def build(rows):
        out = {r[0]: CrSource(r[0], r[1], r[2], r[3], _loads(r[4])) for r in rows}
        _check(all(type(s.imported) is dict for s in out.values()),
               "imported is not a JSON object")
        return out
    return _decoded("cr_sources", found, build)
