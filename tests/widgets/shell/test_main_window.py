"""The desktop client on the demo database, driven like a planner drives it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.generate.synthetic import generate_plan
from app.model.plan import Target
from storage.open_store import open_store
from tests.widgets.conftest import (
    action,
    backlog,
    backlog_view,
    make_window,
    stored_plan,
    timeline,
    wait_loaded,
    wait_until,
    wait_written,
)
from tests.widgets.timeline_mouse import click, drag_to, pixel
from widgets.common.cr_drag import cr_mime
from widgets.common.style import SECONDS_PER_DAY
from widgets.shell.layout_state import settings


def stored_release(win, cr):
    return stored_plan(win).crs[cr].release


def bar_center(win, cr) -> tuple[float, float]:
    rect = timeline(win).bars.rect_of(cr)
    return (rect.center().x(), rect.center().y())


def release_end(win, key) -> float:
    mark = next(r for r in timeline(win).layout_data.releases if r.key == key)
    return mark.freeze_start * SECONDS_PER_DAY


def drag(win, start: tuple[float, float], dx: float) -> None:
    """Press on a point of the plot (data coordinates), move in steps, release."""
    drag_to(timeline(win), start, (start[0] + dx, start[1]))


def choose(items, key: str) -> str:
    """The choice of the Move to release dialog that names release `key`."""
    return next(item for item in items if item.split()[0] == key)


def answer_move_dialog(monkeypatch, key: str) -> list:
    """Ctrl+M's dialog answered with release `key`; returns what it offered."""
    offered = []

    def get_item(_parent, _title, _label, items, current, _editable):
        offered.append((list(items), current))
        return choose(items, key), True
    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    return offered


def history(win) -> int:
    return len(win.session.history)


def test_the_window_shows_every_team_release_and_scheduled_cr(window):
    plan = window.session.plan
    layout = timeline(window).layout_data
    assert [lane.name for lane in layout.lanes] == [t.name for t in plan.teams.values()]
    assert [r.key for r in layout.releases] == ["R-JAN", "R-FEB", "R-MAR", "R-APR"]
    scheduled = {k for k, c in plan.crs.items() if c.release and c.stage != "cancelled"}
    assert {b.cr for b in timeline(window).bars.bars} == scheduled
    assert backlog(window).rowCount() == 2
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
    assert history(window) == 0
    bar = next(b for b in timeline(window).bars.bars if b.cr == "CR-301")
    assert bar.release == "R-MAR"  # the bar is back where it was
    assert timeline(window).bars.rect_of("CR-301").center().x() == pytest.approx(start[0])


def test_dragging_the_background_pans_and_moves_nothing(window):
    view = timeline(window)
    (x0, _), _ = view.getPlotItem().viewRange()
    drag(window, (release_end(window, "R-MAR") + 3 * SECONDS_PER_DAY, 0.1), 5 * SECONDS_PER_DAY)
    (x1, _), _ = view.getPlotItem().viewRange()
    assert x1 != x0
    assert history(window) == 0


def test_a_move_is_one_undo_step(window):
    window.workspace.mover.drop("CR-309", Target("R-APR"))
    assert history(window) == 1
    window.session.undo()
    assert stored_release(window, "CR-309") == "R-MAR"
    window.session.redo()
    assert stored_release(window, "CR-309") == "R-APR"


def test_the_keyboard_path_moves_a_backlog_cr_to_a_release(window, monkeypatch):
    backlog_view(window).selectRow(0)  # CR-501
    assert window.workspace.selection.current == "CR-501"
    answer_move_dialog(monkeypatch, "R-APR")
    action(window, "move").trigger()
    assert stored_release(window, "CR-501") == "R-APR"
    assert backlog(window).rowCount() == 1


def test_the_backlog_sorts_by_any_column(window):
    model = backlog(window)
    model.sort(4, Qt.SortOrder.DescendingOrder)  # hours
    assert model.data(model.index(0, 0)) == "CR-502"  # 20 h before 12 h


def test_a_tooltip_says_everything_about_a_bar(window):
    text = timeline(window).tooltip("CR-303")
    assert "CR-303" in text and "Retention" in text and "R-MAR" in text
    assert "review the change against the new value" in text  # its stale base


def test_a_move_raced_by_another_planner_is_refused_and_the_window_shows_their_change(
        window, tmp_path):
    other = open_store(str(tmp_path / "plan.db"), user="other")  # another planner, meanwhile
    try:
        PlanService(other).run(Schedule("CR-309", Target("R-APR")))
    finally:
        other.close()
    window.workspace.mover.drop("CR-309", Target.backlog())
    assert window.session.plan.crs["CR-309"].release is None  # shown at once
    wait_written(window)  # the write is refused: the move is taken back, with the reason
    # (the live feed may say what the other planner did just after: the reason stays listed)
    assert any("someone else" in text for _, text in window.statusBar().history)
    assert stored_release(window, "CR-309") == "R-APR"  # their move stands
    wait_loaded(window)  # the plan is read again in the background
    assert window.session.plan.crs["CR-309"].release == "R-APR"  # and is now shown
    assert history(window) == 0


