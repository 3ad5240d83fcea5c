"""Dragging bars with the mouse: the drop goes to the release under the pointer, wherever the bar
was grabbed, and a release the rules refuse says so before the drop."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.generate.synthetic import generate_plan
from app.rules.freeze import is_frozen
from tests.widgets.conftest import backlog, open_window, stored_plan, timeline
from tests.widgets.timeline_mouse import (
    drag_to,
    go_live_x,
    grab_points,
    pixel,
    press_and_move,
    release,
    release_mark,
)
from widgets.common.style import SECONDS_PER_DAY


def stored_release(win, cr):
    return stored_plan(win).crs[cr].release


@pytest.mark.parametrize("grab", ["start", "middle", "end"])
def test_a_bar_released_on_a_release_line_lands_in_that_release(window, grab):
    view = timeline(window)
    start = grab_points(view, "CR-309")[grab]  # March
    drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
    assert stored_release(window, "CR-309") == "R-APR"
    assert view.bars.rect_of("CR-309").right() == pytest.approx(
        release_mark(view, "R-APR").freeze_start * SECONDS_PER_DAY)


@pytest.mark.parametrize("grab", ["start", "end"])
def test_a_bar_released_in_a_freeze_window_lands_in_that_release(window, grab):
    view = timeline(window)
    april = release_mark(view, "R-APR")
    start = grab_points(view, "CR-309")[grab]
    inside = (april.freeze_start + april.go_live) / 2 * SECONDS_PER_DAY
    drag_to(view, start, (inside, start[1]))
    assert stored_release(window, "CR-309") == "R-APR"


def test_a_drag_over_a_frozen_release_shows_the_refusal_before_the_drop(window):
    view = timeline(window)
    start = grab_points(view, "CR-301")["middle"]  # March; February is frozen
    feb = (go_live_x(view, "R-FEB"), start[1])
    press_and_move(view, start, feb)
    assert view.backdrop.highlight == "R-FEB" and view.backdrop.refused
    note = view.drops.note
    assert note.isVisible() and "cannot go to R-FEB" in note.text() and "frozen" in note.text()
    ghost, refused = view.bars.ghost
    assert refused
    assert stored_release(window, "CR-301") == "R-MAR"  # nothing happened yet
    # Over an allowed release the same drag says where it goes.
    april = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, feb, april, steps=5)
    assert view.backdrop.highlight == "R-APR" and not view.backdrop.refused
    assert "CR-301 → R-APR" in note.text()
    ghost, refused = view.bars.ghost
    assert not refused
    assert ghost.right() == pytest.approx(release_mark(view, "R-APR").freeze_start
                                          * SECONDS_PER_DAY)
    release(view, april)
    assert not note.isVisible() and view.backdrop.highlight is None
    assert stored_release(window, "CR-301") == "R-APR"


def test_a_refused_drop_still_says_why_and_moves_nothing(window):
    view = timeline(window)
    start = grab_points(view, "CR-301")["middle"]
    drag_to(view, start, (go_live_x(view, "R-FEB"), start[1]))
    assert stored_release(window, "CR-301") == "R-MAR"
    assert "frozen" in window.statusBar().currentMessage()
    assert len(window.session.history) == 0


def test_esc_cancels_a_drag_and_the_bar_stays(window, qtbot):
    view = timeline(window)
    start = grab_points(view, "CR-309")["middle"]
    april = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, april)
    assert view.drops.note.isVisible()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not view.drops.note.isVisible() and view.backdrop.highlight is None
    release(view, april)
    assert stored_release(window, "CR-309") == "R-MAR"
    assert len(window.session.history) == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_backlog_row_dragged_over_a_frozen_release_is_shown_refused(window):
    model = backlog(window)
    row = next(i for i, r in enumerate(model.rows) if r.key == "CR-501")
    mime = model.mimeData([model.index(row, 0)])
    view = timeline(window)
    pos = pixel(view, go_live_x(view, "R-FEB"), 1.0)
    args = (pos.toPoint(), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(*args))
    QApplication.sendEvent(view.viewport(), QDragMoveEvent(*args))
    assert view.backdrop.highlight == "R-FEB" and view.backdrop.refused
    assert "frozen" in view.drops.note.text()
    ghost, refused = view.bars.ghost  # the bar it would become, in its team's lane
    assert refused
    assert ghost.right() == pytest.approx(release_mark(view, "R-FEB").freeze_start
                                          * SECONDS_PER_DAY)
    lane = next(n for n, lb in enumerate(view.bars.lanes) if lb.lane.team == "RET")
    assert view.bars.tops[lane] <= ghost.top() <= view.bars.tops[lane] + 1


def test_with_weekly_releases_the_drop_goes_to_the_line_under_the_pointer(qtbot, tmp_path):
    """Weekly releases with long freezes: a go-live line is nearer the next release's freeze
    start than its own. The pointer decides, not the bar's end."""
    plan = generate_plan(200, seed=11, teams=2, releases=14, items=30)
    today = plan.settings.today
    planned = [r for r in plan.planned_releases() if not is_frozen(r, today)]
    win, store = open_window(qtbot, tmp_path, plan)
    try:
        view = timeline(win)
        view_marks = {r.key: r for r in view.layout_data.releases}
        pairs = [(a, b) for a, b in itertools.pairwise(planned)
                 if view_marks[b.key].freeze_start - view_marks[a.key].go_live
                 < view_marks[a.key].go_live - view_marks[a.key].freeze_start]
        assert pairs, "the generated plan has a release whose line is nearer the next freeze"
        target = pairs[0][0].key
        cr = next(c for c in sorted(plan.crs.values(), key=lambda c: c.key)
                  if c.release in {r.key for r in planned} - {target} and c.stage != "cancelled"
                  and not c.depends_on and view.bars.rect_of(c.key) is not None)
        view.centre_on(cr.key)
        start = grab_points(view, cr.key)["start"]
        drag_to(view, start, (view_marks[target].go_live * SECONDS_PER_DAY, start[1]))
        assert stored_plan(win).crs[cr.key].release == target
    finally:
        store.close()
