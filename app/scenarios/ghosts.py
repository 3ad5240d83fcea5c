"""Another plan beside the one a window shows (issue 22: the compared scenario's bars as ghosts
on the timeline), kept as only the rows in which the two can differ: those either scenario
holds. The other plan is the shown plan with these rows written over it, so it follows the
window's edits, and what the timeline compares (app.views.ghost_bars) costs the scenarios'
size, not the plan's."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.model.change_set import ChangeSet, RowChange, row_of
from app.model.plan import Plan
from app.model.row_kinds import RowKind
from app.scenarios.model import ScenarioChange

# Rows that place a bar; items and packs change what ships, not where a bar is.
_PLACING = (RowKind.CR, RowKind.RELEASE, RowKind.TEAM, RowKind.SETTINGS)


@dataclass
class OtherPlan:
    """Plan `name` as rows over the plan the window shows. `shown_is_live`: the window shows
    live, so the rows the other plan does not hold follow the window's edits; in a scenario
    they keep live's value, which the edit's `before` is."""

    name: str
    shown_is_live: bool
    rows: dict[tuple[RowKind, str], object | None] = field(default_factory=dict)

    def edited(self, changes: ChangeSet) -> None:
        if self.shown_is_live:
            return
        for row in changes:
            if row.kind in _PLACING:
                self.rows.setdefault((row.kind, row.key), row.before)

    def plan_over(self, shown: Plan) -> Plan:
        return ChangeSet(tuple(RowChange(kind, key, row_of(shown, kind, key), row)
                               for (kind, key), row in self.rows.items()
                               if row_of(shown, kind, key) is not row)).apply(shown)

    def keys(self, kind: RowKind) -> list[str]:
        return [key for k, key in self.rows if k == kind]

    def placed_apart(self, shown: Plan, other: Plan) -> set[str]:
        """The CRs whose bars can differ between the two plans: those of the rows held here,
        or every CR when a release, a team or the settings differ (they move many bars)."""
        if any(kind != RowKind.CR for kind, _ in self.rows):
            return set(shown.crs) | set(other.crs)
        return set(self.keys(RowKind.CR))


def other_plan(name: str, shown_is_live: bool, shown_changes: list[ScenarioChange],
               other_changes: list[ScenarioChange], live: Plan) -> OtherPlan:
    """Plan `name` (its `other_changes` over live) beside the plan shown (`shown_changes` over
    live, none when it is live). `live` must hold the rows the shown scenario holds and the
    other does not: where the other plan has live's."""
    rows: dict[tuple[RowKind, str], object | None] = {}
    for ch in shown_changes:
        kind = RowKind(ch.kind)
        if kind in _PLACING:
            rows[kind, ch.key] = row_of(live, kind, ch.key)
    for ch in other_changes:
        kind = RowKind(ch.kind)
        if kind in _PLACING:
            rows[kind, ch.key] = ch.after
    return OtherPlan(name, shown_is_live, rows)
