"""The board on the demo database, driven with the mouse as a planner does."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from app.model.plan import Target
from tests.widgets.conftest import backlog_view, board, stored_plan, timeline, work_list
from tests.widgets.timeline_mouse import grab_points, pixel

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def days_shared(window) -> bool:
    """Whether the dates in view on the timeline are the ones the board was told (the timeline
    shares them once a pan or zoom pauses, and at the start once the plan is shown)."""
    (x0, x1), _ = timeline(window).getPlotItem().viewRange()
    days = window.workspace.days
    return days is not None and abs(days[0] - x0 / 86_400) < 1e-6 \
        and abs(days[1] - x1 / 86_400) < 1e-6


def show_board(window, qtbot):
    """The Board page, in front and filled, its columns those of the dates on the timeline."""
    qtbot.waitUntil(lambda: days_shared(window))
    window.show_page("board")
    view = board(window)
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.data.columns))
    return view


def cell(view, team: str, release: str | None) -> list[str]:
    """The keys of the cards in a team's cell of a release (None: the backlog)."""
    return view.data.cells.get((team, Target.of(release)), [])


def current_row_key(window) -> str:
    table = work_list(window)
    return table.model().key_at(table.currentIndex().row())


def press_and_move_card(view, key: str, end: QPoint) -> None:
    """Press on the card and move in steps to `end`, the button still held."""
    view.ensure_visible(key)
    card = view.card_rect(key)
    assert card is not None
    start = card.center()
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    for step in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * step / 8)


def column_point(view, key: str, release: str | None) -> QPoint:
    """The middle of the column of `release` (None: the backlog), at the card's height."""
    target = view.column_rect(Target.of(release))
    assert target is not None
    return QPoint(target.center().x(), view.card_rect(key).center().y())


def drag_card(view, key: str, release: str | None) -> None:
    """Press on the card, move in steps to the column of `release` (None: the backlog
    column), release the button."""
    view.ensure_visible(key)
    end = column_point(view, key, release)
    press_and_move_card(view, key, end)
    QTest.mouseRelease(view.viewport(), LEFT, NONE, end)


def test_the_board_has_a_card_for_every_scheduled_cr_in_its_team_and_release(window, qtbot):
    view = show_board(window, qtbot)
    plan = window.session.plan
    assert [str(c.target) for c in view.data.columns] == \
        ["R-JAN", "R-FEB", "R-MAR", "R-APR", "backlog"]
    for cr in plan.crs.values():
        if cr.stage != "cancelled":
            assert cr.key in cell(view, cr.team, cr.release)
    mar = next(c for c in view.data.columns if c.target == Target("R-MAR"))
    assert mar.over == ("Brand & Content",)  # the demo's over-capacity team in March
    feb = next(c for c in view.data.columns if c.target == Target("R-FEB"))
    assert "frozen since" in feb.lines[1]


def test_dragging_a_card_to_another_release_moves_it_as_one_undo_step(window, qtbot):
    view = show_board(window, qtbot)
    drag_card(view, "CR-309", "R-APR")
    assert stored_plan(window).crs["CR-309"].release == "R-APR"
    assert "CR-309 moved to R-APR" in window.statusBar().currentMessage()
    assert "CR-309" in cell(view, "ACQ", "R-APR")
    assert len(window.session.history) == 1
    window.session.undo()
    assert stored_plan(window).crs["CR-309"].release == "R-MAR"


def test_a_card_dragged_to_the_backlog_column_is_unscheduled(window, qtbot):
    view = show_board(window, qtbot)
    drag_card(view, "CR-404", None)
    assert stored_plan(window).crs["CR-404"].release is None
    assert "CR-404" in cell(view, "ACQ", None)


def test_a_frozen_column_is_refused_during_the_drag_and_the_dropped_card_stays(window, qtbot):
    """Issue 21: the board showed a frozen column as a valid target while dragging and said
    why only after the drop; now it turns red with the reason beside the pointer first."""
    view = show_board(window, qtbot)
    end = column_point(view, "CR-301", "R-FEB")
    press_and_move_card(view, "CR-301", end)
    note = view.drags.note
    assert note.isVisible() and "CR-301 cannot go to R-FEB" in note.text()
    assert "frozen" in note.text()
    assert view.drags.refused  # the column is painted as refused
    QTest.mouseRelease(view.viewport(), LEFT, NONE, end)
    assert not note.isVisible()
    assert stored_plan(window).crs["CR-301"].release == "R-MAR"
    assert "frozen" in window.statusBar().currentMessage()
    assert len(window.session.history) == 0
    assert "CR-301" in cell(view, "ACQ", "R-MAR")


def test_clicking_a_card_selects_it_on_the_timeline_and_in_the_work_list(window, qtbot):
    view = show_board(window, qtbot)
    view.ensure_visible("CR-304")
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.card_rect("CR-304").center())
    assert window.workspace.selection.current == "CR-304"
    assert timeline(window).bars.selected == "CR-304"
    window.show_page("work-list")
    qtbot.waitUntil(lambda: work_list(window).isVisible())
    assert current_row_key(window) == "CR-304"


def test_the_board_follows_the_filters(window, qtbot):
    view = show_board(window, qtbot)
    team = window.filters.team
    team.setCurrentIndex(team.findData("RET"))
    qtbot.waitUntil(lambda: [t for t, _ in view.data.teams] == ["RET"])
    assert all(window.session.plan.crs[k].team == "RET"
               for keys in view.data.cells.values() for k in keys)


def test_the_board_shows_the_releases_of_the_dates_in_view_on_the_timeline(window, qtbot):
    view = show_board(window, qtbot)
    bars = timeline(window)
    mar = next(r for r in bars.layout_data.releases if r.key == "R-MAR")
    bars.getPlotItem().setXRange((mar.freeze_start - 5) * 86_400, (mar.go_live + 1) * 86_400,
                                 padding=0)
    qtbot.waitUntil(lambda: [str(c.target) for c in view.data.columns] == ["R-MAR", "backlog"])
    bars.fit()
    qtbot.waitUntil(lambda: len(view.data.columns) == 5)


def test_a_bar_clicked_on_the_timeline_is_selected_on_the_board_and_in_the_list(window, qtbot):
    bars = timeline(window)
    at = pixel(bars, *grab_points(bars, "CR-404")["end"]).toPoint()  # near the bar's end
    QTest.mouseClick(bars.viewport(), LEFT, NONE, at)
    assert window.workspace.selection.current == "CR-404"
    view = show_board(window, qtbot)
    assert view.selected == "CR-404"
    window.show_page("work-list")
    qtbot.waitUntil(lambda: work_list(window).isVisible())
    assert current_row_key(window) == "CR-404"


def test_a_card_dropped_on_the_backlog_panel_is_unscheduled(window, qtbot):
    view = show_board(window, qtbot)
    table = backlog_view(window)
    assert table.isVisible()
    end = view.viewport().mapFromGlobal(table.mapToGlobal(table.rect().center()))
    press_and_move_card(view, "CR-309", end)
    assert "border" in table.styleSheet()  # the backlog lights up under the card
    QTest.mouseRelease(view.viewport(), LEFT, NONE, end)
    assert stored_plan(window).crs["CR-309"].release is None
    assert table.styleSheet() == ""
