"""The shared selection stays what the planner chose while tables change under it: rows that
leave a table because of an edit stay selected, a Ctrl-drag in a table keeps the rows before
it, and what is deleted or filtered away is no longer selected (a drag moves only what shows)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.model.plan import Target
from tests.widgets.conftest import (
    action,
    backlog,
    backlog_view,
    editor,
    stored_plan,
    timeline,
    work_list,
)
from tests.widgets.session.test_multi_select import ctrl_click_bars
from tests.widgets.timeline_mouse import go_live_x, grab_points, press_and_move, release

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def click_row(view, model, key, modifier=Qt.KeyboardModifier.NoModifier):
    rect = view.visualRect(model.index(model.row_of(key), 0))
    QTest.mouseClick(view.viewport(), LEFT, modifier, rect.center())


def test_backlog_rows_moved_onto_the_timeline_stay_selected_and_ask_nothing(window, qtbot,
                                                                           monkeypatch):
    view, model = backlog_view(window), backlog(window)
    selection = window.workspace.selection
    click_row(view, model, "CR-501")
    click_row(view, model, "CR-502", CTRL)
    qtbot.waitUntil(lambda: selection.current == "CR-502")
    window.show_panel("editor")  # it follows the selection: CR-502
    ed = editor(window)
    qtbot.waitUntil(lambda: ed.base is not None and ed.base.key == "CR-502")
    ed.form.title.setText("An unsaved title")  # an edit in progress in the editor
    ed.form.title.textEdited.emit("An unsaved title")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a)
                        or QMessageBox.StandardButton.Cancel)
    window.workspace.add_leave_guard(lambda key: asked.append(key) or True)
    assert window.workspace.mover.move(["CR-501", "CR-502"], Target("R-APR"))
    assert selection.keys == ["CR-501", "CR-502"]  # still selected, now on the timeline
    assert selection.current == "CR-502" and asked == []  # nobody was asked to leave
    assert ed.form.title.text() == "An unsaved title"
    plan = stored_plan(window)
    assert [plan.crs[k].release for k in ("CR-501", "CR-502")] == ["R-APR", "R-APR"]


def test_a_ctrl_drag_in_the_work_list_keeps_the_rows_selected_before(window, qtbot):
    window.show_page("work-list")
    view = work_list(window)
    qtbot.waitUntil(view.isVisible)
    model = view.model()

    def at(row):
        return QPointF(view.visualRect(model.index(row, 0)).center())

    def send(kind, row, button, buttons):
        viewport = view.viewport()
        QApplication.sendEvent(viewport, QMouseEvent(kind, at(row), viewport.mapToGlobal(at(row)),
                                                     button, buttons, CTRL))

    QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, at(0).toPoint())
    send(QEvent.Type.MouseButtonPress, 3, LEFT, LEFT)
    for row in (4, 5, 6):
        send(QEvent.Type.MouseMove, row, Qt.MouseButton.NoButton, LEFT)
    send(QEvent.Type.MouseButtonRelease, 6, LEFT, Qt.MouseButton.NoButton)
    expected = [model.key_at(r) for r in (0, 3, 4, 5, 6)]
    assert sorted(i.row() for i in view.selectionModel().selectedRows()) == [0, 3, 4, 5, 6]
    assert sorted(window.workspace.selection.keys) == sorted(expected)


def test_a_deleted_cr_is_no_longer_selected(window, monkeypatch):
    ctrl_click_bars(window, ["CR-304", "CR-309"])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    action(window, "delete_cr").trigger()  # CR-309, the current one
    assert "CR-309" not in stored_plan(window).crs
    selection = window.workspace.selection
    assert selection.keys == ["CR-304"] and selection.current == "CR-304"


def test_what_a_filter_hides_is_no_longer_selected_and_does_not_move(window):
    view = timeline(window)
    ctrl_click_bars(window, ["CR-309", "CR-310"])  # Acquisition and Brand & Content
    team = window.filters.team
    team.setCurrentIndex(team.findData("ACQ"))
    assert window.workspace.selection.keys == ["CR-309"]
    start = grab_points(view, "CR-309")["middle"]
    end = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, end)
    release(view, end)
    plan = stored_plan(window)
    assert (plan.crs["CR-309"].release, plan.crs["CR-310"].release) == ("R-APR", "R-MAR")


def test_the_dragged_bar_that_may_not_go_shows_a_refused_ghost(window):
    view = timeline(window)
    ctrl_click_bars(window, ["CR-309", "CR-102"])  # CR-102 is deployed
    start = grab_points(view, "CR-102")["middle"]
    press_and_move(view, start, (go_live_x(view, "R-APR"), start[1]))
    _, refused = view.bars.ghost
    assert refused  # CR-102 stays where it is
    assert len(view.bars.ghosts) == 1  # CR-309 may go: its ghost shows where it lands
    view.cancel_drag()
