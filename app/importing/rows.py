"""A source file's data rows read through a mapping: for each row, the tracker's key and id,
and the values of the CR fields the mapping feeds, converted (estimates to hours, statuses to
stages, priorities to 1..5). Nothing here knows the plan: releases and teams are matched to it
when the import decides (app.importing.apply)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from app.importing.dates import parse_date
from app.importing.limits import ImportFileError
from app.importing.mapping import Mapping
from app.importing.table import SourceTable


@dataclass(slots=True)
class SourceRow:
    row: int  # data rows count from 1
    external_key: str
    external_id: str
    title: str = ""
    team: str | None = None
    versions: tuple[str, ...] = ()
    release_date: date | None = None
    stage: str | None = None
    status_text: str = ""  # the status as the file writes it (the dialog's status table)
    estimate_hours: float | None = None
    priority: int | None = None
    emergency: bool = False
    justification: str = ""
    depends_on: tuple[str, ...] = ()  # external keys
    blocks: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


class Columns:
    """A mapping's column references resolved against one header row, once."""

    def __init__(self, table: SourceTable, mapping: Mapping):
        self.fields = {name: self._resolve(table, refs) for name, refs in mapping.columns.items()}
        self.links = {name: self._resolve(table, refs) for name, refs in mapping.links.items()}
        self.missing_key = not self.fields.get("key")

    @staticmethod
    def _resolve(table: SourceTable, refs: list) -> list[list[int]]:
        groups = []
        for ref in refs:
            if isinstance(ref, dict):
                pos = ref["position"]
                if pos < len(table.header) and table.header[pos] == ref["name"]:
                    groups.append([pos])
            else:
                found = table.find(ref)
                if found:
                    groups.append(found)
        return groups

    def used(self) -> set[int]:
        return {p for groups in (*self.fields.values(), *self.links.values())
                for g in groups for p in g}


def _values(cells: list, groups: list[list[int]]) -> list:
    """The non-empty values of the first group of columns that has any."""
    n = len(cells)
    for group in groups:
        found = [cells[p] for p in group if p < n and cells[p] is not None and cells[p] != ""]
        found = [v.strip() if isinstance(v, str) else v for v in found]
        found = [v for v in found if v != ""]
        if found:
            return found
    return []


def _first(cells: list, groups: list[list[int]]):
    """The first non-empty value of the columns `groups` name (None: all empty)."""
    n = len(cells)
    for group in groups:
        for p in group:
            if p < n:
                v = cells[p]
                if v is None or v == "":
                    continue
                if isinstance(v, str):
                    v = v.strip()
                    if not v:
                        continue
                return v
    return None


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_TAGS = re.compile(r"<[^>]*>")


def plain_text(value) -> str:
    """A title as text: Azure DevOps writes rich text as HTML; tags are dropped, entities read,
    and nothing is ever rendered."""
    text = _text(value)
    if "<" in text or "&" in text:
        text = html.unescape(_TAGS.sub(" ", text))
    return " ".join(text.split())


def read_rows(table: SourceTable, mapping: Mapping) -> Iterator[SourceRow]:
    cols = Columns(table, mapping)
    if cols.missing_key:
        names = ", ".join(r if isinstance(r, str) else r["name"]
                          for r in mapping.columns.get("key", [])) or "(none)"
        raise ImportFileError(f"{table.path}: no key column: the mapping reads the key from "
                              f"{names}, which the header row does not have")
    f = cols.fields
    get = f.get
    key_cols, id_cols = get("key", []), get("id", [])
    for number, cells in enumerate(table.rows, start=1):
        key = _first(cells, key_cols)
        ident = _first(cells, id_cols)
        row = SourceRow(number, "" if key is None else _text(key),
                        "" if ident is None else _text(ident))
        _fill(row, cells, f, mapping)
        row.depends_on = tuple(_text(v) for v in _values(cells, cols.links.get("depends_on",
                                                                                [])))
        row.blocks = tuple(_text(v) for v in _values(cells, cols.links.get("blocks", [])))
        yield row


def _fill(row: SourceRow, cells: list, f: dict, m: Mapping) -> None:
    def one(name):
        return _first(cells, f.get(name, ()))

    title = one("title")
    row.title = plain_text(title) if title is not None else ""
    team = one("team")
    if team is not None:
        text = _text(team)
        row.team = text.rsplit("\\", 1)[-1] if "\\" in text else text  # an ADO area path
    row.versions = tuple(dict.fromkeys(_text(v) for v in _values(cells, f.get("release", ()))))
    when = one("release_date")
    if when is not None:
        try:
            row.release_date = parse_date(when, m.date_order)
        except ValueError as exc:
            row.notes.append(f"release date ignored: {exc}")
    status = one("status")
    row.status_text = _text(status) if status is not None else ""
    row.stage = _stage(status, one("status_category"), m, row)
    row.estimate_hours = _estimate(one("estimate_hours"), one("estimate_seconds"),
                                   one("story_points"), m, row)
    priority = one("priority")
    if priority is not None:
        row.priority = _priority(priority, m, row)
    flag = one("emergency")
    if flag is not None:
        row.emergency = (flag is True or _text(flag).casefold()
                         in {v.casefold() for v in m.emergency_values})
    justification = one("justification")
    row.justification = plain_text(justification) if justification is not None else ""


def _stage(status, category, m: Mapping, row: SourceRow) -> str | None:
    if status is None and category is None:
        return None
    if status is not None:
        text = _text(status)
        stage = _folded(m.stages).get(text.casefold())
        if stage is not None:
            return stage
    if category is not None:
        stage = _folded(m.status_categories).get(_text(category).casefold())
        if stage is not None:
            return stage
    row.notes.append(f"status {_text(status or category)!r} is not in the mapping's status "
                     "table: stage draft")
    return "draft"


_FOLDED: dict[int, tuple[dict, dict]] = {}


def _folded(table: dict) -> dict:
    """`table` with case-folded keys, built once per table."""
    cached = _FOLDED.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _FOLDED[id(table)] = (table, {k.casefold(): v for k, v in table.items()})
    return cached[1]


def _number(value) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).replace(",", ".").strip())


def _estimate(hours, seconds, points, m: Mapping, row: SourceRow) -> float | None:
    for value, factor, what in ((hours, 1.0, "estimate"), (seconds, 1 / 3600, "estimate"),
                                (points, m.hours_per_point, "story points")):
        if value is None:
            continue
        try:
            number = _number(value)
        except ValueError:
            row.notes.append(f"{what} {_text(value)!r} is not a number: ignored")
            continue
        if not 0 <= number * factor <= 10_000:
            row.notes.append(f"{what} {_text(value)!r} is outside 0 to 10,000 hours: ignored")
            continue
        return round(number * factor, 2)
    return None


_LEADING = re.compile(r"\s*([1-5])\b")


def _priority(value, m: Mapping, row: SourceRow) -> int | None:
    text = _text(value)
    found = _folded(m.priorities).get(text.casefold())
    if found is not None:
        return found
    lead = _LEADING.match(text)  # "2 - High", "3"
    if lead:
        return int(lead[1])
    words = text.split("-", 1)[-1].strip().casefold()
    found = _folded(m.priorities).get(words)
    if found is not None:
        return found
    row.notes.append(f"priority {text!r} is not in the mapping's priority table: priority 3")
    return None
