"""Use cases over a plan store: each loads a fresh snapshot, decides with the engine, and
commits the difference in one transaction.

A race lost to another planner raises StaleEdit and writes nothing. It is deliberately not
retried here: re-applying "move CR-1 to R2" over someone's newer "move CR-1 to R3" would undo
their edit without anyone seeing it. The caller tells the user and reloads.
"""

from __future__ import annotations

from datetime import date

from app.engine.operations import Deployed, Scheduled, deploy, schedule
from app.store_port import PlanStore


def effective_today(plan, override: date | None) -> date:
    """`--today`, else the plan's pinned date, else the calendar."""
    return override or plan.settings.today or date.today()


class PlanService:
    def __init__(self, store: PlanStore, today: date | None = None):
        self.store = store
        self.today_override = today

    def schedule(self, cr: str, target: str) -> Scheduled:
        snapshot = self.store.load()
        outcome = schedule(snapshot.plan, cr, target,
                           effective_today(snapshot.plan, self.today_override))
        self.store.commit(snapshot, outcome.plan, f"schedule {cr} to {target}")
        return outcome

    def deploy(self, release: str) -> Deployed:
        snapshot = self.store.load()
        outcome = deploy(snapshot.plan, release,
                         effective_today(snapshot.plan, self.today_override))
        self.store.commit(snapshot, outcome.plan, f"deploy {release}")
        return outcome
