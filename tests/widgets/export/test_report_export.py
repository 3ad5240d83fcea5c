"""Exporting from the desktop: the report is written off the GUI thread, says the same as the
engine, remembers its folder, and a cancelled export leaves no file."""

from __future__ import annotations

import time
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QPushButton

from app.engine.report import bundle_report
from tests.widgets.conftest import action, preview
from widgets.shell.layout_state import settings


def exporter(window):
    """File > Export's part (widgets/export/report_export.py ReportExport)."""
    return window.feature("export")


def export_done(window, qtbot):
    """What the report reads of the audit log is read first, behind the edits on their way;
    then the report is written on its own thread."""
    qtbot.waitUntil(lambda: window.session.idle() and not exporter(window).busy()
                    and exporter(window).progress is None, timeout=30000)


def test_the_preview_exports_its_release_as_a_pdf_and_remembers_the_folder(window, qtbot,
                                                                          tmp_path,
                                                                          monkeypatch):
    exporter(window).open_after = False
    target = tmp_path / "out" / "march.pdf"
    target.parent.mkdir()
    asked = []

    def save_as(parent, title, suggested, filters):
        asked.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.workspace.preview_release.emit("R-MAR")
    export_pdf = preview(window).export.menu().actions()[0]
    export_pdf.trigger()
    export_done(window, qtbot)
    assert asked[0].endswith("R-MAR-report.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    plan = window.session.plan
    report = bundle_report(plan, "R-MAR", plan.settings.today)
    for key in (*report.included, *(e.cr for e in report.excluded)):
        assert key in text
    assert "Exported" in window.statusBar().currentMessage()
    assert settings().value("export/folder") == str(target.parent)


def test_a_cancelled_export_writes_nothing(window, qtbot, tmp_path):
    exporter(window).open_after = False
    target = tmp_path / "cancelled.xlsx"
    original = exporter(window)._start

    def start(label, path, work):
        original(label, path, work)
        exporter(window).progress.findChild(QPushButton).click()  # the planner presses Cancel

    def waits_for_cancel(work):
        def run(progress, cancelled):  # on the worker thread
            deadline = time.monotonic() + 10
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
            work(progress, cancelled)  # the real export: it stops at its first check
        return run

    exporter(window)._start = lambda label, path, work: start(label, path,
                                                             waits_for_cancel(work))
    exporter(window).export_release("R-MAR", "xlsx", str(target))
    export_done(window, qtbot)
    assert not target.exists()
    assert list(Path(tmp_path).glob("*.part")) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_the_calendar_and_the_timeline_image_export_from_the_menu(window, qtbot, tmp_path,
                                                                  monkeypatch):
    exporter(window).open_after = False
    ics, png = tmp_path / "releases.ics", tmp_path / "timeline.png"
    answers = iter([str(ics), str(png)])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, suggested, filters: (next(answers), filters))
    action(window, "export_ics").trigger()  # File > Export > Release calendar (.ics)...
    export_done(window, qtbot)
    assert "R-APR" in ics.read_text(encoding="utf-8")
    action(window, "export_timeline_png").trigger()
    export_done(window, qtbot)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failed_export_says_why_in_a_dialog(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    exporter(window).open_after = False
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    exporter(window).export_release("R-MAR", "pdf", str(tmp_path / "missing" / "r.pdf"))
    export_done(window, qtbot)
    assert shown and "was not written" in shown[0]
