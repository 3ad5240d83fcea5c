"""The version counters a client holds for the rows it shows (DESIGN.md section 4).

The store bumps a row's version by one on every write and starts a new row at 1. A client that
shows an edit before it is written can therefore say at once which versions its plan stands
for (`expect`), hand each queued write the versions it was decided on, and put them back if
the write is refused (`restore`). A commit from the change feed whose version a client already
holds is its own, or older than what it shows, and is skipped (`is_newer`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from app.model.change_set import ChangeSet

Versions = MutableMapping[tuple[str, str], int]


def expect(changes: ChangeSet, versions: Versions) -> dict[tuple[str, str], int | None]:
    """Move `versions` to what they will be once `changes` is written; returns the versions
    the write must find (None: a new row), to check it and to `restore` them."""
    expected: dict[tuple[str, str], int | None] = {}
    for row in changes:
        key = (row.kind, row.key)
        expected[key] = versions.get(key)
        if row.after is None:
            versions.pop(key, None)
        elif row.before is None:
            versions[key] = 1
        elif key in versions:
            versions[key] += 1
    return expected


def restore(versions: Versions, expected: Mapping[tuple[str, str], int | None]) -> None:
    """Put back the versions `expect` moved (a write refused)."""
    for key, version in expected.items():
        if version is None:
            versions.pop(key, None)
        else:
            versions[key] = version


def follow_writes(versions: Versions, written: Mapping[tuple[str, str], int | None]) -> None:
    """Take the versions a write returned."""
    for key, version in written.items():
        if version is None:
            versions.pop(key, None)
        else:
            versions[key] = version


def is_newer(versions: Mapping[tuple[str, str], int], kind: str, key: str,
             version: int | None, exists: bool) -> bool:
    """Whether a row committed elsewhere at `version` (None: deleted) is news to a client
    holding `versions`; `exists`: whether the client shows the row."""
    if version is None:
        return exists
    return version > versions.get((kind, key), 0)
