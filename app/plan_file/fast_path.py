"""The optimistic path of plan file validation: builds a change request in one pass of inline
checks when it is valid, which nearly every CR of a real plan is.

It answers only "valid, here it is" or "ask the detailed checker" (None): it never reports a
problem itself, so the messages live in one place (plan_validation.py). It must accept exactly
what the detailed checker accepts; tests/app/test_plan_fast_path.py checks that they agree.
"""

from __future__ import annotations

from math import isfinite

from app.model.plan import (
    ITEM_STATUSES,
    STAGES,
    UNCHECKED,
    ChangeRequest,
    CreateItem,
    Item,
    RetireItem,
    SetField,
)
from app.plan_file.limits import (
    ESTIMATE_HOURS_MAX,
    KEY_MAX,
    NAME_MAX,
    TEXT_MAX,
    key_fits,
    scalar_fits,
)
from app.plan_file.send_checks import SEND_FIELDS, send_value_problem, send_values_valid

_CR_FIELDS = frozenset({
    "key", "title", "team", "release", "stage", "estimate_hours", "priority", "emergency",
    "justification", "depends_on", "changes",
})
_SET_FIELDS = frozenset({"op", "item", "field", "from", "to"})
_CREATE_FIELDS = frozenset({"op", "item", "pack", "kind", "name", "attributes", "uses"})
_ITEM_FIELDS = frozenset({"key", "kind", "name", "status", "attributes", "uses"})
_STAGES = frozenset(STAGES)
_MISSING = object()


_scalar = scalar_fits


def _key(k) -> bool:
    return type(k) is str and 0 < len(k) <= KEY_MAX and key_fits(k)


def _name(n) -> bool:
    return type(n) is str and len(n) <= NAME_MAX


def _keys(value) -> bool:
    """A list of distinct keys."""
    if not (type(value) is list
            and all(type(k) is str and 0 < len(k) <= KEY_MAX for k in value)):
        return False
    # key_fits for every key at once (a dense dependency list holds thousands): all printable,
    # none starting with "-" (a line feed, not printable, cannot be inside a key here).
    joined = "\n".join(value)
    return (joined.replace("\n", "").isprintable() and not joined.startswith("-")
            and "\n-" not in joined and len(set(value)) == len(value))


def _attributes(value) -> bool:
    return (type(value) is dict and all(_scalar(v) for v in value.values())
            and all(len(k) <= KEY_MAX for k in value) and send_values_valid(value))


def quick_item(raw, pack: str) -> Item | None:
    if type(raw) is not dict or not raw.keys() <= _ITEM_FIELDS:
        return None
    key, kind, name = raw.get("key"), raw.get("kind"), raw.get("name")
    status = raw.get("status", "active")
    attributes = raw.get("attributes", {})
    uses = raw.get("uses", [])
    if (_key(key) and _key(kind) and _name(name)
            and type(status) is str and status in ITEM_STATUSES and _attributes(attributes)
            and (uses == [] or _keys(uses))):
        return Item(key, pack, kind, name, status, attributes, tuple(uses))
    return None


def quick_change(ch) -> SetField | CreateItem | RetireItem | None:
    if type(ch) is not dict:
        return None
    op = ch.get("op")
    item = ch.get("item")
    if not _key(item):
        return None
    if op == "set":
        field = ch.get("field")
        to = ch.get("to", _MISSING)
        base = ch.get("from", UNCHECKED)
        # Counting the known fields present proves there is no unknown one, without a set.
        if (len(ch) == (4 if base is UNCHECKED else 5) and _key(field)
                and _scalar(to) and (base is UNCHECKED or _scalar(base))
                and (field not in SEND_FIELDS or send_value_problem(field, to) is None)):
            return SetField(item, field, to, base)
        return None
    if op == "retire":
        return RetireItem(item) if len(ch) == 2 else None
    if op == "create" and ch.keys() <= _CREATE_FIELDS:
        pack, kind, name = ch.get("pack"), ch.get("kind"), ch.get("name")
        attributes = ch.get("attributes", {})
        uses = ch.get("uses", [])
        if (_key(pack) and _key(kind) and _name(name)
                and _attributes(attributes) and (uses == [] or _keys(uses))):
            return CreateItem(item, pack, kind, name, attributes, tuple(uses))
    return None


def quick_change_request(r) -> ChangeRequest | None:
    if type(r) is not dict or not r.keys() <= _CR_FIELDS:
        return None
    key, title, team, stage = r.get("key"), r.get("title"), r.get("team"), r.get("stage")
    release = r.get("release")
    estimate = r.get("estimate_hours", 0)
    priority = r.get("priority", 3)
    emergency = r.get("emergency", False)
    justification = r.get("justification", "")
    deps = r.get("depends_on", [])
    raw_changes = r.get("changes", [])
    te = type(estimate)
    if not (_key(key) and _name(title) and _key(team)
            and type(stage) is str and stage in _STAGES
            and (release is None or _key(release))
            and (te is int or (te is float and isfinite(estimate)))
            and 0 <= estimate <= ESTIMATE_HOURS_MAX
            and type(priority) is int and 1 <= priority <= 5
            and type(emergency) is bool and type(justification) is str
            and len(justification) <= TEXT_MAX
            and type(deps) is list and (not deps or _keys(deps)) and type(raw_changes) is list):
        return None
    changes = []
    for ch in raw_changes:
        change = quick_change(ch)
        if change is None:
            return None
        changes.append(change)
    return ChangeRequest(key, title, team, stage, release, estimate, priority, emergency,
                         justification, tuple(deps), tuple(changes))


def loaded_cr_fits(cr: ChangeRequest) -> bool:
    """quick_change_request's test, of a CR read from database rows: no document is built for
    the 100,000 CRs of a load. False sends it to the checker, which finds the words (or finds
    nothing wrong: then it is valid)."""
    estimate, te, justification = cr.estimate_hours, type(cr.estimate_hours), cr.justification
    if not (_key(cr.key) and _name(cr.title) and _key(cr.team)
            and type(cr.stage) is str and cr.stage in _STAGES
            and (cr.release is None or _key(cr.release))
            and (te is int or (te is float and isfinite(estimate)))
            and 0 <= estimate <= ESTIMATE_HOURS_MAX
            and type(cr.priority) is int and 1 <= cr.priority <= 5
            and type(cr.emergency) is bool and type(justification) is str
            and len(justification) <= TEXT_MAX
            and (not cr.depends_on or _keys(list(cr.depends_on)))):
        return False
    return all(_loaded_change_fits(ch) for ch in cr.changes)


def _loaded_change_fits(ch) -> bool:
    t = type(ch)
    if not _key(ch.item):
        return False
    if t is SetField:
        return (_key(ch.field) and _scalar(ch.to) and (ch.base is UNCHECKED or _scalar(ch.base))
                and (ch.field not in SEND_FIELDS or send_value_problem(ch.field, ch.to) is None))
    if t is CreateItem:
        return (_key(ch.pack) and _key(ch.kind) and _name(ch.name)
                and _attributes(ch.attributes) and (not ch.uses or _keys(list(ch.uses))))
    return t is RetireItem
