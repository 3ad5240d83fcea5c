"""Validate a parsed plan document (SPEC.md section 4) and build the domain `Plan` from it.

Every problem is collected with its JSON path before anything is returned, so a refused file is
refused whole and the planner sees all of its problems at once. The checks run in two passes:
shapes and types of each object first, then references between objects (which need every key).
"""

from __future__ import annotations

from app.model.errors import PlanFileError
from app.model.plan import (
    ITEM_STATUSES,
    RELEASE_STATUSES,
    STAGES,
    THRESHOLD_STAGES,
    UNCHECKED,
    ChangeRequest,
    CreateItem,
    Item,
    OfferPack,
    Plan,
    Release,
    RetireItem,
    SetField,
    Settings,
    Team,
)
from app.model.team_colors import default_color
from app.plan_file.checker import BAD, COLOR, Checker, is_scalar, long_key, not_scalar, show
from app.plan_file.fast_path import quick_change_request, quick_item
from app.plan_file.limits import (
    ESTIMATE_HOURS_MAX,
    FREEZE_DAYS_MAX,
    HOURS_PER_DAY_MAX,
    HOURS_PER_DAY_MIN,
    KEY_MAX,
    LEAD_TIME_DAYS_MAX,
    MEMBERS_MAX,
    join,
)
from app.plan_file.send_checks import check_send_attributes, check_set_value, communications_setting
from app.rules.graph import find_cycles

FORMAT = "release-plan/1"

_ROOT_FIELDS = frozenset({"format", "settings", "teams", "offer_packs", "releases", "change_requests"})
_SETTINGS_FIELDS = frozenset({"today", "ready_stage", "legacy_stage", "lead_time_days", "workdays",
                              "communications"})
_TEAM_FIELDS = frozenset({"key", "name", "members", "hours_per_day", "color"})
_PACK_FIELDS = frozenset({"key", "name", "items"})
_ITEM_FIELDS = frozenset({"key", "kind", "name", "status", "attributes", "uses"})
_RELEASE_FIELDS = frozenset({"key", "name", "go_live", "freeze_days", "status"})
_CR_FIELDS = frozenset({
    "key", "title", "team", "release", "stage", "estimate_hours", "priority", "emergency",
    "justification", "depends_on", "changes",
})
_CHANGE_FIELDS = {
    "set": frozenset({"op", "item", "field", "from", "to"}),
    "create": frozenset({"op", "item", "pack", "kind", "name", "attributes", "uses"}),
    "retire": frozenset({"op", "item"}),
}
_CHANGE_REQUIRED = {
    "set": ("field", "to"),
    "create": ("pack", "kind", "name"),
    "retire": (),
}
_ANY_CHANGE_FIELDS = frozenset().union(*_CHANGE_FIELDS.values())  # when `op` is missing or unknown


def build_plan(doc: object) -> Plan:
    """The `Plan` of a parsed plan document, or `PlanFileError` listing every problem."""
    c = Checker()
    if not c.obj(doc, "", _ROOT_FIELDS,
                 ("format", "teams", "offer_packs", "releases", "change_requests")):
        raise PlanFileError(c.problems)
    fmt = doc.get("format")
    if "format" in doc and fmt != FORMAT:
        c.bad("format", f'unsupported format {show(fmt)}; this version reads "{FORMAT}"')
    settings = _settings(c, doc.get("settings", {}))
    teams = _teams(c, c.list_of(doc, "teams", ""))
    packs, items, item_paths = _packs(c, c.list_of(doc, "offer_packs", ""))
    releases = _releases(c, c.list_of(doc, "releases", ""))
    crs, paths = _change_requests(c, c.list_of(doc, "change_requests", ""))
    _check_references(c, items, item_paths, releases, crs, paths)
    if c.problems:
        raise PlanFileError(c.problems)
    return Plan(settings=settings, teams=teams, packs=packs, items=items,
                releases=releases, crs=crs)


