"""The capacity pane under the timeline: the engine's over-capacity numbers, on the timeline's
time axis, following moves, and a click that narrows the views to one team's release."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.engine.report import bundle_report
from app.model.plan import Target
from tests.widgets.conftest import capacity, timeline, wait_loaded, wait_written
from widgets.capacity.view import OVER


def shown_cells(window):
    return {(c.load.team, c.load.release): c for c in capacity(window).cells.cells}


def engine_over(window):
    session = window.session
    plan, today = session.plan, session.today()
    return {(w.team, r.key): (w.load_hours, w.capacity_hours) for r in plan.planned_releases()
            for w in bundle_report(plan, r.key, today).warnings if w.code == "over-capacity"}


def pane_over(window):
    return {key: (c.load.load_hours, c.load.capacity_hours)
            for key, c in shown_cells(window).items() if c.load.over}


def on_the_timelines_dates(window, qtbot):
    """The pane shows the dates the timeline shows (the timeline shares them once the plan is
    drawn and whenever a pan or zoom pauses)."""
    plot, view = capacity(window).plot, timeline(window)
    qtbot.waitUntil(lambda: plot.getPlotItem().viewRange()[0] ==
                    view.getPlotItem().viewRange()[0])


def cell_point(window, qtbot, team, release):
    """Where a cell is drawn, in the pane's plot, once the pane is on the timeline's dates."""
    on_the_timelines_dates(window, qtbot)
    cell = shown_cells(window)[team, release]
    plot = capacity(window).plot
    scene = plot.getPlotItem().getViewBox().mapViewToScene(
        QPointF((cell.x0 + cell.x1) / 2, cell.row + 0.5))
    return plot.mapFromScene(scene)


def test_the_pane_shows_every_team_and_planned_release_with_the_engines_numbers(window):
    plan = window.session.plan
    cells = shown_cells(window)
    assert set(cells) == {(t, r.key) for t in plan.teams for r in plan.planned_releases()}
    assert pane_over(window) == engine_over(window)
    assert ("BRD", "R-MAR") in pane_over(window)  # the demo's team over capacity in March
    summary = capacity(window).summary.text()
    assert "over capacity" in summary and OVER.name() in summary


def test_cells_end_at_the_freeze_start_where_the_releases_bars_end_on_the_timeline(window,
                                                                                  qtbot):
    view = timeline(window)
    ends = {r.key: r.freeze_start * 86_400 for r in view.layout_data.releases}
    for (_, release), cell in shown_cells(window).items():
        assert cell.x1 == ends[release]
    on_the_timelines_dates(window, qtbot)
    shown = view.getPlotItem().viewRange()[0]
    view.zoom(0.5)
    # The timeline shares its dates once the zoom pauses; the pane follows them.
    on_the_timelines_dates(window, qtbot)
    assert capacity(window).plot.getPlotItem().viewRange()[0] != shown


def test_the_pane_follows_a_move_and_stays_equal_to_the_engine(window, qtbot):
    before = shown_cells(window)["ACQ", "R-MAR"].load.load_hours
    window.workspace.mover.move(["CR-304"], Target("R-APR"))  # 16 h of build work leaves March
    wait_written(window)
    # worked out on the worker once the move is painted, like the conflict marks
    qtbot.waitUntil(lambda: shown_cells(window)["ACQ", "R-MAR"].load.load_hours == before - 16)
    assert pane_over(window) == engine_over(window)


def test_clicking_a_cell_narrows_the_timeline_to_that_teams_work_in_that_release(window, qtbot):
    pane = capacity(window)
    at = cell_point(window, qtbot, "BRD", "R-MAR")
    qtbot.mouseClick(pane.plot.viewport(), Qt.MouseButton.LeftButton, pos=at)
    crs_filter = window.session.filter
    assert (crs_filter.team, crs_filter.release) == ("BRD", "R-MAR")
    plan = window.session.plan
    expected = {k for k, c in plan.crs.items() if c.team == "BRD" and c.release == "R-MAR"}
    assert {b.cr for b in timeline(window).bars.bars} == expected
    assert window.filters.team.currentData() == "BRD"
    assert pane.clear.isVisible()
    qtbot.mouseClick(pane.clear, Qt.MouseButton.LeftButton)
    assert not window.session.filter.active
    assert len(timeline(window).bars.bars) > len(expected)


def test_hovering_a_cell_explains_its_numbers(window, qtbot):
    plot = capacity(window).plot
    qtbot.mouseMove(plot.viewport(), cell_point(window, qtbot, "BRD", "R-MAR"))
    qtbot.waitUntil(lambda: "Brand &amp; Content" in plot.toolTip())
    tip = plot.toolTip()
    load, hours = engine_over(window)["BRD", "R-MAR"]
    assert f"Load {load:g} h" in tip and f"Capacity {hours:g} h" in tip
    assert "2 x 6 h a day x 10 working days" in tip and "over capacity by" in tip


def test_a_big_plans_loads_arrive_from_the_worker_after_the_timeline_is_shown(window, qtbot,
                                                                           monkeypatch):
    import widgets.session.session as session_module

    monkeypatch.setattr(session_module, "CAPACITY_AT_ONCE_UP_TO", 10)  # the demo counts as big
    pane = capacity(window)
    seen = []  # what the pane showed when the plan read again was first drawn
    window.session.plan_changed.connect(
        lambda: seen.append((pane.summary.text(), dict(shown_cells(window)))))
    window.session.load()  # F5
    wait_loaded(window)
    summary, cells = seen[0]
    assert "working out" in summary
    assert cells == {}  # no figures of the plan before it was loaded
    qtbot.waitUntil(lambda: bool(shown_cells(window)))
    assert pane_over(window) == engine_over(window)
    assert "over capacity" in pane.summary.text()


def test_at_1280_by_720_every_teams_row_can_be_reached_with_the_wheel(window, qtbot):
    window.resize(1280, 720)
    qtbot.wait(50)
    plot = capacity(window).plot
    box = plot.getPlotItem().getViewBox()
    # The pane is a panel under the pages now (issue 21): its plot is not cut, neither below
    # the fold of the panel (which scrolls when short) nor by the status bar under it.
    shown = window.docks["capacity"].widget().viewport()
    assert plot.mapTo(shown, QPoint(0, 0)).y() >= 0
    assert plot.mapTo(shown, QPoint(0, plot.height())).y() <= shown.height()
    bar = window.statusBar()
    assert plot.mapTo(window, QPoint(0, plot.height())).y() <= bar.mapTo(window, QPoint()).y()
    teams = len(window.session.plan.teams)
    for _ in range(teams):  # the wheel down until the last team's row is in view
        if box.viewRange()[1][1] >= teams:
            break
        at = QPointF(plot.width() / 2, plot.height() / 2)
        QApplication.sendEvent(plot.viewport(), QWheelEvent(
            at, plot.mapToGlobal(at), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    assert box.viewRange()[1][1] >= teams
