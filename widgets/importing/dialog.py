"""File > Import issues...: pick a file; see the source recognised, its columns with sample
values and the CR field each goes to (changeable), the status table, and a preview of what
the import will do row by row with counts, worked out off the GUI thread; Import applies it
through the session (one undo step); Save mapping keeps the mapping for next time, per
database and source."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from app.importing.apply import DecidedImport
from app.importing.limits import ImportFileError
from app.importing.load import prepare
from app.importing.mapping import Mapping, mapping_from_document
from app.model.errors import PlanFileError, Refusal
from widgets.importing.columns import ColumnTable, StatusTable, ValueTable, remapped
from widgets.importing.preview import PreviewModel
from widgets.session.background import BackgroundJobs
from widgets.shell.layout_state import database_group, settings

SAMPLES = 3


class ImportDialog(QDialog):
    def __init__(self, workspace):
        super().__init__(workspace.dialog_parent)
        self.setWindowTitle("Import issues")
        self.resize(1000, 700)
        self.workspace = workspace
        self.session = workspace.session
        self.jobs = BackgroundJobs()
        self.prepared = None  # app.importing.load.Prepared of the file shown
        self.outcome = None  # the decided import shown in the preview
        self.seen = None  # the plan it was decided on
        self.mapping: Mapping | None = None
        self.imported = None  # the outcome once Import was pressed

        self.path = QLineEdit()
        self.path.setPlaceholderText("A .csv or .xlsx export")
        self.path.returnPressed.connect(self.reload)
        browse = QPushButton("Choose file...")
        browse.clicked.connect(self.choose)
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        self.source = QLabel("No file yet.")
        self.columns = ColumnTable()
        self.columns.changed.connect(self.remap)
        self.statuses = StatusTable()
        self.statuses.changed.connect(self.restage)
        tabs = QTabWidget()
        tabs.addTab(self.columns, "Columns")
        tabs.addTab(self.statuses, "Statuses")
        self.teams = ValueTable("Team in the file")
        self.teams.changed.connect(lambda word, key: self.retable("teams", word, key))
        tabs.addTab(self.teams, "Teams")
        self.releases = ValueTable("Version in the file")
        self.releases.changed.connect(lambda word, key: self.retable("releases", word, key))
        tabs.addTab(self.releases, "Releases")
        self.counts = QLabel("")
        self.progress = QProgressBar()  # busy while a large file is read and decided
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.preview = PreviewModel()
        self.table = QTableView()
        self.table.setModel(self.preview)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.clicked.connect(lambda index: self.why.setText(
            self.preview.explain(index.row())))
        self.why = QLabel("")
        self.why.setWordWrap(True)
        split = QSplitter()
        split.addWidget(tabs)
        right = QTabWidget()
        right.addTab(self.table, "Preview")
        split.addWidget(right)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = self.buttons.addButton("Save mapping...",
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.apply)
        self.save_button.clicked.connect(self.save_mapping)
        self.buttons.rejected.connect(self.reject)
        self.import_button.setEnabled(False)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.source)
        layout.addWidget(split, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.progress)
        layout.addWidget(self.why)
        layout.addWidget(self.buttons)
        self.finished.connect(lambda _code: self.jobs.shutdown())

    # ---- reading the file and working out the preview (off the GUI thread) ----------------

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import issues from", "",
                                              "Exports (*.csv *.xlsx);;All files (*)")
        if path:
            self.path.setText(path)
            self.reload()

    def reload(self) -> None:
        """Read the file with the remembered mapping of its source (or the default)."""
        self.mapping = None
        self._work(self.path.text().strip(), None, remembered=True)

    def busy(self) -> bool:
        return self.jobs.busy()

    def _work(self, path: str, mapping: Mapping | None, remembered: bool = False) -> None:
        plan, today = self.session.plan, self.session.today()
        stored = self._remembered() if remembered else {}
        self.counts.setText("Reading the file and working out the preview...")
        self.progress.setVisible(True)
        self.import_button.setEnabled(False)

        def work():
            prepared = prepare(path, mapping, samples=SAMPLES)
            doc = stored.get(prepared.source)
            if doc is not None:  # the mapping saved for this database and source
                prepared = prepare(path, mapping_from_document(doc), samples=SAMPLES)
            return prepared, plan, prepared.job.decide(plan, today)

        self.jobs.run("import-preview", work, self._shown, self._failed)

    def _shown(self, result) -> None:
        self.progress.setVisible(False)
        self.prepared, self.seen, self.outcome = result
        self.mapping = self.prepared.mapping
        job = self.prepared.job
        self.source.setText(f"Recognised as a {self.prepared.source} export: "
                            f"{len(job.rows):,} rows, {len(self.prepared.table_header)} columns.")
        self.columns.blockSignals(True)
        self.columns.show_mapping(self.prepared.table_header, self.prepared.samples,
                                  self.mapping)
        self.columns.blockSignals(False)
        statuses = sorted({r.status_text for r in job.rows if r.status_text})
        self.statuses.blockSignals(True)
        self.statuses.show_statuses(statuses, self.mapping)
        self.statuses.blockSignals(False)
        self._show_values(job.rows)
        self.preview.show_report(self.outcome.report, job.rows)
        self.counts.setText("Preview: " + self._counts())
        self.import_button.setEnabled(bool(self.outcome.changes))
        self.save_button.setEnabled(True)

    def _show_values(self, rows) -> None:
        plan = self.session.plan
        teams = sorted({r.team for r in rows if r.team})
        versions = sorted({v for r in rows for v in r.versions})
        releases = {name: target["release"] for name, target in self.mapping.releases.items()
                    if "release" in target}
        for table, words, choices, chosen in (
                (self.teams, teams, list(plan.teams), self.mapping.teams),
                (self.releases, versions, [r.key for r in plan.planned_releases()], releases)):
            table.blockSignals(True)
            table.show_values(words, choices, chosen)
            table.blockSignals(False)

    def retable(self, table: str, word: str, choice: str) -> None:
        """The planner says which team or release a word of the file is."""
        if self.mapping is None:
            return
        values = dict(getattr(self.mapping, table))
        values.pop(word, None)
        if choice != ValueTable.AUTOMATIC:
            values[word] = choice if table == "teams" else {"release": choice}
        self.mapping = Mapping(**{**self.mapping.__dict__, table: values})
        self._work(self.path.text().strip(), self.mapping)

    def _counts(self) -> str:
        r = self.outcome.report
        reasons: dict[str, int] = {}
        for s in r.skipped:
            reasons[s["reason"].split(":")[0]] = reasons.get(s["reason"].split(":")[0], 0) + 1
        why = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        return (f"create {len(r.created)}, update {len(r.updated)}, unchanged "
                f"{len(r.unchanged)}, skip {len(r.skipped)}" + (f" ({why})" if why else ""))

    def _failed(self, fault: Exception) -> None:
        self.progress.setVisible(False)
        self.prepared = self.outcome = None
        self.preview.show_report(_Empty(), [])
        self.source.setText("The file cannot be imported.")
        self.counts.setText(str(fault) if isinstance(fault, ImportFileError)
                            else f"The file cannot be read: {fault}")
        self.import_button.setEnabled(False)

    def remap(self, position: int, choice: str) -> None:
        if self.prepared is None:
            return
        self.mapping = remapped(self.mapping, self.prepared.table_header, position, choice)
        self._work(self.path.text().strip(), self.mapping)

    def restage(self, status: str, stage: str) -> None:
        if self.mapping is None:
            return
        stages = {k: v for k, v in self.mapping.stages.items()
                  if k.casefold() != status.casefold()}
        if stage != "(by category)":
            stages[status] = stage
        self.mapping = Mapping(**{**self.mapping.__dict__, "stages": stages})
        self._work(self.path.text().strip(), self.mapping)

    # ---- applying and keeping the mapping ----------------------------------------------------

    def apply(self) -> None:
        if self.prepared is None or self.busy():
            return
        try:
            # The preview's decision when the plan is still the one it was made on: a large
            # import is not decided again on the GUI thread.
            self.imported = self.session.run(DecidedImport(self.prepared.job, self.seen,
                                                           self.outcome))
        except (Refusal, PlanFileError) as refusal:
            QMessageBox.warning(self, "Import issues", f"Nothing was imported: {refusal}")
            return
        self.workspace.say(self.prepared.job.note(self.imported))
        self.accept()

    def save_mapping(self) -> None:
        if self.mapping is None:
            return
        self._remember(self.mapping)
        path, _ = QFileDialog.getSaveFileName(self, "Save the mapping", "mapping.json",
                                              "Mappings (*.json)")
        if path:
            try:
                self.mapping.save(path)
            except OSError as exc:
                QMessageBox.warning(self, "Save mapping", f"{path}: {exc.strerror or exc}")
                return
        self.workspace.say(f"Mapping for {self.mapping.source} kept for this database"
                           + (f" and saved to {path}." if path else "."))

    def _remembered(self) -> dict:
        text = settings().value(database_group(self.workspace.database) + "/import_mappings",
                                "{}")
        try:
            return json.loads(text) if isinstance(text, str) else {}
        except ValueError:
            return {}

    def _remember(self, mapping: Mapping) -> None:
        kept = self._remembered()
        kept[mapping.source] = mapping.to_document()
        settings().setValue(database_group(self.workspace.database) + "/import_mappings",
                            json.dumps(kept))


class _Empty:
    """No report: the preview of a file that cannot be read."""

    notes = ()

    def __init__(self):
        self.outcomes = {}
