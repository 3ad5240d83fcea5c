"""Resolving what the bundle preview shows (issue 14): a conflict, by picking the value that
wins, and a stale base, by rebasing. Each is one use case, one change set, one undo step.

- `ResolveConflict(release, item, field, winner, how)`: the value of CR `winner` wins. With
  `how="align"` every other CR of the conflict gets its sets of that field changed to the
  winning value; with `how="move"` those CRs move out to the next planned release (the backlog
  when there is none), by the rules of `schedule`. CRs that agree with the winner stay. A
  `(create)` or `(retire)` conflict has no value to align to: only moving out resolves it.
- `Rebase(cr)`: every stale change of the CR (a `set` whose `from` is not the value in the
  state before its release) takes that current value as its `from`.

The freeze rule holds: a CR of a frozen release changes its changes only as an emergency with a
justification (app.rules.freeze), and moving out is always allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.edits.use_case import UseCase
from app.engine import operations
from app.engine.conflicts import Conflict
from app.engine.report import bundle_report, state_before
from app.model.change_set import ChangeSet, Edited, RowChange
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Plan, Target
from app.model.values import json_equal
from app.rules.freeze import check_content
from app.rules.stale_base import is_stale

ALIGN, MOVE = "align", "move"


def find_conflict(plan: Plan, release: str, item: str, field: str, today) -> Conflict:
    for conflict in bundle_report(plan, release, today).conflicts:
        if conflict.item == item and conflict.field == field:
            return conflict
    raise Refusal(RefusalCode.NO_CONFLICT, f"{item}.{field} is no longer in conflict in {release}")


def next_release(plan: Plan, release: str) -> Target:
    """The planned release after `release`, or the backlog when there is none."""
    order = [r.key for r in plan.planned_releases()]
    at = order.index(release) + 1 if release in order else len(order)
    return Target.of(order[at] if at < len(order) else None)


@dataclass(frozen=True)
class ResolveConflict(UseCase):
    release: str
    item: str
    field: str
    winner: str  # the CR whose value wins
    how: str = ALIGN  # ALIGN or MOVE

    @property
    def action(self) -> str:
        what = "others set to it" if self.how == ALIGN else "others moved out"
        return f"resolve {self.item}.{self.field} in {self.release}: {self.winner} wins, {what}"

    @property
    def undo_text(self) -> str:
        out = "" if self.how == ALIGN else ", others out"
        return f"Resolve {self.item}.{self.field} ({self.winner} wins{out})"

    @property
    def failure(self) -> str:
        return f"{self.item}.{self.field} was not resolved"

    def note(self, outcome) -> str:
        what = "others set to its value" if self.how == ALIGN else "others moved out"
        return f"{self.item}.{self.field} in {self.release}: {self.winner}'s value wins, {what}."

    def decide(self, plan, today):
        conflict = find_conflict(plan, self.release, self.item, self.field, today)
        if self.winner not in conflict.values:
            raise Refusal(RefusalCode.UNKNOWN_CR, f"{self.winner} is not part of this conflict")
        value = conflict.values[self.winner]
        # CRs that already agree with the winner stay; in a (create) or (retire) conflict the
        # values are what each CR does to the item, and every other CR is in the way.
        others = [k for k, v in conflict.values.items() if k != self.winner
                  and (self.field.startswith("(") or not json_equal(v, value))]
        if self.how == MOVE:
            return _move_out(plan, others, next_release(plan, self.release), today)
        if self.how != ALIGN:
            raise Refusal(RefusalCode.INVALID_CHOICE, f'"{self.how}" is neither {ALIGN} nor {MOVE}')
        if self.field.startswith("("):
            raise Refusal(RefusalCode.NO_VALUE, f"a {self.field} conflict has no value to align to: "
                                      "move the other change requests out instead")
        changes = ChangeSet()
        for key in others:
            old = plan.crs[key]
            new = replace(old, changes=tuple(
                replace(ch, to=value) if ch.op == "set" and ch.item == self.item
                and ch.field == self.field else ch for ch in old.changes))
            check_content(plan, old, new, today)
            changes = changes.then(ChangeSet.of([_row(old, new)]))
        return Edited.of(plan, changes)


def _row(old, new) -> RowChange:
    return RowChange("cr", old.key, old, new)


def _move_out(plan: Plan, crs: list[str], target: Target, today) -> Edited:
    changes = ChangeSet()
    for key in crs:
        moved = operations.schedule(changes.apply(plan), key, target, today)
        changes = changes.then(moved.changes)
    return Edited.of(plan, changes)


def stale_changes(plan: Plan, cr_key: str) -> list[int]:
    """The indexes of the CR's stale `set` changes, against the state before its release."""
    cr = plan.crs[cr_key]
    state = state_before(plan, cr.release)
    return [i for i, ch in enumerate(cr.changes) if is_stale(ch, state)]


@dataclass(frozen=True)
class Rebase(UseCase):
    cr: str

    @property
    def action(self) -> str:
        return f"rebase {self.cr}"

    @property
    def failure(self) -> str:
        return f"{self.cr} was not rebased"

    def note(self, outcome) -> str:
        return f"{self.cr} rebased: its stale changes now start from the current values."

    def decide(self, plan, today):
        old = plan.crs.get(self.cr)
        if old is None:
            raise Refusal(RefusalCode.UNKNOWN_CR, f'there is no change request "{self.cr}"')
        if old.stage == "deployed":
            raise Refusal(RefusalCode.CR_CLOSED, f"{self.cr} is deployed and can no longer change")
        stale = stale_changes(plan, self.cr)
        if not stale:
            raise Refusal(RefusalCode.NOT_STALE, f"{self.cr} has no stale base: nothing to rebase")
        state = state_before(plan, old.release)
        new = replace(old, changes=tuple(
            replace(ch, base=state.value(ch.item, ch.field)) if i in stale else ch
            for i, ch in enumerate(old.changes)))
        check_content(plan, old, new, today)
        return Edited.of(plan, ChangeSet.of([_row(old, new)]))
