"""The desktop client's one link to the application: it holds the plan being shown, runs use
cases through `PlanService`, and tells the views what changed. Views never touch data.

Refreshing follows DESIGN.md section 7: after a move only the moved CR's lane is laid out again
(milliseconds), and the marks (conflicts, blocked, stale bases), which depend on the whole plan,
are recomputed on a worker thread and shown when ready. Loading a whole plan also runs there.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.cr_filter import CrFilter
from app.domain import ChangeRequest
from app.engine.move_check import move_refusal
from app.engine.report import bundle_report, state_before
from app.errors import PlanFileError, Problem, Refusal
from app.explain import explain_warning
from app.pack_usage import PackUsage
from app.services import PlanService
from app.store_port import StaleEdit, StoreError
from app.timeline_layout import (
    MARK_KINDS,
    TimelineLayout,
    layout_timeline,
    relayout_crs,
    timeline_marks,
)
from widgets.background import BackgroundJobs

MARKS_DELAY_MS = 40

# The field of a new CR that a refusal is about, to show the message next to it.
REFUSAL_FIELDS = {"duplicate-key": "key", "frozen": "release", "release-closed": "release",
                  "unknown-release": "release", "cr-closed": "stage"}


class PlanController(QObject):
    changed = Signal()  # a new plan or layout to show
    marks_changed = Signal()  # the layout's marks were recomputed
    message = Signal(str)  # one line for the status bar
    failed = Signal(str)  # the plan could not be loaded: one line for a dialog

    def __init__(self, service: PlanService):
        super().__init__()
        self.service = service
        self.plan = None
        self.layout: TimelineLayout | None = None
        self.filter = CrFilter()
        self.refreshed_at: datetime | None = None
        self.jobs = BackgroundJobs()
        # What is computed from self.plan on demand (bundle reports, projected states, pack
        # usage), kept until the plan changes.
        self._derived: dict = {}
        self._marks_pending = False

    # ---- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the plan now and show it (the marks follow from the worker)."""
        self.show_plan(self.service.load())

    def reload_in_background(self) -> None:
        """Read and lay out the plan on the worker thread; the window stays responsive."""
        service, keep_filter = self.service, self.filter

        def work():
            plan = service.load()
            keep = self._keep(plan, keep_filter)
            return plan, layout_timeline(plan, service.today(plan), keep, self._no_marks())

        def done(result):
            plan, layout = result
            self._show(plan, layout)

        self.jobs.run("load", work, done, lambda fault: self.failed.emit(str(fault)))

    def use_service(self, service: PlanService) -> None:
        """Show another database's plan from now on."""
        self.service = service
        self.plan = None
        self.layout = None

    def show_plan(self, plan) -> None:
        keep = self._keep(plan, self.filter)
        self._show(plan, layout_timeline(plan, self.service.today(plan), keep, self._no_marks()))

    def _show(self, plan, layout: TimelineLayout) -> None:
        self.plan, self.layout = plan, layout
        self._derived = {}
        self.refreshed_at = datetime.now()
        self._recompute_marks()  # scheduled first, so that the views know marks are coming
        self.changed.emit()

    def _no_marks(self):
        """The marks shown until the worker has the new ones: the last known, not none at all,
        so that bars do not flicker."""
        if self.layout is not None:
            return self.layout.marks
        return {kind: set() for kind in MARK_KINDS}

    def busy(self) -> bool:
        """Whether a load or the marks of the shown plan are still to come."""
        return self._marks_pending or self.jobs.busy()

    def _recompute_marks(self) -> None:
        plan = self.plan
        self._marks_pending = True

        def done(marks):
            if plan is self.plan:
                self._marks_pending = False
                self.layout.marks = marks
                self.marks_changed.emit()

        # Started once the window has repainted the edit: the worker would otherwise share
        # the interpreter with that repaint and slow the drop a planner is watching.
        QTimer.singleShot(MARKS_DELAY_MS, lambda: self.jobs.run(
            "marks", lambda: timeline_marks(plan), done,
            lambda fault: self.message.emit(f"Conflict marks not updated: {fault}")))

    @staticmethod
    def _keep(plan, crs_filter: CrFilter):
        return (lambda cr: crs_filter.matches(plan, cr)) if crs_filter.active else None

    def set_filter(self, new: CrFilter) -> None:
        """Narrow every view to the CRs `new` matches."""
        self.filter = new
        if self.plan is not None:
            self.layout = layout_timeline(self.plan, self.service.today(self.plan),
                                          self._keep(self.plan, new), self.layout.marks)
            self.changed.emit()

    # ---- use cases ---------------------------------------------------------------------------

    def move(self, cr: str, target: str | None) -> bool:
        """Schedule `cr` to release `target` (None: the backlog). On a refusal the reason goes
        to the status bar, nothing changes, and the views redraw the bar where it was."""
        outcome = self._attempt(f"{cr} stays where it is",
                                lambda: self.service.schedule(cr, target or "backlog"))
        if outcome is None:
            self.changed.emit()  # the bar returns to where it was
            return False
        self._show_edit(outcome.plan, [cr])
        note = f"{cr} moved to {outcome.target or 'the backlog'}."
        if outcome.warnings:
            note += " " + " ".join(w.message + "." for w in outcome.warnings)
        self.message.emit(note)
        return True

    def move_refusal(self, cr: str, target: str | None) -> str | None:
        """Why moving `cr` to `target` would be refused (None: it would be allowed), asked
        during a drag; nothing is written."""
        refusal = move_refusal(self.plan, cr, target, self.service.today(self.plan))
        return None if refusal is None else refusal.message

    def create(self, cr: ChangeRequest) -> list[Problem]:
        """Create `cr`. Returns what is wrong with it, each problem under the field it is about
        (nothing is written then), or an empty list when it was created."""
        return self._save(cr, self.service.create_cr, "created in")

    def save(self, cr: ChangeRequest) -> list[Problem]:
        """Save the edited `cr` (an existing CR) the same way: problems, or [] when saved."""
        return self._save(cr, self.service.edit_cr, "saved, in")

    def restore(self, cr: ChangeRequest) -> bool:
        """Put a deleted CR back as it was (undo of a delete)."""
        plan = self._attempt(f"{cr.key} was not restored", lambda: self.service.restore_cr(cr))
        if plan is None:
            return False
        self._show_edit(plan, [cr.key])
        self.message.emit(f"{cr.key} restored.")
        return True

    def _save(self, cr: ChangeRequest, use_case, done: str) -> list[Problem]:
        try:
            outcome = use_case(cr)
        except Refusal as refusal:
            return [Problem(REFUSAL_FIELDS.get(refusal.code, ""), refusal.message)]
        except PlanFileError as bad:
            return list(bad.problems)
        except (StaleEdit, StoreError) as fault:
            self.reload()
            return [Problem("", str(fault))]
        self._show_edit(outcome.plan, [cr.key])
        note = f"{cr.key} {done} {outcome.target or 'the backlog'}."
        if outcome.warnings:
            note += " " + " ".join(w.message + "." for w in outcome.warnings)
        self.message.emit(note)
        return []

    def delete(self, key: str) -> bool:
        plan = self._attempt(f"{key} was not deleted", lambda: self.service.delete_cr(key))
        if plan is None:
            return False
        self._show_edit(plan, [key])
        self.message.emit(f"{key} deleted.")
        return True

    def deploy(self, release: str):
        """Deploy `release`; returns the outcome (what shipped, what slipped where) or None
        when it was refused, with the reason in the status bar."""
        outcome = self._attempt(f"{release} was not deployed",
                                lambda: self.service.deploy(release))
        if outcome is None:
            return None
        self.show_plan(outcome.plan)  # a release changed: lay everything out anew
        self.message.emit(f"{release} deployed: {len(outcome.shipped)} CRs shipped, "
                          f"{len(outcome.slipped)} moved on.")
        return outcome

    def _attempt(self, failure: str, use_case):
        """Run a use case. On a refusal, or a race lost to another planner, or a database
        fault, say "`failure`: why" in the status bar and return None; nothing was written."""
        try:
            return use_case()
        except Refusal as refusal:
            self.message.emit(f"{failure}: {refusal.message}")
        except (StaleEdit, StoreError) as fault:
            self.message.emit(f"{failure}: {fault}")
            self.reload()  # show what is stored now, including the other planner's change
        return None

    def _show_edit(self, plan, crs: list[str]) -> None:
        """What was just committed: no need to read it back, and only the lanes of `crs`
        need laying out again."""
        self._show(plan, relayout_crs(self.layout, self.plan, plan, crs,
                                      self._keep(plan, self.filter)))

    # ---- describing --------------------------------------------------------------------------

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
            return self.service.deployment_record(release)
        except StoreError as fault:
            self.message.emit(f"What {release} shipped is not available: {fault}")
            return None

    def report(self, release: str):
        """A release's bundle report, kept until the plan changes: hovering along a lane asks
        for the same few releases again and again."""
        if release not in self._derived:
            self._derived[release] = bundle_report(self.plan, release,
                                                   self.service.today(self.plan))
        return self._derived[release]
