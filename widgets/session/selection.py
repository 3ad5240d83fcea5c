"""The change requests selected in the window: one selection shared by the timeline, the board,
the backlog and the work list. `current` is the one the editor shows and keyboard moves act on;
`keys` are all of them, in the order they were selected (a bulk move lists them so)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class CrSelection(QObject):
    changed = Signal()

    def __init__(self):
        super().__init__()
        self._keys: dict[str, None] = {}
        self.current: str | None = None
        self.version = 0  # rises with every change: views cache what they drew from it

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def __contains__(self, key) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def is_many(self) -> bool:
        return len(self._keys) > 1

    def group_of(self, key: str) -> list[str]:
        """What a drag of `key` moves: the whole selection when `key` is part of it."""
        return self.keys if key in self._keys and self.is_many() else [key]

    def set(self, keys: Iterable[str], current: str | None = None) -> None:
        """Select exactly `keys`; `current` (one of them) is the one shown in the editor."""
        keys = dict.fromkeys(k for k in keys if k is not None)
        if current is not None and current not in keys:
            keys[current] = None
        if current is None and keys:
            current = next(reversed(keys))
        if keys == self._keys and current == self.current:
            return
        self._keys, self.current = keys, current
        self.version += 1
        self.changed.emit()

    def toggled(self, key: str) -> tuple[list[str], str | None]:
        """The selection with `key` added (and current), or taken out (the last one left is
        current): Ctrl-click."""
        if key in self._keys:
            keys = [k for k in self._keys if k != key]
            return keys, (self.current if self.current != key else (keys[-1] if keys else None))
        return [*self._keys, key], key

    def keep(self, alive) -> None:
        """Forget keys no longer in the plan (deleted, another plan loaded)."""
        if all(k in alive for k in self._keys):
            return
        keys = [k for k in self._keys if k in alive]
        self.set(keys, self.current if self.current in alive else None)
