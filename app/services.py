"""Use cases over a plan store: each loads a fresh snapshot, decides with the engine, and
commits the difference in one transaction.

A race lost to another planner raises StaleEdit and writes nothing. It is deliberately not
retried here: re-applying "move CR-1 to R2" over someone's newer "move CR-1 to R3" would undo
their edit without anyone seeing it. The caller tells the user and reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from app.domain import ChangeRequest, Plan
from app.engine import edits
from app.engine.operations import (
    Deployed,
    Scheduled,
    add_dependency,
    deploy,
    remove_dependency,
    schedule,
)
from app.errors import Refusal
from app.store_port import PlanStore, Snapshot, StaleEdit


def effective_today(plan, override: date | None) -> date:
    """`--today`, else the plan's pinned date, else the calendar."""
    return override or plan.settings.today or date.today()


class PlanService:
    def __init__(self, store: PlanStore, today: date | None = None,
                 reuse_snapshot: bool = False):
        """With `reuse_snapshot`, a use case decides on the snapshot this service last loaded
        or committed (what the desktop client shows) instead of reading the whole plan again;
        the version check still refuses it if someone else changed the rows it touches."""
        self.store = store
        self.today_override = today
        self.reuse_snapshot = reuse_snapshot
        self.snapshot: Snapshot | None = None

    def _base(self) -> Snapshot:
        if not (self.reuse_snapshot and self.snapshot is not None):
            self.snapshot = self.store.load()
        return self.snapshot

    def _commit(self, base: Snapshot, plan: Plan, action: str) -> None:
        try:
            self.snapshot = self.store.commit(base, plan, action)
        except StaleEdit:
            self.snapshot = None  # the next use case starts from what is stored now
            raise

    def _edit(self, action: str, change: Callable[[Plan], Plan]) -> Plan:
        snapshot = self._base()
        new_plan = change(snapshot.plan)
        self._commit(snapshot, new_plan, action)
        return new_plan

    def _today(self, plan: Plan) -> date:
        return effective_today(plan, self.today_override)

    def schedule(self, cr: str, target: str) -> Scheduled:
        snapshot = self._base()
        outcome = schedule(snapshot.plan, cr, target, self._today(snapshot.plan))
        self._commit(snapshot, outcome.plan, f"schedule {cr} to {target}")
        return outcome

    def deploy(self, release: str) -> Deployed:
        snapshot = self._base()
        outcome = deploy(snapshot.plan, release, self._today(snapshot.plan))
        self._commit(snapshot, outcome.plan, f"deploy {release}")
        return outcome

    def set_stage(self, cr: str, stage: str) -> Plan:
        return self._edit(f"move {cr} to stage {stage}", lambda p: edits.set_stage(p, cr, stage))

    def save_cr(self, cr: ChangeRequest) -> Plan:
        return self._edit(f"save {cr.key}", lambda p: edits.save_cr(p, cr))

    def create_cr(self, cr: ChangeRequest) -> Scheduled:
        """A new CR, scheduled to its release by the rules of `schedule` (a frozen release
        takes only emergencies), in one commit: nothing is half-created."""
        if cr.key in self._base().plan.crs:
            raise Refusal("duplicate-key", f"{cr.key} already exists; pick another key")
        snapshot = self._base()
        target = cr.release or "backlog"
        unscheduled = edits.save_cr(snapshot.plan, replace(cr, release=None))
        outcome = schedule(unscheduled, cr.key, target, self._today(snapshot.plan))
        self._commit(snapshot, outcome.plan, f"create {cr.key}")
        return outcome

    def edit_cr(self, cr: ChangeRequest) -> Scheduled:
        """Save the CR editor's version of an existing CR (freeze and schedule rules apply)."""
        snapshot = self._base()
        outcome = edits.edit_cr(snapshot.plan, cr, self._today(snapshot.plan))
        self._commit(snapshot, outcome.plan, f"edit {cr.key}")
        return outcome

    def restore_cr(self, cr: ChangeRequest) -> Plan:
        """Put back a deleted CR exactly as it was (undo of a delete). Unlike `create_cr` it may
        return to a frozen release: it was there before, it is not new work joining it."""
        if cr.key in self._base().plan.crs:
            raise Refusal("duplicate-key", f"{cr.key} exists again; it was not restored")
        return self._edit(f"restore {cr.key}", lambda p: edits.save_cr(p, cr))

    def history(self, kind: str, key: str) -> list[dict]:
        """Who changed a row, what and when, oldest first (the audit log)."""
        return self.store.history(kind, key)

    def deployment_record(self, release: str):
        """What the audit log recorded when `release` was deployed (shipped, slipped where),
        for its report; None when it holds nothing of it."""
        from app.reports.deployment import deploy_action, deploy_record

        return deploy_record(self.store.audit_of_action(deploy_action(release)), release)

    def delete_cr(self, cr: str) -> Plan:
        return self._edit(f"delete {cr}", lambda p: edits.delete_cr(p, cr))

    def add_dependency(self, cr: str, dep: str) -> Plan:
        return self._edit(f"{cr} depends on {dep}", lambda p: add_dependency(p, cr, dep))

    def remove_dependency(self, cr: str, dep: str) -> Plan:
        return self._edit(f"{cr} no longer depends on {dep}",
                          lambda p: remove_dependency(p, cr, dep))

    def edit_item(self, item: str, **fields) -> Plan:
        return self._edit(f"edit item {item}", lambda p: edits.edit_item(p, item, **fields))

    def edit_release(self, release: str, **fields) -> Plan:
        return self._edit(f"edit release {release}",
                          lambda p: edits.edit_release(p, release, **fields))

    def load(self) -> Plan:
        """The plan as stored now."""
        self.snapshot = self.store.load()
        return self.snapshot.plan

    def today(self, plan: Plan) -> date:
        return self._today(plan)
