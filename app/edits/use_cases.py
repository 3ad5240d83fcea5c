"""Every edit a planner can make, as a value: what it is called in the audit log, what part of
the plan its rules read, and how it decides (with the engine) what it changes.

A use case never writes. `PlanService.run` decides and writes in one go (the command line);
the desktop client decides on the GUI thread, shows the result at once, and writes on a worker
(widgets.session.edit_runner). Either way the outcome carries the change set that is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from app.edits.change_rules import check_change_set
from app.engine import edits, operations
from app.model.change_set import ChangeSet, Edited
from app.model.errors import Refusal
from app.model.plan import BACKLOG, ChangeRequest, Plan


@dataclass(frozen=True)
class UseCase:
    """`scope`: the CRs whose rules a partial load must cover (None: the whole plan)."""

    @property
    def action(self) -> str:
        raise NotImplementedError

    scope = None

    def decide(self, plan: Plan, today: date):
        """The outcome (with `.plan` and `.changes`), or a Refusal / PlanFileError."""
        raise NotImplementedError


@dataclass(frozen=True)
class Schedule(UseCase):
    cr: str
    target: str  # a release key, or "backlog"

    @property
    def action(self) -> str:
        return f"schedule {self.cr} to {self.target}"

    @property
    def scope(self):
        return (self.cr,)

    def decide(self, plan, today):
        return operations.schedule(plan, self.cr, self.target, today)


@dataclass(frozen=True)
class Deploy(UseCase):
    release: str

    @property
    def action(self) -> str:
        return f"deploy {self.release}"

    def decide(self, plan, today):
        return operations.deploy(plan, self.release, today)


@dataclass(frozen=True)
class SetStage(UseCase):
    cr: str
    stage: str

    @property
    def action(self) -> str:
        return f"move {self.cr} to stage {self.stage}"

    def decide(self, plan, today):
        return edits.set_stage(plan, self.cr, self.stage)


@dataclass(frozen=True)
class CreateCr(UseCase):
    """A new CR, scheduled to its release by the rules of `schedule` (a frozen release takes
    only emergencies), in one commit: nothing is half-created."""

    cr: ChangeRequest

    @property
    def action(self) -> str:
        return f"create {self.cr.key}"

    def decide(self, plan, today):
        if self.cr.key in plan.crs:
            raise Refusal("duplicate-key", f"{self.cr.key} already exists; pick another key")
        edits.save_cr(plan, self.cr)  # every problem at once, its release's included
        saved = edits.save_cr(plan, replace(self.cr, release=None))
        moved = operations.schedule(saved.plan, self.cr.key, self.cr.release or BACKLOG, today)
        return replace(moved, changes=saved.changes.then(moved.changes))


@dataclass(frozen=True)
class EditCr(UseCase):
    """The CR editor's save of an existing CR (freeze and schedule rules apply)."""

    cr: ChangeRequest

    @property
    def action(self) -> str:
        return f"edit {self.cr.key}"

    def decide(self, plan, today):
        return edits.edit_cr(plan, self.cr, today)


@dataclass(frozen=True)
class DeleteCr(UseCase):
    key: str

    @property
    def action(self) -> str:
        return f"delete {self.key}"

    def decide(self, plan, today):
        return edits.delete_cr(plan, self.key)


@dataclass(frozen=True)
class AddDependency(UseCase):
    cr: str
    dep: str

    @property
    def action(self) -> str:
        return f"{self.cr} depends on {self.dep}"

    def decide(self, plan, today):
        return operations.add_dependency(plan, self.cr, self.dep)


@dataclass(frozen=True)
class RemoveDependency(UseCase):
    cr: str
    dep: str

    @property
    def action(self) -> str:
        return f"{self.cr} no longer depends on {self.dep}"

    def decide(self, plan, today):
        return operations.remove_dependency(plan, self.cr, self.dep)


@dataclass(frozen=True)
class EditItem(UseCase):
    item: str
    fields: dict = field(default_factory=dict)

    @property
    def action(self) -> str:
        return f"edit item {self.item}"

    def decide(self, plan, today):
        return edits.edit_item(plan, self.item, **self.fields)


@dataclass(frozen=True)
class EditRelease(UseCase):
    release: str
    fields: dict = field(default_factory=dict)

    @property
    def action(self) -> str:
        return f"edit release {self.release}"

    def decide(self, plan, today):
        return edits.edit_release(plan, self.release, **self.fields)


@dataclass(frozen=True)
class ApplyChanges(UseCase):
    """Undo (the inverse of an edit's change set, `restoring`) or redo (the change set again)
    as a compensating edit, under app.edits.change_rules."""

    changes: ChangeSet
    text: str  # what the edit was called, e.g. "Move CR-201 to R-MAR"
    restoring: bool

    @property
    def action(self) -> str:
        return f"{'undo' if self.restoring else 'redo'}: {self.text}"

    def decide(self, plan, today):
        check_change_set(plan, self.changes, today, self.restoring)
        return Edited.of(plan, self.changes)
