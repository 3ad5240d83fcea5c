"""The Backlog panel: change requests not scheduled to any release. Drag a row onto a release
on the timeline or the board to schedule it; drop a bar or a card here to unschedule it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.model.plan import Target
from widgets.backlog.model import BacklogModel
from widgets.common.table_selection import TableSelection
from widgets.shell.feature import Built, Place

HOVER_STYLE = "QTableView { border: 3px solid #1f77b4; }"


class BacklogFeature:
    name = "backlog"
    title = "Backlog"
    place = Place.RIGHT
    shown_first = True

    def build(self, workspace) -> Built:
        session = workspace.session
        model = BacklogModel(session)
        view = QTableView()
        view.setObjectName("backlog-table")
        view.setModel(model)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        rows = TableSelection(view, model.key_at, model.row_of)
        rows.selected.connect(workspace.select)
        view.doubleClicked.connect(lambda index: workspace.open_cr.emit(model.key_at(index.row())))
        model.dropped.connect(lambda cr: workspace.mover.drop(cr, Target.backlog()))
        workspace.mover.add_zone("backlog", view, Target.backlog())
        workspace.mover.zone_hovered.connect(
            lambda name, over: name == "backlog" and view.setStyleSheet(HOVER_STYLE if over
                                                                        else ""))
        selection = workspace.selection
        selection.changed.connect(lambda: rows.show(selection.keys, selection.current))
        session.plan_changed.connect(lambda: session.layout is not None and model.refresh())
        session.edited.connect(model.apply)

        def show_cr(key: str) -> None:
            row = model.row_of(key)
            if row is not None:
                workspace.show_panel.emit("backlog")
                view.selectRow(row)
                view.scrollTo(model.index(row, 0))

        workspace.show_cr.connect(show_cr)
        return Built(view, model)
