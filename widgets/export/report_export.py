"""Exporting reports from the desktop: a file dialog that remembers its folder, the work on a
worker thread behind a progress dialog that can cancel it, and the file opened on request.

The report is written by app.reports (the same content and writers as the command line);
a cancelled or failed export leaves no file (write_report writes atomically)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.plan_file.output_files import write_atomically
from app.reports.calendar_identity import database_identity, release_revisions
from app.reports.content import build_report
from app.reports.deployment import deployment_record
from app.reports.export import Cancelled, ReportError, write_report
from app.reports.scenario_diff import live_diff_section
from app.scenarios.model import LIVE
from app.views.timeline_layout import layout_timeline
from widgets.images import timeline_image as timeline_image

FILTERS = {"pdf": "PDF document (*.pdf)", "html": "Web page (*.html)",
           "xlsx": "Excel workbook (*.xlsx)", "csv": "CSV of the changes (*.csv)",
           "ics": "Calendar (*.ics)", "png": "PNG image (*.png)", "svg": "SVG image (*.svg)"}
SHOW_PROGRESS_AFTER_MS = 400
WITH_LIVE_DIFF = ("pdf", "html", "xlsx")  # a scenario's report holds the release against live


class ReportExport(QObject):
    progressed = Signal(int, int)
    done = Signal(str, str)  # path, "" when written, else why not (or "cancelled")

    def __init__(self, parent: QWidget, session, settings: QSettings, user: str = ""):
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.settings = settings
        self.database = ""  # as reports name it: never with a password
        self.user = user
        self.open_after = True  # ask to open the file; tests switch it off
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.progress: QProgressDialog | None = None
        self.progressed.connect(self._show_progress)
        self.done.connect(self._finished)

    def now_on(self, database: str, user: str) -> None:
        """Another database is open: the name reports give it, and who generates them."""
        self.database, self.user = database, user

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ---- asking --------------------------------------------------------------------------

    def ask_path(self, fmt: str, name: str) -> str | None:
        folder = self.settings.value("export/folder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export",
                                              str(Path(folder) / f"{name}.{fmt}"), FILTERS[fmt])
        if not path:
            return None
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        self.settings.setValue("export/folder", str(Path(path).parent))
        return path

    def export_release(self, release: str, fmt: str, path: str | None = None) -> bool:
        """A report of `release` (for "ics": the calendar of every release). What it reads
        of the audit log is read on the worker first."""
        plan = self.session.plan
        if plan is None or self.busy():
            return False
        name = "release-calendar" if fmt == "ics" else f"{release}-report"
        path = path or self.ask_path(fmt, name)
        if path is None:
            return False
        deployed = plan.releases[release].status == "deployed"
        database = self.database

        def read(store):
            deployment = deployment_record(store, release) if deployed else None
            # Working in a scenario: the report says so, and holds the release against
            # live (both plans read over one live state; the diff is worked out with the
            # report, off the database's queue).
            scenario = getattr(store, "scenario", "")
            against = None
            if scenario and fmt in WITH_LIVE_DIFF:
                _, plans = store.scenarios().load_both([LIVE, scenario])
                against = (scenario, plans[LIVE].plan, plans[scenario].plan)
            elif scenario:
                against = (scenario, None, None)
            calendar = {}
            if fmt == "ics":  # UIDs and SEQUENCE from the audit log (calendar_identity)
                calendar = {"plan_identity": database_identity(store.history("plan", ""),
                                                               database),
                            "revisions": release_revisions(store.history, plan.releases)}
            return deployment, calendar, against

        self.session.queue(read, lambda got: self._report(plan, release, fmt, path, *got),
                           lambda fault: self.done.emit(path, str(fault)))
        return True

    def _report(self, plan, release: str, fmt: str, path: str, deployment, calendar,
                against) -> None:
        today, user, database = self.session.today(), self.user, self.database

        def work(progress, cancelled):
            scenario, live, mine = against or ("", None, None)
            front = (live_diff_section(live, mine, release, today, scenario),) \
                if live is not None else ()
            report = build_report(plan, release, today, generated_by=user, database=database,
                                  deployment=deployment, scenario=scenario, front=front,
                                  **calendar)
            png = None
            if fmt in ("pdf", "html"):
                png = timeline_image.release_timeline_png(plan, today, release)
            write_report(report, fmt, path, png, progress=progress, cancelled=cancelled)

        self._start(f"Exporting the {fmt.upper()} report of {release}...", path, work)

    def export_timeline(self, fmt: str, path: str | None = None) -> bool:
        """The whole plan's timeline as an image."""
        plan = self.session.plan
        if plan is None or self.busy():
            return False
        path = path or self.ask_path(fmt, "timeline")
        if path is None:
            return False
        today = self.session.today()

        def work(progress, cancelled):
            data = timeline_image.render_timeline(layout_timeline(plan, today), fmt)
            if cancelled():
                raise Cancelled("cancelled")
            write_atomically(path, lambda out: out.write(data))

        self._start(f"Exporting the timeline as {fmt.upper()}...", path, work)
        return True

    # ---- running -----------------------------------------------------------------------------

    def _start(self, label: str, path: str, work) -> None:
        self._stop.clear()
        self.progress = QProgressDialog(label, "Cancel", 0, 100, self.parent_widget)
        self.progress.setWindowTitle("Export")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)  # quick ones never show it
        self.progress.canceled.connect(self._stop.set)
        self.progress.setValue(0)

        def run():
            try:
                work(lambda done, total: self.progressed.emit(done, total), self._stop.is_set)
            except Cancelled:
                self.done.emit(path, "cancelled")
            except (ReportError, OSError, ValueError) as fault:
                self.done.emit(path, str(getattr(fault, "strerror", None) or fault))
            except Exception as fault:  # a dialog, never a traceback in the planner's face
                self.done.emit(path, f"{type(fault).__name__}: {fault}")
            else:
                self.done.emit(path, "")

        self._thread = threading.Thread(target=run, name="report-export", daemon=True)
        self._thread.start()

    def _show_progress(self, done: int, total: int) -> None:
        if self.progress is not None and not self._stop.is_set():
            self.progress.setValue(int(100 * done / max(1, total)))

    def _finished(self, path: str, problem: str) -> None:
        self._thread = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self._stop.set)
            self.progress.close()
            self.progress = None
        window = self.parent_widget
        if problem == "cancelled":
            self.session.message.emit("Export cancelled: no file was written.")
        elif problem:
            QMessageBox.warning(window, "Export failed",
                                f"{Path(path).name} was not written.\n\n{problem}")
        else:
            self.session.message.emit(f"Exported {path}.")
            if self.open_after and QMessageBox.question(
                    window, "Export", f"Written: {path}\n\nOpen it now?"
            ) == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl.fromLocalFile(path))
