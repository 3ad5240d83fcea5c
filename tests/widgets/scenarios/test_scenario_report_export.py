"""A report exported from the window while working in a scenario (issue 22) says so on every
page and opens with what the release ships differently from live."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from tests.widgets.conftest import preview
from tests.widgets.export.test_report_export import export_done, exporter
from tests.widgets.scenarios.test_scenarios_gui import _move_in_window, _scenario


def test_a_report_exported_in_a_scenario_says_so_and_holds_it_against_live(window, qtbot,
                                                                          tmp_path,
                                                                          monkeypatch):
    _scenario(window, "april")
    _move_in_window(window, "CR-301", "R-APR")
    exporter(window).open_after = False
    target = tmp_path / "march.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), a[-1]))
    window.workspace.preview_release.emit("R-MAR")
    preview(window).export.menu().actions()[0].trigger()  # File > Export's PDF
    export_done(window, qtbot)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(target).pages]
    assert all("not the live plan" in p.lower() for p in pages)
    text = " ".join(pages)
    assert "Differences from the live plan" in text
    after = text[text.index("Differences from the live plan"):]
    assert "Ships only in live CR-301" in after[:2000]
