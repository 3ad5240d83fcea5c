"""A stale base (SPEC.md section 2, `stale-base`): a `set` written against a value (its `from`)
that is no longer what it meets in the state before its release. A set without `from` is not
checked; `"from": null` expects the field to be absent. The bundle's warning, Rebase and the CR
editor's marks all ask here."""

from __future__ import annotations

from typing import Protocol

from app.model.plan import UNCHECKED, Change, Scalar
from app.model.values import json_equal


class FieldValues(Protocol):
    def value(self, item: str, field: str) -> Scalar: ...


def is_stale(change: Change, before: FieldValues) -> bool:
    """Whether `change` is a set whose `from` differs from its field's value in `before`."""
    return (change.op == "set" and change.base is not UNCHECKED
            and not json_equal(change.base, before.value(change.item, change.field)))
