"""The keyboard: every shortcut bound once, redo on both keys, bars reached and moved without
the mouse, Enter, Esc and F1."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest

from tests.widgets.conftest import stored_plan

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def stored_release(win, cr):
    return stored_plan(win).crs[cr].release


def test_every_shortcut_is_bound_once(window):
    keys = Counter()
    for act in window.findChildren(QAction):
        for key in act.shortcuts():
            keys[key.toString()] += 1
    for shortcut in window.findChildren(QShortcut):
        keys[shortcut.key().toString()] += 1
    duplicates = {key: n for key, n in keys.items() if n > 1 and key}
    assert not duplicates
    for needed in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+F", "F3", "F1", "Esc", "Ctrl+1",
                   "Ctrl+4", "Ctrl+M"):
        assert keys[needed] == 1, needed


def test_ctrl_shift_z_and_ctrl_y_both_redo(window):
    window.drop("CR-309", "R-APR")
    window.timeline.setFocus()
    QTest.keyClick(window.timeline, Qt.Key.Key_Z, CTRL)
    assert stored_release(window, "CR-309") == "R-MAR"
    QTest.keyClick(window.timeline, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored_release(window, "CR-309") == "R-APR"
    QTest.keyClick(window.timeline, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(window.timeline, Qt.Key.Key_Y, CTRL)
    assert stored_release(window, "CR-309") == "R-APR"


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.timeline, key, modifiers)


def test_arrows_move_the_selection_within_a_lane_and_between_lanes(window):
    view = window.timeline
    view.setFocus()
    press(window, Qt.Key.Key_Right)  # nothing selected: the first lane's bar in the middle
    first = window.selected_cr
    assert first is not None and view.bars.selected == first
    lane_of = {b.cr: b.team for b in view.bars.bars}
    start_of = {b.cr: b.start for b in view.bars.bars}
    press(window, Qt.Key.Key_Right)
    assert lane_of[window.selected_cr] == lane_of[first]
    assert start_of[window.selected_cr] >= start_of[first]
    press(window, Qt.Key.Key_Left)
    assert window.selected_cr == first
    press(window, Qt.Key.Key_Down)
    assert lane_of[window.selected_cr] == view.bars.lanes[1].lane.team
    press(window, Qt.Key.Key_Up)
    assert lane_of[window.selected_cr] == lane_of[first]


def test_keyboard_only_reschedule(window):
    """Reach a March bar with the arrows and move it a release later, then undo: no mouse."""
    view = window.timeline
    view.setFocus()
    press(window, Qt.Key.Key_Right)
    for _ in range(40):
        if window.controller.plan.crs[window.selected_cr].release == "R-MAR":
            break
        press(window, Qt.Key.Key_Right)
    cr = window.selected_cr
    assert window.controller.plan.crs[cr].release == "R-MAR"
    press(window, Qt.Key.Key_Right, CTRL | SHIFT)
    assert stored_release(window, cr) == "R-APR"
    assert window.undo_stack.count() == 1
    press(window, Qt.Key.Key_Left, CTRL | SHIFT)
    assert stored_release(window, cr) == "R-MAR"
    press(window, Qt.Key.Key_Left, CTRL | SHIFT)  # February is frozen: refused, says why
    assert stored_release(window, cr) == "R-MAR"
    assert "frozen" in window.statusBar().currentMessage()


def test_enter_opens_the_selected_cr_and_esc_closes_the_editor(window):
    view = window.timeline
    view.setFocus()
    press(window, Qt.Key.Key_Right)
    cr = window.selected_cr
    press(window, Qt.Key.Key_Return)
    assert not window.editor_dock.isHidden() and window.editor.base.key == cr
    QTest.keyClick(window.editor.form.title, Qt.Key.Key_Escape)
    assert window.editor_dock.isHidden()


def test_f1_lists_the_shortcuts(window):
    press(window, Qt.Key.Key_F1)
    text = window.shortcuts_box.text()
    assert window.shortcuts_box.isVisible()
    for key in ("Ctrl+Shift+Z", "Ctrl+Y", "F3", "Ctrl+Shift+Right", "Left / Right"):
        assert key in text
    window.shortcuts_box.close()


def test_zoom_presets_show_a_week_to_a_year(window):
    for n, days in ((1, 7), (2, 31), (3, 92), (4, 366)):
        press(window, getattr(Qt.Key, f"Key_{n}"), CTRL)
        assert round(window.timeline.days_in_view()) == days


def test_shortcut_tooltips_name_their_keys(window):
    assert "Ctrl+Shift+Right" in window.move_later_action.toolTip()
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()


def test_esc_from_the_search_box_goes_to_the_timeline_for_the_arrows(window, qtbot):
    window.open_cr("CR-309")
    window.search.setFocus()
    QTest.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.timeline.hasFocus()
    assert not window.editor_dock.isHidden()  # Esc in the search box keeps the editor open
    press(window, Qt.Key.Key_Right)
    assert window.selected_cr != "CR-309"


def test_ctrl_q_quits_after_writing_the_edits_on_screen(window, qtbot):
    window.timeline.setFocus()
    window.drop("CR-309", "R-APR")  # shown at once, written on the worker
    QTest.keyClick(window.timeline, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()
    assert window.controller.service.store.load().plan.crs["CR-309"].release == "R-APR"
    assert window.quit_action in window.plan_setup.menu.actions()
