"""A scenario's promotion from the window as one step of its undo history (issue 22).

Promoting writes to live and takes the promoted rows out of the scenario, so the plan on
screen cannot decide it: each of these use cases is a StoredEdit, decided and written in one
transaction on the worker. Undo is the true inverse, as one edit: the inverse of what live got,
under the rules of any undo (app.edits.change_rules) and the version check of every row (a
row someone changed since refuses it, as any undo is refused), and the promoted rows back in
the scenario as they were. They are put back against live as it is after the undo (their
base version is the row's new live version), so they are not stale and redo promotes them
again, under the rules of a promotion.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.edits.change_rules import check_change_set
from app.edits.store_port import StaleEdit
from app.edits.use_case import StoredEdit
from app.model.change_set import ChangeSet
from app.model.errors import Refusal, RefusalCode
from app.model.row_kinds import RowKind
from app.scenarios.model import ScenarioChange
from app.scenarios.promote import Promotion, decide_promotion, scope


@dataclass(frozen=True)
class Promoted:
    """What a promotion wrote: what taking it back and doing it again need."""

    scenario: str
    chosen: tuple[ScenarioChange, ...]  # the scenario's rows as they were (they left it)
    changes: ChangeSet  # what live got
    written: dict  # (kind, key) -> the live row's version after the write (None: removed)

    @property
    def count(self) -> int:
        return len(self.chosen)


class PromotionRefused(Refusal):
    """A promotion with a refused or stale change: nothing was written; `promotion` lists
    them."""

    def __init__(self, promotion: Promotion):
        self.promotion = promotion
        lines = [f"{r.key}: {r.message}" for r in promotion.refused]
        lines += [f"{c.key}: stale, changed in live since; merge it first"
                  for c in promotion.stale]
        codes = [r.code for r in promotion.refused if r.code in iter(RefusalCode)]
        super().__init__(RefusalCode(codes[0]) if codes else RefusalCode.CHANGED_SINCE,
                         "; ".join(lines))


def _promote(store, name: str, picked, today: date, action: str | None = None) -> Promoted:
    """Decide the promotion of `picked` over live as stored now and write it (audited as
    `action`, else as the promotion's)."""
    catalog = store.scenarios()
    keys = scope(list(picked))
    live = catalog.store.load_scope(keys) if keys is not None else catalog.store.load()
    promotion = decide_promotion(name, live, list(picked), today)
    if not promotion.ok:
        raise PromotionRefused(promotion)
    written = catalog.promote(promotion, live.versions, action)
    return Promoted(name, promotion.chosen, promotion.changes, written)


def _words(count: int) -> str:
    return f"{count} change{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class PromoteScenario(StoredEdit):
    """Promote the chosen changes (kind, key) of a scenario, from the window."""

    scenario: str
    chosen: frozenset = frozenset()

    @property
    def action(self) -> str:
        return f"promote scenario {self.scenario}"

    def note(self, outcome) -> str:
        return f"Promoted {_words(outcome.count)} of scenario {self.scenario} to live."

    def apply(self, store, today: date) -> Promoted:
        changes, _ = store.scenarios().changes(self.scenario)
        picked = [c for c in changes if (c.kind, c.key) in self.chosen and not c.is_noop]
        if not picked:
            raise Refusal(RefusalCode.CHANGED_SINCE, "none of the chosen changes is in "
                          f"scenario {self.scenario} (any more); nothing to promote")
        return _promote(store, self.scenario, picked, today)

    def settle(self, history, result: Promoted) -> None:
        history.push_step(PromotionStep(result))


class PromotionStep:
    """The history's step of a promotion; it holds what the last promote or undo of it left,
    which its next redo or undo starts from."""

    def __init__(self, promoted: Promoted):
        self.promoted = promoted

    @property
    def text(self) -> str:
        return f"Promote scenario {self.promoted.scenario}"

    def undo_case(self) -> TakeBackPromotion:
        return TakeBackPromotion(self)

    def redo_case(self) -> PromoteAgain:
        return PromoteAgain(self)


@dataclass(frozen=True)
class _StepCase(StoredEdit):
    step: PromotionStep = None

    @property
    def action(self) -> str:
        return f"{'undo' if self.restoring else 'redo'}: {self.step.text}"

    @property
    def undo_text(self) -> None:
        return None  # the history itself moves

    @property
    def failure(self) -> str:
        return f"{self.step.text} was not {'undone' if self.restoring else 'redone'}"

    def note(self, outcome) -> str:
        return f"{'Undone' if self.restoring else 'Redone'}: {self.step.text} " \
               f"({_words(self.step.promoted.count)})."


@dataclass(frozen=True)
class TakeBackPromotion(_StepCase):
    """Undo: what live got goes, the promoted rows come back into the scenario."""

    restoring = True

    def apply(self, store, today: date) -> tuple[ScenarioChange, ...]:
        promoted = self.step.promoted
        inverse = promoted.changes.inverse()
        catalog = store.scenarios()
        only_crs = all(row.kind == RowKind.CR for row in inverse)
        live = catalog.store.load_scope(inverse.keys(RowKind.CR)) if only_crs \
            else catalog.store.load()  # a release or team taken away: every CR is read
        check_change_set(live.plan, inverse, today, restoring=True)
        return catalog.take_back(promoted, inverse, self.action)

    def settle(self, history, result: tuple[ScenarioChange, ...]) -> None:
        self.step.promoted = replace(self.step.promoted, chosen=result)


@dataclass(frozen=True)
class PromoteAgain(_StepCase):
    """Redo: the same changes, as the scenario holds them now, promoted again."""

    restoring = False

    def apply(self, store, today: date) -> Promoted:
        promoted = self.step.promoted
        changes, _ = store.scenarios().changes(promoted.scenario)
        held = {(c.kind, c.key): c for c in changes}
        picked, gone = [], []
        for ch in promoted.chosen:
            now = held.get((ch.kind, ch.key))
            (picked if now is not None and now.version == ch.version else gone).append(ch)
        if gone:
            raise StaleEdit([(c.kind, c.key) for c in gone],
                            f"changed in scenario {promoted.scenario} since")
        return _promote(store, promoted.scenario, picked, today, self.action)

    def settle(self, history, result: Promoted) -> None:
        self.step.promoted = result
