"""A source file as the mapping reads it: a header row whose columns are known by position and
name together (Jira repeats a name once per value, and two custom fields may share one), and
data rows streamed one by one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class SourceTable:
    path: str
    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[list]  # data rows, first data row first; cells are text (CSV) or values
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    positions: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        for index, name in enumerate(self.header):
            self.positions.setdefault(name.strip(), []).append(index)

    def find(self, name: str) -> list[int]:
        """The positions of every column called `name` (exact, then ignoring case)."""
        found = self.positions.get(name)
        if found:
            return found
        folded = name.casefold()
        return [i for key, cols in self.positions.items() if key.casefold() == folded
                for i in cols]
