"""Scenarios in the window (issue 22), with real clicks and keys: switching with the picker, the
banner, an edit in a scenario not reaching live (two windows), the compare view's highlights,
promote with a stale change resolved through the merge dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel, QPushButton

from app.edits.crs import SetStage
from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.model.plan import Target
from storage.open_store import open_store
from tests.widgets.conftest import make_window, wait_loaded, wait_until, wait_written


def _pick(qtbot, combo: QComboBox, text: str) -> None:
    """Choose `text` in a combo box with the keyboard, as a planner would."""
    combo.setFocus()
    index = combo.findText(text)
    assert index >= 0, f"{text} is not offered"
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    QApplication.processEvents()


def _picker(window) -> QComboBox:
    return window.findChild(QComboBox, "scenario-picker")


def _scenario(window, name: str) -> None:
    """Make scenario `name` from the window's plan and work in it."""
    window.feature("scenarios").new(name)
    wait_until(lambda: window.feature("scenarios").current == name, what="the switch")
    wait_loaded(window)


def _move_in_window(window, cr: str, release: str) -> None:
    window.session.run(Schedule(cr, Target(release)))
    wait_written(window)


def test_switching_with_the_picker_shows_the_banner_and_the_scenarios_plan(window, qtbot):
    _scenario(window, "april")
    banner = window.findChild(QLabel, "scenario-banner")
    assert banner.isVisible() and "not the live plan" in banner.text()
    _move_in_window(window, "CR-301", "R-APR")
    assert window.session.plan.crs["CR-301"].release == "R-APR"
    _pick(qtbot, _picker(window), "live")
    wait_until(lambda: window.feature("scenarios").current == "live", what="back to live")
    wait_loaded(window)
    assert not banner.isVisible()
    assert window.session.plan.crs["CR-301"].release == "R-MAR"  # live never saw the move
    shown = set(window.session.plan.crs)
    _pick(qtbot, _picker(window), "april")
    wait_until(lambda: window.feature("scenarios").current == "april")
    wait_loaded(window)
    assert window.session.plan.crs["CR-301"].release == "R-APR" and banner.isVisible()
    # Laid over the live plan shown (drawn like an edit), not read whole again:
    assert window.session.core.store.overlaid.keys("cr") == ["CR-301"]
    assert set(window.session.plan.crs) == shown
    bar = next(b for b in window.session.layout.bars if b.cr == "CR-301")
    assert bar.release == "R-APR"


def test_an_edit_in_a_scenario_does_not_reach_another_window_on_live(window, qtbot, tmp_path):
    other_store = open_store(str(tmp_path / "plan.db"), user="bob")
    other = make_window(qtbot, other_store, "plan.db", user="bob")
    try:
        _scenario(window, "april")
        _move_in_window(window, "CR-301", "R-APR")
        other.feature("sharing").feed.catch_up()
        wait_loaded(other)
        assert other.session.plan.crs["CR-301"].release == "R-MAR"
        assert other_store.load().plan.crs["CR-301"].release == "R-MAR"
    finally:
        other_store.close()


def test_the_compare_view_highlights_what_ships_differently(window, qtbot):
    _scenario(window, "april")
    _move_in_window(window, "CR-301", "R-APR")
    page = window.feature("compare").page
    window.pages.setCurrentWidget(page)
    wait_until(lambda: page.pickers[1].findText("april") >= 0, what="the names offered")
    _pick(qtbot, page.pickers[0], "live")
    _pick(qtbot, page.pickers[1], "april")
    qtbot.mouseClick(page.findChild(QPushButton, "compare-button"), Qt.MouseButton.LeftButton)
    wait_until(lambda: page.table.columnCount() == 2 and page.table.rowCount() > 0,
               what="the comparison")
    rows = [page.table.verticalHeaderItem(r).text() for r in range(page.table.rowCount())]
    mar, apr = rows.index("R-MAR"), rows.index("R-APR")
    assert page.table.item(mar, 1).data(Qt.ItemDataRole.UserRole) is True
    assert "not here: CR-301" in page.table.item(mar, 1).text()
    assert "only here: CR-301" in page.table.item(apr, 1).text()
    assert page.table.item(mar, 0).data(Qt.ItemDataRole.UserRole) is False
    feb = rows.index("R-FEB")
    assert page.table.item(feb, 1).data(Qt.ItemDataRole.UserRole) is False


def test_promote_with_a_stale_change_merges_it_then_applies_all(window, qtbot, tmp_path):
    from widgets.scenarios.promote_dialog import PromoteDialog

    _scenario(window, "april")
    _move_in_window(window, "CR-301", "R-APR")
    _move_in_window(window, "CR-302", "R-APR")
    live = open_store(str(tmp_path / "plan.db"), user="bob")
    try:
        PlanService(live).run(SetStage("CR-302", "test"))  # live changes CR-302: stale
        dialog = PromoteDialog(window.session, "april", window)
        qtbot.addWidget(dialog)
        dialog.show()
        wait_until(lambda: len(dialog.items()) == 2, what="the checklist")
        stale = next(i for i in dialog.items() if "stale" in i.text(0))
        assert stale.data(0, Qt.ItemDataRole.UserRole) == ("cr", "CR-302")
        # Promoting with the stale change refuses all of it
        qtbot.mouseClick(dialog.promote_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: "Nothing was promoted" in dialog.problems.text())
        assert live.load().plan.crs["CR-301"].release == "R-MAR"
        # Merge it: the fields changed on one side each merge by themselves
        dialog.tree.setCurrentItem(stale)
        assert dialog.merge_button.isEnabled()

        def accept_merge():
            merge = next(w for w in QApplication.topLevelWidgets()
                         if isinstance(w, QDialog) and w.windowTitle().startswith("Merge"))
            qtbot.mouseClick(merge.save_button, Qt.MouseButton.LeftButton)

        from PySide6.QtCore import QTimer

        QTimer.singleShot(200, accept_merge)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: dialog.items() and not any("stale" in i.text(0)
                                                      for i in dialog.items()),
                   what="the merge")
        qtbot.mouseClick(dialog.promote_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted, what="the promote")
        crs = live.load().plan.crs
        assert (crs["CR-301"].release, crs["CR-302"].release, crs["CR-302"].stage) == \
            ("R-APR", "R-APR", "test")  # the merge kept live's stage and the scenario's move
    finally:
        live.close()
