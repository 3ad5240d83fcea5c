"""What the board shows, as plain data: a column per release whose weeks are in view on the
timeline (and the backlog), a row per team, and in each cell its CRs' keys by priority then key.

It is built from the session's timeline layout, so the filters apply as on the timeline, and
a lane the layout kept after an edit (the same Lane object) is not grouped again: at 100,000
CRs an edit regroups only the lanes it touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.model.plan import Target
from app.views.explain import load_figure as hours
from app.views.timeline_layout import EPOCH, Lane


@dataclass(frozen=True)
class Column:
    target: Target  # a release, or the backlog
    title: str
    lines: tuple[str, ...]  # go-live, freeze state
    load: str  # "Load 230 / 260 h", or ""
    over: tuple[str, ...]  # names of the teams over capacity
    frozen: bool
    open: bool  # a planned release or the backlog: work may be dropped here


def _day(value: float) -> date:
    return EPOCH + timedelta(days=int(value))


class BoardCells:
    def __init__(self, session):
        self.session = session
        self.columns: list[Column] = []
        self.teams: list[tuple[str, str]] = []  # key, label
        self.cells: dict[tuple[str, Target], list[str]] = {}
        self._lanes: dict[str, tuple[Lane, dict[tuple[str, Target], list[str]]]] = {}
        self._backlog: tuple[list[str] | None, dict[str, list[str]]] = (None, {})

    def rebuild(self, days: tuple[float, float] | None) -> None:
        """Columns for the releases whose weeks overlap `days` (timeline day numbers; None:
        every release), and the cells of every team."""
        session = self.session
        plan, layout = session.plan, session.layout
        if plan is None or layout is None:
            return
        crs_filter = session.filter
        self.teams = [(t.key, f"{t.name}") for t in plan.teams.values()
                      if not crs_filter.team or t.key == crs_filter.team]
        shown = [r for r in layout.releases if r.status != "cancelled"]
        if days is not None:
            d0, d1 = days
            inside = [r for r in shown if r.freeze_start <= d1 and r.go_live >= d0]
            if not inside and shown:  # nothing in view: the release nearest to it
                middle = (d0 + d1) / 2
                inside = [min(shown, key=lambda r: abs(r.go_live - middle))]
            shown = inside
        if crs_filter.release:
            shown = [r for r in shown if r.key == crs_filter.release] or \
                [r for r in layout.releases if r.key == crs_filter.release]
        derived = session.derived
        team_keys = {k for k, _ in self.teams}
        names = {t.key: t.name for t in plan.teams.values()}
        today = layout.today
        columns = []
        for r in shown:
            frozen = r.status == "planned" and today >= r.freeze_start
            lines = [f"go-live {_day(r.go_live):%a %-d %b %Y}"]
            if r.status != "planned":
                lines.append(r.status)
            elif frozen:
                lines.append(f"frozen since {_day(r.freeze_start):%a %-d %b}")
            else:
                lines.append(f"freezes {_day(r.freeze_start):%a %-d %b}")
            load, over = "", ()
            if derived is not None and derived.capacity is not None \
                    and r.key in derived.capacity:
                mine = [t for t in derived.capacity[r.key] if t.team in team_keys]
                load = (f"load {hours(sum(t.load_hours for t in mine))} / "
                        f"{hours(sum(t.capacity_hours for t in mine))} h")
                over = tuple(names[t.team] for t in mine if t.over)
            columns.append(Column(Target(r.key), f"{r.key}  {r.name}", tuple(lines), load, over,
                                  frozen, r.status == "planned"))
        if not crs_filter.release:
            columns.append(Column(Target.backlog(), "Backlog", ("not scheduled",), "", (), False,
                                  True))
        self.columns = columns
        self._group(plan, layout)

    def _group(self, plan, layout) -> None:
        crs = plan.crs

        def order(key: str):
            return (crs[key].priority, key)

        cells: dict[tuple[str, Target], list[str]] = {}
        for lane in layout.lanes:
            cached = self._lanes.get(lane.team)
            if cached is None or cached[0] is not lane:
                groups: dict[str | None, list[str]] = {}
                for bar in lane.bars:
                    groups.setdefault(bar.release, []).append(bar.cr)
                for keys in groups.values():
                    keys.sort(key=order)
                # Keyed as the cells are: updating from a dict reuses its keys' hashes, and
                # 50 teams by 200 releases are 10,000 cells after every edit.
                cached = self._lanes[lane.team] = (lane, {
                    (lane.team, Target.of(release)): keys for release, keys in groups.items()})
            cells.update(cached[1])
        if self._backlog[0] is not layout.backlog:
            groups = {}
            for key in layout.backlog:
                groups.setdefault(crs[key].team, []).append(key)
            for keys in groups.values():
                keys.sort(key=order)
            self._backlog = (layout.backlog, groups)
        for team, keys in self._backlog[1].items():
            cells[team, Target.backlog()] = keys
        self.cells = cells

    def most_cards(self, team: str) -> int:
        return max((len(self.cells.get((team, c.target), ())) for c in self.columns), default=0)
