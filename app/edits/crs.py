"""Editing change requests: create, edit (the CR editor's save, or one field in the work list),
delete, restage, and their dependencies. Each is one use case, one change set, one undo step;
the rules are the engine's (app.engine.edits, app.engine.operations)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.edits.use_case import UseCase, order_notes
from app.engine import edits, operations
from app.model.errors import Refusal, RefusalCode
from app.model.plan import ChangeRequest, Target


@dataclass(frozen=True)
class CreateCr(UseCase):
    """A new CR, scheduled to its release by the rules of `schedule` (a frozen release takes
    only emergencies), in one commit: nothing is half-created."""

    cr: ChangeRequest

    @property
    def action(self) -> str:
        return f"create {self.cr.key}"

    @property
    def failure(self) -> str:
        return f"{self.cr.key} was not saved"

    def note(self, outcome) -> str:
        return f"{self.cr.key} created in {outcome.target.described()}." + order_notes(outcome)

    def decide(self, plan, today):
        if self.cr.key in plan.crs:
            raise Refusal(RefusalCode.DUPLICATE_KEY,
                          f"{self.cr.key} already exists; pick another key")
        edits.save_cr(plan, self.cr)  # every problem at once, its release's included
        saved = edits.save_cr(plan, replace(self.cr, release=None))
        moved = operations.schedule(saved.plan, self.cr.key, Target.of(self.cr.release), today)
        return replace(moved, changes=saved.changes.then(moved.changes))


@dataclass(frozen=True)
class EditCr(UseCase):
    """The CR editor's save of an existing CR (freeze and schedule rules apply)."""

    cr: ChangeRequest

    @property
    def action(self) -> str:
        return f"edit {self.cr.key}"

    @property
    def failure(self) -> str:
        return f"{self.cr.key} was not saved"

    def note(self, outcome) -> str:
        return f"{self.cr.key} saved, in {outcome.target.described()}." + order_notes(outcome)

    def decide(self, plan, today):
        return edits.edit_cr(plan, self.cr, today)


# The work list's number cells, each with how its undo step names it (a stage: SetStage).
_FIELD_WORDS = {"estimate_hours": ("Estimate", "{:g} h"), "priority": ("Priority", "{}")}


@dataclass(frozen=True)
class EditCrField(UseCase):
    """A CR's estimate or priority changed in place (the work list), by the rules of the
    editor's save."""

    cr: str
    field: str  # estimate_hours or priority
    value: float | int

    @property
    def action(self) -> str:
        return f"edit {self.cr}"

    @property
    def undo_text(self) -> str:
        label, form = _FIELD_WORDS[self.field]
        return f"{label} of {self.cr} to {form.format(self.value)}"

    @property
    def failure(self) -> str:
        return f"{self.cr} was not changed"

    def decide(self, plan, today):
        if self.field not in _FIELD_WORDS:
            raise Refusal(RefusalCode.INVALID_FIELD, f"{self.field} is not changed in place")
        cr = plan.crs.get(self.cr)
        if cr is None:
            raise Refusal(RefusalCode.UNKNOWN_CR, f'there is no change request "{self.cr}"')
        return edits.edit_cr(plan, replace(cr, **{self.field: self.value}), today)


@dataclass(frozen=True)
class SetStage(UseCase):
    cr: str
    stage: str

    @property
    def action(self) -> str:
        return f"move {self.cr} to stage {self.stage}"

    @property
    def undo_text(self) -> str:
        return f"Stage of {self.cr} to {self.stage}"

    @property
    def failure(self) -> str:
        return f"{self.cr} was not changed"

    @property
    def scope(self):
        return (self.cr,)

    def decide(self, plan, today):
        return edits.set_stage(plan, self.cr, self.stage)


@dataclass(frozen=True)
class DeleteCr(UseCase):
    key: str

    @property
    def action(self) -> str:
        return f"delete {self.key}"

    @property
    def failure(self) -> str:
        return f"{self.key} was not deleted"

    def note(self, outcome) -> str:
        return f"{self.key} deleted."

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
