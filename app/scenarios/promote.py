"""Promoting a scenario (issue 22): all or some of its changes applied to the live plan as one
edit, under the rules of any edit and the version check of every row it writes. A change whose
row changed in live since (stale) or that a rule refuses is listed, and then nothing is applied.

Rows other than CRs were checked by their own rules when they were made in the scenario and
live has not changed them since (else they are stale); a CR's rules also read the date and the
other rows (a release may have frozen meanwhile), so every CR is checked again here, over live
with the changes before it applied, as the CR editor's save checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.edits.merge import FIELDS
from app.edits.store_port import Snapshot
from app.engine.edits import delete_cr, edit_cr, save_cr, set_stage
from app.engine.operations import schedule
from app.model.change_set import ChangeSet, RowChange, row_of
from app.model.errors import PlanFileError, Refusal
from app.model.plan import ChangeRequest, Target
from app.model.row_kinds import RowKind
from app.scenarios.model import ScenarioChange

# Parents before children: a CR's release or team may be new in the same promotion.
_ORDER = ("settings", "pack", "team", "release", "item", "cr")


@dataclass(frozen=True, slots=True)
class RefusedChange:
    kind: str
    key: str
    code: str
    message: str

    def document(self) -> dict:
        return {"kind": self.kind, "key": self.key, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Promotion:
    scenario: str
    chosen: tuple[ScenarioChange, ...]  # leave the scenario once promoted
    changes: ChangeSet  # what live gets (no-op changes leave nothing here)
    refused: tuple[RefusedChange, ...]
    stale: tuple[ScenarioChange, ...]

    @property
    def ok(self) -> bool:
        return not self.refused and not self.stale

    @property
    def action(self) -> str:
        return f"promote scenario {self.scenario}"


def choose(changes: list[ScenarioChange], crs: list[str] | None) -> list[ScenarioChange]:
    """The changes of the given CRs (all when None); KeyError names a CR the scenario has not
    changed."""
    if not crs:
        return list(changes)
    held = {ch.key for ch in changes if ch.kind == RowKind.CR}
    for key in crs:
        if key not in held:
            raise KeyError(key)
    wanted = set(crs)
    return [ch for ch in changes if ch.kind == RowKind.CR and ch.key in wanted]


def decide_promotion(scenario: str, live: Snapshot, chosen: list[ScenarioChange],
                     today: date) -> Promotion:
    plan = live.plan
    stale = tuple(ch for ch in chosen if ch.is_stale(live.versions))
    refused: list[RefusedChange] = []
    rows: list[RowChange] = []
    for ch in sorted(chosen, key=lambda c: (_ORDER.index(c.kind), c.key)):
        if ch in stale or ch.is_noop:
            continue
        try:
            step = _checked(plan, ch, today)
        except Refusal as exc:
            refused.append(RefusedChange(ch.kind, ch.key, str(exc.code), exc.message))
            continue
        except PlanFileError as exc:
            refused.append(RefusedChange(ch.kind, ch.key, "invalid-field",
                                         "; ".join(str(p) for p in exc.problems)))
            continue
        plan = step.apply(plan)
        rows += step.rows
    return Promotion(scenario, tuple(chosen), ChangeSet.of(rows), tuple(refused), stale)


def scope(chosen: list[ScenarioChange]) -> tuple[str, ...] | None:
    """The CRs whose rows deciding the promotion of `chosen` reads when every change is a move
    or a stage change of a CR live has: `_checked` decides those by `schedule` and
    `set_stage`, whose rules read only a CR's scope (storage/scoped_load.py, as the command
    line's `schedule` does). None: the whole live plan is read."""
    keys = []
    for ch in chosen:
        if ch.kind != RowKind.CR or ch.base is None or ch.after is None:
            return None
        changed = [f for f in FIELDS if getattr(ch.base, f) != getattr(ch.after, f)]
        if len(changed) > 1 or changed not in ([], ["release"], ["stage"]):
            return None
        keys.append(ch.key)
    return tuple(keys)


def _checked(plan, ch: ScenarioChange, today: date) -> ChangeSet:
    """The change set of one scenario change over `plan`, by the rules of its edit."""
    if ch.kind != RowKind.CR:
        kind = RowKind(ch.kind)
        return ChangeSet((RowChange(kind, ch.key, row_of(plan, kind, ch.key), ch.after),))
    if ch.after is None:
        return delete_cr(plan, ch.key).changes
    old = plan.crs.get(ch.key)
    if old is not None:
        return _cr_edited(plan, old, ch.after, today)
    saved = save_cr(plan, replace(ch.after, release=None))
    if ch.after.release is None:
        return saved.changes
    moved = schedule(saved.plan, ch.key, Target(ch.after.release), today)
    return saved.changes.then(moved.changes)


def _cr_edited(plan, old: ChangeRequest, after: ChangeRequest, today: date) -> ChangeSet:
    """`old` made `after` by the rules of the edits that did it: a move as `schedule`, a
    stage as `set_stage` (a move out of a cancelled release is allowed, a save there is not),
    else the save. A move with other edits was two steps in the scenario: judged as the move
    then the rest, or else the rest then the move; refused when neither order may be done."""
    changed = [f for f in FIELDS if getattr(old, f) != getattr(after, f)]
    if changed == ["release"]:
        return schedule(plan, old.key, Target.of(after.release), today).changes
    if changed == ["stage"]:
        return set_stage(plan, old.key, after.stage).changes
    if "release" not in changed:
        return edit_cr(plan, after, today).changes
    try:
        moved = schedule(plan, old.key, Target.of(after.release), today)
        return moved.changes.then(_cr_edited(moved.plan, moved.plan.crs[old.key], after, today))
    except (Refusal, PlanFileError) as first:  # the move first: its refusal is the one told
        try:
            rest = _cr_edited(plan, old, replace(after, release=old.release), today)
            then = schedule(rest.apply(plan), old.key, Target.of(after.release), today)
        except (Refusal, PlanFileError):
            raise first from None
        return rest.then(then.changes)
