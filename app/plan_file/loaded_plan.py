"""What a plan read from database rows may hold: exactly what the plan file may (issue 25 item
1). A row that parses but breaks a rule (priority 9, colour "red", go_live 0001-01-01, a nested
attribute, stage "deployed" in a planned release, a dependency cycle) is damaged: the loader
names it (table, key, what) for every command and the client alike, instead of reports dying
on it or `export` writing a file that `check` refuses.

The rules and their words are the plan file's own (app.plan_file.validation): the few rows of
settings, teams, packs, items and releases are checked as a document; each CR takes the
checker's fast path and only a CR it does not accept is checked in detail for the message.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from app.model.errors import PlanFileError, Problem
from app.model.plan import CR_SOURCES, Plan
from app.plan_file.checker import Checker
from app.plan_file.document import cr_document, plan_to_document
from app.plan_file.fast_path import loaded_cr_fits
from app.plan_file.limits import document_problems, has_suspect_escape
from app.plan_file.validation import build_plan, check_references, checked_change_request

_LIST_PATH = re.compile(r"(teams|offer_packs|releases|change_requests)\[(\d+)\]"
                        r"(?:\.items\[(\d+)\])?\.?(.*)\Z")
_TABLES = {"teams": "teams", "offer_packs": "offer_packs", "releases": "releases",
           "change_requests": "change_requests"}


def first_damaged_row(plan: Plan, whole: bool = True,
                      crs_suspect: bool | None = None) -> tuple[str, object, str] | None:
    """(table, key, what is wrong) of the first row of `plan` the plan file's rules refuse, or
    None. `whole`: `plan` holds every CR, so references between rows are checked too (a
    partial load for one edit holds only the CRs near it). `crs_suspect`: the loader's answer
    from the rows' raw text (limits.raw_text_suspect), cheaper than searching the CRs again."""
    orphan = _orphan_row(plan, whole)
    if orphan is not None:
        return orphan
    rest = replace(plan, crs={})
    problems = _small_table_problems(rest, plan)
    if problems:
        return _row_of(problems[0], plan)
    c = Checker()
    walk = _suspect(list(plan.crs.values())) if crs_suspect is None else crs_suspect
    for i, cr in enumerate(plan.crs.values()):
        if walk:
            c.problems += [Problem(f"change_requests[{i}]{p.path}", p.message)
                           for p in document_problems(cr_document(cr))]
        if not c.problems and not loaded_cr_fits(cr):
            checked_change_request(c, cr_document(cr), f"change_requests[{i}]")
        if c.problems:
            return _row_of(c.problems[0], plan)
    # A partial load holds neither the items nor every CR: its CRs' references are checked
    # among what it holds (teams, releases, the loaded CRs' stages and cycles).
    check_references(c, plan if whole else _among_loaded(plan))
    if c.problems:
        return _row_of(c.problems[0], plan)
    return None


def _orphan_row(plan: Plan, whole: bool) -> tuple[str, object, str] | None:
    """A row the plan file cannot even express: an item in an offer pack that does not
    exist (a file nests items in their pack), an import source that is not one or whose CR
    does not exist (sources are not in the file; they follow its CR)."""
    for it in plan.items.values():
        if it.pack not in plan.packs:
            return "items", it.key, f'pack: unknown offer pack "{it.pack}"'
    for src in plan.sources.values():
        if src.source not in CR_SOURCES:
            return ("cr_sources", src.key,
                    f'source: "{src.source}" is not one of {", ".join(CR_SOURCES)}')
        for name in ("external_key", "external_id"):
            if type(getattr(src, name)) is not str:
                return ("cr_sources", src.key,
                        f"{name}: must be a string, not {type(getattr(src, name)).__name__}")
        if whole and src.key not in plan.crs:
            return "cr_sources", src.key, f'key: unknown change request "{src.key}"'
    return None


def _among_loaded(plan: Plan) -> Plan:
    crs = {key: replace(cr, changes=(), depends_on=tuple(d for d in cr.depends_on
                                                         if d in plan.crs))
           for key, cr in plan.crs.items()}
    return replace(plan, crs=crs)


def _small_table_problems(rest: Plan, plan: Plan) -> list[Problem]:
    """The plan file's problems of everything but the CRs. An item may use an item that a CR
    creates: that reference is checked with the CRs, not here."""
    doc = plan_to_document(rest)
    problems = document_problems(doc) if _suspect(doc) else []
    if problems:  # what a file's text may not hold, NUL to U+FFFF
        return problems
    try:
        build_plan(doc)
    except PlanFileError as bad:
        created = {ch.item for cr in plan.crs.values() for ch in cr.changes if ch.op == "create"}
        return [p for p in bad.problems
                if not (p.message.startswith('unknown item "')
                        and p.message[len('unknown item "'):-1] in created)]
    return []


def _suspect(value) -> bool:
    """Might `value` hold a character no plan may (a NUL, a control character, U+FFFE, a lone
    surrogate)? As a file's text is tested (limits.load_document): one search of its JSON,
    where each such character is an escape; only then are its strings walked one by one."""
    # A value of no JSON type (a BLOB in a text column) is the checker's to name, by its type.
    return has_suspect_escape(json.dumps(value, ensure_ascii=False, default=_fields))


def _fields(value) -> object:
    """A model object (a CR, a change: slotted dataclasses) as the list of its fields, for
    the search; a value of no JSON type as nothing."""
    slots = getattr(type(value), "__slots__", None)
    return [getattr(value, name) for name in slots] if slots else None


def _row_of(problem: Problem, plan: Plan) -> tuple[str, object, str]:
    """The table, key and field of a plan file problem's JSON path in `plan`'s document."""
    if problem.path.startswith("settings"):
        field = problem.path.removeprefix("settings").lstrip(".")
        return "settings", 1, f"{field}: {problem.message}" if field else problem.message
    found = _LIST_PATH.match(problem.path)
    if found is None:  # the document's own fields: not a row's
        return "settings", 1, f"{problem.path}: {problem.message}"
    listed, index, item_index, field = found.groups()
    index = int(index)
    if item_index is not None:
        pack = list(plan.packs)[index]
        key = [it.key for it in plan.items.values() if it.pack == pack][int(item_index)]
        table = "items"
    else:
        table = _TABLES[listed]
        keys = {"teams": plan.teams, "offer_packs": plan.packs, "releases": plan.releases,
                "change_requests": plan.crs}[listed]
        key = list(keys)[index]
    return table, key, f"{field}: {problem.message}" if field else problem.message
