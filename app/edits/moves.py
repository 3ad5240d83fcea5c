"""Moving work: one change request to a release or the backlog (SPEC.md section 3's
`schedule`), or many at once as one edit (a selection dragged or moved with Ctrl+M). Each CR
is checked by the rules of `schedule` (app.rules.moves); `refused_moves` says which of many
would be refused and why, so that the planner can move the others or none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from app.edits.use_case import UseCase, order_notes
from app.engine import operations
from app.engine.operations import OrderWarning, order_warnings, release_rank
from app.model.change_set import ChangeSet, ChangeSetBuilder
from app.model.errors import Refusal
from app.model.plan import Plan, Target
from app.model.row_kinds import RowKind
from app.rules.moves import schedule_refusal, to_move


@dataclass(frozen=True)
class Schedule(UseCase):
    cr: str
    target: Target

    @property
    def action(self) -> str:
        return f"schedule {self.cr} to {self.target}"

    @property
    def undo_text(self) -> str:
        return f"Move {self.cr} to {self.target}"

    @property
    def failure(self) -> str:
        return f"{self.cr} stays where it is"

    @property
    def scope(self):
        return (self.cr,)

    def note(self, outcome) -> str:
        return f"{self.cr} moved to {outcome.target.described()}." + order_notes(outcome)

    def decide(self, plan, today):
        return operations.schedule(plan, self.cr, self.target, today)


@dataclass(frozen=True, slots=True)
class RefusedMove:
    cr: str
    code: str
    message: str

    def after_key(self) -> str:
        """What follows the CR's key in `line`: the key is said once even when the reason
        starts with it ("CR-7 is deployed ...")."""
        return self.message[len(self.cr):] if self.message.startswith(f"{self.cr} ") \
            else f": {self.message}"

    def line(self) -> str:
        return self.cr + self.after_key()


def refused_moves(plan: Plan, keys: Iterable[str], target: Target,
                  today: date) -> list[RefusedMove]:
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
    target: Target
    moved: tuple[str, ...]  # the CRs that changed release
    warnings: tuple[OrderWarning, ...]


@dataclass(frozen=True)
class MoveMany(UseCase):
    """Schedule every CR of `crs` to `target` in one change set: one commit, one undo step.
    All or nothing: if the rules refuse one, nothing moves (the client asks the planner first
    and passes only the CRs that may move). CRs already at `target` are no move."""

    crs: tuple[str, ...]
    target: Target

    @property
    def action(self) -> str:
        return f"schedule {len(self.crs)} CRs to {self.target}: {', '.join(self.crs)}"

    @property
    def undo_text(self) -> str:
        return f"Move {len(self.crs)} CRs to {self.target}"

    @property
    def failure(self) -> str:
        return f"{', '.join(self.crs)} stay where they are"

    @property
    def scope(self):
        return self.crs

    def note(self, outcome) -> str:
        return (f"{len(outcome.moved)} change requests moved to {self.target.described()}."
                + order_notes(outcome))

    def decide(self, plan: Plan, today: date) -> MovedMany:
        """As `schedule` of each CR in turn, in one pass: the refusals first, then every row,
        then the order warnings judged on the plan once all have moved (so none is about
        two CRs of this move). Moving 2,000 CRs of a 100,000-CR plan copies the plan once."""
        keys = list(dict.fromkeys(self.crs))
        for key in keys:
            refusal = schedule_refusal(plan, key, self.target, today)
            if refusal is not None:
                raise Refusal(refusal.code, f"{key}: {refusal.message}")
        builder = ChangeSetBuilder(plan)
        moved = to_move(plan, keys, self.target)
        for key in moved:
            builder.put(RowKind.CR, key, replace(plan.crs[key], release=self.target.release))
        changes = builder.build()
        after = changes.apply(plan)
        rank = release_rank(after)
        warnings = [w for key in keys
                    for w in order_warnings(after, after.crs[key], self.target.release, rank)]
        return MovedMany(after, changes, self.target, tuple(moved), tuple(warnings))
