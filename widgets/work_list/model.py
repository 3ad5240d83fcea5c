"""The work list's table model: every CR the session's filter matches, one row each, over
the plan on screen (no database reads in data()), sorted by sorting the Python list, following
each edit row by row, with inline edits of stage, estimate, priority and release.

Rows are kept in ascending order of (column value, CR key) beside their sort keys, so a CR's
row is found by bisection from its sort key (an edit's change set carries the CR as it was);
a descending sort reads the same list from the end.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from app.edits.crs import EditCrField, SetStage
from app.model.plan import STAGES, Target
from app.model.row_kinds import RowKind
from app.plan_file.bulk_load import collector_paused
from app.rules.permissions import Action
from widgets.common.row_table_model import RowTableModel
from widgets.common.style import STAGE_COLORS

CR, TEAM, STAGE, RELEASE, HOURS, PRIORITY, EMERGENCY, TITLE = range(8)  # title last: it stretches
EDITABLE = (STAGE, RELEASE, HOURS, PRIORITY)
_STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
_CANCELLED = QColor("#b0b0b0")


class WorkListModel(RowTableModel):
    HEADERS = ("CR", "Team", "Stage", "Release", "Hours", "Priority", "Emergency", "Title")

    def __init__(self, session, mover):
        super().__init__()
        self.session = session
        self.mover = mover
        self.keys: list[tuple] = []  # the sort key of each row of self.rows
        self.column, self.descending = CR, False
        self._team_names: dict[str, str] = {}
        self._release_rank: dict[str | None, int] = {}

    # ---- rows --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Every matching CR of the plan on screen (a load, a filter)."""
        self.beginResetModel()
        plan, crs_filter = self.session.plan, self.session.filter
        self._team_names = {t.key: t.name for t in plan.teams.values()}
        self._release_rank = {r.key: i for i, r in enumerate(plan.release_order())}
        self._release_rank[None] = len(self._release_rank)  # the backlog after every release
        rows = list(plan.crs.values())
        if crs_filter.active:
            rows = [cr for cr in rows if crs_filter.matches(plan, cr)]
        self.rows = rows
        self._sort_rows()
        self.endResetModel()

    def _sort_key(self, cr) -> tuple:
        return self._key_function()(cr)

    def _key_function(self):
        """(the column's value, the CR key) of a CR: unique, so a row is found by bisection."""
        c, teams, ranks = self.column, self._team_names, self._release_rank
        if c == CR:
            return lambda cr: (cr.key, cr.key)
        if c == TITLE:
            return lambda cr: (cr.title.lower(), cr.key)
        if c == TEAM:
            return lambda cr: (teams.get(cr.team, cr.team), cr.key)
        if c == STAGE:
            return lambda cr: (_STAGE_RANK[cr.stage], cr.key)
        if c == RELEASE:
            return lambda cr: (ranks.get(cr.release, -1), cr.key)
        if c == HOURS:
            return lambda cr: (cr.estimate_hours, cr.key)
        if c == PRIORITY:
            return lambda cr: (cr.priority, cr.key)
        return lambda cr: (cr.emergency, cr.key)

    def _sort_rows(self) -> None:
        # 200,000 new tuples among the plan's millions of objects: without the collector
        # paused, its passes over the whole heap cost more than the sort itself.
        with collector_paused():
            keys = list(map(self._key_function(), self.rows))
            order = sorted(range(len(keys)), key=keys.__getitem__)
            self.keys = [keys[i] for i in order]
            self.rows = [self.rows[i] for i in order]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [(self.cr_at(i.row()).key, i.column()) for i in before]
        self.column, self.descending = column, order == Qt.SortOrder.DescendingOrder
        self._sort_rows()
        self.changePersistentIndexList(before, [self._index_of(k, c) for k, c in held])
        self.layoutChanged.emit()

    def _at(self, row: int) -> int:
        """The index into self.rows of view row `row` (and back: it is its own inverse)."""
        return len(self.rows) - 1 - row if self.descending else row

    def cr_at(self, row: int):
        return self.rows[self._at(row)]

    def key_at(self, row: int) -> str:
        return self.cr_at(row).key

    def _find(self, cr) -> int | None:
        """Where `cr` (as the rows hold it) is in self.rows, or None."""
        if cr is None:
            return None
        key = self._sort_key(cr)
        i = bisect.bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else None

    def row_of(self, key: str) -> int | None:
        """The view row of CR `key`, or None when it is not listed."""
        i = self._find(self.session.plan.crs.get(key))
        return None if i is None else self._at(i)

    def _index_of(self, key: str, column: int) -> QModelIndex:
        row = self.row_of(key)
        return QModelIndex() if row is None else self.index(row, column)

    def apply(self, changes) -> None:
        """Follow an edit: the rows of the CRs it touched are changed in place, removed or
        inserted, each with its own signal; the other rows, the selection and the scroll stay."""
        if any(changes.touches(kind) for kind in (RowKind.RELEASE, RowKind.TEAM,
                                                  RowKind.SETTINGS)):
            self.refresh()  # sort keys (release order, team names) may have changed
            return
        plan, crs_filter = self.session.plan, self.session.filter
        for change in changes:
            if change.kind != RowKind.CR:
                continue
            old = self._find(change.before)
            new = change.after
            keep = new is not None and (not crs_filter.active or crs_filter.matches(plan, new))
            if old is not None and keep and self._sort_key(new) == self.keys[old]:
                self.rows[old] = new
                row = self._at(old)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                continue
            if old is not None:
                row = self._at(old)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[old], self.keys[old]
                self.endRemoveRows()
            if keep:
                key = self._sort_key(new)
                i = bisect.bisect_left(self.keys, key)
                row = len(self.rows) - i if self.descending else i
                self.beginInsertRows(QModelIndex(), row, row)
                self.rows.insert(i, new)
                self.keys.insert(i, key)
                self.endInsertRows()

    # ---- showing -----------------------------------------------------------------------------

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cr, column = self.cr_at(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (cr.key, self._team_names.get(cr.team, cr.team), cr.stage.replace("_", " "),
                    str(Target.of(cr.release)), f"{cr.estimate_hours:g}", str(cr.priority),
                    "yes" if cr.emergency else "", cr.title)[column]
        if role == Qt.ItemDataRole.EditRole:
            return (cr.key, cr.team, cr.stage, Target.of(cr.release),
                    float(cr.estimate_hours), cr.priority, cr.emergency, cr.title)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == STAGE:
            return QColor(STAGE_COLORS.get(cr.stage, "#b0b0b0"))
        if role == Qt.ItemDataRole.ForegroundRole and cr.stage == "cancelled":
            return _CANCELLED
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (HOURS, PRIORITY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            why = self._refusal(cr.key, column) if column in EDITABLE else ""
            return f"{cr.key}: {cr.title}" + (
                f"\nRead only: {why}" if why else
                "\nDouble-click to change it" if column in EDITABLE else "")
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and index.column() in EDITABLE \
                and not self._refusal(self.key_at(index.row()), index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _refusal(self, key: str, column: int) -> str:
        """Why this login may not change the cell (another team's CR): not offered then."""
        return self.session.gate(Action.SCHEDULE if column == RELEASE else Action.EDIT_CR, key)

    # ---- inline edits ------------------------------------------------------------------------

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """An inline edit, through the same use case (or, for the release, the same move) as
        everywhere: one undo step. The row follows from the session's `edited`, not from
        here; a refusal says why in the status bar and the row stays as it was (nothing is
        reset under the editor that is committing)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cr, column = self.cr_at(index.row()), index.column()
        if column == RELEASE:
            target = value if isinstance(value, Target) else Target.parse(str(value))
            return not target.holds(cr) and self.mover.move([cr.key], target)
        if column == STAGE:
            use_case = None if value == cr.stage else SetStage(cr.key, str(value))
        elif column == HOURS:
            use_case = None if float(value) == cr.estimate_hours else \
                EditCrField(cr.key, "estimate_hours", float(value))
        elif column == PRIORITY:
            use_case = None if int(value) == cr.priority else \
                EditCrField(cr.key, "priority", int(value))
        else:
            use_case = None
        return use_case is not None and self.session.attempt(use_case) is not None
