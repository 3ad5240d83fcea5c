"""What the application needs from a plan store (DESIGN.md section 2: app defines the interface,
storage/ implements it, main.py wires them).

A store hands out a `Snapshot`: a plan (the whole plan, or the part a single-CR edit needs)
plus the version counter of every row in it. A use case decides with the engine, which says
what it changes as a change set, and asks the store to `write` that change set against the
versions it started from; the store writes only those rows, in one transaction, and refuses
with `StaleEdit` if any of them changed in the meantime, so no edit is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from app.model.change_set import ChangeSet
from app.model.plan import Plan
from app.model.row_kinds import NOUNS


@dataclass(frozen=True)
class Snapshot:
    plan: Plan
    # (kind, key) -> version; settings are one row: ("settings", "").
    versions: dict[tuple[str, str], int] = field(default_factory=dict)


NAMED = 10  # rows a refusal names; the rest are counted (a 2,000-row edit stays one line)


class StaleEdit(Exception):
    """A write based on rows that someone else changed since they were loaded."""

    def __init__(self, changed: list[tuple[str, str]], detail: str = ""):
        self.changed = changed
        named = [f"{NOUNS[k]} {key}" if key else NOUNS[k] for k, key in changed[:NAMED]]
        more = len(changed) - NAMED
        names = ", ".join(named) + (f" and {more:,} more" if more > 0 else "") or "the plan"
        message = f"changed by someone else since you loaded it: {names}"
        if detail:
            message += f" ({detail})"
        super().__init__(message + ". Nothing was saved; reload to see their change.")


class StoreError(Exception):
    """The database cannot be used: unreachable, locked, corrupt or newer than this program.
    The message is one line a planner can act on."""


class StoreBusy(StoreError):
    """The database answered but would not take this write now (another session holds what it
    needs): nothing was written, and the connection is fine, so this is no reason to go offline."""


class PlanStore(Protocol):
    def load(self) -> Snapshot: ...

    def load_scope(self, crs: Iterable[str]) -> Snapshot:
        """The part of the plan a single-CR edit's rules read: settings, teams, packs,
        releases, the CRs `crs` with their dependencies and dependents (no items)."""
        ...

    def write(self, changes: ChangeSet, versions: Mapping[tuple[str, str], int],
              action: str) -> dict[tuple[str, str], int | None]:
        """Write exactly the rows of `changes`, each only if its stored version is the one in
        `versions`, and audit them as `action`; one transaction. Returns the touched rows'
        new versions (None: removed). Raises StaleEdit when a row changed meanwhile."""
        ...

    def history(self, kind: str, key: str) -> list[dict]:
        """Audit rows of one row, oldest first: at, user, action, before, after."""
        ...

    def audit_of_action(self, action: str) -> list[dict]:
        """Audit rows written by one use case (e.g. "deploy R1"), oldest first: at, user,
        kind, key, before, after (JSON documents of the row; None when created or deleted)."""
        ...

    def is_empty(self) -> bool: ...

    def replace_all(self, plan: Plan, action: str) -> Snapshot:
        """Fill an empty database with `plan` (import); all or nothing."""
        ...

    def close(self) -> None: ...

    def interrupt(self) -> None:
        """Stop what runs now, from any thread: its transaction rolls back."""
        ...
