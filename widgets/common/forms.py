"""What the window's forms share (the CR editor, the set-up dialogs for releases, teams, offer
packs and items, the welcome page): the place where a field's problem is shown, which goes
away as soon as the field is changed, key completion, and a dialog whose Save runs its use case
through the session (one undo step) and stays open, with each problem next to its field and
nothing written, until the rules accept it."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QCompleter,
    QDateEdit,
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

from app.model.errors import PlanFileError, Problem, Refusal

LIGHT_ERROR_STYLE = "color: #b3261e"
DARK_ERROR_STYLE = "color: #ff7b7b"  # the light palette's red is too dim on the dark one


def problem_label() -> QLabel:
    """Where a problem is shown: red, readable on the light and the dark palette, plain text
    (a problem quotes what the planner typed)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    dark = QApplication.palette().window().color().lightness() < 128
    label.setStyleSheet(DARK_ERROR_STYLE if dark else LIGHT_ERROR_STYLE)
    label.hide()
    return label


def clear_on_change(widget: QWidget, label: QLabel) -> None:
    """Hide `label` (a field's problem) as soon as the planner changes `widget`: a problem
    that stays after the value is fixed reads as if the fix did not take."""
    for kind, signal in ((QLineEdit, "textEdited"), (QPlainTextEdit, "textChanged"),
                         (QSpinBox, "valueChanged"), (QDoubleSpinBox, "valueChanged"),
                         (QDateEdit, "dateChanged"), (QComboBox, "currentIndexChanged"),
                         (QAbstractButton, "toggled")):
        if isinstance(widget, kind):
            getattr(widget, signal).connect(lambda *_: label.hide())
            return


def key_completer(line: QLineEdit) -> QStringListModel:
    """Completion for a key typed into `line`, matching anywhere in it; returns the list of
    keys to fill (once per plan: it may hold 100,000 of them)."""
    keys = QStringListModel(line)
    completer = QCompleter(keys, line)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    line.setCompleter(completer)
    return keys


def show_problems(problems: list[Problem], fields: dict[str, QLabel], general: QLabel) -> None:
    """Each problem under the field its path starts with ("price: ..." for one attribute),
    the others in `general`."""
    for label in (*fields.values(), general):
        label.hide()
    rest = []
    for problem in problems:
        name = problem.path.split(".")[0].split("[")[0]
        label = fields.get(name)
        if label is None:
            rest.append(str(problem))
            continue
        rest_of_path = problem.path[len(name):]
        shown = f"{rest_of_path[1:]}: {problem.message}" if rest_of_path.startswith(".") \
            else problem.message
        label.setText(label.text() + "\n" + shown if label.isVisible() else shown)
        label.show()
    if rest:
        general.setText("\n".join(rest))
        general.show()


# The field a refusal by a rule is about, to show it there.
REFUSAL_FIELDS = {"duplicate-key": "key", "release-closed": "status", "frozen": "status"}


class SetupDialog(QDialog):
    """Subclasses add their fields with `add_field` and give `use_case()` (None: a problem
    the form found itself, already shown)."""

    def __init__(self, session, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
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
        clear_on_change(widget, self.errors[name])
        return widget

    def show_problems(self, problems: list[Problem]) -> None:
        show_problems(problems, self.errors, self.general)
        self.adjustSize()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.adjustSize()  # wrapped hints take the height their width needs

    def use_case(self):
        raise NotImplementedError

    def save(self) -> None:
        """Run the use case: written behind (one undo step) and closed, or kept open with its
        problems shown and nothing changed."""
        use_case = self.use_case()
        if use_case is None:
            return
        try:
            self.session.run(use_case)
        except PlanFileError as bad:
            self.show_problems(list(bad.problems))
            return
        except Refusal as refusal:
            self.show_problems([Problem(REFUSAL_FIELDS.get(refusal.code, ""), refusal.message)])
            return
        self.accept()
