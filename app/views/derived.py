"""What the views compute from one plan, each once and kept until the plan changes: bundle
reports (a tooltip along a lane asks for the same few again and again), the state before a
release, which CRs change which item fields, dependency chains, and each team's load against
its capacity. The capacity takes a good part of a second at 100,000 CRs: the session works it
out off the GUI thread and hands it in (`capacity`), and every view reads the same one. (The
conflict marks travel with the timeline layout, which keeps the last ones until new ones come.)
"""

from __future__ import annotations

from datetime import date

from app.engine.capacity import TeamLoad, plan_capacity
from app.engine.report import BundleReport, bundle_report, state_before
from app.engine.state import ProjectedState
from app.model.plan import Plan, Target
from app.views.dependency_chain import DependencyChains
from app.views.explain import explain_warning
from app.views.pack_usage import PackUsage


class Derived:
    def __init__(self, plan: Plan, today: date):
        self.plan = plan
        self.today = today
        self._reports: dict[str, BundleReport] = {}
        self._states: dict[str | None, ProjectedState] = {}
        self._usage: PackUsage | None = None
        self._chains: DependencyChains | None = None
        self.capacity: dict[str, list[TeamLoad]] | None = None  # None: still being worked out
        self._loads: dict[tuple[str, str], TeamLoad] | None = None

    def report(self, release: str) -> BundleReport:
        if release not in self._reports:
            self._reports[release] = bundle_report(self.plan, release, self.today)
        return self._reports[release]

    def state_before(self, release: str | None) -> ProjectedState:
        """The projected state a CR of `release` is written against (SPEC.md section 2)."""
        if release not in self._states:
            self._states[release] = state_before(self.plan, release)
        return self._states[release]

    def usage(self) -> PackUsage:
        if self._usage is None:
            self._usage = PackUsage(self.plan)
        return self._usage

    def chains(self) -> DependencyChains:
        if self._chains is None:
            self._chains = DependencyChains.of(self.plan)
        return self._chains

    # ---- worked out off the GUI thread ---------------------------------------------------

    def work_out_capacity(self) -> dict[str, list[TeamLoad]]:
        """Thread-safe: reads only the plan, which never changes."""
        return plan_capacity(self.plan, self.today)

    def load(self, team: str, release: str) -> TeamLoad | None:
        """A team's load at a release, once the capacity is known (None before)."""
        if self.capacity is None:
            return None
        if self._loads is None:
            self._loads = {(t.team, t.release): t for loads in self.capacity.values()
                           for t in loads}
        return self._loads.get((team, release))

    # ---- words -------------------------------------------------------------------------------

    def describe(self, key: str) -> list[str]:
        """Everything about a CR, line by line, as plain text (its tooltip)."""
        plan = self.plan
        cr = plan.crs[key]
        team = plan.teams[cr.team]
        lines = [f"{cr.key} {cr.title}",
                 f"Team: {team.name}   Stage: {cr.stage.replace('_', ' ')}",
                 f"Estimate: {cr.estimate_hours:g} h   Priority: {cr.priority}",
                 f"Release: {Target.of(cr.release)}"]
        if cr.depends_on:
            lines.append("Depends on: " + ", ".join(cr.depends_on))
        if cr.emergency:
            lines.append(f"Emergency: {cr.justification or '(no justification)'}")
        if cr.release and plan.releases[cr.release].status == "planned":
            report = self.report(cr.release)
            lines += [explain_warning(w, plan) for w in report.warnings
                      if getattr(w, "cr", None) == key]
            lines += [f"In conflict on {c.item}.{c.field}" for c in report.conflicts
                      if key in c.values]
            lines += [f"Not shipping: {e.reason.replace('-', ' ')}"
                      + (f" ({e.detail})" if e.detail else "")
                      for e in report.excluded if e.cr == key]
        return lines
