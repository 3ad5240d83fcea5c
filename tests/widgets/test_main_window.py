"""The desktop client on the demo database, driven like a planner drives it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from app.plan_file import read_plan
from app.services import PlanService
from storage.open_store import open_store
from tests.conftest import ROOT
from widgets.main_window import MainWindow
from widgets.plan_controller import PlanController
from widgets.timeline_bars import BAR_HEIGHT, SECONDS_PER_DAY


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(str(tmp_path / "plan.db"), user="tester")
    store.replace_all(read_plan(ROOT / "resources" / "demo_plan.json"), "demo")
    controller = PlanController(PlanService(store, reuse_snapshot=True))
    win = MainWindow(controller, "plan.db", "tester")
    qtbot.addWidget(win)
    win.resize(1400, 800)
    controller.reload()
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.close()


def stored_release(win, cr):
    return win.controller.service.load().crs[cr].release


def bar_center(win, cr) -> tuple[float, float]:
    bars = win.timeline.bars
    i = next(i for i, b in enumerate(bars.bars) if b.cr == cr)
    return (float(bars._x1[i]) - 1.0, float(bars._y0[i]) + BAR_HEIGHT / 2)


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
    assert "30 CRs" in window.counts.text()


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
    window.undo_stack.undo()
    assert stored_release(window, "CR-309") == "R-MAR"
    window.undo_stack.redo()
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
    from app.services import PlanService

    window.controller.service.load()  # what the window shows now
    other = PlanService(window.controller.service.store)
    other.schedule("CR-309", "R-APR")  # another planner, meanwhile
    window.drop("CR-309", "backlog")
    assert "someone else" in window.statusBar().currentMessage()
    assert stored_release(window, "CR-309") == "R-APR"  # their move stands
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
    shown = {b.cr for b in window.timeline.bars.bars} | {r.key for r in window.backlog.rows}
    assert shown == {"CR-101", "CR-202", "CR-303", "CR-402"}
    assert "matching" in window.counts.text()
    window.search.clear()
    scheduled = [c for c in window.controller.plan.crs.values()
                 if c.release and c.stage != "cancelled"]
    assert len(window.timeline.bars.bars) == len(scheduled)
