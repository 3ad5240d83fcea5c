"""Editing a plan: change requests, stages, items and releases (the use cases beside SPEC.md
section 3's schedule and deploy). Pure functions: each returns the change set it makes, with
the new plan, or refuses.

A CR is checked the way the plan file checks it (same rules, same messages), with paths
relative to the CR, so an editor can show each problem next to its field.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.engine.operations import Scheduled, schedule
from app.model.change_set import Edited, put
from app.model.errors import PlanFileError, Problem, Refusal, RefusalCode
from app.model.plan import STAGES, ChangeRequest, Item, Plan, Release, Target
from app.plan_file.document import cr_document
from app.rules.freeze import check_content
from app.rules.graph import DependsOn, cycle_if_added


def _existing_cr(plan: Plan, key: str) -> ChangeRequest:
    cr = plan.crs.get(key)
    if cr is None:
        raise Refusal(RefusalCode.UNKNOWN_CR, f'there is no change request "{key}"')
    return cr


def set_stage(plan: Plan, key: str, stage: str) -> Edited:
    """Move a CR to another stage. `deployed` is reached only by deploying its release."""
    cr = _existing_cr(plan, key)
    if stage not in STAGES:
        raise Refusal(RefusalCode.INVALID_STAGE, f'"{stage}" is not a stage')
    if cr.stage == "deployed":
        raise Refusal(RefusalCode.CR_CLOSED, f"{key} is deployed; its stage can no longer change")
    if stage == "deployed":
        raise Refusal(RefusalCode.INVALID_STAGE, f"{key} becomes deployed only when its release is "
                                       "deployed")
    return Edited.of(plan, put(plan, "cr", key, replace(cr, stage=stage)))


def save_cr(plan: Plan, cr: ChangeRequest) -> Edited:
    """Create a CR or replace the one with its key, after checking it like the plan file."""
    from app.plan_file.validation import Checker, checked_change_request

    old = plan.crs.get(cr.key)
    if old is not None and old.stage == "deployed":
        raise Refusal(RefusalCode.CR_CLOSED, f"{cr.key} is deployed and can no longer be edited")
    checker = Checker()
    checked_change_request(checker, cr_document(cr), "")
    problems = list(checker.problems)
    problems += _reference_problems(plan, cr)
    if problems:
        raise PlanFileError([Problem(p.path.lstrip("."), p.message) for p in problems])
    return Edited.of(plan, put(plan, "cr", cr.key, cr))


def edit_cr(plan: Plan, cr: ChangeRequest, today: date) -> Scheduled:
    """Replace an existing CR with `cr` (the CR editor's save). Checked like `save_cr`; a new
    release follows the rules of `schedule`; and what ships in a frozen release (title, team,
    estimate, priority, dependencies, changes) changes only for an emergency with a
    justification."""
    old = _existing_cr(plan, cr.key)
    check_content(plan, old, cr, today)
    # A cancelled CR cannot be scheduled: move it while its stage still allows, or after.
    staged = replace(cr, release=old.release)
    if cr.release == old.release:
        saved = save_cr(plan, staged)
        return Scheduled(saved.plan, saved.changes, cr.key, Target.of(old.release),
                         Target.of(cr.release), ())
    if cr.stage == "cancelled":
        first = save_cr(plan, replace(staged, stage=old.stage))
        moved = schedule(first.plan, cr.key, Target.of(cr.release), today)
        last = set_stage(moved.plan, cr.key, cr.stage)
        return replace(moved, plan=last.plan,
                       changes=first.changes.then(moved.changes).then(last.changes))
    saved = save_cr(plan, staged)
    moved = schedule(saved.plan, cr.key, Target.of(cr.release), today)
    return replace(moved, changes=saved.changes.then(moved.changes))


def _reference_problems(plan: Plan, cr: ChangeRequest) -> list[Problem]:
    out = []
    if cr.team not in plan.teams:
        out.append(Problem("team", f'unknown team "{cr.team}"'))
    if cr.release is not None:
        release = plan.releases.get(cr.release)
        if release is None:
            out.append(Problem("release", f'unknown release "{cr.release}"'))
        elif release.status != "planned":
            out.append(Problem("release", f'release "{cr.release}" is {release.status}'))
    if cr.stage == "deployed":
        out.append(Problem("stage", "a change request becomes deployed only when its release "
                                    "is deployed"))
    graph = DependsOn(plan.crs, {cr.key: cr.depends_on})
    for j, dep in enumerate(cr.depends_on):
        if dep not in plan.crs:
            out.append(Problem(f"depends_on[{j}]", f'unknown change request "{dep}"'))
        else:
            cycle = cycle_if_added(graph, cr.key, dep)
            if cycle is not None:
                out.append(Problem(f"depends_on[{j}]", "dependency cycle: "
                                   + " -> ".join(cycle)))
    created = None  # the items some CR creates: only needed for an item not in production
    for j, ch in enumerate(cr.changes):
        if ch.op == "create":
            if ch.pack not in plan.packs:
                out.append(Problem(f"changes[{j}].pack", f'unknown offer pack "{ch.pack}"'))
            continue
        if ch.item in plan.items:
            continue
        if created is None:
            created = {c.item for other in (*plan.crs.values(), cr) for c in other.changes
                       if c.op == "create"}
        if ch.item not in created:
            out.append(Problem(f"changes[{j}].item", f'unknown item "{ch.item}": neither in '
                                                     "production nor created by a change request"))
    return out


def delete_cr(plan: Plan, key: str) -> Edited:
    """Delete a CR that nothing depends on; deployed work is history and stays."""
    cr = _existing_cr(plan, key)
    if cr.stage == "deployed":
        raise Refusal(RefusalCode.CR_CLOSED, f"{key} is deployed and stays in the plan's history")
    dependents = sorted(plan.dependents().get(key, ()))
    if dependents:
        raise Refusal(RefusalCode.HAS_DEPENDENTS, f"{', '.join(dependents)} depend on {key}; remove "
                                        "those dependencies first")
    return Edited.of(plan, put(plan, "cr", key, None))


def edit_item(plan: Plan, key: str, **fields) -> Edited:
    """Change an item's kind, name, status or production attributes (not its key or pack)."""
    item = plan.items.get(key)
    if item is None:
        raise Refusal(RefusalCode.UNKNOWN_ITEM, f'there is no item "{key}"')
    unknown = set(fields) - {"kind", "name", "status", "attributes", "uses"}
    if unknown:
        raise Refusal(RefusalCode.INVALID_FIELD, f"items have no field {', '.join(sorted(unknown))}")
    new: Item = replace(item, **fields)
    if new.status not in ("active", "retired"):
        raise Refusal(RefusalCode.INVALID_STATUS, f'"{new.status}" is not an item status')
    missing = [u for u in new.uses if u not in plan.items]
    if missing:
        raise Refusal(RefusalCode.UNKNOWN_ITEM, f'{key} cannot use unknown item "{missing[0]}"')
    return Edited.of(plan, put(plan, "item", key, new))


def edit_release(plan: Plan, key: str, **fields) -> Edited:
    """Change a planned release's name, go-live date or freeze window."""
    release = plan.releases.get(key)
    if release is None:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{key}"')
    if release.status != "planned":
        raise Refusal(RefusalCode.RELEASE_CLOSED, f'release "{key}" is {release.status}')
    unknown = set(fields) - {"name", "go_live", "freeze_days"}
    if unknown:
        raise Refusal(RefusalCode.INVALID_FIELD, f"releases have no editable field "
                                       f"{', '.join(sorted(unknown))}")
    new: Release = replace(release, **fields)
    if new.freeze_days < 0:
        raise Refusal(RefusalCode.INVALID_FREEZE, "the freeze window cannot be negative")
    return Edited.of(plan, put(plan, "release", key, new))
