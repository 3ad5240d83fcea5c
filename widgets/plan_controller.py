"""The desktop client's one link to the application: it holds the plan being shown, runs use
cases through `PlanService`, and tells the views what changed. Views never touch data."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.cr_filter import CrFilter
from app.engine.report import bundle_report
from app.errors import Refusal
from app.explain import explain_warning
from app.services import PlanService
from app.store_port import StaleEdit, StoreError
from app.timeline_layout import TimelineLayout, layout_timeline, timeline_marks


class PlanController(QObject):
    changed = Signal()  # the plan (and so the layout) was reloaded
    message = Signal(str)  # one line for the status bar

    def __init__(self, service: PlanService):
        super().__init__()
        self.service = service
        self.plan = None
        self.layout: TimelineLayout | None = None
        self.filter = CrFilter()
        self._marks: dict | None = None  # of self.plan; kept while only the filter changes

    def reload(self) -> None:
        self.show_plan(self.service.load())

    def show_plan(self, plan) -> None:
        self.plan = plan
        self._marks = timeline_marks(plan)
        self._relayout()

    def set_filter(self, new: CrFilter) -> None:
        """Narrow every view to the CRs `new` matches."""
        self.filter = new
        if self.plan is not None:
            self._relayout()

    def _relayout(self) -> None:
        plan = self.plan
        keep = (lambda cr: self.filter.matches(plan, cr)) if self.filter.active else None
        self.layout = layout_timeline(plan, self.service.today(plan), keep, self._marks)
        self.changed.emit()

    def move(self, cr: str, target: str | None) -> bool:
        """Schedule `cr` to release `target` (None: the backlog). On a refusal the reason goes
        to the status bar, nothing changes, and the views redraw the bar where it was."""
        try:
            outcome = self.service.schedule(cr, target or "backlog")
        except Refusal as refusal:
            self.message.emit(f"{cr} stays where it is: {refusal.message}")
            self.changed.emit()
            return False
        except (StaleEdit, StoreError) as fault:
            self.message.emit(f"{cr} was not moved: {fault}")
            self.reload()
            return False
        self.show_plan(outcome.plan)  # what was just committed: no need to read it back
        note = f"{cr} moved to {outcome.target or 'the backlog'}."
        if outcome.warnings:
            note += " " + " ".join(w.message + "." for w in outcome.warnings)
        self.message.emit(note)
        return True

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
            report = bundle_report(self.plan, cr.release, self.service.today(self.plan))
            lines += [explain_warning(w) for w in report.warnings
                      if getattr(w, "cr", None) == key]
            lines += [f"In conflict on {c.item}.{c.field}" for c in report.conflicts
                      if key in c.values]
            lines += [f"Not shipping: {e.reason.replace('-', ' ')}"
                      + (f" ({e.detail})" if e.detail else "")
                      for e in report.excluded if e.cr == key]
        return "<br>".join(lines)
