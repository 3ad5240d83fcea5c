"""The "New change request" dialog: the fields a planner needs to put new work on the plan,
with every problem shown next to the field it is about. The full editor (changes, dependencies,
history) is the CR editor's job; this dialog creates the CR."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import ChangeRequest
from app.errors import Problem


def next_key(existing) -> str:
    """The next free key in the plan's most common "PREFIX-number" style."""
    numbers = [int(m.group(1)) for key in existing if (m := re.fullmatch(r"CR-(\d+)", key))]
    return f"CR-{max(numbers, default=0) + 1}"


class NewCrDialog(QDialog):
    def __init__(self, plan, create: Callable[[ChangeRequest], list[Problem]],
                 team: str | None = None, parent: QWidget | None = None):
        """`create(cr)` tries to create the CR and returns its problems (none: created)."""
        super().__init__(parent)
        self.setWindowTitle("New change request")
        self.create = create
        self.key = QLineEdit(next_key(plan.crs))
        self.title = QLineEdit()
        self.title.setPlaceholderText("What changes, in a few words")
        self.team = QComboBox()
        for t in plan.teams.values():
            self.team.addItem(t.name, t.key)
        if team is not None:
            self.team.setCurrentIndex(max(0, self.team.findData(team)))
        self.release = QComboBox()
        self.release.addItem("Backlog (not scheduled)", None)
        for r in plan.planned_releases():
            self.release.addItem(f"{r.key}  {r.name}  (go-live {r.go_live:%d %b %Y})", r.key)
        self.estimate = QDoubleSpinBox()
        self.estimate.setRange(0, 10_000)
        self.estimate.setSuffix(" h")
        self.estimate.setValue(8)
        self.priority = QSpinBox()
        self.priority.setRange(1, 5)
        self.priority.setValue(3)
        self.priority.setToolTip("1 is the most urgent")
        self.emergency = QCheckBox("Emergency (may join a frozen release)")
        self.justification = QPlainTextEdit()
        self.justification.setPlaceholderText("Why this cannot wait for the next release")
        self.justification.setMaximumHeight(70)
        self.justification.setEnabled(False)
        self.emergency.toggled.connect(self.justification.setEnabled)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label, widget in (("key", "Key", self.key), ("title", "Title", self.title),
                                    ("team", "Team", self.team),
                                    ("release", "Release", self.release),
                                    ("estimate_hours", "Estimate", self.estimate),
                                    ("priority", "Priority", self.priority),
                                    ("emergency", "", self.emergency),
                                    ("justification", "Justification", self.justification)):
            form.addRow(label, widget)
            error = QLabel()
            error.setStyleSheet("color: #d7263d")
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[name] = error
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #d7263d")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.title.setFocus()

    def change_request(self) -> ChangeRequest:
        return ChangeRequest(
            key=self.key.text().strip(), title=self.title.text().strip(),
            team=self.team.currentData(), stage="draft", release=self.release.currentData(),
            estimate_hours=self.estimate.value(), priority=self.priority.value(),
            emergency=self.emergency.isChecked(),
            justification=self.justification.toPlainText().strip()
            if self.emergency.isChecked() else "")

    def try_create(self) -> None:
        cr = self.change_request()
        problems = self.check(cr) or self.create(cr)
        for label in [*self.errors.values(), self.general_error]:
            label.hide()
        if not problems:
            self.accept()
            return
        for problem in problems:
            field = problem.path.split(".")[0].split("[")[0]
            label = self.errors.get(field, self.general_error)
            label.setText(problem.message if label is not self.general_error else str(problem))
            label.show()

    @staticmethod
    def check(cr: ChangeRequest) -> list[Problem]:
        """What the dialog can tell before asking the plan: the blanks."""
        problems = []
        if not cr.key:
            problems.append(Problem("key", "a change request needs a key, such as CR-120"))
        if not cr.title:
            problems.append(Problem("title", "say in a few words what changes"))
        if cr.emergency and not cr.justification:
            problems.append(Problem("justification",
                                    "an emergency needs a justification: why it cannot wait"))
        return problems
