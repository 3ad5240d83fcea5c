"""Follow-up changes: when a CR changes an offer field, the assets built on that offer (the
email, landing page, PDF, ad) usually repeat the old value somewhere. A "small" price change is
never one change; this proposes the others, for the planner to tick and adjust."""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.state import ProjectedState
from app.model.plan import Item, Scalar, SetField


@dataclass(frozen=True, slots=True)
class FollowUp:
    asset: Item
    field: str | None  # None: no field of the asset repeats the old value
    before: Scalar
    after: Scalar

    def change(self) -> SetField:
        return SetField(self.asset.key, self.field, self.after, self.before)

    def describe(self) -> str:
        name = f"{self.asset.key} ({self.asset.kind.replace('_', ' ')}: {self.asset.name})"
        if self.field is None:
            return f"{name}: no field repeats the old value; review it by hand"
        return f"{name}: {self.field} {_quoted(self.before)} -> {_quoted(self.after)}"


def _quoted(value: Scalar) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _text(value: Scalar) -> str | None:
    """The text an asset would show for a value: numbers and strings only."""
    if isinstance(value, bool) or value is None:
        return None
    return str(value)


def propose_follow_ups(state: ProjectedState, assets: list[Item], old: Scalar,
                       new: Scalar) -> list[FollowUp]:
    """For each asset, the fields whose value shows the offer's `old` value, with it replaced
    by `new`; an asset with no such field gets one entry with `field` None, so that the
    checklist still lists it. `state` is what the CR is written against."""
    old_text, new_text = _text(old), _text(new)
    out = []
    for asset in assets:
        found = []
        attributes = state.attributes(asset.key) or {}
        if old_text and new_text is not None:
            for field, value in attributes.items():
                if isinstance(value, str) and old_text in value:
                    found.append(FollowUp(asset, field, value, value.replace(old_text, new_text)))
                elif _text(value) == old_text and not isinstance(value, str):
                    found.append(FollowUp(asset, field, value, new))
        out += found or [FollowUp(asset, None, None, None)]
    return out
