"""Operations on a plan (SPEC.md section 3): schedule, deploy and dependency edits.

Each returns what happened, the change set of the rows it changed, and the new plan (the change
set applied); the given plan is never changed. Refusals raise `Refusal` with SPEC.md's code,
checked in SPEC.md's order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.engine.report import bundle_report, check_release_open
from app.engine.state import ProjectedState
from app.model.change_set import ChangeSet, ChangeSetBuilder, Edited, put
from app.model.errors import Refusal, RefusalCode
from app.model.plan import CLOSED_STAGES, ChangeRequest, Item, Plan, Target
from app.model.row_kinds import RowKind
from app.plan_file.limits import FREEZE_DAYS_MAX
from app.rules.freeze import freeze_start
from app.rules.graph import DependsOn, cycle_if_added
from app.rules.moves import schedule_refusal


@dataclass(frozen=True, slots=True)
class OrderWarning:
    code: str  # dependency-order or dependent-order
    cr: str  # the moved CR
    other: str  # the dependency or dependent out of order
    other_target: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Scheduled:
    plan: Plan
    changes: ChangeSet
    cr: str
    previous: Target
    target: Target
    warnings: tuple[OrderWarning, ...]


@dataclass(frozen=True, slots=True)
class Deployed:
    plan: Plan
    changes: ChangeSet
    release: str
    shipped: tuple[str, ...]
    slipped: dict[str, str | None]  # CR -> the release it moved to (None: backlog)


def _release_rank(plan: Plan) -> dict[str, int]:
    return {r.key: i for i, r in enumerate(plan.release_order())}


def schedule(plan: Plan, cr_key: str, target: Target, today: date) -> Scheduled:
    """Move a CR to `target`: a release, or the backlog."""
    refusal = schedule_refusal(plan, cr_key, target, today)
    if refusal is not None:
        raise refusal
    cr = plan.crs[cr_key]
    warnings = order_warnings(plan, cr, target.release)
    changes = put(plan, RowKind.CR, cr_key, replace(cr, release=target.release))
    return Scheduled(changes.apply(plan), changes, cr_key, Target.of(cr.release), target,
                     tuple(warnings))


def order_warnings(plan: Plan, cr: ChangeRequest, target: str | None) -> list[OrderWarning]:
    """Dependencies that would ship after the CR, and dependents that would ship before it.
    A planned release's position is its rank; the backlog (and a cancelled release, which
    never ships) comes after every planned release."""
    rank = _release_rank(plan)
    never = len(rank)

    def position(release: str | None) -> int:
        if release is None or plan.releases[release].status == "cancelled":
            return never
        return rank[release]

    here = position(target)
    out = []
    for dep_key in cr.depends_on:
        dep = plan.crs[dep_key]
        # A CR moved to the backlog beside an unscheduled dependency is in no wrong order, so
        # "unscheduled" counts only when the target is a release (position < never).
        if dep.stage != "deployed" and position(dep.release) > here:
            out.append(OrderWarning(
                "dependency-order", cr.key, dep_key, dep.release,
                f"{cr.key} depends on {dep_key}, which is "
                + (f"targeted to the later release {dep.release}" if dep.release
                   and plan.releases[dep.release].status == "planned" else "not scheduled")))
    for other in (plan.crs[k] for k in plan.dependents().get(cr.key, ())):
        if other.stage not in CLOSED_STAGES \
                and other.release is not None and position(other.release) < here:
            out.append(OrderWarning(
                "dependent-order", cr.key, other.key, other.release,
                f"{other.key} depends on {cr.key} and is targeted to the earlier release "
                f"{other.release}"))
    out.sort(key=lambda w: (w.code, w.other))
    return out


def deploy(plan: Plan, release_key: str, today: date) -> Deployed:
    """Ship a release: apply its bundle to production, mark its CRs deployed and the release
    deployed on `today`, and move every other candidate to the next planned release."""
    check_release_open(plan, release_key)
    planned = plan.planned_releases()
    first = planned[0]
    if first.key != release_key:
        raise Refusal(RefusalCode.NOT_NEXT, f'release "{first.key}" goes live first and must be deployed '
                                  f'before "{release_key}"')
    report = bundle_report(plan, release_key, today)
    if report.conflicts:
        listed = ", ".join(f"{c.item}.{c.field}" for c in report.conflicts)
        raise Refusal(RefusalCode.CONFLICTS, f'release "{release_key}" has conflicts to resolve first: '
                                   f"{listed}")
    state = ProjectedState(plan.items)
    shipped = [plan.crs[k] for k in report.included]
    state.apply_all(shipped)
    out = ChangeSetBuilder(plan)
    _new_production(out, plan, shipped, state)

    next_release = planned[1].key if len(planned) > 1 else None
    for cr in shipped:
        out.put("cr", cr.key, replace(cr, stage="deployed"))
    slipped: dict[str, str | None] = {}
    for cr in plan.crs.values():
        if cr.release != release_key or cr.key in report.included:
            continue
        if cr.stage == "cancelled":
            # Only deployed work may target a deployed release (SPEC.md section 4).
            out.put("cr", cr.key, replace(cr, release=None))
        else:
            out.put("cr", cr.key, replace(cr, release=next_release))
            slipped[cr.key] = next_release
    release = plan.releases[release_key]
    out.put(RowKind.RELEASE, release_key, replace(release, status="deployed", go_live=today,
                                            freeze_days=kept_freeze_days(release, today)))
    changes = out.build()
    return Deployed(changes.apply(plan), changes, release_key, report.included,
                    dict(sorted(slipped.items())))


def kept_freeze_days(release, today: date) -> int:
    """The freeze days of a release deployed on `today`: its go-live becomes the day it
    shipped, and its freeze keeps the day it began (it lasted until the deployment; none if
    it had not begun). Keeping `freeze_days` would move the freeze's start with the go-live:
    R-FEB, due 11 Feb with a 4-day freeze, deployed on 8 Feb, showed a freeze from 4 Feb."""
    began = freeze_start(release.go_live, release.freeze_days)
    return min(max(0, (today - began).days), FREEZE_DAYS_MAX)


def _new_production(out: ChangeSetBuilder, plan: Plan, shipped: list[ChangeRequest],
                    state: ProjectedState) -> None:
    """Production items after the shipped CRs: kind, status and attributes from the projected
    state; name, pack and uses from the item's last create (or as they were)."""
    created = {}
    for cr in shipped:
        for ch in cr.changes:
            if ch.op == "create":
                created[ch.item] = ch
    for key in state.touched():
        if not state.exists(key):
            continue
        ch = created.get(key)
        old = plan.items.get(key)
        pack, name, uses = (ch.pack, ch.name, ch.uses) if ch else (old.pack, old.name, old.uses)
        out.put("item", key, Item(key, pack, state.kind(key), name, state.status(key),
                                  state.attributes(key), uses))


