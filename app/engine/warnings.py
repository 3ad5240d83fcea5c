"""The warnings of a release's bundle report (SPEC.md section 2, `warnings`); the send
calendar's three are computed in app.engine.communications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.engine.bundle import ReleaseBundle
from app.engine.capacity import loads_by_release
from app.engine.communications import CommunicationWarning
from app.engine.state import ProjectedState
from app.model.plan import ChangeRequest, Plan, Release, Scalar
from app.rules.freeze import freeze_start, is_frozen
from app.rules.readiness import open_work_stages
from app.rules.stale_base import is_stale
from app.rules.workdays import working_days


@dataclass(frozen=True, slots=True)
class StaleBase:
    cr: str
    item: str
    field: str
    expected: Scalar  # the value in the state before the release
    recorded: Scalar  # the change's `from`
    code = "stale-base"


@dataclass(frozen=True, slots=True)
class WillSlip:
    cr: str
    code = "will-slip"


@dataclass(frozen=True, slots=True)
class SlaRisk:
    cr: str
    need_days: int
    available_days: int
    code = "sla-risk"


@dataclass(frozen=True, slots=True)
class OverCapacity:
    team: str
    load_hours: float
    capacity_hours: float
    code = "over-capacity"


@dataclass(frozen=True, slots=True)
class Emergency:
    cr: str
    code = "emergency"


Warning = StaleBase | WillSlip | SlaRisk | OverCapacity | Emergency | CommunicationWarning


def subject(w: Warning) -> str:
    """The CR or team a warning is about, or for a send what it names first."""
    code = w.code
    if code == "over-capacity":
        return w.team
    if code in ("audience-overlap", "frequency-cap"):
        return w.audience
    return w.item if code == "send-before-go-live" else w.cr


def sort_key(w: Warning) -> tuple:
    """SPEC.md section 5: by code, then CR or team (a stable sort keeps change order within a
    CR); the send calendar's by audience then items or week, or by item (section 6)."""
    code = w.code
    if code == "audience-overlap":
        return (code, w.audience, w.items)
    if code == "frequency-cap":
        return (code, w.audience, w.week)
    return (code, subject(w))


def release_warnings(plan: Plan, release: Release, today: date, bundle: ReleaseBundle,
                     earlier: list[ReleaseBundle], before: ProjectedState) -> list[Warning]:
    """Warnings of `release`, sorted by code, then CR or team, then change order. `earlier` are
    the bundles of the planned releases before it; `before` is the state before it."""
    out = cr_warnings(plan, release, today, bundle, before)
    out += _over_capacity(plan, [*earlier, bundle], today)
    out.sort(key=sort_key)
    return out


def cr_warnings(plan: Plan, release: Release, today: date, bundle: ReleaseBundle,
                before: ProjectedState) -> list[Warning]:
    """The warnings of `release` about one CR each (stale-base, will-slip, sla-risk,
    emergency), unsorted: what a scenario diff compares release by release."""
    crs = plan.crs
    settings = plan.settings
    cands = [crs[k] for k in bundle.candidates]
    included = set(bundle.included)
    start = freeze_start(release.go_live, release.freeze_days)
    frozen = is_frozen(release, today)
    available = working_days(today, start, settings.workdays)
    out: list[Warning] = stale_bases([crs[k] for k in bundle.included], before)
    if frozen:
        out += [WillSlip(cr.key) for cr in cands if cr.key not in included]
    elif settings.lead_time_days:
        out += _sla_risks(plan, cands, available)
    out += [Emergency(cr.key) for cr in cands if cr.emergency]
    return out


def stale_bases(bundled: list[ChangeRequest], before: ProjectedState) -> list[StaleBase]:
    """Sets of the bundle whose `from` differs from the state before the release."""
    out = []
    for cr in bundled:
        out += [StaleBase(cr.key, ch.item, ch.field, before.value(ch.item, ch.field), ch.base)
                for ch in cr.changes if is_stale(ch, before)]
    return out


def _sla_risks(plan: Plan, cands: list[ChangeRequest], available: int) -> list[SlaRisk]:
    lead = plan.settings.lead_time_days
    open_work = open_work_stages(plan.settings.ready_stage)
    kinds = _CreatedKinds(plan)
    risks = []
    for cr in cands:
        if cr.stage not in open_work:
            continue
        need = max((lead.get(ch.kind if ch.op == "create" else kinds.of(ch.item), 0)
                    for ch in cr.changes), default=0)
        if need > available:
            risks.append(SlaRisk(cr.key, need, available))
    return risks


class _CreatedKinds:
    """An item's kind for lead times: its production kind, else the kind of the first create of
    its key in CR key order. The scan of all creates happens once, and only when needed."""

    def __init__(self, plan: Plan):
        self._plan = plan
        self._created: dict[str, str] | None = None

    def of(self, item: str) -> str | None:
        production = self._plan.items.get(item)
        if production is not None:
            return production.kind
        if self._created is None:
            self._created = {}
            for key in sorted(self._plan.crs):
                for ch in self._plan.crs[key].changes:
                    if ch.op == "create":
                        self._created.setdefault(ch.item, ch.kind)
        return self._created.get(item)


def _over_capacity(plan: Plan, bundles: list[ReleaseBundle], today: date) -> list[OverCapacity]:
    """The teams over capacity at the last of `bundles` (app.engine.capacity counts it)."""
    loads = loads_by_release(plan, today, [(b.release, b.candidates) for b in bundles],
                             last_only=True)
    return [OverCapacity(t.team, t.load_hours, t.capacity_hours)
            for t in loads[bundles[-1].release] if t.over]
