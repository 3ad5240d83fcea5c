"""The page a new or empty database opens on, in the window: start from the demo plan, import
a plan file, or start empty with a first team and release named in a small form. The plan is
written in one transaction (the store's `replace_all`, with its audit row) on the worker, and
then the window shows it."""

from __future__ import annotations

import os
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.generate.starting_plans import demo_plan, first_plan
from app.model.errors import PlanFileError, Problem
from app.model.plan import Release, Team
from app.model.team_colors import default_color
from app.plan_file.document import read_plan
from widgets.common.forms import clear_on_change, problem_label


class WelcomePage(QScrollArea):
    started = Signal()  # the database holds the plan now: show it

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        self.setWidget(page)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.demo = QPushButton("Start from the demo plan")
        self.demo.setToolTip("Three teams, four releases and their offer packs, to try "
                             "everything out")
        self.demo.clicked.connect(self.start_demo)
        self.import_file = QPushButton("Import a plan file...")
        self.import_file.setToolTip("A release-plan/1 JSON file (release-planner export "
                                    "writes one)")
        self.import_file.clicked.connect(self.choose_file)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # Stops waiting for a file being read and checked: its plan is not written.
        self.cancel = QPushButton("Cancel the import")
        self.cancel.clicked.connect(self.cancel_import)
        self.cancel.hide()
        self._importing: str | None = None  # the file being read and checked
        self.problems = problem_label()
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors: dict[str, QLabel] = {}
        column = QVBoxLayout(page)
        column.setContentsMargins(40, 30, 40, 30)
        column.setSpacing(12)
        column.addWidget(self.heading)
        for button, what in ((self.demo, "Three teams, four releases, offer packs with emails, "
                              "landing pages and ads, and the conflicts, stale bases and "
                              "frozen work to try everything on."),
                             (self.import_file, "A release-plan/1 JSON file, such as one "
                              "written by release-planner export. It is imported whole or not "
                              "at all.")):
            button.setMinimumWidth(220)
            note = QLabel(what)
            note.setWordWrap(True)
            row = QHBoxLayout()
            row.addWidget(button)
            row.addWidget(note, 1)
            column.addLayout(row)
        column.addWidget(self.problems)
        column.addWidget(self._empty_form())
        column.addWidget(self.status)
        column.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        self.buttons = (self.demo, self.import_file, self.create)

    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QWidget:
        form.addRow(label, widget)
        self.errors[name] = problem_label()
        form.addRow("", self.errors[name])
        clear_on_change(widget, self.errors[name])
        return widget

    def _empty_form(self) -> QGroupBox:
        box = QGroupBox("Or start empty: your first team and release")
        box.setMaximumWidth(620)
        form = QFormLayout(box)
        self.team_key = self._row(form, "team.key", "Team key", QLineEdit("TEAM"))
        self.team_name = self._row(form, "team.name", "Team name", QLineEdit())
        self.team_name.setPlaceholderText("e.g. Acquisition")
        self.members = self._row(form, "team.members", "Members", QSpinBox())
        self.members.setRange(1, 10_000)
        self.hours = self._row(form, "team.hours_per_day", "Hours per day", QDoubleSpinBox())
        self.hours.setRange(0.25, 24)
        self.hours.setValue(6)
        self.hours.setSuffix(" h")
        self.release_key = self._row(form, "release.key", "Release key", QLineEdit("R1"))
        self.release_name = self._row(form, "release.name", "Release name", QLineEdit())
        self.release_name.setPlaceholderText("e.g. March")
        self.go_live = self._row(form, "release.go_live", "Go-live", QDateEdit())
        self.go_live.setCalendarPopup(True)
        self.go_live.setDisplayFormat("ddd dd MMM yyyy")
        first = date.today() + timedelta(days=28)
        self.go_live.setDate(QDate(first.year, first.month, first.day))
        self.freeze = self._row(form, "release.freeze_days", "Freeze window", QSpinBox())
        self.freeze.setRange(0, 365)
        self.freeze.setValue(3)
        self.freeze.setSuffix(" days")
        self.create = QPushButton("Create the plan")
        self.create.clicked.connect(self.start_empty)
        form.addRow("", self.create)
        return box

    def show_for(self, database: str, allowed: str = "") -> None:
        """Ready for `database`; `allowed` is why this login may not fill it ("" if it may)."""
        self.heading.setText(f"<h2>Start a plan</h2><p><b>{escape(database)}</b> holds no plan "
                             "yet. Start from the demo, import a plan file, or name your first "
                             "team and release; add more from the Plan menu afterwards.</p>")
        self.problems.hide()
        self.status.setText(allowed)
        for button in self.buttons:
            button.setEnabled(not allowed)
            button.setToolTip(allowed or button.toolTip())

    # ---- the three starts ----------------------------------------------------------------

    def start_demo(self) -> None:
        self.fill(demo_plan(), "filled with the demo plan")

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a plan file", "",
                                              "Plan files (*.json);;All files (*)")
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        """Read and check the file on a worker (a large or hostile file takes a while; the
        window stays responsive), then fill the database with it."""
        self.problems.hide()
        self.status.setText(f"Reading and checking {path}{_size(path)}; nothing is written "
                            "until the whole file is checked...")
        for button in self.buttons:
            button.setEnabled(False)
        self._importing = path
        self.cancel.show()
        self.session.jobs.run("import", lambda: read_plan(path),
                              lambda plan: self._read(path, plan),
                              lambda fault: self._not_read(path, fault))

    def cancel_import(self) -> None:
        """The file's plan is not written when its check ends; the page is free at once."""
        path, self._importing = self._importing, None
        self.cancel.hide()
        for button in self.buttons:
            button.setEnabled(True)
        self.status.setText(f"The import of {path} was cancelled; nothing was written.")

    def _read(self, path: str, plan) -> None:
        if self._importing != path:
            return  # cancelled meanwhile
        self._importing = None
        self.cancel.hide()
        self.fill(plan, f"imported {path}")

    def _not_read(self, path: str, fault: Exception) -> None:
        if self._importing != path:
            return  # cancelled meanwhile
        self._importing = None
        self.cancel.hide()
        for button in self.buttons:
            button.setEnabled(True)
        self.status.setText("")
        if not isinstance(fault, PlanFileError):
            self.problems.setText(f"{path} was not imported; nothing was written: {fault}")
            self.problems.show()
            return
        if isinstance(fault, PlanFileError):
            bad = fault
            count = len(bad.problems)
            listed = "\n".join(f"  {p}" for p in bad.problems[:30])
            more = f"\n  ... and {count - 30} more" if count > 30 else ""
            self.problems.setText(f"{path} was not imported ({count} "
                                  f"problem{'s' if count != 1 else ''}); nothing was written:"
                                  f"\n{listed}{more}")
            self.problems.show()

    def start_empty(self) -> None:
        team = Team(self.team_key.text().strip(), self.team_name.text().strip(),
                    self.members.value(), self.hours.value(), default_color(0))
        q = self.go_live.date()
        release = Release(self.release_key.text().strip(), self.release_name.text().strip(),
                          date(q.year(), q.month(), q.day()), self.freeze.value())
        for label in self.errors.values():
            label.hide()
        try:
            plan = first_plan(team, release)
        except PlanFileError as bad:
            self._show_problems(bad.problems)
            return
        self.fill(plan, f"started with team {team.key} and release {release.key}")

    def _show_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            label = self.errors.get(problem.path)
            if label is None:  # e.g. a field the file checks that the form has not
                label = self.problems
            label.setText(problem.message)
            label.show()

    def fill(self, plan, action: str) -> None:
        """Write `plan` into the empty database on the worker, then show it."""
        for button in self.buttons:
            button.setEnabled(False)
        self.problems.hide()
        self.status.setText("Writing the plan...")

        def failed(fault) -> None:
            for button in self.buttons:
                button.setEnabled(True)
            self.status.setText("")
            self.problems.setText(f"Nothing was written: {fault}")
            self.problems.show()

        self.session.queue(lambda store: store.replace_all(plan, action),
                           lambda _: self._filled(), failed)

    def _filled(self) -> None:
        self.status.setText("")
        for button in self.buttons:
            button.setEnabled(True)
        self.started.emit()


def _size(path: str) -> str:
    try:
        size = os.path.getsize(path)
    except OSError:
        return ""
    return f" ({size / 1e6:,.1f} MB)" if size >= 1e6 else ""