def _settings(c: Checker, raw) -> Settings:
    if not c.obj(raw, "settings", _SETTINGS_FIELDS, ()):
        return Settings()
    p = "settings"
    today = c.day(raw, "today", p) if "today" in raw else None
    ready = c.string(raw, "ready_stage", p, "approved", THRESHOLD_STAGES)
    legacy = c.string(raw, "legacy_stage", p, "build", THRESHOLD_STAGES)
    lead = raw.get("lead_time_days", {})
    if type(lead) is not dict:
        c.bad("settings.lead_time_days", f"must be an object, not {show(lead)}")
        lead = {}
    for kind in lead:
        if len(kind) > KEY_MAX:
            c.bad(join("settings.lead_time_days", kind), "the kind: " + long_key(kind))
        c.number(lead, kind, "settings.lead_time_days", 0, integer=True,
                 maximum=LEAD_TIME_DAYS_MAX)
    workdays = raw.get("workdays", [1, 2, 3, 4, 5])
    if type(workdays) is not list or not workdays:
        c.bad("settings.workdays", "must be a non-empty list of ISO weekdays (1 Monday to 7 Sunday)")
        workdays = [1, 2, 3, 4, 5]
    seen = set()  # not `workdays[:i]`: a list of a million days would take hours
    for i, day in enumerate(workdays):
        if type(day) is not int or not 1 <= day <= 7:
            c.bad(f"settings.workdays[{i}]", f"{show(day)} is not an ISO weekday (1 Monday to 7 Sunday)")
        elif day in seen:
            c.bad(f"settings.workdays[{i}]", f"weekday {day} is listed twice")
        else:
            seen.add(day)
    return Settings(
        today=None if today is BAD else today,
        ready_stage=ready if ready is not BAD else "approved",
        legacy_stage=legacy if legacy is not BAD else "build",
        lead_time_days=dict(lead),
        workdays=tuple(workdays),
        communications=communications_setting(c, raw),
    )


def _teams(c: Checker, raw: list) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for i, t in enumerate(raw):
        p = f"teams[{i}]"
        if not c.obj(t, p, _TEAM_FIELDS, ("key", "name")):
            continue
        key = c.key(t, "key", p)
        name = c.name(t, "name", p)
        members = c.number(t, "members", p, 1, integer=True, positive=True, maximum=MEMBERS_MAX)
        hours = c.number(t, "hours_per_day", p, 6, positive=True, minimum=HOURS_PER_DAY_MIN,
                         maximum=HOURS_PER_DAY_MAX)
        color = c.string(t, "color", p, "")
        if color not in (BAD, "") and not COLOR.match(color):
            color = c.bad(f"{p}.color", f'"{color}" is not a colour of the form #rrggbb')
        if c.unique("team", key, f"{p}.key") and BAD not in (name, members, hours, color):
            teams[key] = Team(key, name, members, hours, color or default_color(i))
    return teams


def _packs(c: Checker, raw: list) -> tuple[dict[str, OfferPack], dict[str, Item], dict[str, str]]:
    packs: dict[str, OfferPack] = {}
    items: dict[str, Item] = {}
    item_paths: dict[str, str] = {}
    for i, pk in enumerate(raw):
        p = f"offer_packs[{i}]"
        if not c.obj(pk, p, _PACK_FIELDS, ("key", "name")):
            continue
        key = c.key(pk, "key", p)
        name = c.name(pk, "name", p)
        if c.unique("offer pack", key, f"{p}.key") and name is not BAD:
            packs[key] = OfferPack(key, name)
        for j, it in enumerate(c.list_of(pk, "items", p)):
            ip = f"{p}.items[{j}]"
            item = quick_item(it, key) if key is not BAD else None
            if item is not None and item.key not in c.declared["item"]:
                c.declared["item"][item.key] = f"{ip}.key"
                items[item.key] = item
                item_paths[item.key] = ip
                continue
            if not c.obj(it, ip, _ITEM_FIELDS, ("key", "kind", "name")):
                continue
            ikey = c.key(it, "key", ip)
            kind = c.key(it, "kind", ip)
            iname = c.name(it, "name", ip)
            status = c.string(it, "status", ip, "active", ITEM_STATUSES)
            attrs = c.attributes(it, "attributes", ip)
            check_send_attributes(c, attrs, f"{ip}.attributes")
            uses = c.key_list(it, "uses", ip)
            if (c.unique("item", ikey, f"{ip}.key")
                    and BAD not in (key, kind, iname, status)):
                items[ikey] = Item(ikey, key, kind, iname, status, attrs, uses)
                item_paths[ikey] = ip
    return packs, items, item_paths


def _releases(c: Checker, raw: list) -> dict[str, Release]:
    releases: dict[str, Release] = {}
    for i, r in enumerate(raw):
        p = f"releases[{i}]"
        if not c.obj(r, p, _RELEASE_FIELDS, ("key", "name", "go_live")):
            continue
        key = c.key(r, "key", p)
        name = c.name(r, "name", p)
        go_live = c.day(r, "go_live", p)
        freeze = c.number(r, "freeze_days", p, 0, integer=True, maximum=FREEZE_DAYS_MAX)
        status = c.string(r, "status", p, "planned", RELEASE_STATUSES)
        if c.unique("release", key, f"{p}.key") and BAD not in (name, go_live, freeze, status):
            releases[key] = Release(key, name, go_live, freeze, status)
    return releases


