"""The desktop client on the demo database, driven like a planner drives it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from app.edits.service import PlanService
from storage.open_store import open_store
from tests.widgets.conftest import stored_plan, wait_written
from widgets.session.controller import PlanController
from widgets.shell.main_window import MainWindow
from widgets.timeline.bars import SECONDS_PER_DAY


def stored_release(win, cr):
    return stored_plan(win).crs[cr].release


def bar_center(win, cr) -> tuple[float, float]:
    rect = win.timeline.bars.rect_of(cr)
    return (rect.center().x(), rect.center().y())


def release_end(win, key) -> float:
    mark = next(r for r in win.timeline.layout_data.releases if r.key == key)
    return mark.freeze_start * SECONDS_PER_DAY


def drag(win, start: tuple[float, float], dx: float) -> None:
    """Press on a point of the plot (data coordinates), move in steps, release."""
    view = win.timeline
    box = view.getPlotItem().getViewBox()
    viewport = view.viewport()

    def at(x, y):
        return QPointF(view.mapFromScene(box.mapViewToScene(QPointF(x, y))))

    def send(kind, pos, buttons):
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove \
            else Qt.MouseButton.LeftButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos),
                                                     button, buttons,
                                                     Qt.KeyboardModifier.NoModifier))

    x, y = start
    send(QEvent.Type.MouseButtonPress, at(x, y), Qt.MouseButton.LeftButton)
    for step in range(1, 11):
        send(QEvent.Type.MouseMove, at(x + dx * step / 10, y), Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, at(x + dx, y), Qt.MouseButton.NoButton)


def test_the_window_shows_every_team_release_and_scheduled_cr(window):
    plan = window.controller.plan
    layout = window.timeline.layout_data
    assert [lane.name for lane in layout.lanes] == [t.name for t in plan.teams.values()]
    assert [r.key for r in layout.releases] == ["R-JAN", "R-FEB", "R-MAR", "R-APR"]
    scheduled = {k for k, c in plan.crs.items() if c.release and c.stage != "cancelled"}
    assert {b.cr for b in window.timeline.bars.bars} == scheduled
    assert window.backlog.rowCount() == 2
    assert "31 CRs" in window.counts.text()


def test_dragging_a_bar_to_another_release_moves_it_in_the_database(window):
    start = bar_center(window, "CR-309")  # March
    drag(window, start, release_end(window, "R-APR") - release_end(window, "R-MAR"))
    assert stored_release(window, "CR-309") == "R-APR"
    assert "CR-309 moved to R-APR" in window.statusBar().currentMessage()


def test_a_refused_drop_changes_nothing_and_says_why(window):
    start = bar_center(window, "CR-301")  # March; February is frozen
    drag(window, start, release_end(window, "R-FEB") - release_end(window, "R-MAR"))
    assert stored_release(window, "CR-301") == "R-MAR"
    assert "frozen" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
    bar = next(b for b in window.timeline.bars.bars if b.cr == "CR-301")
    assert bar.release == "R-MAR"  # the bar is back where it was


def test_dragging_the_background_pans_and_moves_nothing(window):
    (x0, _), _ = window.timeline.getPlotItem().viewRange()
    drag(window, (release_end(window, "R-MAR") + 3 * SECONDS_PER_DAY, 0.1), 5 * SECONDS_PER_DAY)
    (x1, _), _ = window.timeline.getPlotItem().viewRange()
    assert x1 != x0
    assert window.undo_stack.count() == 0


def test_a_move_is_one_undo_step(window):
    window.drop("CR-309", "R-APR")
    assert window.undo_stack.count() == 1
    window.history.undo()
    assert stored_release(window, "CR-309") == "R-MAR"
    window.history.redo()
    assert stored_release(window, "CR-309") == "R-APR"


def test_the_keyboard_path_moves_a_backlog_cr_to_a_release(window, monkeypatch):
    window.backlog_view.selectRow(0)  # CR-501
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *args, **kwargs: ("R-APR  April bundles", True))
    window.move_action.trigger()
    assert stored_release(window, "CR-501") == "R-APR"
    assert window.backlog.rowCount() == 1


def test_the_backlog_sorts_by_any_column(window):
    window.backlog.sort(4, Qt.SortOrder.DescendingOrder)  # hours
    assert window.backlog.data(window.backlog.index(0, 0)) == "CR-502"  # 20 h before 12 h


def test_a_tooltip_says_everything_about_a_bar(window):
    text = window.controller.describe("CR-303")
    assert "CR-303" in text and "Retention" in text and "R-MAR" in text
    assert "review the change against the new value" in text  # its stale base


def test_a_move_raced_by_another_planner_is_refused_and_the_window_shows_their_change(window):
    from app.edits.service import PlanService

    other = PlanService(window.controller.service.store)
    other.schedule("CR-309", "R-APR")  # another planner, meanwhile
    window.drop("CR-309", None)
    assert window.controller.plan.crs["CR-309"].release is None  # shown at once
    wait_written(window)  # the write is refused: the move is taken back, with the reason
    assert "someone else" in window.statusBar().currentMessage()
    assert stored_release(window, "CR-309") == "R-APR"  # their move stands
    wait_written(window)  # the plan is read again in the background
    assert window.controller.plan.crs["CR-309"].release == "R-APR"  # and is now shown
    assert window.undo_stack.count() == 0


def test_filters_narrow_the_timeline_and_the_backlog(window, qtbot):
    window.team_filter.setCurrentIndex(window.team_filter.findData("BRD"))
    shown = {b.cr for b in window.timeline.bars.bars}
    assert shown and all(window.controller.plan.crs[k].team == "BRD" for k in shown)
    assert window.backlog.rowCount() == 0  # the backlog's CRs belong to RET and ACQ
    window.team_filter.setCurrentIndex(0)
    window.stage_filter.setCurrentIndex(window.stage_filter.findData("on_hold"))
    assert {b.cr for b in window.timeline.bars.bars} == {"CR-207", "CR-405"}
    window.stage_filter.setCurrentIndex(0)
    window.pack_filter.setCurrentIndex(window.pack_filter.findData("BB"))
    shown = {b.cr for b in window.timeline.bars.bars}
    assert "CR-304" in shown and "CR-201" not in shown  # fibre price vs. mobile price
    window.pack_filter.setCurrentIndex(0)
    qtbot.keyClicks(window.search, "loyalty")
    qtbot.waitUntil(lambda: "matching" in window.counts.text())  # once typing pauses
    shown = {b.cr for b in window.timeline.bars.bars} | {r.key for r in window.backlog.rows}
    assert shown == {"CR-101", "CR-202", "CR-303", "CR-402"}
    assert "matching" in window.counts.text()
    window.search.clear()
    qtbot.waitUntil(lambda: "matching" not in window.counts.text())
    scheduled = [c for c in window.controller.plan.crs.values()
                 if c.release and c.stage != "cancelled"]
    assert len(window.timeline.bars.bars) == len(scheduled)


def settle(qtbot, win):
    """Wait until the worker thread has delivered (the marks after an edit, a load)."""
    qtbot.waitUntil(lambda: not win.controller.busy(), timeout=10_000)


def test_conflict_and_blocked_marks_arrive_from_the_worker(window, qtbot):
    settle(qtbot, window)
    marks = window.controller.layout.marks
    assert {"CR-301", "CR-302"} <= marks["conflict"]  # the demo's real collision in March
    lane_marks = {bar.cr: lb.marks["conflict"][i] for lb in window.timeline.bars.lanes
                  for i, bar in enumerate(lb.lane.bars)}
    assert lane_marks["CR-302"] and not lane_marks["CR-309"]
    assert window.work_note.text() == ""
    window.team_filter.setCurrentIndex(window.team_filter.findData("BRD"))
    assert window.work_note.text() == ""  # a filter needs no new marks: nothing pending


def test_a_backlog_row_dragged_onto_the_timeline_is_scheduled_there(window):
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    row = next(i for i, r in enumerate(window.backlog.rows) if r.key == "CR-501")
    mime = window.backlog.mimeData([window.backlog.index(row, 0)])
    view = window.timeline
    box = view.getPlotItem().getViewBox()
    x = release_end(window, "R-APR")
    pos = QPointF(view.mapFromScene(box.mapViewToScene(QPointF(x, 1.0))))
    left, move = Qt.MouseButton.LeftButton, Qt.DropAction.MoveAction
    enter = QDragEnterEvent(pos.toPoint(), move, mime, left, Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(view.viewport(), enter) and enter.isAccepted()
    hover = QDragMoveEvent(pos.toPoint(), move, mime, left, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), hover)
    assert view.backdrop.highlight == "R-APR"  # the release it would go to lights up
    drop = QDropEvent(pos, move, mime, left, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    assert stored_release(window, "CR-501") == "R-APR"
    assert "CR-501" not in {r.key for r in window.backlog.rows}
    assert window.undo_stack.count() == 1


def test_a_bar_dropped_on_the_backlog_is_unscheduled(window):
    from widgets.common.cr_drag import cr_mime

    window.backlog.dropMimeData(cr_mime("CR-309"), Qt.DropAction.MoveAction, -1, -1,
                                window.backlog.index(-1, -1))
    assert stored_release(window, "CR-309") is None
    assert "CR-309" in {r.key for r in window.backlog.rows}
    window.history.undo()
    assert stored_release(window, "CR-309") == "R-MAR"


def test_a_bar_dragged_out_of_the_timeline_onto_the_backlog_dock_is_unscheduled(window):
    view = window.timeline
    box = view.getPlotItem().getViewBox()
    viewport = view.viewport()
    x, y = bar_center(window, "CR-309")
    start = QPointF(view.mapFromScene(box.mapViewToScene(QPointF(x, y))))
    backlog = window.backlog_view
    end = QPointF(viewport.mapFromGlobal(backlog.mapToGlobal(backlog.rect().center())))

    def send(kind, pos, button, buttons):
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos),
                                                     button, buttons,
                                                     Qt.KeyboardModifier.NoModifier))

    left = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 11):
        send(QEvent.Type.MouseMove, start + (end - start) * step / 10, Qt.MouseButton.NoButton,
             left)
    send(QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)
    assert stored_release(window, "CR-309") is None


def test_the_context_menu_of_a_bar_moves_it_to_the_backlog(window):
    window.timeline.on_context_menu("CR-309", window.mapToGlobal(window.rect().center()))
    texts = [a.text() for a in window.bar_menu.actions()]
    assert "Move to release..." in texts
    next(a for a in window.bar_menu.actions() if a.text() == "Move to backlog").trigger()
    window.bar_menu.close()
    assert stored_release(window, "CR-309") is None


def test_the_keyboard_path_moves_the_bar_selected_on_the_timeline(window, monkeypatch):
    window.timeline.on_select("CR-309")
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *args, **kwargs: ("R-APR  April bundles", True))
    window.move_action.trigger()
    assert stored_release(window, "CR-309") == "R-APR"


def test_opening_another_database_shows_its_plan_and_remembers_it(window, qtbot, tmp_path,
                                                                  monkeypatch):
    from app.generate.synthetic import generate_plan
    from widgets.shell.main_window import settings

    other = tmp_path / "other.db"
    store = open_store(str(other), user="tester")
    store.replace_all(generate_plan(60, seed=3, teams=2, releases=3, items=20), "generated")
    store.close()
    window.open_store = lambda target: open_store(target, user="tester")
    assert window.open_database(str(other))
    qtbot.waitUntil(lambda: window.controller.plan is not None, timeout=10_000)
    assert len(window.controller.plan.crs) == 60
    assert str(other) in window.windowTitle()
    assert window.recent_databases()[0] == str(other)
    assert settings().value("recent/databases")[0] == str(other)
    assert len(window.timeline.layout_data.lanes) == 2
    assert window.team_filter.count() == 3  # all teams, and the two of this plan


def test_a_database_that_cannot_be_opened_says_why_and_keeps_the_plan(window, tmp_path,
                                                                      monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    junk = tmp_path / "notes.db"
    junk.write_text("this is not a database")
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    window.open_store = lambda target: open_store(target, user="tester")
    assert not window.open_database(str(junk))
    assert "notes.db" in said[0] and "still on plan.db" in said[0]
    assert "plan.db" in window.windowTitle() and len(window.controller.plan.crs) == 31


def test_zoom_and_dependency_arrows_are_remembered(window, qtbot):
    window.timeline.show_days(45)
    window.dependencies_action.trigger()
    before = window.timeline.grab().toImage()
    window.close()
    controller = PlanController(PlanService(window.controller.service.store,
                                            reuse_snapshot=True))
    again = MainWindow(controller, "plan.db", "tester")
    qtbot.addWidget(again)
    controller.reload()
    assert again.dependencies_action.isChecked()
    assert again.timeline.days_in_view() == pytest.approx(45)
    assert before.size().isValid()


def test_dependency_arrows_are_drawn_when_asked_for(window):
    window.timeline.go_to_today()
    plain = window.timeline.grab().toImage()
    window.dependencies_action.trigger()
    arrows = window.timeline.grab().toImage()
    assert plain != arrows


def test_the_backlog_model_keeps_qts_model_contract(window, qtmodeltester):
    qtmodeltester.check(window.backlog)


def test_ctrl_wheel_zooms_time_around_the_date_under_the_pointer(window):
    from PySide6.QtGui import QWheelEvent

    view = window.timeline
    box = view.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = box.viewRange()
    anchor_x = x0 + (x1 - x0) * 0.25
    pos = QPointF(view.mapFromScene(box.mapViewToScene(QPointF(anchor_x, (y0 + y1) / 2))))
    wheel = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    (a0, a1), (b0, b1) = box.viewRange()
    assert a1 - a0 < x1 - x0  # zoomed in on time
    assert (b0, b1) == pytest.approx((y0, y1))  # rows keep their height
    assert (anchor_x - a0) / (a1 - a0) == pytest.approx(0.25, abs=0.01)  # the date stays put


def test_the_bar_index_follows_moves_between_lanes(window):
    bars = window.timeline.bars
    assert bars.locate("CR-309") is not None  # the index exists from here on
    window.drop("CR-309", "R-APR")
    rect = bars.rect_of("CR-309")
    assert rect.right() == pytest.approx(release_end(window, "R-APR"))
    n, i = bars.locate("CR-309")
    assert bars.lanes[n].lane.bars[i].cr == "CR-309"
    for cr in ("CR-301", "CR-302", "CR-201"):
        n, i = bars.locate(cr)
        assert bars.lanes[n].lane.bars[i].cr == cr
