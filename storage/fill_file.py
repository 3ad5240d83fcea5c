"""A fill (`import`, `demo`, `generate`) that fails leaves no database behind that it created:
on a full disk, SQLite may have written the schema, or a first page and its -wal and -shm files,
before the error, and a planner would find a database that looks like a plan but holds none.

The file is claimed first: created empty and exclusively, so a file another process creates at
the same moment is never taken for this command's (and never removed by it). A file that was
there before the command (an empty one the planner made) is left as the failed transaction
left it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from storage.database import database_url, sqlite_path

COMPANIONS = ("-wal", "-shm", "-journal")


@contextmanager
def removed_if_failed(target: str) -> Iterator[None]:
    """Run a fill of `target`; if it fails, remove the SQLite file it created."""
    claimed = None
    try:
        with _stop_signals_held():
            claimed = _claim(target)
        yield
    except BaseException:
        if claimed is not None:
            _remove(*claimed)
        raise
    finally:
        if claimed is not None:
            os.close(claimed[1])


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Ctrl+C or SIGTERM right after the file is created, before its descriptor is held, would
    leave it behind (Python raises a signal as soon as os.open returns): they wait until the
    claim is recorded, and are raised then, where a failure removes the file."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread: a worker's claim cannot be interrupted
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _claim(target: str) -> tuple[Path, int] | None:
    """Create the SQLite file of `target` empty, if it does not exist: its path, and a
    descriptor held open until the fill ends (while it is open, no other file can take the
    claimed file's inode number, which is how the file is recognised as ours)."""
    try:
        path = sqlite_path(database_url(target))
    except Exception:  # not a file target, or one the open refuses with its own message
        return None
    if path is None:
        return None
    try:
        return path, os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError:  # there already, or not creatable: the open says why
        return None


def _remove(path: Path, fd: int) -> None:
    with suppress(OSError):
        mine, now = os.fstat(fd), os.lstat(path)
        if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            return  # replaced by another program since: not ours to remove
        for suffix in COMPANIONS:
            with suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        os.unlink(path)
