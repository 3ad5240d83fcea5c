"""Releases: created, edited (name, go-live, freeze window), cancelled, and deployed. Each is a
use case: `decide` checks the row with the plan file's rules (app.plan_file.row_checks: every
problem at once, each under its field) and returns the change set.

Decision: cancelling a release moves its open change requests (neither deployed nor cancelled)
to the backlog in the same change set; a cancelled release ships nothing, so work left in it
would silently never ship. Undo puts the release and its work back. A deployment is not undone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.edits.use_case import UseCase
from app.engine import edits, operations
from app.model.change_set import ChangeSetBuilder, Edited, put
from app.model.errors import Refusal, RefusalCode
from app.model.plan import CLOSED_STAGES, Release
from app.model.row_kinds import RowKind
from app.plan_file.row_checks import refuse, release_problems


def _planned(plan, key: str) -> Release:
    release = plan.releases.get(key)
    if release is None:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{key}"')
    if release.status != "planned":
        raise Refusal(RefusalCode.RELEASE_CLOSED, f'release "{key}" is {release.status} and '
                                                  "can no longer change")
    return release


@dataclass(frozen=True)
class CreateRelease(UseCase):
    release: Release

    @property
    def action(self) -> str:
        return f"create release {self.release.key}"

    def note(self, outcome) -> str:
        return f"Release {self.release.key} created."

    def decide(self, plan, today):
        new = replace(self.release, status="planned")
        refuse(release_problems(plan, new, new=True))
        return Edited.of(plan, put(plan, RowKind.RELEASE, new.key, new))


@dataclass(frozen=True)
class EditRelease(UseCase):
    """A planned release's name, go-live and freeze window (a deployed or cancelled one is
    history and stays as it is)."""

    release: Release

    @property
    def action(self) -> str:
        return f"edit release {self.release.key}"

    def note(self, outcome) -> str:
        return f"Release {self.release.key} saved."

    def decide(self, plan, today):
        old = _planned(plan, self.release.key)
        new = replace(self.release, status=old.status)
        refuse(release_problems(plan, new, new=False))
        return edits.edit_release(plan, new.key, name=new.name, go_live=new.go_live,
                                  freeze_days=new.freeze_days)


def open_work(plan, release: str) -> list[str]:
    """The CRs of `release` that are neither deployed nor cancelled, in key order."""
    return sorted(k for k, cr in plan.crs.items()
                  if cr.release == release and cr.stage not in CLOSED_STAGES)


@dataclass(frozen=True)
class CancelRelease(UseCase):
    release: str

    @property
    def action(self) -> str:
        return f"cancel release {self.release}"

    @property
    def failure(self) -> str:
        return f"{self.release} was not cancelled"

    def note(self, outcome) -> str:
        moved = outcome.changes.keys(RowKind.CR)
        return f"Release {self.release} cancelled" + (
            f"; {', '.join(moved)} moved to the backlog." if moved else ".")

    def decide(self, plan, today):
        release = _planned(plan, self.release)
        out = ChangeSetBuilder(plan)
        for key in open_work(plan, self.release):  # moving out of a frozen release is allowed
            out.put(RowKind.CR, key, replace(plan.crs[key], release=None))
        out.put(RowKind.RELEASE, release.key, replace(release, status="cancelled"))
        return Edited.of(plan, out.build())


@dataclass(frozen=True)
class Deploy(UseCase):
    release: str

    @property
    def action(self) -> str:
        return f"deploy {self.release}"

    @property
    def undo_text(self) -> None:
        return None  # shipped is shipped: a deployment clears the undo history

    @property
    def failure(self) -> str:
        return f"{self.release} was not deployed"

    def note(self, outcome) -> str:
        return (f"{self.release} deployed: {len(outcome.shipped)} CRs shipped, "
                f"{len(outcome.slipped)} moved on.")

    def decide(self, plan, today):
        return operations.deploy(plan, self.release, today)
