"""The row under a CR's changes where a planner adds one: pick an item and a field, see the value
it has before the CR's release (filled in as the change's "from"), type the new value."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.engine.state import ProjectedState
from app.model.plan import RetireItem, SetField
from app.views.explain import show
from widgets.common.forms import key_completer, problem_label
from widgets.editor.changes import parse_value


class ChangePicker(QWidget):
    add_change = Signal(object)  # a SetField or RetireItem

    def __init__(self):
        super().__init__()
        self.plan = None
        self.state: ProjectedState | None = None
        self.item = QLineEdit()
        self.item.setPlaceholderText("Item key, e.g. OFR-UNL")
        self._items = key_completer(self.item)
        self.item.textChanged.connect(self._item_changed)
        self.field = QComboBox()
        self.field.setEditable(True)
        self.field.setMinimumContentsLength(12)
        self.field.currentTextChanged.connect(self._show_before)
        self.before = QLabel()
        self.before.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to = QLineEdit()
        self.to.setPlaceholderText("New value")
        self.to.returnPressed.connect(self.add_set)
        add = QPushButton("Add change")
        add.clicked.connect(self.add_set)
        retire = QPushButton("Retire item")
        retire.setToolTip("Take the item out of use when this CR ships")
        retire.clicked.connect(self.add_retire)
        self.error = problem_label()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Item"), 0, 0)
        grid.addWidget(self.item, 0, 1)
        grid.addWidget(QLabel("Field"), 0, 2)
        grid.addWidget(self.field, 0, 3)
        grid.addWidget(QLabel("Now"), 1, 0)
        grid.addWidget(self.before, 1, 1)
        grid.addWidget(QLabel("New value"), 1, 2)
        grid.addWidget(self.to, 1, 3)
        grid.addWidget(add, 0, 4)
        grid.addWidget(retire, 1, 4)
        grid.addWidget(self.error, 2, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def load(self, plan) -> None:
        if plan is not self.plan:  # 20,000 items: filled once per plan
            created = {ch.item for cr in plan.crs.values() for ch in cr.changes
                       if ch.op == "create"}
            self._items.setStringList(sorted({*plan.items, *created}))
            self.plan = plan
        self.error.hide()

    def set_state(self, state: ProjectedState | None) -> None:
        self.state = state
        self._item_changed()

    def _key(self) -> str:
        return self.item.text().strip()

    def _item_changed(self, *_) -> None:
        key = self._key()
        current = self.field.currentText()
        self.field.blockSignals(True)
        self.field.clear()
        if self.state is not None and self.state.exists(key):
            self.field.addItems(sorted(self.state.attributes(key) or {}))
        self.field.setCurrentText(current if current else "")
        self.field.blockSignals(False)
        self._show_before()

    def _show_before(self, *_) -> None:
        key, field = self._key(), self.field.currentText().strip()
        if self.state is None or not key:
            self.before.setText("")
        elif not self.state.exists(key):
            self.before.setText("(no such item before this CR's release)")
        elif field:
            self.before.setText(show(self.state.value(key, field))
                                + ("" if field in (self.state.attributes(key) or {})
                                   else "  (a new field)"))
        else:
            self.before.setText("")

    def _problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def add_set(self) -> None:
        key, field = self._key(), self.field.currentText().strip()
        if not key or not field:
            self._problem("pick an item and a field first")
            return
        if self.state is None or not self.state.exists(key):
            self._problem(f'"{key}" is not an item in production or created before this CR\'s '
                          "release")
            return
        current = self.state.value(key, field)
        try:
            to = parse_value(self.to.text(), current)
        except ValueError as bad:
            self._problem(f"{field}: {bad}")
            return
        self.error.hide()
        self.add_change.emit(SetField(key, field, to, current))
        self.to.clear()

    def add_retire(self) -> None:
        key = self._key()
        if self.state is None or not self.state.exists(key):
            self._problem(f'"{key}" is not an item that can be retired')
            return
        self.error.hide()
        self.add_change.emit(RetireItem(key))
