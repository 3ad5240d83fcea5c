"""The offer-pack browser's tables for one item: its fields with the pending work on each
(one row per field and CR), and the items that use it (the impact checklist)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt

from app.model.plan import UNCHECKED, Item, Target
from app.views.cr_filter import CrFilter
from app.views.explain import show
from app.views.pack_usage import CREATE_FIELD, RETIRE_FIELD, FieldWork, PackUsage, disagree
from widgets.common.row_table_model import RowTableModel
from widgets.packs.cells import CLASH, font_with, keeps_work, muted, status_text

WHOLE_ITEM = {CREATE_FIELD: "creates the item", RETIRE_FIELD: "retires the item"}


class FieldRow(NamedTuple):
    field: str
    production: str
    work: FieldWork | None  # None: nothing pending on the field (or all of it filtered out)
    first: bool  # the field's first row: it carries the field's name, value and note
    note: str  # e.g. "2 teams change this"
    clash: bool  # the pending values disagree
    tip: str  # who changes the field to what


def describe_work(work: list[FieldWork], shown: int) -> str:
    """The note on a field that several CRs change; '' when at most one does."""
    if len(work) < 2:
        return ""
    teams, releases = {w.team for w in work}, {w.release for w in work}
    if len(teams) > 1:
        note = f"{len(teams)} teams change this"
    elif len(releases) > 1:
        note = f"{len(releases)} releases change this"
    else:
        note = f"{len(work)} CRs change this"
    if not disagree(work):  # equal values merge: worth knowing, not a clash
        note = note.replace(" change this", ", same value")
    if shown < len(work):
        note += f" ({len(work) - shown} filtered out)"
    return note


def _release(work: FieldWork) -> str:
    return str(Target.of(work.release))


class FieldsModel(RowTableModel):
    # The note beside the field's name: in a narrow dock the last columns are out of sight.
    HEADERS = ("Field", "Concurrent work", "In production", "CR", "Team", "Release", "Stage",
               "New value", "Written against")
    WORK = 3  # the first of the CR's columns

    def __init__(self):
        super().__init__()
        self.rows: list[FieldRow] = []

    def show(self, usage: PackUsage | None, key: str | None, crs_filter: CrFilter) -> None:
        self.beginResetModel()
        self.rows = []
        item = usage.item(key) if usage and key else None
        if item is not None:
            live = usage.plan.items.get(key)
            for field, work in usage.field_activity(key).items():
                shown = [w for w in work if keeps_work(crs_filter, w.team, w.stage)]
                clash = disagree(work)
                tip = "\n".join(f"{w.cr} ({w.team}, {_release(w)}, {w.stage.replace('_', ' ')})"
                                f": {WHOLE_ITEM.get(field) or show(w.to)}" for w in work)
                note = describe_work(work, len(shown))
                production = _production(live, field)
                for i, w in enumerate(shown or [None]):
                    self.rows.append(FieldRow(field, production, w, i == 0, note if i == 0 else "",
                                              clash, tip))
        self.endResetModel()

    def cr_at(self, row: int) -> str | None:
        work = self.rows[row].work
        return work.cr if work else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        w = row.work
        if role == Qt.ItemDataRole.DisplayRole:
            if column < self.WORK:  # the field's own columns: on its first row only
                return (row.field, row.note, row.production)[column] if row.first else ""
            if w is None:
                return ""
            new = WHOLE_ITEM.get(row.field) or show(w.to)
            base = "" if w.base is UNCHECKED or row.field in WHOLE_ITEM else show(w.base)
            return (w.cr, w.team, _release(w), w.stage.replace("_", " "), new,
                    base)[column - self.WORK]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.WORK and w is not None:
                return f"{w.cr}: {w.title}\nDouble-click to open it."
            if column == self.WORK + 5 and w is not None and w.base is UNCHECKED:
                return "No 'from' recorded: the base of this change is not checked."
            if column in (2, self.WORK + 4, self.WORK + 5):  # values, elided when long
                return self.data(index) or None
            return row.tip or None
        if role == Qt.ItemDataRole.FontRole and row.clash and column in (0, 1):
            return font_with(bold=True)
        if role == Qt.ItemDataRole.BackgroundRole and row.clash:
            return CLASH
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and \
                row.production in NOT_LIVE:
            return muted()
        return None


NOT_LIVE = ("not in production", "no item", "empty")


def _production(live: Item | None, field: str) -> str:
    """The live value of a field; for `(create)`/`(retire)` the live status of the item."""
    if field in WHOLE_ITEM:
        return live.status if live else "no item"
    if live is None:
        return "not in production"
    return show(live.attributes.get(field))


class UsedByModel(RowTableModel):
    """The active items built on one item: what to review when a CR changes it."""

    HEADERS = ("Key", "Kind", "Name", "Status")

    def __init__(self):
        super().__init__()
        self.usage: PackUsage | None = None
        self.rows: list[tuple[Item, str]] = []

    def show(self, usage: PackUsage | None, key: str | None) -> None:
        self.beginResetModel()
        self.usage = usage
        users = usage.assets_using(key) if usage and key else []
        self.rows = [(item, status_text(usage, item)) for item in users]
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, status = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.key, item.kind.replace("_", " "), item.name, status)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.key}: {item.name}. Double-click to browse it."
        if role == Qt.ItemDataRole.FontRole and status.startswith("new"):
            return font_with(italic=True)
        return None
