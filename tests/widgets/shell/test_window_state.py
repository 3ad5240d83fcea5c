"""Nothing lost, nothing surprising: unsaved edits are asked about, the Recent menu, what is
remembered per database, read-only databases, the window's size."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.generate.synthetic import generate_plan
from storage.open_store import open_store
from tests.widgets.conftest import stored_plan

Button = QMessageBox.StandardButton


def edit_title(window, qtbot, cr="CR-304", text=" (reworded)"):
    window.open_cr(cr)
    window.editor.form.title.setFocus()
    window.editor.form.title.end(False)
    qtbot.keyClicks(window.editor.form.title, text)
    assert window.editor.dirty


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
    assert window.editor.form.title.text().endswith("(reworded)")
    window.editor.revert()  # so that the test's own teardown closes without asking


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
    window.open_cr("CR-304")
    window.close()
    assert not asked and not window.isVisible()


def other_database(tmp_path):
    path = tmp_path / "other.db"
    store = open_store(str(path), user="tester")
    store.replace_all(generate_plan(60, seed=3, teams=2, releases=3, items=20), "generated")
    store.close()
    return str(path)


def test_opening_another_database_with_unsaved_edits_asks(window, qtbot, tmp_path,
                                                          monkeypatch):
    other = other_database(tmp_path)
    window.open_store = lambda target: open_store(target, user="tester")
    shown = window.controller.plan
    edit_title(window, qtbot)
    answer(monkeypatch, Button.Cancel)
    assert not window.open_database(other)
    assert window.database == "plan.db" and window.controller.plan is shown
    window.editor.revert()


def test_the_recent_menu_lists_a_single_database_once(window):
    from widgets.shell.view_state import settings

    # A one-entry list comes back from the settings file as its one string.
    settings().setValue("recent/databases", "only.db")
    window._fill_open_menu()
    texts = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert texts == ["Open file...", "Connect to server...", "Recent", "only.db"]


def test_zoom_scroll_and_docks_are_kept_per_database(window, qtbot, tmp_path):
    other = other_database(tmp_path)
    window.open_store = lambda target: open_store(target, user="tester")
    demo = str(tmp_path / "plan.db")
    window.open_database(demo)  # by its full path, as the Recent menu gives it
    qtbot.waitUntil(lambda: window.timeline.layout_data is not None, timeout=10_000)
    window.timeline.show_days(9)
    window.packs_dock.show()
    assert window.open_database(other)
    qtbot.waitUntil(lambda: window.timeline.layout_data is not None, timeout=10_000)
    assert window.timeline.days_in_view() != pytest.approx(9)
    assert window.packs_dock.isHidden()  # the other database never had it open
    assert window.open_database(demo)
    qtbot.waitUntil(lambda: window.timeline.layout_data is not None, timeout=10_000)
    assert window.timeline.days_in_view() == pytest.approx(9)
    assert not window.packs_dock.isHidden()


def test_deploying_asks_with_cancel_as_the_default(window, monkeypatch):
    asked = answer(monkeypatch, Button.Cancel)
    window.deploy_release("R-FEB")
    assert asked[0][4] == Button.Cancel
    assert stored_plan(window).releases["R-FEB"].status == "planned"


def test_a_read_only_database_is_said_up_front_and_edits_are_disabled(window, monkeypatch):
    import widgets.shell.database_opening as opening

    monkeypatch.setattr(opening.os, "access", lambda path, mode: False)
    window.show_read_only()
    assert window.read_only_note.isVisible() and "read-only" in window.read_only_note.text()
    assert not window.new_action.isEnabled() and not window.move_action.isEnabled()
    assert not window.editor.isEnabled()
    window.drop("CR-309", "R-APR")
    assert stored_plan(window).crs["CR-309"].release == "R-MAR"
    assert window.timeline.check_move("CR-309", "R-APR") == "the database is read-only"


def test_the_window_fits_1280_by_720_with_every_dock_open_and_never_grows(window, qtbot):
    for dock in window.docks:
        dock.show()
    window.resize(1280, 720)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 720
    width = window.width()
    edit_title(window, qtbot, text=" and a very long addition " * 12)
    qtbot.wait(50)
    assert window.width() == width
    window.editor.revert()


def test_a_long_message_is_elided_with_the_whole_text_kept(window):
    text = "CR-309 stays where it is: " + "a reason that goes on and on, " * 20
    window.statusBar().showMessage(text)
    assert window.statusBar().currentMessage() == text
    assert window.statusBar().toolTip() == text
    assert window.statusBar().history[-1][1] == text
