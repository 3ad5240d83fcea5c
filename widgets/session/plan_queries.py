"""What the views ask about the plan being shown: a CR described for its tooltip, bundle
reports, projected states and the pack index, each computed once per plan; and the audit log.
A mixin of PlanController, which holds `plan`, `service` and `_derived`."""

from __future__ import annotations

from app.edits.store_port import StoreError
from app.engine.report import bundle_report, state_before
from app.reports.deployment import deployment_record
from app.views.explain import explain_warning
from app.views.pack_usage import PackUsage


class PlanQueries:
    def describe(self, key: str) -> str:
        """Everything about a CR, for a tooltip."""
        cr = self.plan.crs[key]
        team = self.plan.teams[cr.team]
        lines = [f"<b>{cr.key}</b> {cr.title}",
                 f"Team: {team.name} &nbsp; Stage: {cr.stage.replace('_', ' ')}",
                 f"Estimate: {cr.estimate_hours:g} h &nbsp; Priority: {cr.priority}",
                 f"Release: {cr.release or 'backlog'}"]
        if cr.depends_on:
            lines.append("Depends on: " + ", ".join(cr.depends_on))
        if cr.emergency:
            lines.append(f"Emergency: {cr.justification or '(no justification)'}")
        if cr.release and self.plan.releases[cr.release].status == "planned":
            report = self.report(cr.release)
            lines += [explain_warning(w) for w in report.warnings
                      if getattr(w, "cr", None) == key]
            lines += [f"In conflict on {c.item}.{c.field}" for c in report.conflicts
                      if key in c.values]
            lines += [f"Not shipping: {e.reason.replace('-', ' ')}"
                      + (f" ({e.detail})" if e.detail else "")
                      for e in report.excluded if e.cr == key]
        return "<br>".join(lines)

    def state_before(self, release: str | None):
        """The projected state a CR of `release` is written against, kept until the plan
        changes (SPEC.md section 2: the state before R)."""
        key = ("state", release)
        if key not in self._derived:
            self._derived[key] = state_before(self.plan, release)
        return self._derived[key]

    def usage(self) -> PackUsage:
        """Which CRs change which item fields, and which assets use an item, for this plan."""
        if "usage" not in self._derived:
            self._derived["usage"] = PackUsage(self.plan)
        return self._derived["usage"]

    def report(self, release: str):
        """A release's bundle report, kept until the plan changes: hovering along a lane asks
        for the same few releases again and again."""
        if release not in self._derived:
            self._derived[release] = bundle_report(self.plan, release,
                                                   self.service.today(self.plan))
        return self._derived[release]

    def history(self, kind: str, key: str) -> list[dict]:
        """A row's audit history; empty, with the reason in the status bar, on a fault."""
        try:
            return self.service.history(kind, key)
        except StoreError as fault:
            self.message.emit(f"History not available: {fault}")
            return []

    def deployment_record(self, release: str):
        """A deployed release's shipped and slipped work from the audit log, or None."""
        try:
            return deployment_record(self.service.store, release)
        except StoreError as fault:
            self.message.emit(f"What {release} shipped is not available: {fault}")
            return None
