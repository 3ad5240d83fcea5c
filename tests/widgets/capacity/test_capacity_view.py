"""The capacity pane under the timeline: the engine's over-capacity numbers, on the timeline's
time axis, following moves, and a click that narrows the views to one team's release."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from app.engine.report import bundle_report
from tests.widgets.conftest import wait_written
from widgets.capacity.view import OVER


def shown_cells(window):
    return {(c.load.team, c.load.release): c for c in window.capacity.cells.cells}


def engine_over(window):
    plan = window.controller.plan
    today = window.controller.service.today(plan)
    return {(w.team, r.key): (w.load_hours, w.capacity_hours) for r in plan.planned_releases()
            for w in bundle_report(plan, r.key, today).warnings if w.code == "over-capacity"}


def pane_over(window):
    return {key: (c.load.load_hours, c.load.capacity_hours)
            for key, c in shown_cells(window).items() if c.load.over}


def cell_point(window, team, release):
    cell = shown_cells(window)[team, release]
    plot = window.capacity.plot
    scene = plot.getPlotItem().getViewBox().mapViewToScene(
        QPointF((cell.x0 + cell.x1) / 2, cell.row + 0.5))
    return plot.mapFromScene(scene)


def test_the_pane_shows_every_team_and_planned_release_with_the_engines_numbers(window):
    plan = window.controller.plan
    cells = shown_cells(window)
    assert set(cells) == {(t, r.key) for t in plan.teams for r in plan.planned_releases()}
    assert pane_over(window) == engine_over(window)
    assert ("BRD", "R-MAR") in pane_over(window)  # the demo's team over capacity in March
    assert "over capacity" in window.capacity.summary.text()
    assert OVER.name() in window.capacity.summary.text()


def test_cells_end_at_the_freeze_start_where_the_releases_bars_end_on_the_timeline(window):
    ends = {r.key: r.freeze_start * 86_400 for r in window.timeline.layout_data.releases}
    for (_, release), cell in shown_cells(window).items():
        assert cell.x1 == ends[release]
    window.timeline.zoom(0.5)
    assert window.capacity.plot.getPlotItem().viewRange()[0] == \
        window.timeline.getPlotItem().viewRange()[0]


def test_the_pane_follows_a_move_and_stays_equal_to_the_engine(window, qtbot):
    before = shown_cells(window)["ACQ", "R-MAR"].load.load_hours
    window.controller.move("CR-304", "R-APR")  # 16 h of build work leaves March
    wait_written(window)
    # worked out on the worker once the move is painted, like the conflict marks
    qtbot.waitUntil(lambda: shown_cells(window)["ACQ", "R-MAR"].load.load_hours == before - 16)
    assert pane_over(window) == engine_over(window)


def test_clicking_a_cell_narrows_the_timeline_to_that_teams_work_in_that_release(window, qtbot):
    at = cell_point(window, "BRD", "R-MAR")
    qtbot.mouseClick(window.capacity.plot.viewport(), Qt.MouseButton.LeftButton, pos=at)
    crs_filter = window.controller.filter
    assert (crs_filter.team, crs_filter.release) == ("BRD", "R-MAR")
    plan = window.controller.plan
    expected = {k for k, c in plan.crs.items() if c.team == "BRD" and c.release == "R-MAR"}
    assert {b.cr for b in window.timeline.bars.bars} == expected
    assert window.team_filter.currentData() == "BRD"
    assert window.capacity.clear.isVisible()
    qtbot.mouseClick(window.capacity.clear, Qt.MouseButton.LeftButton)
    assert not window.controller.filter.active
    assert len(window.timeline.bars.bars) > len(expected)


def test_hovering_a_cell_explains_its_numbers(window, qtbot):
    at = cell_point(window, "BRD", "R-MAR")
    qtbot.mouseMove(window.capacity.plot.viewport(), at)
    qtbot.waitUntil(lambda: "Brand &amp; Content" in window.capacity.plot.toolTip())
    tip = window.capacity.plot.toolTip()
    load, capacity = engine_over(window)["BRD", "R-MAR"]
    assert f"Load {load:g} h" in tip and f"Capacity {capacity:g} h" in tip
    assert "2 x 6 h a day x 10 working days" in tip and "over capacity by" in tip


def test_a_big_plans_loads_arrive_from_the_worker_after_the_timeline_is_shown(window, qtbot,
                                                                           monkeypatch):
    import widgets.capacity.view as capacity_view

    monkeypatch.setattr(capacity_view, "AT_ONCE_UP_TO", 10)  # the demo's 31 CRs count as big
    window.controller.reload()
    assert "working out" in window.capacity.summary.text()
    assert shown_cells(window) == {}  # no figures of the plan before it was loaded
    qtbot.waitUntil(lambda: bool(shown_cells(window)))
    assert pane_over(window) == engine_over(window)
    assert "over capacity" in window.capacity.summary.text()


def test_at_1280_by_720_every_teams_row_can_be_reached_with_the_wheel(window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window.resize(1280, 720)
    qtbot.wait(50)
    plot = window.capacity.plot
    box = plot.getPlotItem().getViewBox()
    shown = plot.mapTo(window, plot.rect().bottomLeft()).y()
    assert shown <= window.legend.mapTo(window, window.legend.rect().topLeft()).y()  # not cut
    teams = len(window.controller.plan.teams)
    for _ in range(teams):  # the wheel down until the last team's row is in view
        if box.viewRange()[1][1] >= teams:
            break
        at = QPointF(plot.width() / 2, plot.height() / 2)
        QApplication.sendEvent(plot.viewport(), QWheelEvent(
            at, plot.mapToGlobal(at), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    assert box.viewRange()[1][1] >= teams
