"""Offer packs and their items: created, edited, retired or made active again. An existing
item keeps its key and pack (CRs and other items name it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.edits.use_case import UseCase
from app.engine import edits
from app.model.change_set import Edited, put
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Item, OfferPack
from app.model.row_kinds import RowKind
from app.plan_file.row_checks import item_problems, pack_problems, refuse


@dataclass(frozen=True)
class SavePack(UseCase):
    pack: OfferPack
    new: bool

    @property
    def action(self) -> str:
        return f"{'create' if self.new else 'edit'} offer pack {self.pack.key}"

    def note(self, outcome) -> str:
        return f"Offer pack {self.pack.key} saved."

    def decide(self, plan, today):
        if not self.new and self.pack.key not in plan.packs:
            raise Refusal(RefusalCode.UNKNOWN_PACK, f'there is no offer pack "{self.pack.key}"')
        refuse(pack_problems(plan, self.pack, self.new))
        return Edited.of(plan, put(plan, RowKind.PACK, self.pack.key, self.pack))


@dataclass(frozen=True)
class SaveItem(UseCase):
    """An item of production created, edited, retired or made active again."""

    item: Item
    new: bool
    was_status: str | None = None  # the status it had, to name a retirement as one

    @property
    def action(self) -> str:
        return f"{'create' if self.new else 'edit'} item {self.item.key}"

    @property
    def undo_text(self) -> str:
        key = self.item.key
        if self.new:
            return f"Create item {key}"
        if self.was_status is not None and self.item.status != self.was_status:
            return f"{'Retire' if self.item.status == 'retired' else 'Reactivate'} item {key}"
        return f"Edit item {key}"

    def note(self, outcome) -> str:
        return f"Item {self.item.key} saved."

    def decide(self, plan, today):
        item = self.item
        if self.new:
            refuse(item_problems(plan, item, new=True))
            return Edited.of(plan, put(plan, RowKind.ITEM, item.key, item))
        old = plan.items.get(item.key)
        if old is None:
            raise Refusal(RefusalCode.UNKNOWN_ITEM, f'there is no item "{item.key}"')
        item = replace(item, pack=old.pack)
        refuse(item_problems(plan, item, new=False))
        return edits.edit_item(plan, item.key, kind=item.kind, name=item.name,
                               status=item.status, attributes=dict(item.attributes),
                               uses=tuple(item.uses))
