"""Following the other planners live (issue 12): every commit is announced by the database (a
NOTIFY on PostgreSQL, watched through a QSocketNotifier on its own connection; PRAGMA
data_version polled on SQLite), and the window reads the audit rows after the last id it saw
and applies them to the plan on screen as change sets. No full reload unless the feed has a
gap.

While the database cannot be reached, a banner says so and edits are refused with a clear
message (never queued, never lost): the feed tries again every few seconds, listens again,
catches up from the last id and says when it is back. It also tells who else has the plan
open, and which CR each has in the editor (advisory, never a lock).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from app.edits.store_port import StoreError
from app.sharing.change_summary import describe
from app.sharing.feed_apply import NeedsReload, apply_commits
from app.sharing.feed_port import PRESENCE_HEARTBEAT_S, FeedLost
from widgets.session.edit_runner import Job

RETRY_MS = 2000

log = logging.getLogger(__name__)


class LiveFeed(QObject):
    banner = Signal(str)  # why the database is away; "" once it is back
    presence = Signal()  # `others` changed

    def __init__(self, controller):
        super().__init__()
        self.controller = controller
        self.store = None
        self.signal = None
        self.notifier: QSocketNotifier | None = None
        self.others: list = []  # app.sharing.feed_port.Presence of the other clients
        self.editing: str | None = None  # the CR in this window's editor
        self.caught_up = 0  # commits of others applied (tests, the status bar)
        self._fetching = False
        self._again = False
        self.poll = QTimer(self)
        self.poll.timeout.connect(self._wake)
        self.retry = QTimer(self)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self._reconnect)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(PRESENCE_HEARTBEAT_S * 1000)
        self.heartbeat.timeout.connect(self._announce)
        controller.connection_lost.connect(self._lost)

    # ---- starting and stopping -------------------------------------------------------------

    def start(self, store) -> None:
        """Follow `store` (the database just opened) from now on."""
        self.stop()
        self.store = store
        if not hasattr(store, "open_signal"):
            return  # a store without a change feed (tests' fakes): nothing to follow
        try:
            self.signal = store.open_signal()
        except StoreError as fault:
            self._lost(str(fault))
            return
        self._watch()
        self.heartbeat.start()
        self._announce()

    def stop(self, closing: bool = False) -> None:
        """Stop following the database. `closing`: the window closes, so the presence row is
        removed now (queued on the worker, it would be cancelled with the worker's other jobs,
        and a restart would show the planner to themselves as "also here" for 30 s)."""
        self.poll.stop()
        self.retry.stop()
        self.heartbeat.stop()
        self._unwatch()
        if self.signal is not None:
            self.signal.close()
            self.signal = None
        if self.store is not None and hasattr(self.store, "leave"):
            store = self.store
            if closing:
                try:
                    store.leave()
                except Exception:  # a lost connection: the row times out on the others' side
                    log.warning("could not remove this window's presence row", exc_info=True)
            else:
                self.controller.jobs.run("presence", store.leave, lambda _: None, lambda _: None)
        self.store = None
        self.others = []

    def _watch(self) -> None:
        fileno = self.signal.fileno()
        if fileno is None:
            self.poll.start(self.signal.poll_ms)
        else:
            self.notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self)
            self.notifier.activated.connect(self._wake)

    def _unwatch(self) -> None:
        self.poll.stop()
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None

    # ---- following -------------------------------------------------------------------------

    def _wake(self) -> None:
        if self.signal is None:
            return
        try:
            wakeup = self.signal.drain()
        except FeedLost as fault:
            self._lost(str(fault))
            return
        if wakeup.changes:
            self.catch_up()
        if wakeup.presence:
            self._announce()

    def catch_up(self) -> None:
        """Read the commits after the last id seen (on the worker, behind this window's own
        writes) and show them; one fetch at a time, another after it if woken meanwhile."""
        if self.controller.plan is None or self.controller.feed_from is None \
                or self.store is None:
            return
        if self._fetching:
            self._again = True
            return
        self._fetching = True
        store, since = self.store, self.controller.feed_from
        self.controller.runner.submit(Job(lambda: store.changes_since(since), self._arrived,
                                          self._fetch_failed))

    def _arrived(self, batch) -> None:
        self._fetching = False
        controller = self.controller
        if controller.plan is None:
            return
        try:
            if batch.gap:
                raise NeedsReload("the change feed has a gap")
            applied = apply_commits(controller.plan, controller.service.snapshot.versions,
                                    batch.commits, busy=controller.pending_rows())
        except NeedsReload:
            controller.reload_in_background()  # it reads the last id anew
        else:
            controller.feed_from = batch.last_id
            controller.apply_remote(applied)
            self.caught_up += len(applied.commits)
            if applied.commits:
                controller.message.emit(describe(applied.commits[-1]).summary)
        if self._again:
            self._again = False
            self.catch_up()

    def _fetch_failed(self, fault: Exception) -> None:
        self._fetching = False
        if isinstance(fault, StoreError):
            self._lost(str(fault))
        else:
            self.controller.message.emit(f"Other planners' changes not read: {fault}")

    # ---- losing and finding the database ---------------------------------------------------

    def _lost(self, why: str) -> None:
        if self.controller.offline:
            return
        self.controller.offline = "The database cannot be reached"
        self._unwatch()
        self.banner.emit(f"The database cannot be reached ({why.rstrip('.')}). Edits are "
                         "refused until it is back; Release Planner reconnects by itself.")
        self.retry.start()

    def _reconnect(self) -> None:
        if self.controller.jobs.busy("reconnect") or self.store is None:
            return
        store, signal = self.store, self.signal

        def work():
            if signal is None:
                return store.open_signal()
            signal.reconnect()
            return signal

        self.controller.jobs.run("reconnect", work, self._back, lambda _fault: None)

    def _back(self, signal) -> None:
        self.retry.stop()
        self.signal = signal
        self.controller.offline = None
        self._watch()
        self.banner.emit("")
        self.controller.message.emit("Connected to the database again; catching up with "
                                     "what others changed meanwhile.")
        self.heartbeat.start()
        self._announce()
        self.catch_up()

    # ---- presence --------------------------------------------------------------------------

    def edit(self, cr: str | None) -> None:
        """This window's editor shows `cr` now (None: nothing)."""
        if cr != self.editing:
            self.editing = cr
            self._announce()

    def _announce(self) -> None:
        store = self.store
        if store is None or not hasattr(store, "announce_presence") or self.controller.offline:
            return
        cr = self.editing

        def work():
            store.announce_presence(cr)
            return store.others_present()

        self.controller.jobs.run("presence", work, self._present, lambda _fault: None)

    def _present(self, others) -> None:
        if others != self.others:
            self.others = others
            self.presence.emit()

    def editing_here(self, cr: str) -> list[str]:
        """Who else has `cr` open in their editor."""
        return sorted({p.user for p in self.others if p.cr == cr})
