"""What a client needs to follow other planners live (DESIGN.md section 4, "shared mode"):
the database announces every commit, the client reads the audit rows after the last id it has
seen and applies them, one commit at a time.

- `ChangeSignal` says *that* something was committed: on PostgreSQL a LISTEN connection whose
  socket the client watches (`fileno()`, e.g. with a QSocketNotifier), on SQLite a poll of
  `PRAGMA data_version` (`fileno()` is None; call `drain()` every `poll_ms`).
- `SharedPlan` (the store) says *what*: `changes_since(last_id)`, plus presence and the login's
  permissions. Implemented in storage/ (storage/shared_store.py); widgets see only this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.edits.store_port import StoreError
from app.rules.permissions import Permissions


@dataclass(frozen=True)
class RowRecord:
    """One audit row: a row of the plan as it was and as it is (JSON documents of the plan
    file: cr_document and the like; None when created / deleted)."""

    id: int
    kind: str  # "cr", "release", "team", "pack", "item", "settings", or "plan" (whole import)
    key: str
    before: dict | None
    after: dict | None
    version: int | None  # the row's version after the change; None when deleted or unknown


@dataclass(frozen=True)
class Commit:
    """One committed transaction: one user action, every row it wrote."""

    id: int  # the highest audit id in it: after applying it, the client's last id
    at: datetime
    user: str
    action: str
    rows: tuple[RowRecord, ...]


@dataclass(frozen=True)
class FeedBatch:
    commits: tuple[Commit, ...]  # oldest first
    last_id: int  # the highest audit id now: the next `changes_since` starts here
    # True when the commits cannot bring a snapshot up to date: the log holds less than the
    # client saw (the database was replaced or restored), a commit replaced the whole plan
    # (kind "plan"), or there is more to catch up than a reload costs. Reload the plan then.
    gap: bool = False


@dataclass(frozen=True)
class Wakeup:
    """What a drain of the signal found."""

    changes: bool  # a commit may have happened: call changes_since
    presence: bool  # someone came, went, or opened another CR: call others_present
    highest_id: int | None = None  # PostgreSQL: the highest audit id announced


class FeedLost(StoreError):
    """The listening connection is gone (server restarted, network down, backend killed).
    Call `reconnect()` until it returns, then `changes_since(last_id)`."""


@dataclass(frozen=True)
class Presence:
    session: str
    user: str
    cr: str | None  # the CR open in that client's editor, if any
    seen_at: datetime


class ChangeSignal(Protocol):
    poll_ms: int | None  # SQLite: call drain() this often; PostgreSQL: None (watch fileno)

    def fileno(self) -> int | None:
        """The socket to watch for reading (PostgreSQL); None when it must be polled. It changes
        on reconnect: ask again after `reconnect()`."""
        ...

    def drain(self) -> Wakeup:
        """Read every pending announcement without blocking. Raises FeedLost."""
        ...

    def reconnect(self) -> None:
        """Connect and listen again. Raises FeedLost while the server is unreachable."""
        ...

    def close(self) -> None: ...


class SharedPlan(Protocol):
    """The store's shared-planning side (storage.store.SqlPlanStore implements it)."""

    def last_change_id(self) -> int:
        """The highest audit id now: where a client that just loaded the plan starts."""
        ...

    def changes_since(self, last_id: int) -> FeedBatch: ...

    def audit_history(self, cr: str | None = None, release: str | None = None,
                      limit: int | None = None) -> list[tuple[Commit, RowRecord]]:
        """Audit rows newest first, each with its commit (one row per Commit here)."""
        ...

    def open_signal(self) -> ChangeSignal:
        """A new ChangeSignal on its own connection (close it when done)."""
        ...

    def announce_presence(self, cr: str | None) -> None:
        """This client has the plan open, with `cr` open in its editor (None: no CR). Call it
        on every change of the CR and as a heartbeat (every PRESENCE_HEARTBEAT_S)."""
        ...

    def others_present(self) -> list[Presence]:
        """The other clients seen within PRESENCE_TIMEOUT_S, by user (the same user in two
        windows appears twice: filter on `user` to leave yourself out)."""
        ...

    def leave(self) -> None:
        """This client closes the plan."""
        ...

    def permissions(self) -> Permissions: ...


PRESENCE_HEARTBEAT_S = 10
PRESENCE_TIMEOUT_S = 30
