"""Filters, Find and lanes: the matching work comes into view, clearing brings every lane back at
its normal height, lanes scroll, collapse and expand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog

from app.generate.synthetic import generate_plan
from app.model.plan import Target
from app.views.timeline_layout import layout_timeline
from tests.widgets.conftest import action, backlog, backlog_view, open_window, timeline
from widgets.timeline.view import ROW_PX


def in_view(view, cr) -> bool:
    rect = view.bars.rect_of(cr)
    (x0, x1), (y0, y1) = view.getPlotItem().viewRange()
    return rect is not None and x0 <= rect.left() and rect.right() <= x1 \
        and y0 <= rect.top() and rect.bottom() <= y1


def normal_lanes(view) -> bool:
    """Every lane shown, as tall as its rows, and rows at their height on screen."""
    bars = view.bars
    (_, _), (y0, y1) = view.getPlotItem().viewRange()
    return all(h == lb.lane.rows for h, lb in zip(bars.heights, bars.lanes, strict=True)) \
        and y1 - y0 == pytest.approx(view.getPlotItem().getViewBox().height() / ROW_PX)


def choose(combo, key) -> None:
    combo.setCurrentIndex(combo.findData(key))


def test_a_team_filter_folds_the_other_lanes_and_shows_the_matching_bars(window):
    view = timeline(window)
    choose(window.filters.team, "BRD")
    heights = {lb.lane.team: h for lb, h in zip(view.bars.lanes, view.bars.heights, strict=True)}
    assert heights["ACQ"] == 0 and heights["RET"] == 0 and heights["BRD"] > 0
    shown = [b.cr for b in view.bars.bars]
    assert shown and any(in_view(view, cr) for cr in shown)
    assert "matching" in window.counts.text()


def test_filter_by_pack_and_stage_then_reset_restores_every_lane(window):
    view = timeline(window)
    before = [lb.lane.rows for lb in view.bars.lanes]
    choose(window.filters.pack, "BB")
    choose(window.filters.stage, "approved")
    assert any(h == 0 for h in view.bars.heights) or len(view.bars.bars) < 20
    window.filters.pack.setCurrentIndex(0)
    window.filters.stage.setCurrentIndex(0)
    assert [lb.lane.rows for lb in view.bars.lanes] == before
    assert normal_lanes(view)
    assert "matching" not in window.counts.text()


def test_a_filter_with_matches_out_of_view_brings_them_into_view(window):
    view = timeline(window)
    view.show_days(7, view.layout_data.today - 30)  # January: nothing of April in view
    choose(window.filters.stage, "on_hold")  # CR-207 (February) and CR-405 (April)
    assert any(in_view(view, cr) for cr in ("CR-207", "CR-405"))


def test_find_selects_the_cr_and_centres_it(window, qtbot):
    view = timeline(window)
    view.show_days(7, view.layout_data.today - 30)  # far from CR-404 (April)
    window.filters.search.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.filters.search, "CR-404")
    QTest.keyClick(window.filters.search, Qt.Key.Key_Return)
    assert window.workspace.selection.current == "CR-404"
    assert view.bars.selected == "CR-404"
    assert in_view(view, "CR-404")
    rect = view.bars.rect_of("CR-404")
    (x0, x1), _ = view.getPlotItem().viewRange()
    assert abs(rect.center().x() - (x0 + x1) / 2) < (x1 - x0) * 0.05  # centred


def test_f3_goes_through_every_match(window, qtbot):
    qtbot.keyClicks(window.filters.search, "loyalty")
    QTest.keyClick(window.filters.search, Qt.Key.Key_Return)
    seen = [window.workspace.selection.current]
    for _ in range(3):
        QTest.keyClick(timeline(window), Qt.Key.Key_F3)
        seen.append(window.workspace.selection.current)
    assert sorted(seen) == ["CR-101", "CR-202", "CR-303", "CR-402"]
    QTest.keyClick(timeline(window), Qt.Key.Key_F3)
    assert window.workspace.selection.current == seen[0]  # round again
    QTest.keyClick(timeline(window), Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.workspace.selection.current == seen[-1]


def test_find_of_a_backlog_cr_selects_its_row(window, qtbot):
    qtbot.keyClicks(window.filters.search, "CR-502")
    QTest.keyClick(window.filters.search, Qt.Key.Key_Return)
    assert window.workspace.selection.current == "CR-502"
    rows = backlog_view(window).selectionModel().selectedRows()
    assert [backlog(window).rows[r.row()].key for r in rows] == ["CR-502"]


def lane_name_pos(view, n) -> QPoint:
    axis = view.lane_axis
    box = view.getPlotItem().getViewBox()
    y = box.mapViewToScene(QPointF(0, view.bars.tops[n] + 0.5)).y()
    x = axis.sceneBoundingRect().center().x()
    return view.mapFromScene(QPointF(x, y))


def test_clicking_a_team_name_collapses_and_expands_its_lane(window, qtbot):
    view = timeline(window)
    rows = view.bars.lanes[0].lane.rows
    below = view.bars.tops[1]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=lane_name_pos(view, 0))
    assert view.bars.heights[0] < 1 and view.bars.tops[1] < below
    assert view.bars.rect_of(view.bars.lanes[0].lane.bars[0].cr) is None  # not drawn
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=lane_name_pos(view, 0))
    assert view.bars.heights[0] == rows and view.bars.tops[1] == below


def test_many_lanes_scroll_vertically_and_go_to_team_brings_one_into_view(qtbot, tmp_path,
                                                                          monkeypatch):
    win, store = open_window(qtbot, tmp_path, generate_plan(600, seed=4, teams=30, releases=6,
                                                            items=40))
    try:
        view = timeline(win)
        bar = win.feature("timeline").pane.scrollbar
        assert bar.maximum() > 0  # thirty lanes do not fit: they scroll
        (_, _), (y0, y1) = view.getPlotItem().viewRange()
        bar.setValue(bar.maximum())
        (_, _), (b0, b1) = view.getPlotItem().viewRange()
        assert b0 > y0 and b1 - b0 == pytest.approx(y1 - y0)  # rows keep their height
        monkeypatch.setattr(QInputDialog, "getItem",
                            lambda *a, **k: (f"{view.bars.lanes[0].lane.name}  "
                                             f"({len(view.bars.lanes[0].lane.bars)} CRs)", True))
        action(win, "go_to_team").trigger()
        (_, _), (c0, c1) = view.getPlotItem().viewRange()
        assert c0 <= view.bars.tops[0] < c1
    finally:
        store.close()


def test_a_move_keeps_the_other_bars_rows_and_compact_lanes_repacks(window):
    view = timeline(window)
    rows = {b.cr: b.row for b in view.bars.bars}
    window.workspace.mover.drop("CR-309", Target("R-APR"))
    after = {b.cr: b.row for b in view.bars.bars}
    assert all(after[cr] == row for cr, row in rows.items() if cr != "CR-309")
    QTest.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Compact lanes
    plan = window.session.plan
    packed = {b.cr: b.row for b in layout_timeline(plan, plan.settings.today).bars}
    assert {b.cr: b.row for b in view.bars.bars} == packed
