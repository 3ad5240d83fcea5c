"""The keyboard: every shortcut bound once, redo on both keys, bars reached and moved without
the mouse, Enter, Esc and F1."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest

from app.model.plan import Target
from storage.open_store import open_store
from tests.widgets.conftest import action, editor, open_cr, stored_plan, timeline
from widgets.shell.feature import Menu

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def stored_release(win, cr):
    return stored_plan(win).crs[cr].release


def selected(win) -> str | None:
    return win.workspace.selection.current


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
                   "Ctrl+4", "Ctrl+M", "Alt+1", "Alt+4"):
        assert keys[needed] == 1, needed


def test_ctrl_shift_z_and_ctrl_y_both_redo(window):
    view = timeline(window)
    window.workspace.mover.drop("CR-309", Target("R-APR"))
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert stored_release(window, "CR-309") == "R-MAR"
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored_release(window, "CR-309") == "R-APR"
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(view, Qt.Key.Key_Y, CTRL)
    assert stored_release(window, "CR-309") == "R-APR"


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(timeline(window), key, modifiers)


def test_arrows_move_the_selection_within_a_lane_and_between_lanes(window):
    view = timeline(window)
    view.setFocus()
    press(window, Qt.Key.Key_Right)  # nothing selected: the first lane's bar in the middle
    first = selected(window)
    assert first is not None and view.bars.selected == first
    lane_of = {b.cr: b.team for b in view.bars.bars}
    start_of = {b.cr: b.start for b in view.bars.bars}
    press(window, Qt.Key.Key_Right)
    assert lane_of[selected(window)] == lane_of[first]
    assert start_of[selected(window)] > start_of[first]  # the next bar in time, not beside it
    press(window, Qt.Key.Key_Left)
    assert selected(window) == first
    press(window, Qt.Key.Key_Down)
    assert lane_of[selected(window)] == view.bars.lanes[1].lane.team
    press(window, Qt.Key.Key_Up)
    assert lane_of[selected(window)] == lane_of[first]


def test_keyboard_only_reschedule(window):
    """Reach a March bar with the arrows and move it a release later, then undo: no mouse."""
    view, plan = timeline(window), window.session.plan
    view.setFocus()
    press(window, Qt.Key.Key_Right)
    for _ in range(40):
        if plan.crs[selected(window)].release == "R-MAR":
            break
        press(window, Qt.Key.Key_Right)
    cr = selected(window)
    assert plan.crs[cr].release == "R-MAR"
    press(window, Qt.Key.Key_Right, CTRL | SHIFT)
    assert stored_release(window, cr) == "R-APR"
    assert len(window.session.history) == 1
    press(window, Qt.Key.Key_Left, CTRL | SHIFT)
    assert stored_release(window, cr) == "R-MAR"
    press(window, Qt.Key.Key_Left, CTRL | SHIFT)  # February is frozen: refused, says why
    assert stored_release(window, cr) == "R-MAR"
    assert "frozen" in window.statusBar().currentMessage()


def test_enter_opens_the_selected_cr_and_esc_closes_the_editor(window):
    view = timeline(window)
    view.setFocus()
    press(window, Qt.Key.Key_Right)
    cr = selected(window)
    press(window, Qt.Key.Key_Return)
    assert not window.docks["editor"].isHidden() and editor(window).base.key == cr
    QTest.keyClick(editor(window).form.title, Qt.Key.Key_Escape)
    assert window.docks["editor"].isHidden()


def test_f1_lists_the_shortcuts(window):
    press(window, Qt.Key.Key_F1)
    box = window.menus.shortcuts_box
    text = box.text()
    assert box.isVisible()
    for key in ("Ctrl+Shift+Z", "Ctrl+Y", "F3", "Ctrl+Shift+Right", "Left / Right"):
        assert key in text
    box.close()


def test_zoom_presets_show_a_week_to_a_year(window):
    for n, days in ((1, 7), (2, 31), (3, 92), (4, 366)):
        press(window, getattr(Qt.Key, f"Key_{n}"), CTRL)
        assert round(timeline(window).days_in_view()) == days


def test_shortcut_tooltips_name_their_keys(window):
    assert "Ctrl+Shift+Right" in action(window, "move_later").toolTip()
    assert QKeySequence("Ctrl+Y") in action(window, "redo").shortcuts()


def test_esc_from_the_search_box_goes_to_the_timeline_for_the_arrows(window):
    open_cr(window, "CR-309")
    search = window.filters.search
    search.setFocus()
    QTest.keyClick(search, Qt.Key.Key_Escape)
    assert timeline(window).hasFocus()
    assert not window.docks["editor"].isHidden()  # Esc in the search box keeps the editor open
    press(window, Qt.Key.Key_Right)
    assert selected(window) != "CR-309"


def test_ctrl_q_quits_after_writing_the_edits_on_screen(window, tmp_path):
    view = timeline(window)
    view.setFocus()
    window.workspace.mover.drop("CR-309", Target("R-APR"))  # shown at once, written on the worker
    QTest.keyClick(view, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()
    store = open_store(str(tmp_path / "plan.db"), user="tester")  # the next start reads it
    try:
        assert store.load().plan.crs["CR-309"].release == "R-APR"
    finally:
        store.close()
    assert action(window, "quit") in window.menus.menus[Menu.FILE].actions()
