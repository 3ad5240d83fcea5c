"""Following the other planners live (issue 12): every commit is announced by the database (a
NOTIFY on PostgreSQL, watched through a QSocketNotifier on its own connection; PRAGMA
data_version polled on SQLite), and the window reads the audit rows after the last id it saw
and applies them to the plan on screen as change sets. A notification is only a wake-up: what
changed is read from the audit log, and many wake-ups cost one read. No full reload unless the
feed has a gap.

All database work goes through the session's ordered queue (`session.queue`), and the news
through `session.apply_batch`: the feed knows neither the store's connection nor the plan's
versions. While the database cannot be reached, a banner says so and edits are refused with a
clear message (never queued, never lost): the feed tries again every few seconds, listens
again, catches up from the last id and says when it is back. It also tells who else has the
plan open, and which CR each has in the editor (advisory, never a lock).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from app.edits.store_port import StoreError
from app.sharing.change_summary import describe
from app.sharing.feed_apply import NeedsReload
from app.sharing.feed_port import PRESENCE_HEARTBEAT_S, FeedLost

RETRY_MS = 2000
OFFLINE = "The database cannot be reached"

log = logging.getLogger(__name__)


class LiveFeed(QObject):
    banner = Signal(str)  # why the database is away; "" once it is back
    presence = Signal()  # `others` changed

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.signal = None  # app.sharing.feed_port.ChangeSignal of the database followed
        self.following = False
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
        session.connection_lost.connect(self._lost)

    # ---- starting and stopping -------------------------------------------------------------

    def start(self) -> None:
        """Follow the session's database (just opened) from now on."""
        self.stop()
        self.following = True
        self.session.queue(lambda store: store.open_signal()
                           if hasattr(store, "open_signal") else None,
                           self._listening, lambda fault: self._lost(str(fault)))

    def _listening(self, signal) -> None:
        if signal is None or not self.following:
            return  # a store without a change feed (tests' fakes): nothing to follow
        self.signal = signal
        self._watch()
        self.heartbeat.start()
        self._announce()

    def stop(self, closing: bool = False) -> None:
        """Stop following the database. `closing`: the window closes, so its presence row is
        removed now, before the worker stops (a restart would otherwise show the planner to
        themselves as "also here" for 30 s)."""
        self.poll.stop()
        self.retry.stop()
        self.heartbeat.stop()
        self._unwatch()
        if self.signal is not None:
            self.signal.close()
            self.signal = None
        if self.following and not self.session.core.offline:
            self.session.queue(lambda store: hasattr(store, "leave") and store.leave(),
                               lambda _: None, lambda fault: log.warning(
                                   "could not remove this window's presence row: %s", fault))
            if closing:
                self.session.runner.wait_idle(5)
        self.following = False
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
        writes) and show them; one read at a time, another after it if woken meanwhile."""
        session = self.session
        since = session.core.feed_from
        if session.plan is None or since is None or not self.following:
            return
        if self._fetching:
            self._again = True
            return
        self._fetching = True
        session.queue(lambda store: store.changes_since(since), self._arrived,
                      self._fetch_failed)

    def _arrived(self, batch) -> None:
        self._fetching = False
        session = self.session
        if session.plan is None or not self.following:
            return
        try:
            applied = session.apply_batch(batch)
        except NeedsReload:
            session.load()  # it reads the last id anew
        else:
            self.caught_up += len(applied.commits)
            if applied.commits:
                session.message.emit(describe(applied.commits[-1]).summary)
        if self._again:
            self._again = False
            self.catch_up()

    def _fetch_failed(self, fault: Exception) -> None:
        self._fetching = False
        if isinstance(fault, StoreError):
            self._lost(str(fault))
        else:
            self.session.message.emit(f"Other planners' changes not read: {fault}")

    # ---- losing and finding the database ---------------------------------------------------

    def _lost(self, why: str) -> None:
        if self.session.core.offline or not self.following:
            return
        self.session.set_offline(OFFLINE)
        self._unwatch()
        self.banner.emit(f"The database cannot be reached ({why.rstrip('.')}). Edits are "
                         "refused until it is back; Release Planner reconnects by itself.")
        self.retry.start()

    def _reconnect(self) -> None:
        if self._fetching or not self.following:
            return
        signal = self.signal
        self._fetching = True  # one attempt at a time

        def work(store):
            if signal is None:
                return store.open_signal()
            signal.reconnect()
            return signal

        self.session.queue(work, self._back, lambda _fault: setattr(self, "_fetching", False))

    def _back(self, signal) -> None:
        self._fetching = False
        self.retry.stop()
        self.signal = signal
        self.session.set_offline("")
        self._watch()
        self.banner.emit("")
        self.session.message.emit("Connected to the database again; catching up with what "
                                  "others changed meanwhile.")
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
        if self.session.core.offline or not self.following:
            return
        cr = self.editing

        def work(store):
            if not hasattr(store, "announce_presence"):
                return []
            store.announce_presence(cr)
            return store.others_present()

        self.session.queue(work, self._present, lambda _fault: None)

    def _present(self, others) -> None:
        if others != self.others:
            self.others = others
            self.presence.emit()

    def editing_here(self, cr: str) -> list[str]:
        """Who else has `cr` open in their editor."""
        return sorted({p.user for p in self.others if p.cr == cr})
