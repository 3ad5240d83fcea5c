"""The desktop's session: the plan on screen and the one way every view reads and changes it
(app.session.plan_session is its Qt-free core; this adds the worker threads and the signals).

Views read `plan`, `layout`, `derived` and `gate(...)`, and run edits with `run` (a dialog that
shows problems next to its fields) or `attempt` (a refusal goes to the status bar). An edit is
decided and drawn on the GUI thread at once; its write waits on the worker behind the edits
before it. Database work of any kind (loads, writes, history, the change feed) goes through
the same ordered queue (`queue`), so no view touches the store and nothing blocks the window.

Signals, so that a view redraws only what it must:
- `plan_changed`: a new plan or layout to show (a load, a filter, compacting);
- `edited(changes)`: an edit shown or taken back, its change set;
- `put_back(keys)`: a move or edit was refused and nothing changed: views that moved these
  CRs while dragging put them back where they are;
- `derived_ready(kind)`: "marks" or "capacity" worked out for the plan shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.edits.store_port import StaleEdit, StoreBusy, StoreError
from app.edits.use_case import StoredEdit, UseCase
from app.model.change_set import ChangeSet
from app.model.errors import PlanFileError, Refusal, RefusalCode
from app.model.row_kinds import RowKind
from app.plan_file.bulk_load import set_aside, take_back
from app.rules.permissions import Action
from app.session.plan_session import PendingWrite, PlanSession
from app.views.cr_filter import CrFilter
from app.views.derived import Derived
from app.views.timeline_layout import (
    MARK_KINDS,
    TimelineLayout,
    layout_timeline,
    relayout_crs,
    timeline_marks,
)
from widgets.session.background import BackgroundJobs
from widgets.session.edit_runner import EditRunner, Job

DERIVED_DELAY_MS = 40  # started once the window has repainted the edit (see `_work_out`)
CAPACITY_AT_ONCE_UP_TO = 20_000  # CRs: above, the loads follow the first paint
FROZEN_FROM = 20_000  # CRs: a larger plan is kept out of the cyclic collector's walks


class Session(QObject):
    plan_changed = Signal()
    edited = Signal(object)
    put_back = Signal(list)
    written = Signal(object)
    derived_ready = Signal(str)
    settled = Signal()  # no write, load or derived data is on its way any more
    message = Signal(str)  # one line for the status bar
    load_failed = Signal(str)  # the plan could not be read: one line for a dialog
    empty = Signal()  # the database holds no plan yet
    remote_coming = Signal(list)  # the CRs other planners' commits are about to change
    remote = Signal(object)  # other planners' commits shown (app.sharing.feed_apply.Applied)
    connection_lost = Signal(str)  # a write met an unreachable database: why
    gate_changed = Signal()  # the login's role, read-only or the connection changed
    history_changed = Signal()  # what Undo and Redo would do changed

    def __init__(self, store, today: date | None = None):
        super().__init__()
        self.core = PlanSession(store, today)
        self.layout: TimelineLayout | None = None
        self.filter = CrFilter()
        self.derived: Derived | None = None
        self.refreshed_at: datetime | None = None
        self.runner = EditRunner()  # database work, in order
        self.jobs = BackgroundJobs()  # derived data: slow, replaceable
        for worker in (self.runner, self.jobs):
            worker.settled.connect(lambda: self.busy() or self.settled.emit())
        self._marks_pending = False
        self._laid_out = None  # the plan `layout` was made for
        self._on_failed: dict[int, Callable[[Exception], None]] = {}  # by id of PendingWrite
        self._stored = False  # a StoredEdit is on its way

    # ---- reading -------------------------------------------------------------------------------

    @property
    def plan(self):
        return self.core.plan

    def today(self) -> date:
        return self.core.today()

    def gate(self, action: Action | None = None, cr: str | None = None) -> str:
        return self.core.gate(action, cr)

    def may_create_for(self, team: str) -> bool:
        return self.core.may_create_for(team)

    @property
    def history(self):
        return self.core.history

    def queue(self, work: Callable, done: Callable[[object], None],
              failed: Callable[[Exception], None] | None = None) -> None:
        """Database work `work(store)` on the worker, behind the writes before it; `done` or
        `failed` on the GUI thread (a fault without `failed` goes to the status bar)."""
        store = self.core.store
        self.runner.submit(Job(lambda: work(store), done,
                               failed or (lambda fault: self.message.emit(str(fault)))))

    # ---- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read and lay out the plan on the worker, behind any write still on its way (or say
        the database is empty); the window stays responsive."""
        core, keep_filter = self.core, self.filter

        def work(_store):
            if core.store.is_empty():
                return None
            last, snapshot = core.read()
            plan = snapshot.plan
            today = core.today_override or plan.settings.today or date.today()
            return last, snapshot, layout_timeline(plan, today, _keep(plan, keep_filter),
                                                   self._last_marks())

        def done(result):
            if core is not self.core:
                return  # another database was opened meanwhile
            if result is None:
                self.empty.emit()
                return
            last, snapshot, layout = result
            core.adopt(last, snapshot)
            if len(snapshot.plan.crs) > FROZEN_FROM:
                set_aside()  # not walked by the collector in the first paint (bulk_load)
            self._show(layout)

        self.queue(work, done, lambda fault: self.load_failed.emit(str(fault)))

    def use_store(self, store) -> None:
        """Show another database's plan from now on (the caller loads it)."""
        take_back()  # what was set aside with the last plan may be collected again
        self.core = PlanSession(store, self.core.today_override)
        self.layout = self.derived = None
        self.gate_changed.emit()
        self.history_changed.emit()

    def switch_store(self, store, last: int | None, snapshot, changes: ChangeSet) -> None:
        """Show the plan of another store of the same database that differs from the plan
        shown by `changes` (a scenario laid over the live plan shown): drawn like an edit, only
        what changed, instead of read and laid out whole. Undo starts afresh; what the login
        may do stays."""
        old = self.core
        self.core = PlanSession(store, old.today_override)
        self.core.permissions, self.core.read_only, self.core.offline = \
            old.permissions, old.read_only, old.offline
        self.core.adopt(last, snapshot)
        self.gate_changed.emit()
        self._shown(changes)

    def set_filter(self, new: CrFilter) -> None:
        """Narrow every view to the CRs `new` matches."""
        self.filter = new
        if self.plan is not None:
            self._show(layout_timeline(self.plan, self.today(), _keep(self.plan, new),
                                       self._last_marks()), keep_derived=True)

    def compact(self) -> None:
        """Pack every lane tightly again (moves leave the other bars where they were)."""
        if self.plan is not None:
            self._show(layout_timeline(self.plan, self.today(), _keep(self.plan, self.filter),
                                       self._last_marks()), keep_derived=True)

    def _show(self, layout: TimelineLayout, keep_derived: bool = False) -> None:
        self.layout, self._laid_out = layout, self.plan
        if not keep_derived:
            self._derive()
        self.refreshed_at = datetime.now()
        self.plan_changed.emit()

    def _last_marks(self):
        """The marks shown until the worker has new ones: the last known, so bars do not
        flicker."""
        return self.layout.marks if self.layout is not None else \
            {kind: set() for kind in MARK_KINDS}

    # ---- derived data --------------------------------------------------------------------------

    def _derive(self) -> None:
        """A new plan is shown: what views derive from it starts afresh; the marks and the
        capacity are worked out off the GUI thread."""
        plan = self.plan
        self.derived = Derived(plan, self.today())
        if len(plan.crs) <= CAPACITY_AT_ONCE_UP_TO:
            self.derived.capacity = self.derived.work_out_capacity()
        self._marks_pending = True
        # Started once the window has repainted the edit: the worker would otherwise share
        # the interpreter with that repaint and slow the drop a planner is watching.
        QTimer.singleShot(DERIVED_DELAY_MS, lambda: self._work_out(plan))

    def _work_out(self, plan) -> None:
        derived = self.derived

        def marks_done(marks):
            if plan is self.plan:
                self._marks_pending = False
                self.layout.marks = marks
                self.derived_ready.emit("marks")

        def capacity_done(loads):
            if derived is self.derived:
                derived.capacity = loads
                self.derived_ready.emit("capacity")

        def failed(fault):
            self.message.emit(f"Conflict marks not updated: {fault}")

        # The dependents index too, so the next edit's order warnings need not look through
        # every CR (it is carried from plan to plan while nobody's dependencies change).
        self.jobs.run("marks", lambda: (plan.dependents(), timeline_marks(plan))[1],
                      marks_done, failed)
        if derived is not None and derived.capacity is None:
            self.jobs.run("capacity", derived.work_out_capacity, capacity_done, failed)

    def busy(self) -> bool:
        """Whether a write, a load or the marks of the shown plan are still to come."""
        return self._marks_pending or self.jobs.busy() or not self.runner.idle()

    def idle(self) -> bool:
        """Whether every edit shown has been written (or taken back)."""
        return self.runner.idle()

    # ---- editing -------------------------------------------------------------------------------

    def run(self, use_case: UseCase, on_failed: Callable[[Exception], None] | None = None,
            vetted: bool = False):
        """Any edit: decide it now, queue its write, show it (one undo step when it names
        one). Returns the outcome; a Refusal or PlanFileError propagates and nothing changes.
        If the write is refused later, the edit is taken back, "failure: why" goes to the
        status bar and `on_failed(fault)` is called. `vetted`: the caller asked the gate about
        these CRs already (app.session.plan_session.PlanSession.decide)."""
        outcome = self.core.decide(use_case, vetted)
        if not outcome.changes:
            return outcome
        pending = self.core.stage(use_case, outcome)
        if on_failed is not None:
            self._on_failed[id(pending)] = on_failed
        store = self.core.store
        # Queued before the views redraw: the worker writes while the window repaints.
        self.runner.submit(Job(lambda: store.write(pending.changes, pending.check,
                                                   use_case.action),
                               lambda _: self._written(pending),
                               lambda fault: self._write_failed(pending, fault), pending))
        self.core.show(pending, outcome.plan)
        self._shown(outcome.changes)
        note = use_case.note(outcome)
        if note:
            self.message.emit(note)
        return outcome

    def attempt(self, use_case: UseCase, moved: list[str] = (), vetted: bool = False):
        """`run`, with a refusal said in the status bar ("failure: why") instead of raised:
        the outcome, or None. `moved`: the CRs a view moved on screen while dragging, put
        back when the edit is refused."""
        try:
            return self.run(use_case, vetted=vetted)
        except Refusal as refusal:
            why = refusal.message
        except PlanFileError as bad:
            why = "; ".join(p.message for p in bad.problems)
        self.message.emit(f"{use_case.failure}: {why}")
        self.put_back.emit(list(moved))
        return None

    def undo(self) -> None:
        self._step(self.core.history.undo_case())

    def redo(self) -> None:
        self._step(self.core.history.redo_case())

    def _step(self, case) -> None:
        if case is not None:
            self.run_stored(case) if isinstance(case, StoredEdit) else self.attempt(case)
            self.history_changed.emit()

    def run_stored(self, case: StoredEdit, done: Callable[[object], None] = lambda _: None,
                   failed: Callable[[Exception], None] = lambda _: None) -> None:
        """An edit only the store can decide (app.edits.use_case.StoredEdit: a promotion, its
        undo and redo), behind the writes before it; then the plan is read again. An undo or
        redo moves the history at once, as one decided on screen does, and back if refused."""
        history, today, why = self.core.history, self.today(), self.gate()
        if not why and self._stored:
            why = "the last promotion is still being written; try again in a moment"
        if why:
            self.message.emit(f"{case.failure}: {why}")
            return failed(Refusal(RefusalCode.READ_ONLY, why))
        back = history.index
        if case.restoring is not None:
            history.moved(back + (-1 if case.restoring else 1))
        self._stored = True

        def ok(result):
            self._stored = False
            case.settle(history, result)
            self.message.emit(case.note(result))
            self.history_changed.emit()
            done(result)
            self.load()

        def refused(fault):
            self._stored = False
            if case.restoring is not None:
                history.moved(back)
            self.message.emit(f"{case.failure}: {fault}")
            self.history_changed.emit()
            failed(fault)
            if isinstance(fault, StaleEdit):
                self.load()

        self.queue(lambda store: case.apply(store, today), ok, refused)

    def _shown(self, changes: ChangeSet) -> None:
        """Lay out what `changes` did to the plan now held by the core, and tell the views."""
        keep = _keep(self.plan, self.filter)
        if changes.touches(RowKind.RELEASE) or changes.touches(RowKind.TEAM) \
                or changes.touches(RowKind.SETTINGS) or self.layout is None:
            self.layout = layout_timeline(self.plan, self.today(), keep, self._last_marks())
        else:
            self.layout = relayout_crs(self.layout, self._laid_out, self.plan,
                                       changes.keys(RowKind.CR), keep)
        self._laid_out = self.plan
        self._derive()
        self.edited.emit(changes)
        self.history_changed.emit()

    def _written(self, pending: PendingWrite) -> None:
        self._on_failed.pop(id(pending), None)
        self.core.written(pending)
        self.history_changed.emit()
        self.written.emit(pending.changes)

    def _write_failed(self, pending: PendingWrite, fault: Exception) -> None:
        """Take back the refused edit and every edit queued behind it; say why; read the plan
        again after a lost race."""
        later = self.runner.take_queued()
        back, taken = self.core.refused(pending)
        if back:
            self._shown(back)
        for p in taken:
            on_failed = self._on_failed.pop(id(p), None)
            if on_failed is not None:
                on_failed(fault)
        for job in later:
            if not isinstance(job.tag, PendingWrite):
                self.runner.submit(job)  # a read queued meanwhile still runs
        note = f"{pending.use_case.failure}: {fault}"
        if len(taken) > 1:
            note += f" ({len(taken) - 1} later edits were taken back with it)"
        self.message.emit(note)
        if isinstance(fault, StaleEdit):
            self.load()  # show what is stored now, their change included
        elif isinstance(fault, StoreBusy):
            pass  # the server answered: the line above says it all, the window stays online
        elif isinstance(fault, StoreError):
            self.connection_lost.emit(str(fault))

    # ---- other planners' commits ---------------------------------------------------------------

    def apply_batch(self, batch):
        """Show the commits of a change-feed batch that are news, like an edit of our own:
        only what they changed is drawn again. Raises NeedsReload when the feed cannot."""
        applied = self.core.apply_commits(batch)
        if applied.changes:
            self.remote_coming.emit(applied.changes.keys(RowKind.CR))
            self._shown(applied.changes)
            self.remote.emit(applied)
        return applied

    def set_offline(self, why: str) -> None:
        """The database cannot be reached (why), or can again (""): edits are refused until
        then, never queued."""
        if why != self.core.offline:
            self.core.offline = why
            self.gate_changed.emit()

    def set_read_only(self, why: str) -> None:
        self.core.read_only = why
        self.gate_changed.emit()

    def set_permissions(self, permissions) -> None:
        self.core.permissions = permissions
        self.gate_changed.emit()


def _keep(plan, crs_filter: CrFilter):
    return (lambda cr: crs_filter.matches(plan, cr)) if crs_filter.active else None
