"""The offer-pack browser's tree: packs, and under each its items (production ones and those a
pending CR creates), narrowed by the shared CrFilter's pack and text."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from app.model.plan import Item, OfferPack
from app.views.cr_filter import CrFilter
from app.views.pack_usage import PackUsage, disagree
from widgets.packs.cells import CLASH, font_with, keeps_work, muted, status_text

PACK_ID = 0  # internalId of a pack row; an item row carries its pack's row + 1


class Summary(NamedTuple):
    status: str
    open_crs: int  # those the filter keeps
    clashes: list[str]  # fields whose pending values disagree


class PackTreeModel(QAbstractItemModel):
    """A thin adapter over a PackUsage: rows are built in `show`, item summaries on first
    paint of their row (a plan has 20,000 items; a view paints a few dozen)."""

    HEADERS = ("Key", "Kind", "Status", "Open CRs", "Name")  # the name last: it is long
    COUNT = 3

    def __init__(self):
        super().__init__()
        self.usage: PackUsage | None = None
        self.filter = CrFilter()
        self.packs: list[OfferPack] = []
        self.items: list[list[Item]] = []  # per pack row
        self._summaries: dict[str, Summary] = {}

    def show(self, usage: PackUsage | None, crs_filter: CrFilter) -> None:
        self.beginResetModel()
        self.usage, self.filter, self._summaries = usage, crs_filter, {}
        self.packs, self.items = [], []
        plan = usage.plan if usage else None
        words = crs_filter.text.lower().split()
        for pack in plan.packs.values() if plan else ():
            if crs_filter.pack and pack.key != crs_filter.pack:
                continue
            items = usage.items_of_pack(pack.key)
            if words:
                items = [i for i in items
                         if all(w in f"{i.key} {i.name}".lower() for w in words)]
                if not items:
                    continue
            self.packs.append(pack)
            self.items.append(items)
        self.endResetModel()

    def item_at(self, index: QModelIndex) -> Item | None:
        if not index.isValid() or index.internalId() == PACK_ID:
            return None
        return self.items[index.internalId() - 1][index.row()]

    def pack_at(self, index: QModelIndex) -> str | None:
        """The pack of a pack's row (None for an item's row)."""
        if not index.isValid() or index.internalId() != PACK_ID:
            return None
        return self.packs[index.row()].key

    def index_of(self, key: str) -> QModelIndex:
        """The row of item `key`, invalid when the filter hides it."""
        for p, items in enumerate(self.items):
            for r, item in enumerate(items):
                if item.key == key:
                    return self.createIndex(r, 0, p + 1)
        return QModelIndex()

    def summary(self, item: Item) -> Summary:
        """Clashes count over all work, not only what the filter keeps: a filter must not
        hide that another team changes the same field."""
        found = self._summaries.get(item.key)
        if found is None:
            usage = self.usage
            crs = [c for c in usage.open_crs(item.key)
                   if keeps_work(self.filter, c.team, c.stage)]
            clashes = [f for f, work in usage.field_activity(item.key).items() if disagree(work)]
            found = self._summaries[item.key] = Summary(status_text(usage, item), len(crs),
                                                        clashes)
        return found

    # ---- Qt's model API ----------------------------------------------------------------------

    def index(self, row, column, parent=QModelIndex()):  # noqa: B008 (Qt's API)
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, PACK_ID)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=None):
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid() or index.internalId() == PACK_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, PACK_ID)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        if not parent.isValid():
            return len(self.packs)
        if parent.internalId() == PACK_ID and parent.column() == 0:
            return len(self.items[parent.row()])
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == PACK_ID:
            pack = self.packs[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                count = len(self.items[index.row()])
                return (pack.key, "offer pack", f"{count} item{'' if count == 1 else 's'}", "",
                        pack.name)[column]
            if role == Qt.ItemDataRole.FontRole and column == 0:
                return font_with(bold=True)
            return None
        item = self.item_at(index)
        status, count, clashes = self.summary(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.key, item.kind.replace("_", " "), status, str(count) if count else "",
                    item.name)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{item.key}: {item.name} ({item.kind}, {status})"
            if clashes:
                tip += "\nConcurrent work, values disagree on: " + ", ".join(clashes)
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "retired":
            return muted()
        if role == Qt.ItemDataRole.FontRole:
            if column == self.COUNT and clashes:
                return font_with(bold=True)
            if status.startswith("new"):
                return font_with(italic=True)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.COUNT and clashes:
            return CLASH
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
