"""Projected state: the production state with change requests applied on top (SPEC.md section 1).

Items that no applied change touched are read straight from production; an item is copied into
the overlay on its first change, so projecting a large plan costs only what its changes touch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.model.plan import ChangeRequest, Item, Scalar


class ProjectedState:
    def __init__(self, production: Mapping[str, Item]):
        self._production = production
        # key -> [kind, status, attributes] owned by this state
        self._overlay: dict[str, list | None] = {}

    def _entry(self, key: str) -> list | None:
        if key in self._overlay:
            return self._overlay[key]
        item = self._production.get(key)
        if item is None:
            return None
        return [item.kind, item.status, item.attributes]  # read-only view; _own() copies

    def _own(self, key: str) -> list | None:
        """The overlay entry of an existing item, made writable; None if there is no item."""
        if key in self._overlay:
            return self._overlay[key]
        item = self._production.get(key)
        if item is None:
            return None
        entry = [item.kind, item.status, dict(item.attributes)]
        self._overlay[key] = entry
        return entry

    def exists(self, key: str) -> bool:
        return self._entry(key) is not None

    def kind(self, key: str) -> str | None:
        entry = self._entry(key)
        return entry[0] if entry is not None else None

    def status(self, key: str) -> str | None:
        """`active`, `retired`, or None when the item does not exist."""
        entry = self._entry(key)
        return entry[1] if entry is not None else None

    def value(self, key: str, field: str) -> Scalar:
        """A field's value; None where the field or the item does not exist (null == missing)."""
        entry = self._entry(key)
        return entry[2].get(field) if entry is not None else None

    def attributes(self, key: str) -> dict[str, Scalar] | None:
        entry = self._entry(key)
        return dict(entry[2]) if entry is not None else None

    def apply(self, cr: ChangeRequest) -> None:
        """Apply a CR's changes in the order listed."""
        for ch in cr.changes:
            op = ch.op
            if op == "set":
                entry = self._own(ch.item)
                if entry is None:
                    continue  # a set on an item that does not exist does nothing
                if ch.to is None:
                    entry[2].pop(ch.field, None)
                else:
                    entry[2][ch.field] = ch.to
            elif op == "create":
                attrs = {k: v for k, v in ch.attributes.items() if v is not None}
                self._overlay[ch.item] = [ch.kind, "active", attrs]
            else:
                entry = self._own(ch.item)
                if entry is not None:
                    entry[1] = "retired"

    def apply_all(self, crs: Iterable[ChangeRequest]) -> None:
        for cr in crs:
            self.apply(cr)

    def touched(self) -> Iterable[str]:
        """Keys of the items that applied changes created or changed."""
        return self._overlay.keys()
