"""The dependencies of the CR being edited: a list, and a picker that refuses a cycle at once,
naming its path, before anything is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.rules.graph import cycle_if_added
from widgets.common.forms import key_completer, problem_label
from widgets.editor.form import stage_name


class DependencyPicker(QWidget):
    edited = Signal()
    activated = Signal(str)  # a dependency was double-clicked

    def __init__(self):
        super().__init__()
        self.plan = None
        self.key = ""
        self.keys: list[str] = []
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.list.itemDoubleClicked.connect(
            lambda item: self.activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.pick = QLineEdit()
        self.pick.setPlaceholderText("CR key this one waits for")
        self._keys_model = key_completer(self.pick)
        self.pick.returnPressed.connect(self.add_picked)
        add = QPushButton("Add")
        add.clicked.connect(self.add_picked)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(self.remove_selected)
        self.error = problem_label()
        row = QHBoxLayout()
        row.addWidget(self.pick, 1)
        row.addWidget(add)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def load(self, plan, key: str, depends_on) -> None:
        if plan is not self.plan:  # 100,000 keys: filled once per plan, not per CR shown
            self._keys_model.setStringList(sorted(plan.crs))
        self.plan, self.key, self.keys = plan, key, list(depends_on)
        self.error.hide()
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for dep in self.keys:
            cr = self.plan.crs.get(dep)
            text = dep if cr is None else (f"{dep}  {cr.title}  ({stage_name(cr.stage)}, "
                                           f"{cr.release or 'backlog'})")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, dep)
            self.list.addItem(item)

    def add_picked(self) -> None:
        dep = self.pick.text().strip().split()[0] if self.pick.text().strip() else ""
        problem = self.problem_with(dep)
        if problem:
            self.show_problem(problem)
            return
        self.error.hide()
        self.keys.append(dep)
        self.pick.clear()
        self._fill()
        self.edited.emit()

    def problem_with(self, dep: str) -> str:
        if not dep:
            return "type the key of the change request this one waits for"
        if dep not in self.plan.crs:
            return f'there is no change request "{dep}"'
        if dep == self.key:
            return f"{dep} cannot wait for itself"
        if dep in self.keys:
            return f"{self.key} already waits for {dep}"
        graph = {k: c.depends_on for k, c in self.plan.crs.items()}
        graph[self.key] = tuple(self.keys)
        cycle = cycle_if_added(graph, self.key, dep)
        if cycle is not None:
            return "that would be a dependency cycle: " + " -> ".join(cycle)
        return ""

    def show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            del self.keys[row]
            self._fill()
            self.edited.emit()
