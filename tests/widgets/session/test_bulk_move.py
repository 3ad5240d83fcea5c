"""Moving many CRs at once: extended selection in the backlog and the work list, Ctrl+M, and a
partial refusal where the planner chooses to move the others or none; always one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton

from app.model.plan import Target
from tests.widgets.conftest import backlog, backlog_view, stored_plan, timeline, work_list


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


def pick_release(monkeypatch, release: str, asked: list | None = None) -> None:
    """Ctrl+M's question answered: the choice that starts with `release`."""
    def get_item(parent, title, label, items, *args):
        if asked is not None:
            asked.append(label)
        return next(i for i in items if i.startswith(release)), True
    monkeypatch.setattr(QInputDialog, "getItem", get_item)


def releases(window, keys):
    plan = stored_plan(window)
    return [plan.crs[k].release for k in keys]


KEYS = ["CR-102", "CR-304", "CR-309"]  # CR-102 is deployed: it can no longer be scheduled


def test_a_partial_refusal_moves_the_others_as_one_undo_step(window, qtbot):
    seen = []
    answer_dialog(qtbot, "move-others", seen)
    assert window.workspace.mover.move(KEYS, Target.backlog())
    assert "1 of the 3 change requests" in seen[0] and "CR-102" in seen[0] and "deployed" in seen[0]
    assert seen[0].count("CR-102") == 1  # "CR-102 is deployed", not "CR-102: CR-102 is ..."
    assert releases(window, KEYS) == ["R-JAN", None, None]
    assert len(window.session.history) == 1
    assert "2 change requests moved to the backlog" in window.statusBar().currentMessage()
    window.session.undo()
    assert releases(window, KEYS) == ["R-JAN", "R-MAR", "R-MAR"]


def test_a_partial_refusal_can_move_none(window, qtbot):
    seen = []
    answer_dialog(qtbot, "move-none", seen)
    assert not window.workspace.mover.move(KEYS, Target.backlog())
    assert releases(window, KEYS) == ["R-JAN", "R-MAR", "R-MAR"]
    assert len(window.session.history) == 0
    assert "Nothing moved" in window.statusBar().currentMessage()


def test_ctrl_click_in_the_backlog_and_ctrl_m_move_all_selected(window, qtbot, monkeypatch):
    view, model = backlog_view(window), backlog(window)
    asked = []
    pick_release(monkeypatch, "R-APR", asked)
    keys = [model.rows[r].key for r in range(2)]
    for row, modifier in ((0, Qt.KeyboardModifier.NoModifier),
                          (1, Qt.KeyboardModifier.ControlModifier)):
        rect = view.visualRect(model.index(row, 0))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert len(view.selectionModel().selectedRows()) == 2
    assert window.workspace.selection.keys == keys
    QTest.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Move 2 change requests to:"]
    assert releases(window, keys) == ["R-APR", "R-APR"]
    assert len(window.session.history) == 1
    QTest.keyClick(timeline(window), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert releases(window, keys) == [None, None]


def test_shift_click_in_the_work_list_selects_a_range_that_ctrl_m_moves(window, qtbot,
                                                                        monkeypatch):
    window.show_page("work-list")
    view = work_list(window)
    qtbot.waitUntil(view.isVisible)
    model = view.model()
    pick_release(monkeypatch, "R-APR")
    first, last = model.row_of("CR-301"), model.row_of("CR-304")
    for row, modifier in ((first, Qt.KeyboardModifier.NoModifier),
                          (last, Qt.KeyboardModifier.ShiftModifier)):
        rect = view.visualRect(model.index(row, 0))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    keys = [model.key_at(r) for r in range(first, last + 1)]
    assert keys == ["CR-301", "CR-302", "CR-303", "CR-304"]
    QTest.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert releases(window, keys) == ["R-APR"] * 4
    assert len(window.session.history) == 1
