"""The backlog dock's table: unscheduled CRs, sortable, draggable onto the timeline."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QModelIndex, Qt, Signal

from app.model.row_kinds import RowKind
from widgets.common.cr_drag import CR_MIME, cr_from_mime, cr_mime
from widgets.common.row_table_model import RowTableModel


class BacklogModel(RowTableModel):
    """A thin adapter over the session's plan (no reads in data()). Sorting sorts the
    Python list itself: a QSortFilterProxyModel took 16.6 s at 100,000 rows."""

    HEADERS = ("CR", "Title", "Team", "Stage", "Hours")
    SORT_KEYS = (lambda c: c.key, lambda c: c.title.lower(), lambda c: c.team,
                 lambda c: c.stage, lambda c: c.estimate_hours)

    dropped = Signal(str)  # a CR dragged here (Qt's drag and drop): unschedule it

    def __init__(self, session):
        super().__init__()
        self.session = session
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._rows_of: dict[str, int] | None = None  # key -> row, built when first asked
        for moved in (self.rowsInserted, self.rowsRemoved, self.modelReset, self.layoutChanged):
            moved.connect(self._forget_rows)

    def _forget_rows(self, *_) -> None:
        self._rows_of = None

    def key_at(self, row: int) -> str:
        return self.rows[row].key

    def row_of(self, key: str) -> int | None:
        if self._rows_of is None:
            self._rows_of = {cr.key: i for i, cr in enumerate(self.rows)}
        return self._rows_of.get(key)

    def refresh(self) -> None:
        self.beginResetModel()
        plan = self.session.plan
        self.rows = [plan.crs[k] for k in self.session.layout.backlog]
        if self._sorted_by is not None:
            column, order = self._sorted_by
            self.rows.sort(key=self.SORT_KEYS[column],
                           reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def apply(self, changes) -> None:
        """Follow an edit: rows of the CRs it touched are removed, inserted or changed in
        place, each with its own signal; the other rows (and the view's selection and scroll)
        stay as they were. At 100,000 CRs a reset per drop cost the view its state."""
        backlog = self.session.layout.backlog  # sorted keys: who belongs here now
        plan = self.session.plan
        for key in dict.fromkeys(changes.keys(RowKind.CR)):
            row = self.row_of(key)  # an index kept until rows come or go: a move between
            i = bisect.bisect_left(backlog, key)  # releases finds its 20 CRs at no cost
            cr = plan.crs[key] if i < len(backlog) and backlog[i] == key else None
            if row is not None:
                if cr is not None and self._place(cr, row) == row:
                    self.rows[row] = cr
                    self.dataChanged.emit(self.index(row, 0),
                                          self.index(row, len(self.HEADERS) - 1))
                    continue
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
            if cr is not None:
                at = self._place(cr)
                self.beginInsertRows(QModelIndex(), at, at)
                self.rows.insert(at, cr)
                self.endInsertRows()

    def _place(self, cr, skip: int | None = None) -> int:
        """Where `cr` goes in the rows as sorted now (ignoring row `skip`, its old place)."""
        column, order = self._sorted_by or (0, Qt.SortOrder.AscendingOrder)
        sort_key = self.SORT_KEYS[column]
        mine = sort_key(cr)
        descending = order == Qt.SortOrder.DescendingOrder
        for i, other in enumerate(self.rows):
            if i == skip:
                continue
            theirs = sort_key(other)
            if (mine > theirs) if descending else (mine < theirs):
                return i if skip is None or i < skip else i - 1
        return len(self.rows) - (0 if skip is None else 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cr = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (cr.key, cr.title, cr.team, cr.stage.replace("_", " "),
                    f"{cr.estimate_hours:g}")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{cr.key}: {cr.title}\nDrag it onto a release on the timeline or the board to " \
                "schedule it."
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=self.SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    # ---- drag and drop -----------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CR_MIME]

    def mimeData(self, indexes):
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return cr_mime(self.rows[rows[0]].key) if rows else super().mimeData(indexes)

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        cr = cr_from_mime(data)
        return cr is not None and all(r.key != cr for r in self.rows)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """A CR dropped on the backlog is unscheduled; the rows follow from the session's
        edit, not from this drop (a refused move must leave them as they were)."""
        cr = cr_from_mime(data)
        if cr is None:
            return False
        self.dropped.emit(cr)
        return False  # nothing for the view to remove from the source
