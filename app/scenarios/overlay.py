"""A scenario's plan: the live plan with the scenario's rows written over it. Only the touched
tables' dictionaries are copied (ChangeSet.apply): every other row stays the live object, which
is what lets a diff skip the CRs both plans share by identity."""

from __future__ import annotations

from collections.abc import Iterable

from app.edits.store_port import Snapshot
from app.model.change_set import ChangeSet, RowChange, row_of
from app.model.plan import Plan
from app.model.row_kinds import RowKind
from app.scenarios.model import ScenarioChange


def overlay(plan: Plan, changes: Iterable[ScenarioChange]) -> ChangeSet:
    """The change set that turns the live `plan` into the scenario's."""
    rows = []
    for ch in changes:
        kind = RowKind(ch.kind)
        current = row_of(plan, kind, ch.key)
        if current is not ch.after:
            rows.append(RowChange(kind, ch.key, current, ch.after))
    return ChangeSet(tuple(r for r in rows if r.before != r.after))


def scenario_snapshot(live: Snapshot, changes: list[ScenarioChange]) -> Snapshot:
    """The scenario's plan and versions: a row the scenario holds has the scenario's version
    (a client's write of it goes into the scenario); every other row has its live version."""
    plan = overlay(live.plan, changes).apply(live.plan)
    versions = dict(live.versions)
    for ch in changes:
        if ch.after is None:
            versions.pop((ch.kind, ch.key), None)
        else:
            versions[ch.kind, ch.key] = ch.version
    return Snapshot(plan, versions)
