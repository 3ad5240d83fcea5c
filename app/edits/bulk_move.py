"""Moving many change requests to one release (or the backlog) as one edit: the planner's
Ctrl+M on a selection, and the timeline's multi-select later. Each CR is checked by the rules
of `schedule` (SPEC.md section 3); `refused_moves` says which would be refused and why, so the
planner can choose to move the others or none before anything is decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from app.edits.use_cases import UseCase
from app.engine.operations import OrderWarning, order_warnings, schedule_refusal
from app.model.change_set import ChangeSet, ChangeSetBuilder
from app.model.errors import Refusal
from app.model.plan import BACKLOG, Plan


@dataclass(frozen=True, slots=True)
class RefusedMove:
    cr: str
    code: str
    message: str


def refused_moves(plan: Plan, keys: Iterable[str], target: str, today: date) -> list[RefusedMove]:
    """The CRs of `keys` that `schedule` would refuse to move to `target`, each with why."""
    out = []
    for key in keys:
        refusal = schedule_refusal(plan, key, target, today)
        if refusal is not None:
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
        """As `schedule` of each CR in turn, in one pass: the refusals first, then every row,
        then the order warnings judged on the plan once all have moved (so none is about
        two CRs of this move). Moving 2,000 CRs of a 100,000-CR plan copies the plan once."""
        keys = list(dict.fromkeys(self.crs))
        for key in keys:
            refusal = schedule_refusal(plan, key, self.target, today)
            if refusal is not None:
                raise Refusal(refusal.code, f"{key}: {refusal.message}")
        target = None if self.target == BACKLOG else self.target
        builder = ChangeSetBuilder(plan)
        moved = []
        for key in keys:
            cr = plan.crs[key]
            if cr.release != target:
                builder.put("cr", key, replace(cr, release=target))
                moved.append(key)
        changes = builder.build()
        after = changes.apply(plan)
        warnings = [w for key in keys for w in order_warnings(after, after.crs[key], target)]
        return MovedMany(after, changes, target, tuple(moved), tuple(warnings))
