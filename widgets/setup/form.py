"""What the set-up dialogs share (releases, teams, offer packs, items): a form whose every field
has the place where its problem is shown, and a Save that runs the dialog's use case through
the controller (one undo step) and stays open, with each problem next to its field and nothing
written, until the rules accept it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.model.errors import PlanFileError, Problem, Refusal
from widgets.editor.form import error_label

DARK_ERROR_STYLE = "color: #ff7b7b"  # the CR editor's red is too dim on the dark palette


def problem_label() -> QLabel:
    """Where a problem is shown: red, readable on the light and the dark palette."""
    label = error_label()
    if QApplication.palette().window().color().lightness() < 128:
        label.setStyleSheet(DARK_ERROR_STYLE)
    return label


# The field a refusal by a rule is about, to show it there.
REFUSAL_FIELDS = {"duplicate-key": "key", "release-closed": "status", "frozen": "status"}


class SetupDialog(QDialog):
    """Subclasses add their fields with `add_field`, and give `use_case()` (None: a problem
    the form found itself, already shown) and `done_text`."""

    def __init__(self, controller, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(title)
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.general = problem_label()  # problems about no one field
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.general)
        column.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def add_field(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        self.form.addRow(label, widget)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setEnabled(False)  # the palette's muted text
            self.form.addRow("", note)
        self.errors[name] = problem_label()
        self.form.addRow("", self.errors[name])
        return widget

    def show_problems(self, problems: list[Problem]) -> None:
        for label in (*self.errors.values(), self.general):
            label.hide()
        rest = []
        for problem in problems:
            label = self.errors.get(problem.path.split(".")[0].split("[")[0])
            if label is None:
                rest.append(str(problem))
                continue
            # Under its field: "price: ..." for one attribute; a use's message names its key.
            rest_of_path = problem.path[len(problem.path.split(".")[0].split("[")[0]):]
            shown = f"{rest_of_path[1:]}: {problem.message}" if rest_of_path.startswith(".") \
                else problem.message
            label.setText(label.text() + "\n" + shown if label.isVisible() else shown)
            label.show()
        if rest:
            self.general.setText("\n".join(rest))
            self.general.show()
        self.adjustSize()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.adjustSize()  # wrapped hints take the height their width needs

    def use_case(self):
        raise NotImplementedError

    def done_text(self, outcome) -> str:
        return ""

    def undo_text(self) -> str:
        return self.windowTitle()

    def save(self) -> None:
        """Run the use case: written behind (one undo step) and closed, or kept open with its
        problems shown and nothing changed."""
        use_case = self.use_case()
        if use_case is None:
            return
        failure = f"{self.undo_text()} was not saved"
        try:
            outcome = self.controller.perform(use_case, failure, self.undo_text())
        except PlanFileError as bad:
            self.show_problems(list(bad.problems))
            return
        except Refusal as refusal:
            self.show_problems([Problem(REFUSAL_FIELDS.get(refusal.code, ""), refusal.message)])
            return
        note = self.done_text(outcome)
        if note:
            self.controller.message.emit(note)
        self.accept()
