"""Moving many change requests to one release (or the backlog) as one edit: the planner's
Ctrl+M on a selection, and the timeline's multi-select later. Each CR is checked by the rules
of `schedule` (SPEC.md section 3); `refused_moves` says which would be refused and why, so the
planner can choose to move the others or none before anything is decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.change_set import ChangeSet
from app.domain import Plan
from app.engine.operations import OrderWarning, schedule
from app.errors import Refusal
from app.use_cases import UseCase


@dataclass(frozen=True, slots=True)
class RefusedMove:
    cr: str
    code: str
    message: str


def refused_moves(plan: Plan, keys: Iterable[str], target: str, today: date) -> list[RefusedMove]:
    """The CRs of `keys` that `schedule` would refuse to move to `target`, each with why."""
    out = []
    for key in keys:
        try:
            schedule(plan, key, target, today)
        except Refusal as refusal:
            out.append(RefusedMove(key, refusal.code, refusal.message))
    return out


@dataclass(frozen=True, slots=True)
class MovedMany:
    plan: Plan
    changes: ChangeSet
    target: str | None  # None: the backlog
    moved: tuple[str, ...]  # the CRs that changed release
    warnings: tuple[OrderWarning, ...]


@dataclass(frozen=True)
class MoveMany(UseCase):
    """Schedule every CR of `crs` to `target` (a release key or "backlog") in one change set:
    one commit, one undo step. All or nothing: if the rules refuse one, nothing moves (the
    client asks the planner first and passes only the CRs that may move)."""

    crs: tuple[str, ...]
    target: str

    @property
    def action(self) -> str:
        return f"schedule {len(self.crs)} CRs to {self.target}: {', '.join(self.crs)}"

    @property
    def scope(self):
        return self.crs

    def decide(self, plan: Plan, today: date) -> MovedMany:
        changes = ChangeSet()
        moved, warnings = [], []
        target = None
        for key in dict.fromkeys(self.crs):
            try:
                step = schedule(plan, key, self.target, today)
            except Refusal as refusal:
                raise Refusal(refusal.code, f"{key}: {refusal.message}") from refusal
            if step.changes:
                moved.append(key)
                changes = changes.then(step.changes)
            # Order warnings against CRs of this move that have not moved yet are left out:
            # they are judged on the plan as it is once all have moved.
            plan, target = step.plan, step.target
            warnings.extend(step.warnings)
        moving = set(self.crs)
        final = [w for w in warnings if w.other not in moving
                 or plan.crs[w.other].release != target]
        return MovedMany(plan, changes, target, tuple(moved), tuple(final))
