"""The two ways the core says no: a bad plan file (every problem, by JSON path) and a refusal by
a planning rule (a stable code from SPEC.md plus a readable message)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PlanFileError(Exception):
    """A plan file refused whole; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RefusalCode(StrEnum):
    """Why an operation is refused: SPEC.md's codes (sections 3 and 5), then the client's and
    the store's. The value is what `--format json` prints as `error`."""

    # SPEC.md: schedule, deploy and dependencies
    UNKNOWN_CR = "unknown-cr"
    UNKNOWN_RELEASE = "unknown-release"
    CR_CLOSED = "cr-closed"
    RELEASE_CLOSED = "release-closed"
    FROZEN = "frozen"
    NOT_NEXT = "not-next"
    CONFLICTS = "conflicts"
    DEPENDENCY_CYCLE = "dependency-cycle"
    # editing rows
    UNKNOWN_TEAM = "unknown-team"
    UNKNOWN_PACK = "unknown-pack"
    UNKNOWN_ITEM = "unknown-item"
    DUPLICATE_KEY = "duplicate-key"
    INVALID_STAGE = "invalid-stage"
    INVALID_STATUS = "invalid-status"
    INVALID_FIELD = "invalid-field"
    INVALID_FREEZE = "invalid-freeze"
    HAS_DEPENDENTS = "has-dependents"
    IN_USE = "in-use"
    # resolving conflicts and stale bases
    NO_CONFLICT = "no-conflict"
    NO_VALUE = "no-value"
    INVALID_CHOICE = "invalid-choice"
    NOT_STALE = "not-stale"
    # undo and redo, the connection, the login's role
    CHANGED_SINCE = "changed-since"
    OFFLINE = "offline"
    READ_ONLY = "read-only"
    FORBIDDEN = "forbidden"


class Refusal(Exception):
    """A planning rule refused an operation, with its `code` and a readable message."""

    def __init__(self, code: RefusalCode, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


class Forbidden(Refusal):
    """The database refused an action this login's role may not do (PostgreSQL roles). A
    refusal like a planning rule's (exit 3, code "forbidden"), so every caller that reports
    refusals reports it; `needs` names the role that may ("viewer", "planner", "manager",
    "owner")."""

    def __init__(self, message: str, needs: str = ""):
        super().__init__(RefusalCode.FORBIDDEN, message)
        self.needs = needs
