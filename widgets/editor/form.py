"""The fields of one change request, each with the place where its problem is shown. Used by
the CR editor for new and existing CRs, so that a field reads and checks the same everywhere."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.model.errors import Problem
from app.model.plan import STAGES, ChangeRequest
from widgets.common.forms import clear_on_change, problem_label
from widgets.common.release_picker import release_label


def next_key(existing) -> str:
    """The next free key in the plan's "CR-number" style."""
    numbers = [int(m.group(1)) for key in existing if (m := re.fullmatch(r"CR-(\d+)", key))]
    return f"CR-{max(numbers, default=0) + 1}"


def stage_name(stage: str) -> str:
    return stage.replace("_", " ")


class CrForm(QWidget):
    edited = Signal()  # the planner changed a field

    def __init__(self):
        super().__init__()
        self.key = QLineEdit()
        self.title = QLineEdit()
        self.title.setPlaceholderText("What changes, in a few words")
        self.team = QComboBox()
        self.release = QComboBox()
        self.stage = QComboBox()
        self.stage.setToolTip("Deployed is reached only by deploying the release")
        self.estimate = QDoubleSpinBox()
        self.estimate.setRange(0, 10_000)
        self.estimate.setSuffix(" h")
        self.priority = QSpinBox()
        self.priority.setRange(1, 5)
        self.priority.setToolTip("1 is the most urgent")
        self.emergency = QCheckBox("Emergency (may change or join a frozen release)")
        self.justification = QPlainTextEdit()
        self.justification.setPlaceholderText("Why this cannot wait for the next release")
        self.justification.setMaximumHeight(60)
        self.emergency.toggled.connect(self.justification.setEnabled)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label, widget in (("key", "Key", self.key), ("title", "Title", self.title),
                                    ("team", "Team", self.team),
                                    ("release", "Release", self.release),
                                    ("stage", "Stage", self.stage),
                                    ("estimate_hours", "Estimate", self.estimate),
                                    ("priority", "Priority", self.priority),
                                    ("emergency", "", self.emergency),
                                    ("justification", "Justification", self.justification)):
            form.addRow(label, widget)
            self.errors[name] = problem_label()
            form.addRow("", self.errors[name])
            clear_on_change(widget, self.errors[name])
        for signal in (self.key.textEdited, self.title.textEdited,
                       self.team.activated, self.release.activated, self.stage.activated,
                       self.estimate.valueChanged, self.priority.valueChanged,
                       self.emergency.toggled, self.justification.textChanged):
            signal.connect(self.edited)

    def load(self, plan, cr: ChangeRequest, new: bool, today=None) -> None:
        """Show `cr`; a new CR's key can be typed, an existing one's cannot. Releases frozen
        on `today` say so."""
        self.blockSignals(True)
        self.key.setText(cr.key)
        self.key.setEnabled(new)  # a stored CR keeps its key: others refer to it
        self.title.setText(cr.title)
        _fill(self.team, [(t.name, t.key) for t in plan.teams.values()], cr.team)
        releases = [("Backlog (not scheduled)", None)]
        releases += [(release_label(r, today), r.key) for r in plan.planned_releases()]
        if cr.release is not None and cr.release not in {k for _, k in releases}:
            releases.append((f"{cr.release}  ({plan.releases[cr.release].status})", cr.release))
        _fill(self.release, releases, cr.release)
        stages = [s for s in STAGES if s != "deployed"] if cr.stage != "deployed" else [cr.stage]
        _fill(self.stage, [(stage_name(s), s) for s in stages], cr.stage)
        self.estimate.setValue(cr.estimate_hours)
        self.priority.setValue(cr.priority)
        self.emergency.setChecked(cr.emergency)
        self.justification.setPlainText(cr.justification)
        self.justification.setEnabled(cr.emergency)
        self.blockSignals(False)
        self.show_problems([])

    def change_request(self, base: ChangeRequest) -> ChangeRequest:
        """`base` with the form's fields (its dependencies and changes are kept)."""
        emergency = self.emergency.isChecked()
        return ChangeRequest(
            key=self.key.text().strip(), title=self.title.text().strip(),
            team=self.team.currentData(), stage=self.stage.currentData(),
            release=self.release.currentData(), estimate_hours=self.estimate.value(),
            priority=self.priority.value(), emergency=emergency,
            justification=self.justification.toPlainText().strip() if emergency else "",
            depends_on=base.depends_on, changes=base.changes)

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        """Show each problem next to its field; return those about no field of the form."""
        for label in self.errors.values():
            label.hide()
        rest = []
        for problem in problems:
            label = self.errors.get(problem.path.split(".")[0].split("[")[0])
            if label is None:
                rest.append(problem)
                continue
            label.setText(problem.message)
            label.show()
        return rest

    @staticmethod
    def check(cr: ChangeRequest) -> list[Problem]:
        """What the form can tell before asking the plan: the blanks."""
        problems = []
        if not cr.key:
            problems.append(Problem("key", "a change request needs a key, such as CR-120"))
        if not cr.title:
            problems.append(Problem("title", "say in a few words what changes"))
        if cr.emergency and not cr.justification:
            problems.append(Problem("justification",
                                    "an emergency needs a justification: why it cannot wait"))
        return problems


def _fill(combo: QComboBox, choices, current) -> None:
    combo.blockSignals(True)
    combo.clear()
    for text, data in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