def shown_keys(window) -> set[str]:
    return {b.cr for b in timeline(window).bars.bars}


def test_filters_narrow_the_timeline_and_the_backlog(window, qtbot):
    filters, plan = window.filters, window.session.plan
    filters.team.setCurrentIndex(filters.team.findData("BRD"))
    shown = shown_keys(window)
    assert shown and all(plan.crs[k].team == "BRD" for k in shown)
    assert backlog(window).rowCount() == 0  # the backlog's CRs belong to RET and ACQ
    filters.team.setCurrentIndex(0)
    filters.stage.setCurrentIndex(filters.stage.findData("on_hold"))
    assert shown_keys(window) == {"CR-207", "CR-405"}
    filters.stage.setCurrentIndex(0)
    filters.pack.setCurrentIndex(filters.pack.findData("BB"))
    shown = shown_keys(window)
    assert "CR-304" in shown and "CR-201" not in shown  # fibre price vs. mobile price
    filters.pack.setCurrentIndex(0)
    qtbot.keyClicks(filters.search, "loyalty")
    qtbot.waitUntil(lambda: "matching" in window.counts.text())  # once typing pauses
    shown = shown_keys(window) | {r.key for r in backlog(window).rows}
    assert shown == {"CR-101", "CR-202", "CR-303", "CR-402"}
    assert "matching" in window.counts.text()
    filters.search.clear()
    qtbot.waitUntil(lambda: "matching" not in window.counts.text())
    scheduled = [c for c in window.session.plan.crs.values()
                 if c.release and c.stage != "cancelled"]
    assert len(timeline(window).bars.bars) == len(scheduled)


def settle(win):
    """Wait until the worker threads have delivered (the marks after an edit, a load)."""
    wait_until(lambda: not win.session.busy(), what="the marks")


def test_conflict_and_blocked_marks_arrive_from_the_worker(window):
    settle(window)
    marks = window.session.layout.marks
    assert {"CR-301", "CR-302"} <= marks["conflict"]  # the demo's real collision in March
    lane_marks = {bar.cr: lb.marks["conflict"][i] for lb in timeline(window).bars.lanes
                  for i, bar in enumerate(lb.lane.bars)}
    assert lane_marks["CR-302"] and not lane_marks["CR-309"]
    assert window.work_note.text() == ""
    window.filters.team.setCurrentIndex(window.filters.team.findData("BRD"))
    assert window.work_note.text() == ""  # a filter needs no new marks: nothing pending