def add_dependency(plan: Plan, cr_key: str, dep_key: str) -> Edited:
    """`cr_key` now depends on `dep_key`; refused when that closes a cycle."""
    for key in (cr_key, dep_key):
        if key not in plan.crs:
            raise Refusal(RefusalCode.UNKNOWN_CR, f'there is no change request "{key}"')
    cr = plan.crs[cr_key]
    if dep_key in cr.depends_on:
        return Edited(plan, ChangeSet())
    cycle = cycle_if_added(DependsOn(plan.crs), cr_key, dep_key)
    if cycle is not None:
        raise Refusal(RefusalCode.DEPENDENCY_CYCLE, "that would close a dependency cycle: "
                      + " -> ".join(cycle))
    return Edited.of(plan, put(plan, "cr", cr_key, replace(cr, depends_on=(*cr.depends_on,
                                                                         dep_key))))


def remove_dependency(plan: Plan, cr_key: str, dep_key: str) -> Edited:
    if cr_key not in plan.crs:
        raise Refusal(RefusalCode.UNKNOWN_CR, f'there is no change request "{cr_key}"')
    cr = plan.crs[cr_key]
    new_cr = replace(cr, depends_on=tuple(d for d in cr.depends_on if d != dep_key))
    return Edited.of(plan, put(plan, "cr", cr_key, new_cr))
