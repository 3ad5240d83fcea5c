"""Selecting many CRs on the timeline and the board with the mouse (Ctrl-click, Shift-click, a
rubber band) and dragging them together: one undo step, a partial refusal asked about, and the
same selection in every view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtTest import QTest

from tests.app import plan_builder as pb
from tests.widgets.board.test_board import cell, drag_card, show_board
from tests.widgets.conftest import open_window, stored_plan, timeline, work_list
from tests.widgets.session.test_bulk_move import answer_dialog
from tests.widgets.timeline_mouse import (
    click,
    drag_to,
    go_live_x,
    grab_points,
    pixel,
    press_and_move,
    release,
)
from widgets.board.selection import is_selected

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def releases(window, keys):
    plan = stored_plan(window)
    return [plan.crs[k].release for k in keys]


def ctrl_click_bars(window, keys):
    view = timeline(window)
    click(view, grab_points(view, keys[0])["middle"])
    for key in keys[1:]:
        click(view, grab_points(view, key)["middle"], CTRL)


def selection(window):
    return window.workspace.selection


def show_work_list(window, qtbot):
    window.show_page("work-list")
    view = work_list(window)
    qtbot.waitUntil(view.isVisible)
    return view


def work_list_keys(view):
    return {view.model().key_at(i.row()) for i in view.selectionModel().selectedRows()}


def test_ctrl_clicked_bars_are_selected_in_every_view(window, qtbot):
    keys = ["CR-309", "CR-304", "CR-311"]
    ctrl_click_bars(window, keys)
    assert selection(window).keys == keys
    assert selection(window).current == "CR-311"  # the last one clicked: the editor's
    assert work_list_keys(show_work_list(window, qtbot)) == set(keys)
    board = show_board(window, qtbot)
    assert [k for k in cell(board, "ACQ", "R-MAR") if is_selected(board, k)] == \
        [k for k in cell(board, "ACQ", "R-MAR") if k in keys]


def test_ctrl_click_on_a_selected_bar_takes_it_out_and_a_plain_click_selects_one(window):
    view = timeline(window)
    ctrl_click_bars(window, ["CR-309", "CR-304", "CR-311"])
    click(view, grab_points(view, "CR-304")["middle"], CTRL)
    assert selection(window).keys == ["CR-309", "CR-311"]
    click(view, grab_points(view, "CR-301")["middle"])
    assert selection(window).keys == ["CR-301"]


def test_dragging_one_of_the_selected_bars_moves_all_of_them_as_one_undo_step(window):
    view = timeline(window)
    keys = ["CR-309", "CR-304", "CR-311"]
    ctrl_click_bars(window, keys)
    start = grab_points(view, "CR-304")["middle"]
    end = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, end)
    assert "3 change requests → R-APR" in view.drops.note.text()
    release(view, end)
    assert releases(window, keys) == ["R-APR"] * 3
    assert len(window.session.history) == 1
    assert "3 change requests moved to R-APR" in window.statusBar().currentMessage()
    assert selection(window).keys == keys  # still selected where they landed
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert releases(window, keys) == ["R-MAR"] * 3


def test_a_selection_dragged_where_some_may_not_go_asks_and_moves_the_others(window, qtbot):
    view = timeline(window)
    keys = ["CR-309", "CR-102"]  # CR-102 is deployed: it can no longer be scheduled
    ctrl_click_bars(window, keys)
    start = grab_points(view, "CR-309")["middle"]
    end = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, end)
    note = view.drops.note.text()
    assert "1 of 2 cannot go to R-APR" in note and "CR-102" in note
    seen = []
    answer_dialog(qtbot, "move-others", seen)
    release(view, end)
    assert "CR-102" in seen[0] and "deployed" in seen[0]
    assert releases(window, keys) == ["R-APR", "R-JAN"]
    assert len(window.session.history) == 1


def test_dragging_a_bar_outside_the_selection_moves_only_that_bar(window):
    view = timeline(window)
    ctrl_click_bars(window, ["CR-309", "CR-311"])
    start = grab_points(view, "CR-304")["middle"]
    drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
    assert releases(window, ["CR-304", "CR-309", "CR-311"]) == ["R-APR", "R-MAR", "R-MAR"]


def band_around(view, first: str, last: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """A band from the background above left of `first`'s bar to below right of `last`'s."""
    a, b = view.bars.rect_of(first), view.bars.rect_of(last)
    start = (min(a.left(), b.left()) - 3600 * 6, min(a.top(), b.top()) - 0.1)
    end = (max(a.right(), b.right()) + 3600 * 6, max(a.bottom(), b.bottom()) + 0.05)
    assert view.bars.cr_at(*start) is None  # the band starts on the background
    return start, end


def touched_by(view, start, end) -> set[str]:
    band = QRectF(*start, end[0] - start[0], end[1] - start[1])
    return {bar.cr for lane in view.layout_data.lanes for bar in lane.bars
            if (rect := view.bars.rect_of(bar.cr)) is not None and rect.intersects(band)}


def test_shift_dragging_on_the_background_selects_every_bar_the_band_touches(window):
    view = timeline(window)
    start, end = band_around(view, "CR-304", "CR-311")
    expected = touched_by(view, start, end)
    assert {"CR-304", "CR-311"} <= expected and len(expected) >= 3
    x_range = view.getPlotItem().viewRange()[0]
    drag_to(view, start, end, SHIFT)
    assert set(selection(window).keys) == expected
    assert view.getPlotItem().viewRange()[0] == x_range  # the band did not pan the view
    # Ctrl+Shift adds a second band to the selection.
    more_start, more_end = band_around(view, "CR-401", "CR-404")
    drag_to(view, more_start, more_end, CTRL | SHIFT)
    assert set(selection(window).keys) == expected | touched_by(view, more_start, more_end)


def test_esc_during_a_band_selects_nothing(window):
    view = timeline(window)
    click(view, grab_points(view, "CR-301")["middle"])
    start, end = band_around(view, "CR-301", "CR-309")
    press_and_move(view, start, end, modifiers=SHIFT)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    release(view, end, SHIFT)
    assert selection(window).keys == ["CR-301"]


def test_shift_click_selects_the_bars_between_the_anchor_and_the_clicked_bar(window):
    view = timeline(window)
    click(view, grab_points(view, "CR-301")["middle"])
    click(view, grab_points(view, "CR-309")["middle"], SHIFT)
    a, b = view.bars.rect_of("CR-301"), view.bars.rect_of("CR-309")
    box = a.united(b)
    expected = {bar.cr for lane in view.layout_data.lanes for bar in lane.bars
                if (r := view.bars.rect_of(bar.cr)) is not None and r.intersects(box)}
    assert set(selection(window).keys) == expected
    assert selection(window).current == "CR-309"


def test_rows_selected_in_the_work_list_are_selected_on_the_timeline(window, qtbot):
    view = show_work_list(window, qtbot)
    model = view.model()
    for key, modifier in (("CR-301", Qt.KeyboardModifier.NoModifier), ("CR-404", CTRL)):
        rect = view.visualRect(model.index(model.row_of(key), 0))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert selection(window).keys == ["CR-301", "CR-404"]
    # Dragging either bar on the timeline now moves both.
    window.show_page("timeline")
    bars = timeline(window)
    start = grab_points(bars, "CR-301")["middle"]
    drag_to(bars, start, (go_live_x(bars, "R-APR"), start[1]))
    assert releases(window, ["CR-301", "CR-404"]) == ["R-APR", "R-APR"]


def test_ctrl_clicked_cards_dragged_on_the_board_move_together(window, qtbot):
    board = show_board(window, qtbot)
    for key, modifier in (("CR-309", Qt.KeyboardModifier.NoModifier), ("CR-311", CTRL)):
        board.ensure_visible(key)
        QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, modifier,
                         board.card_rect(key).center())
    assert selection(window).keys == ["CR-309", "CR-311"]
    drag_card(board, "CR-309", "R-APR")
    assert releases(window, ["CR-309", "CR-311"]) == ["R-APR", "R-APR"]
    assert {"CR-309", "CR-311"} <= set(cell(board, "ACQ", "R-APR"))
    assert len(window.session.history) == 1
    window.session.undo()
    assert releases(window, ["CR-309", "CR-311"]) == ["R-MAR", "R-MAR"]


def test_shift_click_on_the_board_selects_the_cards_between_in_the_cell(window, qtbot):
    board = show_board(window, qtbot)
    cards = cell(board, "ACQ", "R-MAR")
    assert len(cards) >= 3
    first, last = cards[0], cards[-1]
    board.ensure_visible(first)
    QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, board.card_rect(first).center())
    board.ensure_visible(last)
    QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, SHIFT,
                     board.card_rect(last).center())
    assert selection(window).keys == list(cards)
    # A plain click on one of them (no drag) selects that card alone.
    board.ensure_visible(cards[1])
    QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, board.card_rect(cards[1]).center())
    assert selection(window).keys == [cards[1]]


def test_a_refused_group_drop_on_the_board_moves_none_when_the_planner_says_so(window, qtbot):
    board = show_board(window, qtbot)
    for key, modifier in (("CR-309", Qt.KeyboardModifier.NoModifier), ("CR-102", CTRL)):
        board.ensure_visible(key)
        QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, modifier,
                         board.card_rect(key).center())
    seen = []
    answer_dialog(qtbot, "move-none", seen)
    drag_card(board, "CR-309", "R-APR")
    assert "CR-102" in seen[0]
    assert releases(window, ["CR-309", "CR-102"]) == ["R-MAR", "R-JAN"]
    assert len(window.session.history) == 0


WEEKLY = [pb.release(f"R{n}", f"2027-01-{15 + 7 * (n - 1):02d}") for n in range(1, 4)] + [
    pb.release("R4", "2027-02-05"), pb.release("R5", "2027-03-15")]


@pytest.fixture
def weekly(qtbot, tmp_path):
    """Five CRs in each of four weekly releases (one team), and a later release R5."""
    crs = [pb.cr(f"C{n}{i}", f"R{n}", hours=4) for n in range(1, 5) for i in range(1, 6)]
    win, store = open_window(qtbot, tmp_path, pb.plan(*crs, releases=WEEKLY))
    yield win
    store.close()


def test_twenty_crs_selected_with_a_band_move_at_once_as_one_undo_step(weekly):
    view = timeline(weekly)
    keys = [f"C{n}{i}" for n in range(1, 5) for i in range(1, 6)]
    rects = [view.bars.rect_of(k) for k in keys]
    start = (min(r.left() for r in rects) - 3600 * 6, min(r.top() for r in rects) - 0.1)
    end = (max(r.right() for r in rects) + 3600 * 6, max(r.bottom() for r in rects) + 0.05)
    assert view.bars.cr_at(*start) is None
    drag_to(view, start, end, SHIFT)
    assert sorted(weekly.workspace.selection.keys) == sorted(keys)
    grab = grab_points(view, "C23")["middle"]
    drag_to(view, grab, (go_live_x(view, "R5"), grab[1]))
    assert releases(weekly, keys) == ["R5"] * 20
    assert len(weekly.session.history) == 1
    assert "20 change requests moved to R5" in weekly.statusBar().currentMessage()
    weekly.session.undo()
    assert releases(weekly, keys) == [f"R{n}" for n in range(1, 5) for _ in range(5)]


def test_a_right_click_inside_the_selection_moves_all_of_it_to_the_backlog(window):
    view = timeline(window)
    keys = ["CR-309", "CR-304", "CR-311"]
    ctrl_click_bars(window, keys)
    at = pixel(view, *grab_points(view, "CR-304")["middle"]).toPoint()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     at)
    assert selection(window).keys == keys  # the right-click kept the selection
    menu = window.feature("timeline").menu
    action = next(a for a in menu.actions() if a.text() == "Move 3 to backlog")
    action.trigger()
    menu.close()
    assert releases(window, keys) == [None] * 3
    assert len(window.session.history) == 1
