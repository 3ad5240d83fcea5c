"""Which CRs each planned release ships (SPEC.md section 2, steps 1 to 4)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter

from app.model.plan import CLOSED_STAGES, ChangeRequest, Plan
from app.rules.readiness import ON_HOLD, ready_stages

ON_HOLD_REASON = "on-hold"
NOT_READY = "not-ready"
BLOCKED = "blocked-by-dependency"


@dataclass(frozen=True, slots=True)
class Exclusion:
    cr: str
    reason: str  # on-hold, not-ready or blocked-by-dependency
    detail: str | None  # not-ready: the CR's stage; blocked: the first unsatisfied dependency


@dataclass(frozen=True, slots=True)
class ReleaseBundle:
    release: str
    candidates: tuple[str, ...]  # key order
    included: tuple[str, ...]  # key order: the order the bundle applies in
    excluded: tuple[Exclusion, ...]  # key order


def candidates_by_release(plan: Plan) -> dict[str, list[ChangeRequest]]:
    """Candidates of every release, each list in key order."""
    groups: dict[str, list[ChangeRequest]] = defaultdict(list)
    for cr in plan.crs.values():
        if cr.release is not None and cr.stage not in CLOSED_STAGES:  # a candidate
            groups[cr.release].append(cr)
    for crs in groups.values():
        crs.sort(key=attrgetter("key"))
    return groups


def compute_bundles(plan: Plan, through: str | None = None,
                    candidates: dict[str, list[ChangeRequest]] | None = None
                    ) -> dict[str, ReleaseBundle]:
    """Bundles of the planned releases in release order, up to and including `through` (all
    when None). Later releases never change an earlier bundle, so a prefix is exact."""
    if candidates is None:
        candidates = candidates_by_release(plan)
    ready = ready_stages(plan.settings.ready_stage)
    crs = plan.crs
    shipped: set[str] = set()  # CRs in the bundle of an earlier planned release
    bundles: dict[str, ReleaseBundle] = {}
    for release in plan.planned_releases():
        bundle = _bundle_of(release.key, candidates.get(release.key, []), crs, shipped,
                            ready)
        bundles[release.key] = bundle
        shipped.update(bundle.included)
        if release.key == through:
            break
    return bundles


def _bundle_of(release: str, cands: list[ChangeRequest], crs: dict[str, ChangeRequest],
               shipped: set[str], ready: frozenset[str]) -> ReleaseBundle:
    excluded: dict[str, Exclusion] = {}
    provisional: set[str] = set()
    for cr in cands:
        if cr.stage == ON_HOLD:
            excluded[cr.key] = Exclusion(cr.key, ON_HOLD_REASON, None)
        elif cr.stage not in ready:
            excluded[cr.key] = Exclusion(cr.key, NOT_READY, cr.stage)
        else:
            provisional.add(cr.key)

    def satisfied(dep: str) -> bool:
        return dep in bundle or dep in shipped or crs[dep].stage == "deployed"

    # Step 3 as a worklist: when a CR leaves, only the CRs in S that depend on it need a recheck;
    # CRs without dependencies can never leave.
    bundle = set(provisional)
    dependents: dict[str, list[str]] = defaultdict(list)
    work = []
    for key in provisional:
        deps = crs[key].depends_on
        if deps:
            work.append(key)
            for dep in deps:
                if dep in provisional:
                    dependents[dep].append(key)
    work.sort(reverse=True)  # deterministic order; the result does not depend on it
    left: list[str] = []
    while work:
        key = work.pop()
        if key in bundle and not all(satisfied(d) for d in crs[key].depends_on):
            bundle.discard(key)
            left.append(key)
            work.extend(dependents.get(key, ()))
    for key in left:
        first = next(d for d in sorted(crs[key].depends_on) if not satisfied(d))
        excluded[key] = Exclusion(key, BLOCKED, first)
    return ReleaseBundle(
        release=release,
        candidates=tuple(cr.key for cr in cands),
        included=tuple(sorted(bundle)),
        excluded=tuple(excluded[k] for k in sorted(excluded)),
    )


def rebundle(plan: Plan, base: dict[str, ReleaseBundle], changed: set[str],
             candidates: dict[str, list[ChangeRequest]]) -> dict[str, ReleaseBundle]:
    """Every bundle of `plan`, which shares its release rows and every CR row but those of
    `changed` with the plan `base` was computed from (a scenario over live): a release whose
    candidates are the same rows, none of them depending on a CR that changed or ships
    differently so far, has the same bundle (steps 1 to 4 read nothing else), so it is reused.
    Equal to compute_bundles(plan)."""
    ready = ready_stages(plan.settings.ready_stage)
    crs = plan.crs
    shipped: set[str] = set()
    differ = set(changed)  # changed rows, and CRs shipped so far in only one of the plans
    bundles: dict[str, ReleaseBundle] = {}
    for release in plan.planned_releases():
        key = release.key
        cands = candidates.get(key, [])
        old = base.get(key)
        if old is not None and changed.isdisjoint(old.candidates) \
                and old.candidates == tuple(cr.key for cr in cands) \
                and not any(dep in differ for cr in cands for dep in cr.depends_on):
            bundle = old
        else:
            bundle = _bundle_of(key, cands, crs, shipped, ready)
        bundles[key] = bundle
        shipped.update(bundle.included)
        if bundle is not old:  # a CR shipped by one plan and not the other, so far
            differ.symmetric_difference_update(bundle.included)
            if old is not None:
                differ.symmetric_difference_update(old.included)
            differ |= changed
    return bundles
