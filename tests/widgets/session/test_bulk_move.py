"""Moving many CRs at once: extended selection in the backlog and the work list, Ctrl+M, and a
partial refusal where the planner chooses to move the others or none; always one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton

from tests.widgets.conftest import stored_plan
from widgets.session.bulk_move import move_many


def answer_dialog(qtbot, button_name: str, seen: list) -> None:
    """Click `button_name` in the partial-move dialog with the mouse once it is open."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, click)


def releases(window, keys):
    plan = stored_plan(window)
    return [plan.crs[k].release for k in keys]


KEYS = ["CR-102", "CR-304", "CR-309"]  # CR-102 is deployed: it can no longer be scheduled


def test_a_partial_refusal_moves_the_others_as_one_undo_step(window, qtbot):
    seen = []
    answer_dialog(qtbot, "move-others", seen)
    assert move_many(window, KEYS, None)
    assert "1 of the 3 change requests" in seen[0] and "CR-102" in seen[0] and "deployed" in seen[0]
    assert releases(window, KEYS) == ["R-JAN", None, None]
    assert window.undo_stack.count() == 1
    assert "2 change requests moved to the backlog" in window.statusBar().currentMessage()
    window.history.undo()
    assert releases(window, KEYS) == ["R-JAN", "R-MAR", "R-MAR"]


def test_a_partial_refusal_can_move_none(window, qtbot):
    seen = []
    answer_dialog(qtbot, "move-none", seen)
    assert not move_many(window, KEYS, None)
    assert releases(window, KEYS) == ["R-JAN", "R-MAR", "R-MAR"]
    assert window.undo_stack.count() == 0
    assert "Nothing moved" in window.statusBar().currentMessage()


def test_ctrl_click_in_the_backlog_and_ctrl_m_move_all_selected(window, qtbot, monkeypatch):
    view = window.backlog_view
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a:
                        (asked.append(label), next(i for i in items if i.startswith("R-APR")),
                         True)[1:])
    keys = [window.backlog.rows[r].key for r in range(2)]
    for row, modifier in ((0, Qt.KeyboardModifier.NoModifier),
                          (1, Qt.KeyboardModifier.ControlModifier)):
        rect = view.visualRect(window.backlog.index(row, 0))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert len(view.selectionModel().selectedRows()) == 2
    QTest.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Move 2 change requests to:"]
    assert releases(window, keys) == ["R-APR", "R-APR"]
    assert window.undo_stack.count() == 1
    QTest.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert releases(window, keys) == [None, None]


def test_shift_click_in_the_work_list_selects_a_range_that_ctrl_m_moves(window, qtbot,
                                                                        monkeypatch):
    window.work_list_dock.show()
    view, model = window.work_list, window.work_list.model()
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a:
                        (next(i for i in items if i.startswith("R-APR")), True))
    first, last = model.row_of("CR-301"), model.row_of("CR-304")
    for row, modifier in ((first, Qt.KeyboardModifier.NoModifier),
                          (last, Qt.KeyboardModifier.ShiftModifier)):
        rect = view.visualRect(model.index(row, 0))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    keys = [model.key_at(r) for r in range(first, last + 1)]
    assert keys == ["CR-301", "CR-302", "CR-303", "CR-304"]
    QTest.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert releases(window, keys) == ["R-APR"] * 4
    assert window.undo_stack.count() == 1
