"""The board on the demo database, driven with the mouse as a planner does."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from tests.widgets.conftest import stored_plan


def show_board(window, qtbot):
    window.resize(1400, 1000)
    window.board_dock.show()
    window.board_dock.raise_()
    window.resizeDocks([window.board_dock], [520], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: bool(window.board.data.columns))
    return window.board


def drag_card(board, key: str, release: str | None) -> None:
    """Press on the card, move in steps to the column of `release`, release the button."""
    board.ensure_visible(key)
    card = board.card_rect(key)
    target = board.column_rect(release)
    assert card is not None and target is not None
    start = card.center()
    end = QPoint(target.center().x(), start.y())
    viewport = board.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * step / 8)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_the_board_has_a_card_for_every_scheduled_cr_in_its_team_and_release(window, qtbot):
    board = show_board(window, qtbot)
    plan = window.controller.plan
    assert [c.release for c in board.data.columns] == ["R-JAN", "R-FEB", "R-MAR", "R-APR", None]
    for cr in plan.crs.values():
        if cr.stage != "cancelled":
            assert cr.key in board.data.cells[cr.team, cr.release]
    mar = next(c for c in board.data.columns if c.release == "R-MAR")
    assert mar.over == ("Brand & Content",)  # the demo's over-capacity team in March
    assert "frozen since" in next(c for c in board.data.columns if c.release == "R-FEB").lines[1]


def test_dragging_a_card_to_another_release_moves_it_as_one_undo_step(window, qtbot):
    board = show_board(window, qtbot)
    drag_card(board, "CR-309", "R-APR")
    assert stored_plan(window).crs["CR-309"].release == "R-APR"
    assert "CR-309 moved to R-APR" in window.statusBar().currentMessage()
    assert "CR-309" in board.data.cells["ACQ", "R-APR"]
    assert window.undo_stack.count() == 1
    window.history.undo()
    assert stored_plan(window).crs["CR-309"].release == "R-MAR"


def test_a_card_dragged_to_the_backlog_column_is_unscheduled(window, qtbot):
    board = show_board(window, qtbot)
    drag_card(board, "CR-404", None)
    assert stored_plan(window).crs["CR-404"].release is None
    assert "CR-404" in board.data.cells["ACQ", None]


def test_a_card_dropped_on_a_frozen_release_stays_and_the_status_bar_says_why(window, qtbot):
    board = show_board(window, qtbot)
    drag_card(board, "CR-301", "R-FEB")
    assert stored_plan(window).crs["CR-301"].release == "R-MAR"
    assert "frozen" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
    assert "CR-301" in board.data.cells["ACQ", "R-MAR"]


def test_clicking_a_card_selects_it_on_the_timeline_and_in_the_work_list(window, qtbot):
    board = show_board(window, qtbot)
    window.work_list_dock.show()
    board.ensure_visible("CR-304")
    card = board.card_rect("CR-304")
    qtbot.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, pos=card.center())
    assert window.selected_cr == "CR-304"
    assert window.timeline.bars.selected == "CR-304"
    model = window.work_list.model()
    assert model.key_at(window.work_list.currentIndex().row()) == "CR-304"


def test_the_board_follows_the_filters(window, qtbot):
    board = show_board(window, qtbot)
    window.team_filter.setCurrentIndex(window.team_filter.findData("RET"))
    qtbot.waitUntil(lambda: [t for t, _ in board.data.teams] == ["RET"])
    assert all(window.controller.plan.crs[k].team == "RET"
               for keys in board.data.cells.values() for k in keys)


def test_the_board_shows_the_releases_of_the_dates_in_view_on_the_timeline(window, qtbot):
    board = show_board(window, qtbot)
    mar = next(r for r in window.timeline.layout_data.releases if r.key == "R-MAR")
    window.timeline.getPlotItem().setXRange((mar.freeze_start - 5) * 86_400,
                                            (mar.go_live + 1) * 86_400, padding=0)
    qtbot.waitUntil(lambda: [c.release for c in board.data.columns] == ["R-MAR", None])
    window.timeline.fit()
    qtbot.waitUntil(lambda: len(board.data.columns) == 5)


def test_a_bar_clicked_on_the_timeline_is_selected_on_the_board_and_in_the_list(window, qtbot):
    view = window.timeline
    rect = view.bars.rect_of("CR-404")
    scene = view.getPlotItem().getViewBox().mapViewToScene(QPointF(rect.right() - 1.0,
                                                                   rect.center().y()))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(scene))
    assert window.selected_cr == "CR-404"
    board = show_board(window, qtbot)
    window.work_list_dock.show()
    assert board.selected == "CR-404"
    assert window.work_list.model().key_at(window.work_list.currentIndex().row()) == "CR-404"


def test_a_card_dropped_on_the_backlog_dock_is_unscheduled(window, qtbot):
    board = show_board(window, qtbot)
    board.ensure_visible("CR-309")
    start = board.card_rect("CR-309").center()
    backlog = window.backlog_view
    end = board.viewport().mapFromGlobal(backlog.mapToGlobal(backlog.rect().center()))
    viewport = board.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * step / 8)
    assert "border" in backlog.styleSheet()  # the backlog lights up under the card
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert stored_plan(window).crs["CR-309"].release is None
    assert backlog.styleSheet() == ""
