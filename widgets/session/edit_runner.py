"""Database work off the GUI thread, one job at a time and in order (in the spirit of Anki's
CollectionOp): writes of edits the window already shows, and the loads between them.

A planner's edit is decided and drawn on the GUI thread at once; its write waits here behind
the ones before it, so two quick moves of one CR are written in the order they were made, each
against the versions the previous one left. Loads go through the same queue: a plan read while
a write is on its way would otherwise show the plan without it. The result or the fault of each
job comes back on the GUI thread. When a write fails, the jobs queued behind it were decided on
top of it: `take_queued` hands them back so the caller can take them back too.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


@dataclass
class Job:
    work: Callable[[], object]
    done: Callable[[object], None]
    failed: Callable[[Exception], None]
    tag: object = None  # what the caller needs to take the job back (e.g. its change set)


class EditRunner(QObject):
    _finished = Signal(object, object, object)  # job, result, error
    settled = Signal()  # the last job queued is done

    def __init__(self):
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planner-write")
        self._queue: deque[Job] = deque()
        self._running: Job | None = None
        self._closed = False
        self._finished.connect(self._deliver)

    def submit(self, job: Job) -> None:
        if self._closed:
            return
        self._queue.append(job)
        self._next()

    def idle(self) -> bool:
        return self._running is None and not self._queue

    def pending(self) -> list[Job]:
        """The job being run and those queued behind it, oldest first."""
        return ([self._running] if self._running is not None else []) + list(self._queue)

    def take_queued(self) -> list[Job]:
        """The jobs not started yet, removed from the queue, oldest first."""
        jobs = list(self._queue)
        self._queue.clear()
        return jobs

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        job = self._running = self._queue.popleft()

        def task():
            try:
                result, error = job.work(), None
            except Exception as fault:  # reported on the GUI thread, never lost in the worker
                if not getattr(fault, "expected", False):
                    log.info("background job failed: %s", fault)
                result, error = None, fault
            self._finished.emit(job, result, error)

        self._pool.submit(task)

    def _deliver(self, job: Job, result, error) -> None:
        self._running = None
        if not self._closed:
            if error is None:
                job.done(result)
            else:
                job.failed(error)
        self._next()
        if not self._closed and self.idle():
            self.settled.emit()

    def wait_idle(self, seconds: float) -> bool:
        """Let the work on its way finish, the window still painting, for at most `seconds`;
        whether it did."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

        deadline = QDeadlineTimer(int(seconds * 1000))
        while not self.idle() and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(2)
        return self.idle()

    def abandon(self) -> None:
        """The planner gave up on the writes on their way: nothing more is run, and the
        thread blocked in one is not waited for."""
        self._closed = True
        self._queue.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """The window is closing: finish every queued job (each write is an edit the planner
        has already seen on screen) before the thread stops."""
        self._closed = True
        for job in self.take_queued():
            self._pool.submit(_quietly, job.work)
        self._pool.shutdown(wait=True)


def _quietly(work: Callable[[], object]) -> None:
    try:
        work()
    except Exception as fault:  # nobody is left to show it: the log has it
        log.warning("a job at close failed: %s", fault)
