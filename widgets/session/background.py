"""Slow work off the GUI thread: loading a plan and computing the timeline's marks take seconds
at 100,000 CRs, and the window must stay responsive meanwhile (DESIGN.md section 7).

A job runs on one worker thread; its result comes back to the GUI thread through a queued
signal. Jobs are numbered: the result of a job that a newer one has replaced is dropped, so a
slow answer about an old plan never overwrites a newer one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class BackgroundJobs(QObject):
    _finished = Signal(str, int, object, object)  # kind, number, result, error
    # No job left: a superseded job that ends after the one that replaced it calls nobody, so
    # "still working" notes wait for this rather than for the last result.
    settled = Signal()

    def __init__(self):
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planner-work")
        self._latest: dict[str, int] = {}
        self._handlers: dict[str, tuple[Callable, Callable]] = {}
        self._running: dict[str, int] = {}
        self._closed = False
        self._finished.connect(self._deliver)

    def run(self, kind: str, work: Callable[[], object], done: Callable[[object], None],
            failed: Callable[[Exception], None]) -> None:
        """Run `work()` in the background; then `done(result)` or `failed(error)` on the GUI
        thread, unless another job of the same kind was started in the meantime."""
        if self._closed:
            return  # the window is closing: nobody is left to show the result
        number = self._latest.get(kind, 0) + 1
        self._latest[kind] = number
        self._handlers[kind] = (done, failed)
        self._running[kind] = self._running.get(kind, 0) + 1

        def task():
            try:
                result, error = work(), None
            except Exception as fault:  # reported to the GUI thread, never lost in the worker
                log.exception("background %s failed", kind)
                result, error = None, fault
            self._finished.emit(kind, number, result, error)

        self._pool.submit(task)

    def busy(self, kind: str | None = None) -> bool:
        if kind is None:
            return any(self._running.values())
        return self._running.get(kind, 0) > 0

    def _deliver(self, kind: str, number: int, result, error) -> None:
        self._running[kind] -= 1
        if not self._closed and number == self._latest[kind]:  # else superseded
            done, failed = self._handlers[kind]
            if error is None:
                done(result)
            else:
                failed(error)
        if not self._closed and not self.busy():
            self.settled.emit()

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