def test_a_backlog_row_dragged_onto_the_timeline_is_scheduled_there(window):
    model = backlog(window)
    row = next(i for i, r in enumerate(model.rows) if r.key == "CR-501")
    mime = model.mimeData([model.index(row, 0)])
    view = timeline(window)
    pos = pixel(view, release_end(window, "R-APR"), 1.0)
    left, move = Qt.MouseButton.LeftButton, Qt.DropAction.MoveAction
    enter = QDragEnterEvent(pos.toPoint(), move, mime, left, Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(view.viewport(), enter) and enter.isAccepted()
    hover = QDragMoveEvent(pos.toPoint(), move, mime, left, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), hover)
    assert view.backdrop.highlight == "R-APR"  # the release it would go to lights up
    drop = QDropEvent(pos, move, mime, left, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    assert stored_release(window, "CR-501") == "R-APR"
    assert "CR-501" not in {r.key for r in model.rows}
    assert history(window) == 1


def test_a_bar_dropped_on_the_backlog_is_unscheduled(window):
    model = backlog(window)
    model.dropMimeData(cr_mime("CR-309"), Qt.DropAction.MoveAction, -1, -1, model.index(-1, -1))
    assert stored_release(window, "CR-309") is None
    assert "CR-309" in {r.key for r in model.rows}
    window.session.undo()
    assert stored_release(window, "CR-309") == "R-MAR"


def test_a_bar_dragged_out_of_the_timeline_onto_the_backlog_dock_is_unscheduled(window):
    view = timeline(window)
    viewport = view.viewport()
    start = pixel(view, *bar_center(window, "CR-309"))
    table = backlog_view(window)
    end = QPointF(viewport.mapFromGlobal(table.mapToGlobal(table.rect().center())))

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


def right_click(view, point: tuple[float, float]) -> None:
    at = pixel(view, *point)
    viewport, right = view.viewport(), Qt.MouseButton.RightButton
    for kind, buttons in ((QEvent.Type.MouseButtonPress, right),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(viewport, QMouseEvent(kind, at, viewport.mapToGlobal(at), right,
                                                     buttons, Qt.KeyboardModifier.NoModifier))


def test_the_context_menu_of_a_bar_moves_it_to_the_backlog(window):
    right_click(timeline(window), bar_center(window, "CR-309"))
    menu = window.feature("timeline").menu
    assert menu is not None and menu.isVisible()
    assert window.workspace.selection.current == "CR-309"  # what the menu acts on
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("Move to release...") for t in texts)
    next(a for a in menu.actions() if a.text() == "Move to backlog").trigger()
    menu.close()
    assert stored_release(window, "CR-309") is None


def test_the_keyboard_path_moves_the_bar_selected_on_the_timeline(window, monkeypatch):
    click(timeline(window), bar_center(window, "CR-309"))
    assert window.workspace.selection.current == "CR-309"
    offered = answer_move_dialog(monkeypatch, "R-APR")
    action(window, "move").trigger()
    assert stored_release(window, "CR-309") == "R-APR"
    items, first = offered[0]
    assert "cannot" in choose(items, "R-FEB")  # frozen: marked, with why
    assert choose(items, "R-APR") == items[first]  # offered first: the first it may go to


def other_database(tmp_path) -> str:
    path = tmp_path / "other.db"
    store = open_store(str(path), user="tester")
    store.replace_all(generate_plan(60, seed=3, teams=2, releases=3, items=20), "generated")
    store.close()
    return str(path)


def test_opening_another_database_shows_its_plan_and_remembers_it(window, tmp_path):
    other = other_database(tmp_path)
    window.opening.open_store = lambda target: open_store(target, user="tester")
    window.opening.open_database(other)  # on the worker: the window stays responsive
    wait_until(lambda: window.database == other and window.session.plan is not None,
               what="opening the other database")
    wait_loaded(window)
    assert len(window.session.plan.crs) == 60
    assert other in window.windowTitle()
    assert window.opening.recent_databases()[0] == other
    assert settings().value("recent/databases")[0] == other
    assert len(timeline(window).layout_data.lanes) == 2
    assert window.filters.team.count() == 3  # all teams, and the two of this plan


def test_a_database_that_cannot_be_opened_says_why_and_keeps_the_plan(window, tmp_path,
                                                                      monkeypatch):
    junk = tmp_path / "notes.db"
    junk.write_text("this is not a database")
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    window.opening.open_store = lambda target: open_store(target, user="tester")
    window.opening.open_database(str(junk))
    wait_until(lambda: said, what="the warning")
    assert "notes.db" in said[0] and "still on plan.db" in said[0]
    assert "plan.db" in window.windowTitle() and window.database == "plan.db"
    assert len(window.session.plan.crs) == 31


def test_zoom_and_dependency_arrows_are_remembered(window, qtbot, tmp_path):
    timeline(window).show_days(45)
    action(window, "dependencies").trigger()
    window.close()
    store = open_store(str(tmp_path / "plan.db"), user="tester")
    try:
        again = make_window(qtbot, store, "plan.db")
        assert action(again, "dependencies").isChecked()
        assert timeline(again).bars.chains is not None  # and the arrows are drawn
        assert timeline(again).days_in_view() == pytest.approx(45)
        again.close()
    finally:
        store.close()


def test_dependency_arrows_are_drawn_when_asked_for(window):
    view = timeline(window)
    view.go_to_today()
    plain = view.grab().toImage()
    action(window, "dependencies").trigger()
    arrows = view.grab().toImage()
    assert plain != arrows


def test_the_backlog_model_keeps_qts_model_contract(window, qtmodeltester):
    qtmodeltester.check(backlog(window))


def test_ctrl_wheel_zooms_time_around_the_date_under_the_pointer(window):
    view = timeline(window)
    box = view.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = box.viewRange()
    anchor_x = x0 + (x1 - x0) * 0.25
    pos = pixel(view, anchor_x, (y0 + y1) / 2)
    wheel = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    (a0, a1), (b0, b1) = box.viewRange()
    assert a1 - a0 < x1 - x0  # zoomed in on time
    assert (b0, b1) == pytest.approx((y0, y1))  # rows keep their height
    assert (anchor_x - a0) / (a1 - a0) == pytest.approx(0.25, abs=0.01)  # the date stays put


def test_the_bar_index_follows_moves_between_lanes(window):
    bars = timeline(window).bars
    assert bars.locate("CR-309") is not None  # the index exists from here on
    window.workspace.mover.drop("CR-309", Target("R-APR"))
    rect = bars.rect_of("CR-309")
    assert rect.right() == pytest.approx(release_end(window, "R-APR"))
    n, i = bars.locate("CR-309")
    assert bars.lanes[n].lane.bars[i].cr == "CR-309"
    for cr in ("CR-301", "CR-302", "CR-201"):
        n, i = bars.locate(cr)
        assert bars.lanes[n].lane.bars[i].cr == cr
