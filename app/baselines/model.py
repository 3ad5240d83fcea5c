"""Baselines and sign-offs as plain data, and what a store must do with them (the port).

A baseline's `content` is a JSON-ready dict, the same at any size of plan:
  {"releases": {key: {"name", "go_live", "freeze_days", "status", "ships": [CR]}},
   "crs": {key: release | null},
   "items": {release: {item: digest}}}
`items` is filled only for the release a baseline is of (a sign-off's): what changes each item
of its bundle, so that the next report can name the items changed since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

MANUAL, FREEZE, SIGNOFF, DEPLOY = "manual", "freeze", "signoff", "deploy"
KINDS = (MANUAL, FREEZE, SIGNOFF, DEPLOY)
NAME_CHARS = 200


@dataclass(frozen=True)
class Baseline:
    name: str
    kind: str
    release: str | None  # the release it is of; None: the whole plan
    taken_at: datetime
    taken_by: str
    audit_id: int  # the last audit row when it was taken: moves after it are slip
    content: dict | None = None  # None when listed without it

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "release": self.release,
                "taken_at": self.taken_at.isoformat(timespec="seconds"),
                "taken_by": self.taken_by}


@dataclass(frozen=True)
class SignOff:
    release: str
    signed_by: str
    login: str
    signed_at: datetime
    note: str
    fingerprint: str
    baseline: str

    def against(self, fingerprint: str) -> str:
        """This sign-off said against the bundle's fingerprint now, as every surface says it."""
        same = "still matches" if self.fingerprint == fingerprint else \
            f"no longer matches: the bundle changed since (signed {self.fingerprint})"
        return (f"Signed off {self.signed_at:%a %-d %b %Y %H:%M} by {self.signed_by}; "
                f"fingerprint {fingerprint} {same}.")


@dataclass(frozen=True)
class Move:
    """A change of a CR's target release recorded in the audit log."""
    cr: str
    before: str | None
    after: str | None
    by: str
    at: datetime


class BaselineExists(Exception):
    """A baseline of that name is there already (an automatic one: someone took it first)."""


class BaselineStore(Protocol):
    def add(self, baseline: Baseline, signoff: SignOff | None = None) -> bool:
        """Store a baseline (and the sign-off it records) in one transaction, with its
        `audit_id` set to the last audit row now. False when the name is taken."""
        ...

    def names_of_kind(self, kind: str) -> set[str]: ...

    def list(self) -> list[Baseline]:
        """Every baseline, oldest first, without content."""
        ...

    def get(self, name: str) -> Baseline | None: ...

    def delete(self, name: str) -> bool:
        """Delete a manual baseline; False when there is none of that name."""
        ...

    def moves_after(self, audit_id: int, crs: set[str] | None = None) -> list[Move]:
        """Every change of a CR's target release after audit row `audit_id`, oldest first
        (of the CRs `crs`, when given)."""
        ...

    def signoffs(self, release: str) -> list[SignOff]:
        """The release's sign-offs, oldest first."""
        ...
