"""File > Import issues... (issue 26): pick a file, see the mapping and the preview, change a
column, import through the session, undo; the mapping kept for the next import."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.fixtures.importing import exports
from tests.widgets.conftest import action, stored_plan, wait_until, wait_written


def _open(window, qtbot, path):
    action(window, "import_issues").trigger()
    dialog = window.feature("importing").dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.path, str(path))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    wait_until(lambda: dialog.outcome is not None and not dialog.busy(), what="the preview")
    return dialog


def test_pick_change_a_column_preview_import_and_undo(window, qtbot, tmp_path):
    path = exports.write_csv(tmp_path / "jira.csv", exports.jira_rows(60))
    dialog = _open(window, qtbot, path)
    assert "jira export: 60 rows, 280 columns" in dialog.source.text()
    assert dialog.counts.text().startswith("Preview: create 50, update 0, unchanged 0, skip 10")
    assert dialog.preview.rowCount() == 60
    assert not dialog.progress.isVisible()  # shown only while the preview is worked out
    summary = dialog.prepared.table_header.index("Summary")
    combo = dialog.columns.combo(summary)
    assert combo.currentText() == "title"

    # The planner takes the title away from Summary: every row would be skipped, and says why.
    combo.setFocus()
    qtbot.keyClicks(combo, "(not")
    assert combo.currentText() == "(not used)"
    wait_until(lambda: "skip 60" in dialog.counts.text() and not dialog.busy(),
               what="the preview after the change")
    assert not dialog.import_button.isEnabled()  # nothing to import
    qtbot.wait(QApplication.keyboardInputInterval() + 100)  # a new keyboard search
    qtbot.keyClicks(combo, "title")
    assert combo.currentText() == "title", combo.currentText()
    wait_until(lambda: "create 50" in dialog.counts.text() and not dialog.busy(),
               what=f"the preview back ({dialog.counts.text()})")

    # A skipped row, opened: why.
    line = next(i for i, r in enumerate(dialog.preview.rows) if r[2] == "skip")
    rect = dialog.table.visualRect(dialog.preview.index(line, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "skipped because release \"R-FEB\" is frozen" in dialog.why.text()

    before = set(window.session.plan.crs)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert {f"MKT-{n}" for n in (1, 2, 3)} <= set(window.session.plan.crs)
    stored = stored_plan(window)
    assert len(set(stored.crs) - before) == 50
    assert stored.sources["MKT-1"].external_id == "10001"

    assert not dialog.isVisible()
    window.activateWindow()  # the dialog had the keyboard: the window has it back
    qtbot.waitUntil(window.isActiveWindow)
    view = window.feature("timeline").view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step
    wait_written(window)
    assert set(stored_plan(window).crs) == before
    assert not stored_plan(window).sources


def test_saved_mapping_is_used_next_time_and_a_second_import_changes_nothing(window, qtbot,
                                                                            tmp_path,
                                                                            monkeypatch):
    path = exports.write_csv(tmp_path / "snow.csv", exports.servicenow_rows(30))
    dialog = _open(window, qtbot, path)
    # The planner says "Authorize" means build here, and keeps the mapping.
    row = next(i for i in range(dialog.statuses.rowCount())
               if dialog.statuses.item(i, 0).text() == "Authorize")
    stage = dialog.statuses.cellWidget(row, 1)
    stage.setFocus()
    qtbot.keyClicks(stage, "build")
    wait_until(lambda: dialog.mapping.stages.get("Authorize") == "build"
               and not dialog.busy(), what="the new status table")
    saved = tmp_path / "snow-mapping.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(saved.read_text())["stages"]["Authorize"] == "build"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_written(window)
    authorized = [cr for key, cr in window.session.plan.crs.items() if key.startswith("CHG")
                  and exports.SNOW_STATES[(int(key[3:]) - 30000) % 8][0] == "Authorize"]
    assert authorized and all(cr.stage == "build" for cr in authorized)

    again = _open(window, qtbot, path)  # the remembered mapping: nothing changes
    assert again.mapping.stages.get("Authorize") == "build"
    report = again.outcome.report
    assert report.created == [] and report.updated == [] and report.unchanged
    assert not again.import_button.isEnabled()


def test_a_file_that_cannot_be_read_says_why(window, qtbot, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("Colour,Size\nred,3\n")
    action(window, "import_issues").trigger()
    dialog = window.feature("importing").dialog
    qtbot.keyClicks(dialog.path, str(bad))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    wait_until(lambda: "no key column" in dialog.counts.text(), what="the refusal")
    assert not dialog.import_button.isEnabled()


def test_a_version_and_a_team_are_matched_by_hand(window, qtbot, tmp_path):
    path = exports.write_csv(tmp_path / "jira.csv", exports.jira_rows(12))
    dialog = _open(window, qtbot, path)
    assert dialog.outcome.plan.crs["MKT-1"].release is None  # "2027.06 Summer": unknown
    assert "CHECKOUT-WEB" in dialog.outcome.report.teams_created

    line = next(i for i in range(dialog.releases.rowCount())
                if dialog.releases.item(i, 0).text() == "2027.06 Summer")
    combo = dialog.releases.cellWidget(line, 1)
    combo.setFocus()
    qtbot.keyClicks(combo, "R-APR")
    wait_until(lambda: dialog.outcome.plan.crs["MKT-1"].release == "R-APR"
               and not dialog.busy(), what="the version mapped to R-APR")

    line = next(i for i in range(dialog.teams.rowCount())
                if dialog.teams.item(i, 0).text() == "Checkout Web")
    combo = dialog.teams.cellWidget(line, 1)
    combo.setFocus()
    qtbot.keyClicks(combo, "BRD")
    wait_until(lambda: not dialog.outcome.report.teams_created and not dialog.busy(),
               what="the team mapped to BRD")
    assert dialog.outcome.plan.crs["MKT-2"].team == "BRD"  # Checkout Web's rows
    assert dialog.mapping.teams == {"Checkout Web": "BRD"}
    assert dialog.mapping.releases["2027.06 Summer"] == {"release": "R-APR"}


def test_each_source_imports_through_the_dialog_and_again_changes_nothing(window, qtbot,
                                                                          tmp_path):
    made = exports.write_all(tmp_path / "exports", 40)
    for name in ("jira-cloud", "jira-server", "azure-devops", "servicenow", "xlsx"):
        dialog = _open(window, qtbot, made[name])
        created = list(dialog.outcome.report.created)
        assert created, name
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        wait_written(window)
        assert set(created) <= set(stored_plan(window).crs), name
        again = _open(window, qtbot, made[name])
        report = again.outcome.report
        assert report.created == [] and report.updated == [], name
        assert sorted(report.unchanged) == sorted(created), name
        assert not again.import_button.isEnabled()
        again.reject()
