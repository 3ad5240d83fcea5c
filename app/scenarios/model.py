"""A scenario and its changes as plain data, and the rule for its name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

LIVE = "live"  # the live plan's name where a scenario's is asked for (`scenario diff live X`)
NAME_MAX = 64  # a key's length (SPEC.md section 4): the name columns are String(64)


class ScenarioError(Exception):
    """A scenario name that cannot be used here; the message says why (exit 2)."""


def check_name(name: str) -> None:
    """A scenario's name follows the key rules of SPEC.md section 4 (a non-empty string of at
    most 64 characters); `live` names the live plan and cannot be taken."""
    if name == "":
        raise ScenarioError("a scenario's name must not be empty")
    if len(name) > NAME_MAX:
        raise ScenarioError(f'"{name[:20]}..." is {len(name)} characters long; a scenario\'s '
                            f"name is at most {NAME_MAX}")
    if not name.isprintable():
        raise ScenarioError(f"{name!r}: a scenario's name holds no control characters")
    if name == LIVE:
        raise ScenarioError(f'"{LIVE}" is the live plan\'s name; pick another')


@dataclass(frozen=True, slots=True)
class ScenarioChange:
    """One row a scenario changed. `base`: the live row it was first changed against (None: a
    row new in the scenario), at live version `base_version`; `after`: the row as the scenario
    has it (None: removed in the scenario); `version` counts the scenario's edits of it."""

    kind: str
    key: str
    base: object | None
    base_version: int | None
    after: object | None
    version: int
    changed_by: str = ""
    changed_at: datetime | None = None

    def is_stale(self, live_versions) -> bool:
        """The row changed in live since the scenario changed it (or was made or removed
        there): promoting it needs the three-way merge."""
        return live_versions.get((self.kind, self.key)) != self.base_version

    @property
    def is_noop(self) -> bool:
        """Edited back to what live had: nothing to promote (kept so versions stay exact)."""
        return self.after == self.base


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    name: str
    created_by: str
    created_at: datetime
    changes: int
    stale: int

    def document(self) -> dict:
        return {"name": self.name, "created_by": self.created_by,
                "created_at": self.created_at.isoformat(timespec="seconds"),
                "changes": self.changes, "stale": self.stale}
