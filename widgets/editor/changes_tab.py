"""The CR editor's Changes tab: the field-level changes of the draft, each beside the value
it will meet before the CR's release (stale bases marked, with the current value offered as
the new base), the row to add one, and the impact checklist of the assets built on a changed
offer. It edits the draft's list of changes and says so (`edited`); the editor saves."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from widgets.common.forms import problem_label
from widgets.editor.change_picker import ChangePicker
from widgets.editor.changes import ChangesModel, marked_stale
from widgets.editor.impact_checklist import ImpactChecklist


class ChangesTab(QWidget):
    edited = Signal()  # the draft's changes changed

    def __init__(self):
        super().__init__()
        self.model = ChangesModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAlternatingRowColors(True)
        self.view.setMinimumHeight(110)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.picker = ChangePicker()
        self.picker.add_change.connect(self.add)
        self.remove = QPushButton("Remove change")
        self.remove.clicked.connect(self._remove)
        self.use_current = QPushButton("Use current value as base")
        self.use_current.setToolTip("After checking the new value against the current one: "
                                    "record the current value as what this change replaces")
        self.use_current.clicked.connect(self._use_current)
        self.error = problem_label()
        self.impact = ImpactChecklist()
        self.impact.add_changes.connect(lambda follow_ups: [self.add(c) for c in follow_ups])
        column = QVBoxLayout(self)
        column.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.remove)
        row.addWidget(self.use_current)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.error)
        column.addWidget(self.picker)
        column.addWidget(self.impact)

    def set_editable(self, editable: bool) -> None:
        """A read-only CR's changes can still be read and scrolled, not changed."""
        for widget in (self.picker, self.impact, self.remove, self.use_current):
            widget.setEnabled(editable)
        if editable:
            self._selected()

    def show_against(self, state, proposals) -> None:
        """The changes beside the values of `state` (None: not known now), and the follow-up
        changes proposed for the assets they touch."""
        self.model.show(self.model.changes, state)
        self.picker.set_state(state)
        if state is not None:
            self.view.resizeColumnsToContents()
            self.impact.show_proposals(proposals, self.model.changes)
        self._selected()

    def add(self, change) -> None:
        """Add `change`; setting a field twice in one CR: the new value replaces the old."""
        changes = self.model.changes
        same = [i for i, c in enumerate(changes)
                if c.op == change.op and c.item == change.item
                and getattr(c, "field", None) == getattr(change, "field", None)]
        if same:
            changes[same[0]] = change
        else:
            changes.append(change)
        self._set(changes)

    def _set(self, changes) -> None:
        self.model.changes = list(changes)
        self.edited.emit()

    def _row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selected(self, *_) -> None:
        row = self._row()
        self.remove.setEnabled(row is not None)
        self.use_current.setEnabled(row is not None and marked_stale(self.model.changes[row],
                                                                     self.model.state))

    def _remove(self) -> None:
        row = self._row()
        if row is not None:
            self._set(self.model.changes[:row] + self.model.changes[row + 1:])

    def _use_current(self) -> None:
        row = self._row()
        if row is None:
            return
        ch = self.model.changes[row]
        changes = list(self.model.changes)
        changes[row] = replace(ch, base=self.model.state.value(ch.item, ch.field))
        self._set(changes)
