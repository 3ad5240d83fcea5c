"""The bundle report of one planned release (SPEC.md section 2): what ships, what does not and
why, the work a stage-only rule would have swept in, conflicts, the diff and the warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.engine.bundle import Exclusion, ReleaseBundle, compute_bundles
from app.engine.communications import Send, release_communications
from app.engine.conflicts import Conflict, find_conflicts
from app.engine.state import ProjectedState
from app.engine.warnings import Warning, release_warnings, sort_key
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Plan, Scalar
from app.rules.freeze import freeze_start, is_frozen
from app.rules.readiness import ready_stages


@dataclass(frozen=True, slots=True)
class HeldBack:
    cr: str
    target: str | None  # None: the backlog
    stage: str


@dataclass(frozen=True, slots=True)
class ChangeRow:
    cr: str
    op: str
    item: str
    field: str | None  # None for create and retire
    before: Scalar  # state before the release (for create/retire: the item's status)
    after: Scalar


@dataclass(frozen=True, slots=True)
class BundleReport:
    release: str
    go_live: date
    freeze_start: date
    frozen: bool
    included: tuple[str, ...]
    excluded: tuple[Exclusion, ...]
    held_back: tuple[HeldBack, ...]
    conflicts: tuple[Conflict, ...]
    changes: tuple[ChangeRow, ...]
    warnings: tuple[Warning, ...]
    sends: tuple[Send, ...] = ()  # the sends the release touches, in the state after it

    @property
    def deployable(self) -> bool:
        return not self.conflicts


def check_release_open(plan: Plan, release_key: str) -> None:
    release = plan.releases.get(release_key)
    if release is None:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{release_key}"')
    if release.status != "planned":
        raise Refusal(RefusalCode.RELEASE_CLOSED, f'release "{release_key}" is {release.status}')


def bundle_report(plan: Plan, release_key: str, today: date) -> BundleReport:
    """The report of a planned release; `Refusal` for an unknown or closed one."""
    check_release_open(plan, release_key)
    release = plan.releases[release_key]
    bundles = compute_bundles(plan, through=release_key)
    order = list(bundles)
    bundle = bundles[release_key]
    earlier = [bundles[k] for k in order[: order.index(release_key)]]
    state = _applied(plan, earlier)
    start = freeze_start(release.go_live, release.freeze_days)
    changes = tuple(_change_rows(plan, bundle, state))
    warnings = release_warnings(plan, release, today, bundle, earlier, state)
    state.apply_all(plan.crs[k] for k in bundle.included)  # from here on: the state after R
    comms = release_communications(plan, release, bundle, state)
    if comms.warnings:
        warnings = sorted([*warnings, *comms.warnings], key=sort_key)
    return BundleReport(
        release=release_key,
        go_live=release.go_live,
        freeze_start=start,
        frozen=is_frozen(release, today),
        included=bundle.included,
        excluded=bundle.excluded,
        held_back=tuple(_held_back(plan, release_key, bundle, order)),
        conflicts=tuple(find_conflicts(plan.crs[k] for k in bundle.included)),
        changes=changes,
        warnings=tuple(warnings),
        sends=comms.sends,
    )


def state_before(plan: Plan, release_key: str | None) -> ProjectedState:
    """The state a CR of `release_key` is written against: production with the bundles of the
    planned releases before it applied. For the backlog (None) or a release that is not
    planned: after every planned release, since such work can ship only after them."""
    release = plan.releases.get(release_key) if release_key else None
    if release is None or release.status != "planned":
        return _applied(plan, compute_bundles(plan).values())
    bundles = compute_bundles(plan, through=release_key)
    return _applied(plan, [b for k, b in bundles.items() if k != release_key])


def _applied(plan: Plan, bundles) -> ProjectedState:
    state = ProjectedState(plan.items)
    for b in bundles:
        state.apply_all(plan.crs[k] for k in b.included)
    return state


def _held_back(plan: Plan, release_key: str, bundle: ReleaseBundle, order: list[str]):
    """Work at or past the legacy stage that a stage-only rule would ship with this release but
    that is meant for later: unscheduled, or targeted to a later planned release."""
    swept = ready_stages(plan.settings.legacy_stage)  # what a stage-only rule would ship
    not_later = set(order)  # planned releases up to and including this one
    planned = {r.key for r in plan.releases.values() if r.status == "planned"}
    included = set(bundle.included)
    out = []
    for key, cr in plan.crs.items():
        if cr.stage not in swept or cr.stage == "deployed" or key in included:
            continue
        if cr.release is None or (cr.release in planned and cr.release not in not_later):
            out.append(HeldBack(key, cr.release, cr.stage))
    out.sort(key=lambda h: h.cr)
    return out


def _change_rows(plan: Plan, bundle: ReleaseBundle, before: ProjectedState):
    for key in bundle.included:
        for ch in plan.crs[key].changes:
            if ch.op == "set":
                yield ChangeRow(key, "set", ch.item, ch.field, before.value(ch.item, ch.field),
                                ch.to)
            else:
                after = "active" if ch.op == "create" else "retired"
                yield ChangeRow(key, ch.op, ch.item, None, before.status(ch.item), after)