def _cr_path(index: int) -> str:
    return f"change_requests[{index}]"


def _change_requests(c: Checker, raw: list) -> tuple[dict[str, ChangeRequest], dict[str, int]]:
    crs: dict[str, ChangeRequest] = {}
    paths: dict[str, int] = {}  # CR key -> its index, for the JSON path of reference problems
    for i, r in enumerate(raw):
        try:
            cr = quick_change_request(r)
        except TypeError:  # an unhashable value where a name belongs, e.g. "stage": []
            cr = None
        if cr is None:  # something is off: check in detail, with the messages
            key, cr, _ = checked_change_request(c, r, _cr_path(i))
        else:
            key = cr.key
        if key is BAD:
            continue
        if key in paths:
            c.bad(f"{_cr_path(i)}.key",
                  f'duplicate change request key "{key}" (first at {_cr_path(paths[key])}.key)')
            continue
        paths[key] = i
        if cr is not None:
            crs[key] = cr
    return crs, paths


def checked_change_request(c: Checker, r, p: str) -> tuple[object, ChangeRequest | None, bool]:
    """A CR's key (or BAD), the CR as far as it is valid, and whether it is valid whole.
    Problems are recorded in `c`."""
    problems_before = len(c.problems)
    if not c.obj(r, p, _CR_FIELDS, ("key", "title", "team", "stage")):
        return BAD, None, False
    key = c.key(r, "key", p)
    title = c.name(r, "title", p)
    team = c.key(r, "team", p)
    release = r.get("release")
    if release is not None and (type(release) is not str or not release):
        release = c.bad(f"{p}.release", f"must be a release key or null, not {show(release)}")
    stage = c.string(r, "stage", p, BAD, STAGES)
    estimate = c.number(r, "estimate_hours", p, 0, maximum=ESTIMATE_HOURS_MAX)
    priority = r.get("priority", 3)
    if type(priority) is not int or not 1 <= priority <= 5:
        priority = c.bad(f"{p}.priority", f"{show(priority)} is not a priority from 1 to 5")
    emergency = c.boolean(r, "emergency", p, False)
    justification = c.text(r, "justification", p, "")
    depends_on = c.key_list(r, "depends_on", p)
    changes = tuple(_change(c, ch, f"{p}.changes[{j}]")
                    for j, ch in enumerate(c.list_of(r, "changes", p)))
    # With problems, the CR is still built from what is valid (fields that failed keep the
    # BAD marker, bad changes are left out), so that its references are checked too and the
    # planner sees every problem of the file at once. Such a plan is never returned.
    cr = ChangeRequest(key, title, team, stage, release, estimate, priority, emergency,
                       justification, depends_on, tuple(ch for ch in changes if ch is not BAD))
    return key, cr, len(c.problems) == problems_before


def _change(c: Checker, raw, p: str):
    if type(raw) is not dict:
        return c.bad(p, f"must be an object, not {show(raw)}")
    op = raw.get("op")
    if type(op) is not str or op not in _CHANGE_FIELDS:
        # Which fields belong depends on `op`; still report what is wrong whatever it was meant to be.
        c.obj(raw, p, _ANY_CHANGE_FIELDS, ("op", "item"))
        if "op" in raw:
            c.string(raw, "op", p, choices=tuple(_CHANGE_FIELDS))
        if "item" in raw:
            c.key(raw, "item", p)
        return BAD
    required = ("item", *_CHANGE_REQUIRED[op])
    if not c.obj(raw, p, _CHANGE_FIELDS[op], required) or not raw.keys() >= set(required):
        return BAD  # a change without one of its required fields has no references to check
    problems_before = len(c.problems)
    item = c.key(raw, "item", p)
    if op == "set":
        field = c.key(raw, "field", p)
        to = raw.get("to")
        if not is_scalar(to):
            c.bad(f"{p}.to", not_scalar(to))
        check_set_value(c, field, to, f"{p}.to")
        base = raw.get("from", UNCHECKED)
        if base is not UNCHECKED and not is_scalar(base):
            c.bad(f"{p}.from", not_scalar(base))
        change = SetField(item, field, to, base)
    elif op == "create":
        change = CreateItem(item, c.key(raw, "pack", p), c.key(raw, "kind", p),
                            c.name(raw, "name", p), c.attributes(raw, "attributes", p),
                            c.key_list(raw, "uses", p))
        check_send_attributes(c, change.attributes, f"{p}.attributes")
    else:
        change = RetireItem(item)
    return change if len(c.problems) == problems_before else BAD


