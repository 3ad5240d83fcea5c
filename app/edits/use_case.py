"""What every edit a planner can make is, as a value: what it is called in the audit log, what
part of the plan its rules read, how it decides (with the engine) what it changes, and its
words: the undo step's name, what the planner is told when it is refused, and the status line
once it is shown (Orange canvas's commands each name their undo text).

A use case never writes. `PlanService.run` decides and writes in one go (the command line);
the desktop session decides on the GUI thread, shows the outcome at once, and writes on a
worker. Either way the outcome carries the change set that is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.model.plan import Plan


@dataclass(frozen=True)
class UseCase:
    """`scope`: the CRs whose rules a partial load must cover (None: the whole plan)."""

    scope = None

    @property
    def action(self) -> str:
        """The audit log's name of this edit, e.g. "schedule CR-1 to R-MAR"."""
        raise NotImplementedError

    @property
    def undo_text(self) -> str | None:
        """The undo step's name, e.g. "Move CR-1 to R-MAR"; None: it cannot be undone."""
        return self.action[:1].upper() + self.action[1:]

    @property
    def failure(self) -> str:
        """How a refusal's message starts, e.g. "CR-1 stays where it is"."""
        return f"{self.undo_text or self.action} was not done"

    def note(self, outcome) -> str:
        """The status line once the edit is shown; empty: nothing to say."""
        return f"{self.undo_text or self.action}."

    def decide(self, plan: Plan, today: date):
        """The outcome (with `.plan` and `.changes`), or a Refusal / PlanFileError."""
        raise NotImplementedError


@dataclass(frozen=True)
class StoredEdit(UseCase):
    """An edit that only the store can decide, because it writes beyond the plan on screen (a
    scenario's promotion writes to live and takes rows out of the scenario; its undo puts them
    back): decided and written in one transaction on the worker (`apply`), after which the
    window reads its plan again. It is a step of the one undo history (app.edits.undo) like
    any edit: `restoring` says, as ApplyChanges does, whether it is that history's undo
    (True), redo (False) or a new step (None), and `settle` records it once written."""

    restoring = None

    def apply(self, store, today: date):
        """Decide and write, in one transaction; the result `settle` takes. A refusal (a
        Refusal, or the store's StaleEdit) leaves everything as it was."""
        raise NotImplementedError

    def settle(self, history, result) -> None:
        """The write is done: push its history step, or keep what a redo needs."""


def order_notes(outcome) -> str:
    """The order warnings of a move (a dependency shipping later, a dependent earlier), as
    sentences to add to its status line."""
    return "".join(f" {w.message}." for w in getattr(outcome, "warnings", ()))
