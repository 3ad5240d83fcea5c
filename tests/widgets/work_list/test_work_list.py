"""The work list: a table of every CR the filters match, sortable, edited in place, following
each edit row by row, and under Qt's model tester at 100,000 rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from app.edits.service import PlanService
from app.generate.synthetic import generate_plan
from app.views.cr_filter import CrFilter
from tests.widgets.conftest import stored_plan
from widgets.session.controller import PlanController
from widgets.work_list.model import HOURS, RELEASE, STAGE, TEAM, WorkListModel


@pytest.fixture
def work_list(window):
    window.work_list_dock.show()
    window.work_list_dock.raise_()
    return window.work_list


def double_click(view, index):
    view.scrollTo(index)  # as a planner scrolls to the row first
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def column_texts(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_list_has_every_cr_and_follows_the_filters(window, work_list):
    model = work_list.model()
    assert model.rowCount() == len(window.controller.plan.crs)
    window.controller.set_filter(CrFilter(team="RET"))
    assert set(column_texts(model, TEAM)) == {"Retention & Loyalty"}
    window.controller.set_filter(CrFilter())
    assert model.rowCount() == len(window.controller.plan.crs)


def test_clicking_a_header_sorts_and_a_second_click_reverses(window, work_list, qtbot):
    model, header = work_list.model(), work_list.horizontalHeader()
    x = header.sectionViewportPosition(HOURS) + header.sectionSize(HOURS) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().center().__class__(x, header.height() // 2))
    hours = [float(h) for h in column_texts(model, HOURS)]
    assert hours == sorted(hours)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().center().__class__(x, header.height() // 2))
    hours = [float(h) for h in column_texts(model, HOURS)]
    assert hours == sorted(hours, reverse=True)


def test_an_estimate_typed_in_place_is_saved_as_one_undo_step(window, work_list, qtbot):
    model = work_list.model()
    index = model.index(model.row_of("CR-309"), HOURS)
    double_click(work_list, index)
    editor = QApplication.focusWidget()
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "22")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.plan.crs["CR-309"].estimate_hours == 22)
    assert stored_plan(window).crs["CR-309"].estimate_hours == 22
    assert model.index(model.row_of("CR-309"), HOURS).data() == "22"
    assert window.undo_stack.count() == 1
    window.history.undo()
    assert stored_plan(window).crs["CR-309"].estimate_hours == 14


def test_a_stage_picked_in_place_is_saved_and_a_frozen_release_is_refused(window, work_list,
                                                                          qtbot):
    model = work_list.model()
    double_click(work_list, model.index(model.row_of("CR-304"), STAGE))
    combo = work_list.findChild(QComboBox)
    assert combo is not None
    QTest.keyClicks(combo, "test")  # keyboard search in the list of stages
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.plan.crs["CR-304"].stage == "test")
    assert stored_plan(window).crs["CR-304"].stage == "test"
    double_click(work_list, model.index(model.row_of("CR-304"), RELEASE))
    combo = QApplication.focusWidget()  # the release's editor (the stage's may linger)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("R-FEB"))
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "frozen" in window.statusBar().currentMessage())
    assert stored_plan(window).crs["CR-304"].release == "R-MAR"


def test_a_move_elsewhere_changes_its_row_in_place(window, work_list, qtbot):
    model = work_list.model()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged):
        window.controller.move("CR-309", "R-APR")
    assert model.index(model.row_of("CR-309"), RELEASE).data() == "R-APR"
    assert model.rowCount() == len(window.controller.plan.crs) and not resets


def test_a_move_reorders_its_row_when_sorted_by_release(window, work_list, qtbot):
    model = work_list.model()
    work_list.sortByColumn(RELEASE, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignals([model.rowsRemoved, model.rowsInserted]):
        window.controller.move("CR-309", "R-APR")
    releases = [model.cr_at(r).release for r in range(model.rowCount())]
    rank = {r.key: i for i, r in enumerate(window.controller.plan.release_order())}
    assert [rank.get(r, 99) for r in releases] == sorted(rank.get(r, 99) for r in releases)


def test_the_model_passes_qts_model_tester_at_100000_rows(qtmodeltester):
    plan = generate_plan(100_000)
    controller = PlanController(PlanService(None))
    controller._recompute_marks = lambda: None  # the marks worker would only slow the check
    controller.show_plan(plan)
    model = WorkListModel(controller)
    model.refresh()
    assert model.rowCount() == 100_000
    model.sort(HOURS, Qt.SortOrder.DescendingOrder)  # rows read from the end of the list
    hours = [model.cr_at(r).estimate_hours for r in range(0, 100_000, 997)]
    assert hours == sorted(hours, reverse=True)
    qtmodeltester.check(model)
