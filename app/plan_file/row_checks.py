"""One team, release, offer pack or item checked by the plan file's own rules (SPEC.md section
4), for the dialogs that create and edit them: the row is put in a plan document of its own and
validated by `build_plan`, so a dialog and an imported file refuse the same values with the same
words. Problems come back with paths relative to the row (`members`, `attributes.price`), so a
dialog shows each next to its field.
"""

from __future__ import annotations

from app.model.errors import PlanFileError, Problem
from app.model.plan import Plan
from app.plan_file.document import item_document, pack_document, release_document, team_document
from app.plan_file.validation import FORMAT, build_plan

_PLACEHOLDER_PACK = "P"  # the pack an item is checked in; its own pack is checked apart


def _document(**lists) -> dict:
    doc = {"format": FORMAT, "teams": [], "offer_packs": [], "releases": [],
           "change_requests": []}
    doc.update(lists)
    return doc


def _problems(doc: dict, prefix: str) -> list[Problem]:
    try:
        build_plan(doc)
    except PlanFileError as bad:
        return [Problem(p.path.removeprefix(prefix).lstrip("."), p.message)
                for p in bad.problems]
    return []


def _blank(name: str, what: str) -> list[Problem]:
    # The file allows a blank name; a planner creating one in the window means to give one.
    return [Problem("name", f"give the {what} a name")] if not name.strip() else []


def _key(key: str, existing, what: str, new: bool) -> list[Problem]:
    if new and key in existing:
        article = "an" if what[0] in "aeiou" else "a"
        return [Problem("key", f'there is already {article} {what} "{key}"; pick another key')]
    return []


def team_problems(plan: Plan, team, new: bool) -> list[Problem]:
    doc = team_document(team)
    return (_key(team.key, plan.teams, "team", new) + _blank(team.name, "team")
            + _problems(_document(teams=[doc]), "teams[0]"))


def release_problems(plan: Plan, release, new: bool) -> list[Problem]:
    doc = release_document(release)
    return (_key(release.key, plan.releases, "release", new) + _blank(release.name, "release")
            + _problems(_document(releases=[doc]), "releases[0]"))


def pack_problems(plan: Plan, pack, new: bool) -> list[Problem]:
    doc = {**pack_document(pack), "items": []}
    return (_key(pack.key, plan.packs, "offer pack", new) + _blank(pack.name, "offer pack")
            + _problems(_document(offer_packs=[doc]), "offer_packs[0]"))


def item_problems(plan: Plan, item, new: bool) -> list[Problem]:
    """`uses` must name items in production or created by a CR, as in the file. The file
    checks references only of an item without other problems, so they are checked here (in
    its words) and every use is given to the file's check as a bare item of its own."""
    out = _key(item.key, plan.items, "item", new) + _blank(item.name, "item")
    if item.pack not in plan.packs:
        out.append(Problem("pack", f'unknown offer pack "{item.pack}"'))
    known = _known_items(plan, item.uses) | {item.key}
    out += [Problem(f"uses[{i}]", f'unknown item "{k}"') for i, k in enumerate(item.uses)
            if k and k not in known]
    stubs = [{"key": k, "kind": "other", "name": k} for k in dict.fromkeys(item.uses)
             if k and k != item.key]
    doc = {"key": _PLACEHOLDER_PACK, "name": "", "items": [item_document(item), *stubs]}
    return out + [p for p in _problems(_document(offer_packs=[doc]), "offer_packs[0].items[0]")
                  if not p.path.startswith("offer_packs")]


def _known_items(plan: Plan, keys) -> set[str]:
    known = {k for k in keys if k in plan.items}
    if len(known) < len(set(keys)):  # only then read every CR for the items they create
        created = {ch.item for cr in plan.crs.values() for ch in cr.changes if ch.op == "create"}
        known |= {k for k in keys if k in created}
    return known


def refuse(problems: list[Problem]) -> None:
    if problems:
        raise PlanFileError(problems)
