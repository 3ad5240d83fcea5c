"""What the application needs from a plan store (DESIGN.md section 2: app defines the interface,
storage/ implements it, main.py wires them).

A store hands out a `Snapshot`: the whole plan plus the version counter of every row. A use case
computes a new plan with the engine and asks the store to `commit` it against the snapshot it
started from; the store writes only what differs, in one transaction, and refuses with
`StaleEdit` if any of those rows changed in the meantime, so no edit is silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from app.domain import Plan

# Row kinds that carry a version counter, and the Plan attribute that holds them.
ROW_KINDS = {"team": "teams", "pack": "packs", "item": "items", "release": "releases",
             "cr": "crs"}
NOUNS = {"team": "team", "pack": "offer pack", "item": "item", "release": "release",
         "cr": "change request", "settings": "plan settings"}


@dataclass(frozen=True)
class Snapshot:
    plan: Plan
    # (kind, key) -> version; settings are one row: ("settings", "").
    versions: dict[tuple[str, str], int] = field(default_factory=dict)


class StaleEdit(Exception):
    """A write based on rows that someone else changed since they were loaded."""

    def __init__(self, changed: list[tuple[str, str]], detail: str = ""):
        self.changed = changed
        names = ", ".join(f"{NOUNS[k]} {key}" if key else NOUNS[k] for k, key in changed) \
            or "the plan"
        message = f"changed by someone else since you loaded it: {names}"
        if detail:
            message += f" ({detail})"
        super().__init__(message + ". Nothing was saved; reload to see their change.")


class StoreError(Exception):
    """The database cannot be used: unreachable, locked, corrupt or newer than this program.
    The message is one line a planner can act on."""


class PlanStore(Protocol):
    def load(self) -> Snapshot: ...

    def commit(self, base: Snapshot, new_plan: Plan, action: str) -> Snapshot:
        """Write what differs between `base.plan` and `new_plan`; `action` names the use case
        for the audit log. Raises StaleEdit when a touched row changed since `base`."""
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
