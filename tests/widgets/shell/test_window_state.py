"""Nothing lost, nothing surprising: unsaved edits are asked about, the Recent menu, what is
remembered per database, read-only databases, the window's size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.generate.synthetic import generate_plan
from app.model.plan import Target
from storage.open_store import open_store
from tests.widgets.conftest import (
    action,
    editor,
    make_window,
    open_cr,
    preview,
    stored_plan,
    timeline,
    wait_loaded,
    wait_until,
)
from widgets.shell.layout_state import settings

Button = QMessageBox.StandardButton


def edit_title(window, qtbot, cr="CR-304", text=" (reworded)"):
    open_cr(window, cr)
    title = editor(window).form.title
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, text)
    assert editor(window).dirty


def answer(monkeypatch, button):
    asked = []

    def question(*args):
        asked.append(args)
        return button
    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_the_window(window, qtbot,
                                                                     monkeypatch):
    edit_title(window, qtbot)
    asked = answer(monkeypatch, Button.Cancel)
    window.close()
    assert asked and "CR-304" in asked[0][2]
    assert asked[0][4] == Button.Cancel  # the default: nothing is lost by pressing Enter
    assert window.isVisible()
    assert editor(window).form.title.text().endswith("(reworded)")
    editor(window).revert()  # so that the test's own teardown closes without asking


def test_closing_with_unsaved_edits_can_save_them(window, qtbot, monkeypatch):
    edit_title(window, qtbot)
    answer(monkeypatch, Button.Save)
    window.close()
    assert not window.isVisible()
    stored = stored_plan(window).crs["CR-304"]
    assert stored.title.endswith("(reworded)")


def test_closing_with_unsaved_edits_can_discard_them(window, qtbot, monkeypatch):
    edit_title(window, qtbot)
    answer(monkeypatch, Button.Discard)
    window.close()
    assert not window.isVisible()
    assert not stored_plan(window).crs["CR-304"].title.endswith("(reworded)")


def test_closing_without_edits_does_not_ask(window, monkeypatch):
    asked = answer(monkeypatch, Button.Cancel)
    open_cr(window, "CR-304")
    window.close()
    assert not asked and not window.isVisible()


def other_database(tmp_path):
    path = tmp_path / "other.db"
    store = open_store(str(path), user="tester")
    store.replace_all(generate_plan(60, seed=3, teams=2, releases=3, items=20), "generated")
    store.close()
    return str(path)


def open_and_wait(window, target: str) -> None:
    """File > Open of `target` (on the worker), until its plan is shown."""
    window.opening.open_database(target)
    wait_until(lambda: window.opening.opening is None, what=f"opening {target}")
    assert window.database == target
    wait_loaded(window)


def test_opening_another_database_with_unsaved_edits_asks(window, qtbot, tmp_path,
                                                          monkeypatch):
    other = other_database(tmp_path)
    window.opening.open_store = lambda target: open_store(target, user="tester")
    shown = window.session.plan
    edit_title(window, qtbot)
    asked = answer(monkeypatch, Button.Cancel)
    window.opening.open_database(other)
    assert asked and "CR-304" in asked[0][2]
    assert window.opening.opening is None  # Cancel: nothing is being opened
    assert window.database == "plan.db" and window.session.plan is shown
    assert editor(window).form.title.text().endswith("(reworded)")
    editor(window).revert()


def test_the_recent_menu_lists_a_single_database_once(window):
    # A one-entry list comes back from the settings file as its one string.
    settings().setValue("recent/databases", "only.db")
    menu = window.opening.recent_menu
    menu.aboutToShow.emit()  # filled as it opens
    assert [a.text() for a in menu.actions() if a.text()] == ["only.db"]


def test_zoom_scroll_and_docks_are_kept_per_database(window, tmp_path):
    other = other_database(tmp_path)
    window.opening.open_store = lambda target: open_store(target, user="tester")
    demo = str(tmp_path / "plan.db")
    open_and_wait(window, demo)  # by its full path, as the Recent menu gives it
    timeline(window).show_days(9)
    window.docks["packs"].show()
    open_and_wait(window, other)
    assert timeline(window).days_in_view() != pytest.approx(9)
    assert window.docks["packs"].isHidden()  # the other database never had it open
    open_and_wait(window, demo)
    assert timeline(window).days_in_view() == pytest.approx(9)
    assert not window.docks["packs"].isHidden()


def test_deploying_asks_with_cancel_as_the_default(window, monkeypatch):
    asked = answer(monkeypatch, Button.Cancel)
    window.workspace.preview_release.emit("R-FEB")  # a click on its go-live line
    shown = preview(window)
    assert shown.release.currentData() == "R-FEB" and shown.deploy.isEnabled()
    QTest.mouseClick(shown.deploy, Qt.MouseButton.LeftButton)
    assert asked and "R-FEB" in asked[0][2]
    assert asked[0][4] == Button.Cancel
    assert stored_plan(window).releases["R-FEB"].status == "planned"


def test_a_read_only_database_is_said_up_front_and_edits_are_disabled(qtbot, tmp_path,
                                                                      monkeypatch):
    path = str(tmp_path / "plan.db")
    store = open_store(path, user="tester")
    store.replace_all(generate_plan(40, seed=5, teams=2, releases=3, items=10), "generated")
    # What open_store finds for a file this user may not write (test_database_opening opens
    # one as an ordinary user); here the database is filled first, so it is set after.
    store.read_only = f"{path} is read-only"
    try:
        win = make_window(qtbot, store, path)
        note = win.read_only_note
        assert note.isVisible() and "read-only" in note.text()
        assert not action(win, "new_cr").isEnabled() and not action(win, "move").isEnabled()
        cr = next(k for k, c in win.session.plan.crs.items() if c.release is not None)
        open_cr(win, cr)
        assert not editor(win).form.isEnabled() and not editor(win).save_button.isEnabled()
        later = next(r.key for r in win.session.plan.planned_releases()
                     if r.key != win.session.plan.crs[cr].release)
        assert not win.workspace.mover.drop(cr, Target(later))
        assert stored_plan(win).crs[cr].release == win.session.plan.crs[cr].release
        why = win.workspace.mover.preview(cr, Target(later)).refusal_of(cr)
        assert why is not None and "read-only" in why  # what a drag shows before the drop
        win.close()
    finally:
        store.close()


def test_the_window_fits_1280_by_720_with_every_dock_open_and_never_grows(window, qtbot):
    for dock in window.docks.values():
        dock.show()
    window.resize(1280, 720)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 720
    width = window.width()
    edit_title(window, qtbot, text=" and a very long addition " * 12)
    qtbot.wait(50)
    assert window.width() == width
    editor(window).revert()


def test_a_long_message_is_elided_with_the_whole_text_kept(window):
    text = "CR-309 stays where it is: " + "a reason that goes on and on, " * 20
    window.statusBar().showMessage(text)
    assert window.statusBar().currentMessage() == text
    assert window.statusBar().toolTip() == text
    assert window.statusBar().history[-1][1] == text



def test_once_the_plan_and_its_marks_are_shown_the_status_bar_stops_saying_checking(
        qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from storage.open_store import open_store
    from tests.widgets.conftest import make_window, wait_until

    store = open_store(str(tmp_path / "new.db"), user="tester")
    win = make_window(qtbot, store, "new.db")
    qtbot.mouseClick(win.feature("setup").welcome.demo, Qt.MouseButton.LeftButton)
    wait_until(lambda: win.session.plan is not None and not win.session.busy(), 20,
               "the demo plan and its marks")
    qtbot.wait(300)
    assert win.work_note.text() == ""  # not "Checking conflicts..." for good
    store.close()
