"""A layout that cannot break: pages fill the window on tabs, panels never leave the timeline
less than three lanes high, a saved layout that does not fit is dropped for the default, and
View > Reset layout brings the default back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QToolButton

from tests.widgets.conftest import action, make_window, timeline, wait_until
from widgets.shell.layout_state import LAYOUT_VERSION, database_group, settings
from widgets.timeline.view import ROW_PX


def lanes_shown(window) -> int:
    """How many lanes show at least one row of bars in the timeline's view."""
    view = timeline(window)
    _, (y0, y1) = view.getPlotItem().viewRange()
    bars = view.bars
    return sum(1 for n in range(len(bars.lanes))
               if bars.heights[n] and bars.tops[n] + 1 <= y1 and bars.tops[n] + bars.heights[n] >= y0)


def open_every_panel(window) -> None:
    for dock in window.docks.values():
        dock.show()


def test_the_timeline_keeps_three_lanes_with_every_panel_open_at_1280x720(window, qtbot):
    window.resize(1280, 720)
    open_every_panel(window)
    qtbot.wait(50)
    view = timeline(window)
    assert view.height() >= 3 * 3 * ROW_PX  # three lanes of three rows
    assert lanes_shown(window) >= 3


def test_the_toolbar_fits_1280_pixels_without_an_overflow_and_every_action_is_in_a_menu(window,
                                                                                      qtbot):
    window.resize(1280, 720)
    qtbot.wait(50)
    toolbar = window.menus.toolbar
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()
    in_menus = set()
    for menu in window.menus.menus.values():
        stack = [menu]
        while stack:
            m = stack.pop()
            for act in m.actions():
                in_menus.add(act)
                if act.menu() is not None:
                    stack.append(act.menu())
    menus = {m for m in window.menus.menus.values()} | set(window.menus._submenus.values())
    for act in toolbar.actions():
        if act.isSeparator():
            continue
        button = toolbar.widgetForAction(act)
        if button is not None and not isinstance(button, QToolButton):
            continue  # a feature's own control (the scenario picker), not an action
        if isinstance(button, QToolButton) and button.menu() is not None and not act.text():
            assert button.menu() in menus, button.text()  # Export and Plan: a menu's button
        else:
            assert act in in_menus, act.text()
    names = [window.menuBar().actions()[i].text() for i in range(len(window.menuBar().actions()))]
    assert names == ["&File", "&Edit", "&View", "&Plan", "&Help"]


def test_alt_and_a_digit_bring_each_page_to_the_front(window, qtbot):
    for digit, name in (("2", "board"), ("3", "work-list"), ("4", "communications"),
                        ("1", "timeline")):
        QTest.keyClick(window, Qt.Key(ord(digit)), Qt.KeyboardModifier.AltModifier)
        assert window.pages.currentWidget().objectName() == name


def test_a_saved_layout_that_does_not_fit_is_dropped_for_the_default(qtbot, tmp_path, window):
    store = window.session.core.store
    group = database_group("plan.db")
    window.close()
    # A layout of another version of the window, then one that names a panel this window
    # does not have: neither is restored.
    for state in (b"not a layout at all", None):
        if state is None:
            other = make_window(qtbot, store, "plan.db")
            stray = QDockWidget("Stray", other)
            stray.setObjectName("no-such-panel")
            other.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, stray)
            state = other.saveState(LAYOUT_VERSION)
            other.close()
        settings().setValue(f"{group}/layout", state)
        again = make_window(qtbot, store, "plan.db", size=(1280, 720))
        assert again.findChild(QDockWidget, "no-such-panel") is None
        assert not again.docks["editor"].isVisible()  # the default: the editor closed
        assert again.docks["backlog"].isVisible()
        assert lanes_shown(again) >= 3
        again.close()


def test_reset_layout_puts_the_panels_back_as_at_the_first_start(window, qtbot):
    window.docks["backlog"].hide()
    window.docks["packs"].show()
    window.docks["preview"].setFloating(True)
    action(window, "reset_layout").trigger()
    wait_until(lambda: window.docks["backlog"].isVisible())
    assert not window.docks["packs"].isVisible()
    assert not window.docks["preview"].isFloating()
    assert "first start" in window.statusBar().currentMessage()


def test_the_layout_and_the_page_shown_are_remembered_per_database(window, qtbot):
    store = window.session.core.store
    window.docks["packs"].show()
    window.show_page("board")
    window.close()
    again = make_window(qtbot, store, "plan.db")
    assert again.docks["packs"].isVisible()
    assert again.pages.currentWidget().objectName() == "board"
