"""Use cases over a plan store, in one go: read what the use case's rules need, decide with the
engine, then write the change set in one transaction under the version check of every row it
touches. The command line works this way; the desktop client holds the plan on screen and
splits deciding from writing (app.session).

A race lost to another planner raises StaleEdit and writes nothing. It is deliberately not
retried here: re-applying "move CR-1 to R2" over someone's newer "move CR-1 to R3" would undo
their edit without anyone seeing it. The caller tells the user.
"""

from __future__ import annotations

from datetime import date

from app.edits.store_port import PlanStore, Snapshot
from app.edits.use_case import UseCase
from app.model.plan import Plan, effective_today


class PlanService:
    def __init__(self, store: PlanStore, today: date | None = None):
        self.store = store
        self.today_override = today

    def run(self, use_case: UseCase):
        """Decide and write: the outcome of the use case, or its refusal (nothing written).
        A single-CR edit reads only its scope, not the whole plan."""
        snapshot = self.store.load_scope(use_case.scope) if use_case.scope is not None \
            else self.store.load()
        outcome = use_case.decide(snapshot.plan, self.today(snapshot.plan))
        self.store.write(outcome.changes, snapshot.versions, use_case.action)
        return outcome

    def load(self) -> Snapshot:
        """The plan as stored now, with its rows' versions."""
        return self.store.load()

    def today(self, plan: Plan) -> date:
        return effective_today(plan, self.today_override)
