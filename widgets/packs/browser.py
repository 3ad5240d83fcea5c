"""The offer-pack browser dock (DESIGN.md section 3): packs and their items; for the chosen item
its live fields with every pending CR that changes them (concurrent work made visible) and, for
an offer, the items built on it (the impact checklist)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.model.row_kinds import RowKind
from app.views.pack_usage import PackUsage
from widgets.packs.fields_model import FieldsModel, UsedByModel
from widgets.packs.tree_model import PackTreeModel

# After a drop the timeline repaints first; indexing 100,000 CRs takes ~100 ms.
REFRESH_DELAY_MS = 40
EXPAND_ALL_UP_TO = 500  # items; a generated plan's 20,000 open as collapsed packs
HINT = "Choose an item to see its fields and the change requests that change them."


class PackBrowser(QWidget):
    cr_activated = Signal(str)  # a CR was double-clicked: open it, select it on the timeline
    browsed = Signal(object, object)  # the pack and item (or None) chosen in the tree

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.usage: PackUsage | None = None  # the index of the plan shown
        self.current: str | None = None  # the item shown on the right
        self._stale = True
        self._first_fill = True
        self._sized = False  # the splitter gets its first proportions on the first resize

        self.tree_model = PackTreeModel()
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)  # 20,000 rows: no per-row size queries
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.selectionModel().currentRowChanged.connect(self._tree_moved)

        self.title = QLabel(HINT)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.title.linkActivated.connect(self.select_item)
        self.fields_model = FieldsModel()
        self.fields = _table(self.fields_model)
        self.fields.doubleClicked.connect(self._field_double_clicked)
        self.used_by_label = QLabel()
        self.used_by_label.setWordWrap(True)
        self.used_by_model = UsedByModel()
        self.used_by = _table(self.used_by_model)
        self.used_by.doubleClicked.connect(
            lambda index: self.select_item(self.used_by_model.rows[index.row()][0].key))

        self.used_by_box = used_by = QWidget()
        box = QVBoxLayout(used_by)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.used_by_label)
        box.addWidget(self.used_by, 1)
        self.detail_split = QSplitter(Qt.Orientation.Vertical)
        self.detail_split.addWidget(self.fields)
        self.detail_split.addWidget(used_by)
        self.detail_split.setStretchFactor(0, 3)
        self.detail_split.setStretchFactor(1, 1)
        detail = QWidget()
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.detail_split, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.tree)
        self.split.addWidget(detail)
        self.split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.split)

        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(REFRESH_DELAY_MS)
        self._pending.timeout.connect(self.refresh)
        session.plan_changed.connect(self._plan_changed)
        session.edited.connect(self._plan_edited)
        self._show_item(None)

    # ---- following the session ---------------------------------------------------------

    def _plan_edited(self, changes) -> None:
        """Only items, packs and CRs with field-level changes are what this panel shows."""
        if any(row.kind in (RowKind.ITEM, RowKind.PACK) or (row.kind == RowKind.CR and any(
                cr is not None and cr.changes for cr in (row.before, row.after)))
               for row in changes):
            self._plan_changed()

    def _plan_changed(self) -> None:
        self._stale = True
        if self.isVisible():  # a hidden dock catches up when it is shown
            self._pending.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._pending.start()

    def refresh(self) -> None:
        """Show the session's plan and filter now."""
        self._pending.stop()
        self._stale = False
        derived = self.session.derived
        # The index the CR editor asks for too: one build (~100 ms at 100,000 CRs), not two;
        # a filter change keeps it.
        self.usage = derived.usage() if derived is not None else None
        expanded = {self.tree_model.packs[r].key for r in range(len(self.tree_model.packs))
                    if self.tree.isExpanded(self.tree_model.index(r, 0))}
        self.tree_model.show(self.usage, self.session.filter)
        self._expand(expanded)
        if self.current is not None and (self.usage is None or
                                         self.usage.item(self.current) is None):
            self.current = None  # the item went away (a create was deleted)
        self._show_item(self.current)
        self._reselect()

    def _expand(self, expanded: set[str]) -> None:
        model = self.tree_model
        total = sum(len(items) for items in model.items)
        open_all = total <= EXPAND_ALL_UP_TO and (self._first_fill or self.session.filter.active)
        for r, pack in enumerate(model.packs):
            if open_all or pack.key in expanded:
                self.tree.setExpanded(model.index(r, 0), True)
        if self._first_fill and model.packs:
            # Once: later the planner's own widths stay, and at 20,000 items it costs 100 ms.
            self._first_fill = False
            for column in range(model.columnCount() - 1):
                self.tree.resizeColumnToContents(column)

    # ---- choosing an item ----------------------------------------------------------------

    def select_item(self, key: str) -> None:
        """Show item `key`: select it in the tree (unless the filter hides it) and its fields."""
        if self._stale or self.usage is None:
            self.refresh()
        if self.usage is None or self.usage.item(key) is None:
            return
        self._show_item(key)
        self._reselect()

    def _reselect(self) -> None:
        index = self.tree_model.index_of(self.current) if self.current else QModelIndex()
        selection = self.tree.selectionModel()
        selection.blockSignals(True)  # the details already show it
        if index.isValid():
            self.tree.setExpanded(index.parent(), True)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
        else:
            selection.clear()
        selection.blockSignals(False)
        self.tree.viewport().update()

    def _tree_moved(self, index: QModelIndex, _previous: QModelIndex) -> None:
        item = self.tree_model.item_at(index)
        if item is not None:
            self._show_item(item.key)
            self.browsed.emit(item.pack, item.key)
        elif index.isValid():
            self.browsed.emit(self.tree_model.pack_at(index), None)

    def _show_item(self, key: str | None) -> None:
        self.current = key
        usage, crs_filter = self.usage, self.session.filter
        self.fields_model.show(usage, key, crs_filter)
        self.used_by_model.show(usage, key)
        _fit_columns(self.fields, first=2)  # the field's name and note stay whole
        _fit_columns(self.used_by, first=0)
        item = usage.item(key) if usage and key else None
        if item is None:
            self.title.setText(HINT)
            self.used_by_box.setVisible(False)
            return
        self.title.setText(self._headline(item))
        users = len(self.used_by_model.rows)
        shows_users = item.kind == "offer" or users > 0
        self.used_by_box.setVisible(shows_users)
        self.used_by_label.setText(
            f"<b>Used by</b>: {users} active item{'' if users == 1 else 's'} to review when "
            f"{escape(item.key)} changes" if users else
            f"<b>Used by</b>: no item uses {escape(item.key)}")

    def _headline(self, item) -> str:
        usage = self.usage
        pack = usage.plan.packs.get(item.pack)
        status = self.tree_model.summary(item)
        facts = [escape(item.kind.replace("_", " ")) + " in " +
                 escape(pack.name if pack else item.pack), escape(status.status)]
        crs = len(usage.open_crs(item.key))
        facts.append(f"{crs} open CR{'' if crs == 1 else 's'}" if crs else "no open CRs")
        if status.open_crs < crs:
            facts[-1] += f", {status.open_crs} of them shown by the filter"
        if status.clashes:
            facts.append("<b>concurrent work on " + escape(", ".join(status.clashes)) + "</b>")
        lines = [f"<b>{escape(item.key)}</b> {escape(item.name)}", " · ".join(facts)]
        if item.uses:
            built_on = ", ".join(
                f'<a href="{escape(k)}">{escape(k)}</a>'
                + (f" {escape(usage.item(k).name)}" if usage.item(k) else "")
                for k in item.uses)
            lines.append(f"Built on: {built_on}")
        return "<br>".join(lines)

    def _field_double_clicked(self, index: QModelIndex) -> None:
        cr = self.fields_model.cr_at(index.row())
        if cr:
            self.cr_activated.emit(cr)

    def resizeEvent(self, event) -> None:
        """Side by side in a wide dock, tree above details in a tall one."""
        super().resizeEvent(event)
        size = event.size()
        orientation = Qt.Orientation.Horizontal if size.width() >= size.height() \
            else Qt.Orientation.Vertical
        if orientation != self.split.orientation() or not self._sized:
            self._sized = True
            self.split.setOrientation(orientation)
            total = size.width() if orientation == Qt.Orientation.Horizontal else size.height()
            self.split.setSizes([int(total * 0.36), total - int(total * 0.36)])


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _fit_columns(view: QTableView, first: int) -> None:
    """Columns as wide as their contents, but a long text value does not push the CR's
    columns out of the dock: it is elided, and its tooltip or a wider dock shows it whole."""
    view.resizeColumnsToContents()
    widest = view.fontMetrics().averageCharWidth() * 28
    for column in range(first, view.model().columnCount() - 1):
        view.setColumnWidth(column, min(view.columnWidth(column), widest))