def check_references(c: Checker, plan: Plan) -> None:
    """The references between `plan`'s rows and its dependency cycles, by the rules and words
    of a plan file of that plan (app.plan_file.loaded_plan: a plan read from a database)."""
    for kind, keys in (("team", plan.teams), ("offer pack", plan.packs),
                       ("item", plan.items), ("release", plan.releases)):
        c.declared[kind].update(dict.fromkeys(keys, ""))
    pack_index = {key: i for i, key in enumerate(plan.packs)}
    item_paths, position = {}, {}
    for it in plan.items.values():  # as plan_to_document nests them
        position[it.pack] = position.get(it.pack, -1) + 1
        item_paths[it.key] = f"offer_packs[{pack_index.get(it.pack)}].items[{position[it.pack]}]"
    paths = {key: i for i, key in enumerate(plan.crs)}
    _check_references(c, plan.items, item_paths, plan.releases, plan.crs, paths)


def _check_references(c: Checker, items, item_paths, releases, crs, paths) -> None:
    changes = [ch for cr in crs.values() for ch in cr.changes]
    creates = [ch for ch in changes if type(ch) is CreateItem]
    known_items = c.declared["item"].keys() | {ch.item for ch in creates}
    if _references_hold(c, items, crs, releases, known_items, changes, creates):
        return _check_cycles(c, crs, paths)
    for item in items.values():
        for k, uses in enumerate(item.uses):
            if uses not in known_items:
                c.bad(f"{item_paths[item.key]}.uses[{k}]", f'unknown item "{uses}"')
    for key, cr in crs.items():
        p = _cr_path(paths[key])
        if cr.team is not BAD and cr.team not in c.declared["team"]:
            c.bad(f"{p}.team", f'unknown team "{cr.team}"')
        target = releases.get(cr.release) if cr.release is not None else None
        if cr.release is BAD or cr.stage is BAD:
            pass  # already reported; whether it is deployed work cannot be told
        elif cr.release is not None and cr.release not in c.declared["release"]:
            c.bad(f"{p}.release", f'unknown release "{cr.release}"')
        elif cr.release is not None and target is None:
            pass  # the release has problems of its own, already reported
        elif cr.stage == "deployed" and (target is None or target.status != "deployed"):
            where = ("is in the backlog" if target is None
                     else f'targets release "{target.key}", which is {target.status}')
            c.bad(f"{p}.stage", f'stage "deployed" needs a deployed release, but this change '
                                f"request {where}")
        elif target is not None and target.status == "deployed" and cr.stage != "deployed":
            c.bad(f"{p}.release", f'release "{cr.release}" is deployed but this change '
                                  f'request is in stage "{cr.stage}"')
        for j, dep in enumerate(cr.depends_on):
            if dep not in paths:
                c.bad(f"{p}.depends_on[{j}]", f'unknown change request "{dep}"')
        for j, ch in enumerate(cr.changes):
            cp = f"{p}.changes[{j}]"
            if ch.op == "create":
                if ch.pack not in c.declared["offer pack"]:
                    c.bad(f"{cp}.pack", f'unknown offer pack "{ch.pack}"')
                for k, uses in enumerate(ch.uses):
                    if uses not in known_items:
                        c.bad(f"{cp}.uses[{k}]", f'unknown item "{uses}"')
            elif ch.item not in known_items:
                c.bad(f"{cp}.item", f'unknown item "{ch.item}": neither in production nor '
                                    "created by a change request")
    _check_cycles(c, crs, paths)


def _references_hold(c: Checker, items, crs, releases, known_items, changes, creates) -> bool:
    """Set-at-a-time check that every reference resolves; only when one does not does the
    detailed pass run to find where. Comprehensions, not loops: at 100,000 CRs this is the
    difference between 0.1 s and 0.5 s."""
    used = {ch.item for ch in changes if type(ch) is not CreateItem}
    used.update(u for ch in creates for u in ch.uses)
    used.update(u for it in items.values() for u in it.uses)
    deployed = {k for k, r in releases.items() if r.status == "deployed"}
    values = crs.values()
    return (used <= known_items
            and {ch.pack for ch in creates} <= c.declared["offer pack"].keys()
            and {d for cr in values for d in cr.depends_on} <= crs.keys()
            and {cr.team for cr in values} <= c.declared["team"].keys()
            and {cr.release for cr in values} - {None} <= c.declared["release"].keys()
            and all((cr.stage == "deployed") == (cr.release in deployed) for cr in values))


def _check_cycles(c: Checker, crs, paths) -> None:
    for cycle in find_cycles({k: cr.depends_on for k, cr in crs.items() if cr.depends_on}):
        c.bad(f"{_cr_path(paths[cycle[0]])}.depends_on", "dependency cycle: " + " -> ".join(cycle))

