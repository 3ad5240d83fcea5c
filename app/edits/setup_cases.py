"""Setting a plan up in the window: releases, teams, offer packs and items created and edited
(issue 14). Each is a use case like those of app.edits.use_cases: `decide` checks the row with the
plan file's rules (app.plan_file.row_checks: every problem at once, each under its field) and returns the
change set, which the client writes in one transaction with its audit row, as one undo step.

Keys are given once, at creation: change requests and other rows refer to them.
Decision: cancelling a release moves its open change requests (neither deployed nor cancelled)
to the backlog in the same change set; a cancelled release ships nothing, so work left in it
would silently never ship. Undo puts the release and its work back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.edits.use_cases import UseCase
from app.engine import edits
from app.model.change_set import ChangeSetBuilder, Edited, put
from app.model.errors import Refusal
from app.model.plan import CLOSED_STAGES, Item, OfferPack, Release, Team
from app.plan_file.row_checks import item_problems, pack_problems, refuse, release_problems, team_problems


def _planned(plan, key: str) -> Release:
    release = plan.releases.get(key)
    if release is None:
        raise Refusal("unknown-release", f'there is no release "{key}"')
    if release.status != "planned":
        raise Refusal("release-closed", f'release "{key}" is {release.status} and can no '
                                        "longer change")
    return release


@dataclass(frozen=True)
class CreateRelease(UseCase):
    release: Release

    @property
    def action(self) -> str:
        return f"create release {self.release.key}"

    def decide(self, plan, today):
        new = replace(self.release, status="planned")
        refuse(release_problems(plan, new, new=True))
        return Edited.of(plan, put(plan, "release", new.key, new))


@dataclass(frozen=True)
class EditRelease(UseCase):
    """A planned release's name, go-live and freeze window (a deployed or cancelled one is
    history and stays as it is)."""

    release: Release

    @property
    def action(self) -> str:
        return f"edit release {self.release.key}"

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

    def decide(self, plan, today):
        release = _planned(plan, self.release)
        out = ChangeSetBuilder(plan)
        for key in open_work(plan, self.release):  # moving out of a frozen release is allowed
            out.put("cr", key, replace(plan.crs[key], release=None))
        out.put("release", release.key, replace(release, status="cancelled"))
        return Edited.of(plan, out.build())


@dataclass(frozen=True)
class SaveTeam(UseCase):
    team: Team
    new: bool

    @property
    def action(self) -> str:
        return f"{'create' if self.new else 'edit'} team {self.team.key}"

    def decide(self, plan, today):
        if not self.new and self.team.key not in plan.teams:
            raise Refusal("unknown-team", f'there is no team "{self.team.key}"')
        refuse(team_problems(plan, self.team, self.new))
        return Edited.of(plan, put(plan, "team", self.team.key, self.team))


@dataclass(frozen=True)
class SavePack(UseCase):
    pack: OfferPack
    new: bool

    @property
    def action(self) -> str:
        return f"{'create' if self.new else 'edit'} offer pack {self.pack.key}"

    def decide(self, plan, today):
        if not self.new and self.pack.key not in plan.packs:
            raise Refusal("unknown-pack", f'there is no offer pack "{self.pack.key}"')
        refuse(pack_problems(plan, self.pack, self.new))
        return Edited.of(plan, put(plan, "pack", self.pack.key, self.pack))


@dataclass(frozen=True)
class SaveItem(UseCase):
    """An item of production created, edited, retired or made active again. An existing item
    keeps its key and pack (CRs and other items name it)."""

    item: Item
    new: bool

    @property
    def action(self) -> str:
        return f"{'create' if self.new else 'edit'} item {self.item.key}"

    def decide(self, plan, today):
        item = self.item
        if self.new:
            refuse(item_problems(plan, item, new=True))
            return Edited.of(plan, put(plan, "item", item.key, item))
        old = plan.items.get(item.key)
        if old is None:
            raise Refusal("unknown-item", f'there is no item "{item.key}"')
        item = replace(item, pack=old.pack)
        refuse(item_problems(plan, item, new=False))
        return edits.edit_item(plan, item.key, kind=item.kind, name=item.name,
                               status=item.status, attributes=dict(item.attributes),
                               uses=tuple(item.uses))
