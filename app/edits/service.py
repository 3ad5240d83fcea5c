"""Use cases over a plan store: decide with the engine, then write the change set in one
transaction under the version check of every row it touches.

A race lost to another planner raises StaleEdit and writes nothing. It is deliberately not
retried here: re-applying "move CR-1 to R2" over someone's newer "move CR-1 to R3" would undo
their edit without anyone seeing it. The caller tells the user (and the client reloads).

Two ways to use it:
- `run(use_case)`: read what the use case's rules need (for a single-CR edit only its scope,
  not the whole plan), decide, write. The command line does this.
- the desktop client holds a snapshot (`load`) and splits the two halves: `decide(use_case)`
  on the GUI thread against the snapshot, `adopt(plan)` to show it at once, and
  `write(changes, versions, action)` on a worker thread, with the versions the client
  expects (app.edits.versions); `write` itself keeps no state, so it is safe on any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from app.edits import use_cases as uc
from app.edits.store_port import PlanStore, Snapshot, StaleEdit
from app.edits.versions import follow_writes
from app.model.change_set import ChangeSet
from app.model.plan import ChangeRequest, Plan


def effective_today(plan, override: date | None) -> date:
    """`--today`, else the plan's pinned date, else the calendar."""
    return override or plan.settings.today or date.today()


class PlanService:
    def __init__(self, store: PlanStore, today: date | None = None,
                 reuse_snapshot: bool = False):
        """With `reuse_snapshot`, use cases decide on the snapshot this service last loaded
        (what the desktop client shows) instead of reading the plan again; the version check
        still refuses them if someone else changed the rows they touch."""
        self.store = store
        self.today_override = today
        self.reuse_snapshot = reuse_snapshot
        self.snapshot: Snapshot | None = None

    # ---- the two halves ----------------------------------------------------------------------

    def decide(self, use_case: uc.UseCase):
        """The use case's outcome against the held snapshot (loaded first if there is none);
        nothing is written."""
        snapshot = self._base(use_case)
        return use_case.decide(snapshot.plan, self._today(snapshot.plan))

    def adopt(self, plan: Plan) -> None:
        """Hold `plan` (an outcome's, not written yet) as the snapshot's plan: the next use
        case decides on top of it. The versions stay those of what is stored."""
        self.snapshot = Snapshot(plan, self.snapshot.versions)

    def write(self, changes: ChangeSet, versions: Mapping[tuple[str, str], int],
              action: str) -> dict[tuple[str, str], int | None]:
        """Write `changes`, each row only if its stored version is the one in `versions`;
        returns the rows' new versions. Raises StaleEdit (nothing written) otherwise."""
        return self.store.write(changes, versions, action)

    def run(self, use_case: uc.UseCase):
        """Decide and write: the outcome of the use case, or its refusal. On StaleEdit the
        snapshot is dropped: the next use case reads what is stored now."""
        snapshot = self._base(use_case)
        outcome = use_case.decide(snapshot.plan, self._today(snapshot.plan))
        try:
            written = self.write(outcome.changes, snapshot.versions, use_case.action)
        except StaleEdit:
            self.snapshot = None
            raise
        follow_writes(snapshot.versions, written)
        if self.reuse_snapshot:
            self.adopt(outcome.plan)
        return outcome

    def _base(self, use_case: uc.UseCase) -> Snapshot:
        if self.reuse_snapshot and self.snapshot is not None:
            return self.snapshot
        if use_case.scope is not None and not self.reuse_snapshot:
            self.snapshot = self.store.load_scope(use_case.scope)
        else:
            self.snapshot = self.store.load()
        return self.snapshot

    def _today(self, plan: Plan) -> date:
        return effective_today(plan, self.today_override)

    # ---- named use cases (the command line and tests) ----------------------------------------

    def schedule(self, cr: str, target: str):
        return self.run(uc.Schedule(cr, target))

    def deploy(self, release: str):
        return self.run(uc.Deploy(release))

    def set_stage(self, cr: str, stage: str):
        return self.run(uc.SetStage(cr, stage))

    def create_cr(self, cr: ChangeRequest):
        return self.run(uc.CreateCr(cr))

    def edit_cr(self, cr: ChangeRequest):
        return self.run(uc.EditCr(cr))

    def delete_cr(self, cr: str):
        return self.run(uc.DeleteCr(cr))

    def add_dependency(self, cr: str, dep: str):
        return self.run(uc.AddDependency(cr, dep))

    def remove_dependency(self, cr: str, dep: str):
        return self.run(uc.RemoveDependency(cr, dep))

    def edit_item(self, item: str, **fields):
        return self.run(uc.EditItem(item, fields))

    def edit_release(self, release: str, **fields):
        return self.run(uc.EditRelease(release, fields))

    # ---- reading -----------------------------------------------------------------------------

    def load(self) -> Plan:
        """The plan as stored now (held as the snapshot)."""
        self.snapshot = self.store.load()
        return self.snapshot.plan

    def history(self, kind: str, key: str) -> list[dict]:
        """Who changed a row, what and when, oldest first (the audit log)."""
        return self.store.history(kind, key)

    def today(self, plan: Plan) -> date:
        return self._today(plan)
