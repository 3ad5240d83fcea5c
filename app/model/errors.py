"""The two ways the core says no: a bad plan file (every problem, by JSON path) and a refusal by
a planning rule (a stable code from SPEC.md plus a readable message)."""

from __future__ import annotations

from dataclasses import dataclass


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


class Refusal(Exception):
    """A planning rule refused an operation. `code` is one of SPEC.md's refusal codes."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


class Forbidden(Refusal):
    """The database refused an action this login's role may not do (PostgreSQL roles). A
    refusal like a planning rule's (exit 3, code "forbidden"), so every caller that reports
    refusals reports it; `needs` names the role that may ("viewer", "planner", "manager",
    "owner")."""

    def __init__(self, message: str, needs: str = ""):
        super().__init__("forbidden", message)
        self.needs = needs
