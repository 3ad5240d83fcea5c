"""The desktop client's one link to the application: it holds the plan being shown, runs use
cases through `PlanService`, and tells the views what changed. Views never touch data.

An edit is decided on the GUI thread against the plan on screen (milliseconds: the rules read
only what they need), shown at once, and written by the EditRunner on a worker behind the
edits before it. The views learn what changed from the edit's change set (`edited`): the
timeline lays out only the lanes of the CRs it names, the backlog inserts and removes rows.
If the write is refused (someone else changed those rows, the server went away), the edit and
every edit queued behind it are taken back the same way, with the reason in the status bar.
The marks (conflicts, blocked, stale bases) depend on the whole plan and follow from a second
worker a moment later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.edits import use_cases as uc
from app.edits import versions
from app.edits.store_port import StaleEdit, StoreError
from app.model.change_set import ChangeSet
from app.model.errors import PlanFileError, Problem, Refusal
from app.model.plan import ChangeRequest
from app.views.cr_filter import CrFilter
from app.views.timeline_layout import (
    MARK_KINDS,
    TimelineLayout,
    layout_timeline,
    relayout_crs,
    timeline_marks,
)
from widgets.session.background import BackgroundJobs
from widgets.session.edit_runner import EditRunner, Job
from widgets.session.plan_access import PlanAccess
from widgets.session.plan_queries import PlanQueries
from widgets.session.undo_stack import UndoHistory

MARKS_DELAY_MS = 40

# The field of a new CR that a refusal is about, to show the message next to it.
REFUSAL_FIELDS = {"duplicate-key": "key", "frozen": "release", "release-closed": "release",
                  "unknown-release": "release", "cr-closed": "stage"}


@dataclass
class _Written:
    """What a queued write must know to be taken back."""

    changes: ChangeSet
    expected: dict  # the versions it was decided on (app.edits.versions.expect)
    failure: str  # "CR-1 stays where it is": the start of the message if it is refused
    undo_index: int | None  # where its undo step was pushed (None: it has none)
    on_failed: Callable[[Exception], None] | None


class PlanController(PlanQueries, PlanAccess, QObject):
    changed = Signal()  # a new plan or layout to show (a load, a filter)
    edited = Signal(object)  # an edit shown or taken back: its ChangeSet
    written = Signal(object)  # an edit's ChangeSet is now in the database (and its audit log)
    marks_changed = Signal()  # the layout's marks were recomputed
    message = Signal(str)  # one line for the status bar
    failed = Signal(str)  # the plan could not be loaded: one line for a dialog
    remote_coming = Signal(list)  # the CRs other planners' commits are about to change
    remote = Signal(object)  # other planners' commits shown (app.sharing.feed_apply.Applied)
    connection_lost = Signal(str)  # a write met an unreachable database: why
    permissions_changed = Signal()  # what the login may do is known (widgets/session/plan_access.py)

    def __init__(self, service, history: UndoHistory | None = None):
        QObject.__init__(self)
        self.service = service
        self.plan = None
        self.layout: TimelineLayout | None = None
        self.filter = CrFilter()
        self.refreshed_at: datetime | None = None
        self.jobs = BackgroundJobs()  # marks: slow, replaceable
        self.runner = EditRunner()  # writes and loads: in order, each one delivered
        self.undo_history = history
        if history is not None:
            history.controller = self
        # What is computed from self.plan on demand (bundle reports, projected states, pack
        # usage), kept until the plan changes.
        self._derived: dict = {}
        self._marks_pending = False
        self.offline: str | None = None  # why edits are refused now (the database is away)
        # The audit id the plan on screen is up to date with: the change feed reads what
        # others committed after it (None: the store has no feed).
        self.feed_from: int | None = None
        self._permissions = None  # the login's, once read (PlanAccess.permissions)

    # ---- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the plan now and show it (the marks follow from the worker)."""
        last = _last_change_id(self.service.store)
        self.show_plan(self.service.load())
        self.feed_from = last

    def reload_in_background(self) -> None:
        """Read and lay out the plan on the worker, behind any write still on its way; the
        window stays responsive."""
        service, keep_filter = self.service, self.filter

        def work():
            # The last id first: a commit between the two reads is applied again from the
            # feed, and skipped there because its versions are already held.
            last = _last_change_id(service.store)
            plan = service.load()
            keep = self._keep(plan, keep_filter)
            return last, plan, layout_timeline(plan, service.today(plan), keep,
                                               self._no_marks())

        def done(result):
            last, plan, layout = result
            if service is self.service:
                self.feed_from = last
                self._show(plan, layout)

        self.runner.submit(Job(work, done, lambda fault: self.failed.emit(str(fault))))

    def use_service(self, service) -> None:
        """Show another database's plan from now on."""
        self.service = service
        self.plan = None
        self.layout = None
        self.permissions = None  # the last database's login: asked again of this one

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
        """Whether a write, a load or the marks of the shown plan are still to come."""
        return self._marks_pending or self.jobs.busy() or not self.runner.idle()

    def idle(self) -> bool:
        """Whether every edit shown has been written (or taken back)."""
        return self.runner.idle()

    def wait_idle(self, seconds: float = 30) -> None:
        """Let the writes on their way finish (opening another database)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

        deadline = QDeadlineTimer(int(seconds * 1000))
        while not self.runner.idle() and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(2)

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
        # The dependents index too, so the next edit's order warnings need not look through
        # every CR (it is carried from plan to plan while nobody's dependencies change).
        QTimer.singleShot(MARKS_DELAY_MS, lambda: self.jobs.run(
            "marks", lambda: (plan.dependents(), timeline_marks(plan))[1], done,
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

    # ---- showing an edit ---------------------------------------------------------------------

    def _adopt(self, plan, changes: ChangeSet) -> None:
        """Show `plan`, which is the shown plan with `changes` applied."""
        old = self.plan
        self.plan = plan
        self.service.adopt(plan)
        keep = self._keep(plan, self.filter)
        if changes.touches("release") or changes.touches("team") \
                or changes.touches("settings") or self.layout is None:
            self.layout = layout_timeline(plan, self.service.today(plan), keep, self._no_marks())
        else:
            self.layout = relayout_crs(self.layout, old, plan, changes.keys("cr"), keep)
        self._derived = {}
        self._recompute_marks()
        self.edited.emit(changes)

    # ---- other planners' edits ---------------------------------------------------------------

    def pending_rows(self) -> set[tuple[str, str]]:
        """The rows an edit of this window is still on its way to write."""
        return {(row.kind, row.key) for job in self.runner.pending()
                if isinstance(job.tag, _Written) for row in job.tag.changes}

    def apply_remote(self, applied) -> None:
        """Show other planners' commits (app.sharing.feed_apply.Applied) like an edit of our own:
        only what they changed is drawn again; their rows' versions are ours now."""
        held = self.service.snapshot.versions
        for key, version in applied.versions.items():
            if version is None:
                held.pop(key, None)
            else:
                held[key] = version
        if applied.changes:
            self.remote_coming.emit(applied.changes.keys("cr"))
            self._adopt(applied.changes.apply(self.plan), applied.changes)
            self.remote.emit(applied)

    # ---- use cases ---------------------------------------------------------------------------

    def perform(self, use_case: uc.UseCase, failure: str, undo_text: str | None,
              on_failed: Callable[[Exception], None] | None = None,
              on_written: Callable[[], None] | None = None):
        """Any edit: decide `use_case` now, show it, queue its write, and make it one undo
        step named `undo_text` (None: no step). Returns the outcome; a Refusal or
        PlanFileError of the rules propagates and nothing changes. If the write is refused
        later, the edit is taken back and "`failure`: why" goes to the status bar."""
        if self.offline:
            raise Refusal("offline", f"{self.offline}; nothing was changed. Release Planner "
                                     "reconnects by itself: try again when it says it is back")
        outcome = self.service.decide(use_case)
        if not outcome.changes:
            return outcome
        self.check_allowed(outcome.changes)  # another team's CR: refused before it shows
        expected = versions.expect(outcome.changes, self.service.snapshot.versions)
        undo_index = self.undo_history.push(undo_text, outcome.changes) \
            if self.undo_history is not None and undo_text else None
        written = _Written(outcome.changes, expected, failure, undo_index, on_failed)
        service, changes, action = self.service, outcome.changes, use_case.action
        def done(_):
            self.written.emit(changes)
            if on_written is not None:
                on_written()

        # The versions are those this edit was decided on, fixed now: a write never checks
        # against what the client learnt later.
        check = {key: v for key, v in expected.items() if v is not None}
        job = Job(lambda: service.write(changes, check, action), done,
                  lambda fault: self._write_failed(job, fault), written)
        # Queued after the views have redrawn the edit. (Queued before, so that the worker
        # wrote while the window redrew, one test run in about seventy hung with both threads
        # idle, the GUI thread inside a Qt text item's colour: not worth a few milliseconds.)
        self._adopt(outcome.plan, outcome.changes)
        self.runner.submit(job)
        return outcome

    def _write_failed(self, job: Job, fault: Exception) -> None:
        """Take back the refused edit and every edit queued behind it (they were decided on
        top of it), newest first; then say why, and read the plan again after a lost race."""
        later = self.runner.take_queued()
        taken = [job, *(j for j in later if isinstance(j.tag, _Written))]
        back = ChangeSet()
        for j in reversed(taken):
            back = back.then(j.tag.changes.inverse())
            versions.restore(self.service.snapshot.versions, j.tag.expected)
        self._adopt(back.apply(self.plan), back)
        for j in reversed(taken):
            if j.tag.undo_index is not None:
                self.undo_history.drop_from(j.tag.undo_index)
            if j.tag.on_failed is not None:
                j.tag.on_failed(fault)
        note = f"{job.tag.failure}: {fault}"
        if len(taken) > 1:
            note += f" ({len(taken) - 1} later edits were taken back with it)"
        self.message.emit(note)
        if isinstance(fault, StaleEdit):
            self.reload_in_background()  # show what is stored now, their change included
        elif isinstance(fault, StoreError):
            self.connection_lost.emit(str(fault))
        for j in later:
            if not isinstance(j.tag, _Written):
                self.runner.submit(j)

    def _attempt(self, failure: str, attempt):
        """Run `attempt()`; on a refusal say "`failure`: why" and return None."""
        try:
            return attempt()
        except Refusal as refusal:
            self.message.emit(f"{failure}: {refusal.message}")
        return None

    def move(self, cr: str, target: str | None) -> bool:
        """Schedule `cr` to release `target` (None: the backlog), one undo step. On a refusal
        the reason goes to the status bar, nothing changes, and the views redraw the bar where
        it was."""
        failure = f"{cr} stays where it is"
        why = self.refusal("schedule", cr)  # the login's role before the rules, as a drag
        if why:
            self.message.emit(f"{failure}: {why}")
            self.changed.emit()
            return False
        outcome = self._attempt(failure, lambda: self.perform(
            uc.Schedule(cr, target or "backlog"), failure,
            f"Move {cr} to {target or 'backlog'}"))
        if outcome is None:
            self.changed.emit()  # the bar returns to where it was
            return False
        note = f"{cr} moved to {outcome.target or 'the backlog'}."
        if outcome.warnings:
            note += " " + " ".join(w.message + "." for w in outcome.warnings)
        self.message.emit(note)
        return True

    def create(self, cr: ChangeRequest, on_failed=None) -> list[Problem]:
        """Create `cr`. Returns what is wrong with it, each problem under the field it is about
        (nothing is written then), or an empty list when it was created."""
        return self._save(uc.CreateCr(cr), f"Create {cr.key}", "created in", on_failed)

    def save(self, cr: ChangeRequest, on_failed=None) -> list[Problem]:
        """Save the edited `cr` (an existing CR) the same way: problems, or [] when saved.
        `on_failed()` is called if the write is refused after all (the editor gets the
        planner's version back)."""
        return self._save(uc.EditCr(cr), f"Edit {cr.key}", "saved, in", on_failed)

    def _save(self, use_case, undo_text: str, done: str, on_failed) -> list[Problem]:
        key = use_case.cr.key
        try:
            outcome = self.perform(use_case, f"{key} was not saved", undo_text, on_failed)
        except Refusal as refusal:
            return [Problem(REFUSAL_FIELDS.get(refusal.code, ""), refusal.message)]
        except PlanFileError as bad:
            return list(bad.problems)
        note = f"{key} {done} {outcome.target or 'the backlog'}."
        if outcome.warnings:
            note += " " + " ".join(w.message + "." for w in outcome.warnings)
        self.message.emit(note)
        return []

    def delete(self, key: str) -> bool:
        if self._attempt(f"{key} was not deleted", lambda: self.perform(
                uc.DeleteCr(key), f"{key} was not deleted", f"Delete {key}")) is None:
            return False
        self.message.emit(f"{key} deleted.")
        return True

    def apply(self, use_case: uc.ApplyChanges, failure: str,
              on_failed: Callable[[], None]) -> bool:
        """An undo or redo: accepted by the rules (shown at once, written behind), or refused
        with the reason and nothing changed. `on_failed()` if the write is refused later."""
        outcome = self._attempt(failure, lambda: self.perform(use_case, failure, None,
                                                            on_failed))
        if outcome is None:
            return False
        self.message.emit(f"{'Undone' if use_case.restoring else 'Redone'}: {use_case.text}.")
        return True

    def deploy(self, release: str, on_deployed: Callable[[object], None]) -> bool:
        """Deploy `release` if the rules allow (else False, the reason in the status bar);
        `on_deployed(outcome)` once it is written: what shipped, what slipped where. A
        deployment is not undone, so it has no undo step and clears the history."""
        failure = f"{release} was not deployed"
        outcome = None

        def written():
            if self.undo_history is not None:
                self.undo_history.stack.clear()
            self.message.emit(f"{release} deployed: {len(outcome.shipped)} CRs shipped, "
                              f"{len(outcome.slipped)} moved on.")
            on_deployed(outcome)

        outcome = self._attempt(failure, lambda: self.perform(uc.Deploy(release), failure, None,
                                                            on_written=written))
        return outcome is not None


def _last_change_id(store) -> int | None:
    """Where the change feed of `store` stands now (None: it has none)."""
    return store.last_change_id() if hasattr(store, "last_change_id") else None
