"""What a planner narrows every view to: a team, an offer pack, a stage, free text, and a release
(the capacity view's "this team's work in that release"). One
predicate, so that the timeline, the backlog and every later view agree on what is shown."""

from __future__ import annotations

from dataclasses import dataclass

from app.model.plan import ChangeRequest, Plan


@dataclass(frozen=True)
class CrFilter:
    team: str | None = None
    pack: str | None = None
    stage: str | None = None
    text: str = ""
    release: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.team or self.pack or self.stage or self.text.strip() or self.release)

    def matches(self, plan: Plan, cr: ChangeRequest) -> bool:
        if self.team and cr.team != self.team:
            return False
        if self.release and cr.release != self.release:
            return False
        if self.stage and cr.stage != self.stage:
            return False
        if self.pack and not any(_pack_of(plan, ch) == self.pack for ch in cr.changes):
            return False
        words = self.text.lower().split()
        if words:
            haystack = " ".join([cr.key, cr.title, *(ch.item for ch in cr.changes)]).lower()
            return all(word in haystack for word in words)
        return True


def _pack_of(plan: Plan, change) -> str | None:
    if change.op == "create":
        return change.pack
    item = plan.items.get(change.item)
    return item.pack if item is not None else None
