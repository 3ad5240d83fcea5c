"""Baselines on the desktop: the window takes the freeze baseline by itself, the timeline
shows a ghost where a moved CR was at the baseline, the Slip panel lists what moved and opens
the CR, and a manager signs a release off from the dialog. Real mouse and keyboard events."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt

from app.baselines.take import take
from app.edits.moves import Schedule
from app.model.plan import Target
from app.views.timeline_layout import day_number
from tests.widgets.conftest import action, editor, wait_until, wait_written
from widgets.common.style import SECONDS_PER_DAY


def _baselines(store):
    return store.baselines()


def test_the_window_takes_the_freeze_baseline_once(window):
    store = window.session.core.store
    wait_until(lambda: [b.name for b in _baselines(store).list()] == ["freeze R-FEB"],
               what="the freeze baseline")
    window.session.load()
    wait_until(window.session.runner.idle)
    assert [b.name for b in _baselines(store).list()] == ["freeze R-FEB"]


def _double_click(qtbot, view, at) -> None:
    """As a hand does it: a click, then the second click of the double-click."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def _compare_with(qtbot, window, name: str):
    feature = window.feature("baselines")
    action(window, "compare_baseline").trigger()
    wait_until(lambda: getattr(feature, "picker", None) is not None
               and feature.picker.isVisible(), what="the baseline picker")
    listing = feature.picker.list
    item = next(listing.item(i) for i in range(listing.count())
                if listing.item(i).text().startswith(name + "  "))
    qtbot.waitExposed(feature.picker)
    _double_click(qtbot, listing, listing.visualItemRect(item).center())
    wait_until(lambda: feature.panel.found is not None, what="the slip")
    return feature.panel


def test_the_timeline_and_the_slip_panel_show_what_moved_since_a_baseline(qtbot, window):
    store = window.session.core.store
    take(_baselines(store), store.load().plan, "Monday", "tester")
    window.session.run(Schedule("CR-301", Target("R-APR")))
    wait_written(window)
    panel = _compare_with(qtbot, window, "Monday")
    assert not window.docks["baselines"].isHidden()
    rows = [[panel.table.topLevelItem(i).text(c) for c in range(4)]
            for i in range(panel.table.topLevelItemCount())]
    assert ["R-MAR", "left", "CR-301", ""] in rows
    assert ["R-APR", "entered", "CR-301", ""] in rows
    moved = next(r for r in rows if r[1] == "moved")
    assert moved[2] == "CR-301" and moved[3].startswith("R-MAR → R-APR by tester")
    # The ghost ends where R-MAR's bars ended at the baseline: its freeze start, 22 Feb.
    ((cr, ghost, now),) = panel.ghosts.places()
    assert cr == "CR-301"
    assert ghost.right() == day_number(date(2027, 2, 22)) * SECONDS_PER_DAY
    assert now.right() > ghost.right() and ghost.top() == now.top()
    # Double-click the moved CR's row: the editor opens it.
    item = next(panel.table.topLevelItem(i) for i in range(panel.table.topLevelItemCount())
                if panel.table.topLevelItem(i).text(1) == "moved")
    _double_click(qtbot, panel.table, panel.table.visualItemRect(item).center())
    wait_until(lambda: getattr(editor(window).base, "key", None) == "CR-301", what="the editor on CR-301")


def test_moving_the_cr_back_empties_the_slip_and_the_ghosts(qtbot, window):
    store = window.session.core.store
    take(_baselines(store), store.load().plan, "Monday", "tester")
    window.session.run(Schedule("CR-301", Target("R-APR")))
    wait_written(window)
    panel = _compare_with(qtbot, window, "Monday")
    assert panel.ghosts.places()
    window.session.run(Schedule("CR-301", Target("R-MAR")))
    wait_written(window)
    wait_until(lambda: panel.table.topLevelItemCount() == 0, what="an empty slip")
    assert panel.ghosts.places() == []
    assert panel.heading.text() == "Nothing moved since baseline Monday."


def test_a_manager_signs_a_release_off_from_the_dialog(qtbot, window):
    store = window.session.core.store
    feature = window.feature("baselines")
    action(window, "sign_off").trigger()
    dialog = feature.dialog
    qtbot.waitExposed(dialog)
    dialog.release.setCurrentIndex(dialog.release.findData("R-MAR"))
    wait_until(lambda: "never signed off" in dialog.last.text(), what="the last sign-off")
    dialog.by.selectAll()
    qtbot.keyClicks(dialog.by, "Ana Lead")
    qtbot.keyClicks(dialog.note, "ok for March")
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    wait_until(lambda: _baselines(store).signoffs("R-MAR"), what="the sign-off")
    wait_until(window.session.runner.idle)
    (signed,) = _baselines(store).signoffs("R-MAR")
    assert (signed.signed_by, signed.note) == ("Ana Lead", "ok for March")
    action(window, "sign_off").trigger()
    again = feature.dialog
    again.release.setCurrentIndex(again.release.findData("R-MAR"))
    wait_until(lambda: "still matches" in again.last.text(), what="the fingerprint check")
    assert signed.fingerprint in again.last.text()
    again.reject()


def test_the_bundle_preview_signs_off_and_shows_whether_the_fingerprint_still_matches(
        qtbot, window):
    from tests.widgets.conftest import preview

    window.workspace.preview_release.emit("R-MAR")
    shown = preview(window)
    wait_until(lambda: "Not signed off yet" in shown.signed.text(), what="no sign-off yet")
    assert shown.sign.isEnabled()  # SQLite: everyone manages
    qtbot.mouseClick(shown.sign, Qt.MouseButton.LeftButton)
    dialog = window.feature("baselines").dialog
    qtbot.waitExposed(dialog)
    assert dialog.chosen() == "R-MAR"
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    wait_until(lambda: "still matches" in shown.signed.text(), what="the sign-off shown")
    assert "by tester" in shown.signed.text()
    window.session.run(Schedule("CR-301", Target("R-APR")))
    wait_written(window)
    wait_until(lambda: "no longer matches" in shown.signed.text(), what="the bundle changed")


def test_deploying_from_the_window_takes_the_deploy_baseline(window):
    from app.edits.releases import Deploy

    store = window.session.core.store
    window.session.run(Deploy("R-FEB"))
    wait_written(window)
    wait_until(lambda: "deploy R-FEB" in {b.name for b in _baselines(store).list()},
               what="the deploy baseline")
    feb = _baselines(store).get("deploy R-FEB").content["releases"]["R-FEB"]
    assert feb["status"] == "deployed" and feb["ships"]


def test_a_release_whose_go_live_moved_shows_its_go_live_then(qtbot, window):
    from dataclasses import replace

    from app.edits.releases import EditRelease

    store = window.session.core.store
    take(_baselines(store), store.load().plan, "Monday", "tester")
    apr = window.session.plan.releases["R-APR"]
    window.session.run(EditRelease(replace(apr, go_live=date(2027, 4, 1))))
    wait_written(window)
    panel = _compare_with(qtbot, window, "Monday")
    (moved,) = panel.ghosts.moved
    assert (moved.release, moved.then, moved.now) == (
        "R-APR", day_number(date(2027, 3, 25)), day_number(date(2027, 4, 1)))
    rows = [[panel.table.topLevelItem(i).text(c) for c in range(4)]
            for i in range(panel.table.topLevelItemCount())]
    assert ["R-APR", "go-live", "", "2027-03-25 → 2027-04-01"] in rows
    # The overlay covers the line's place, so the view repaints it there.
    line_x = moved.then * SECONDS_PER_DAY
    bounds = panel.ghosts.boundingRect()
    assert bounds.left() <= line_x <= bounds.right()
