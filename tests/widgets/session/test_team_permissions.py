"""A planner's actions on another team's CRs are refused in the client before anything shows
(issue 12's "a planner cannot touch another team's CRs"): the drag says why, a group lists
them among the refused, the editor is read only, the work list does not edit them, New CR
offers the planner's own teams. pete plans for Acquisition and Retention; Brand's CRs
(BRD) are not his. The store's `permissions()` is faked here as a PostgreSQL store's would
answer; tests/widgets/sharing/test_shared_planning.py has the same on a real server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox

from app.edits.service import PlanService
from app.plan_file.document import read_plan
from app.rules.permissions import Permissions
from storage.open_store import open_store
from tests.conftest import ROOT
from tests.widgets.conftest import stored_plan, wait_written
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
from widgets.session.controller import PlanController
from widgets.shell.main_window import MainWindow
from widgets.work_list.model import RELEASE

CTRL = Qt.KeyboardModifier.ControlModifier
PETE = Permissions("pete", "planner", frozenset({"ACQ", "RET"}), enforced=True)
WHY_BRD = "needs the planner role for team BRD or the manager role; pete is a planner of ACQ, RET"


@pytest.fixture
def pete(qtbot, tmp_path, monkeypatch):
    """The window of pete, a planner of ACQ and RET, on the demo plan."""
    store = open_store(str(tmp_path / "plan.db"), user="pete")
    store.replace_all(read_plan(ROOT / "resources" / "demo_plan.json"), "demo")
    monkeypatch.setattr(store, "permissions", lambda: PETE, raising=False)
    controller = PlanController(PlanService(store, reuse_snapshot=True))
    window = MainWindow(controller, "plan.db", "pete")
    qtbot.addWidget(window)
    window.resize(1400, 800)
    controller.reload()
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: controller.permissions is not None)  # read by the window itself
    yield window
    wait_written(window)
    store.close()


def audit_rows(window) -> int:
    """The id of the last row of the database's audit log (its change feed)."""
    return window.controller.service.store.last_change_id()


def test_dragging_another_teams_bar_says_why_before_the_drop_and_writes_nothing(pete):
    view = pete.timeline
    before = view.bars.rect_of("CR-302")  # Brand's, in March
    audited = audit_rows(pete)
    start = grab_points(view, "CR-302")["middle"]
    april = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, april)
    note = view.feedback.note
    assert note.isVisible() and "CR-302 cannot go to R-APR" in note.text()
    assert WHY_BRD in note.text()
    assert view.bars.ghost[1]  # the ghost is drawn refused
    release(view, april)
    assert view.bars.rect_of("CR-302") == before  # the move was never shown
    assert stored_plan(pete).crs["CR-302"].release == "R-MAR"
    assert audit_rows(pete) == audited
    assert pete.undo_stack.count() == 0
    assert WHY_BRD in pete.statusBar().currentMessage()
    # His own team's bar moves as before.
    start = grab_points(view, "CR-309")["middle"]
    drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
    assert stored_plan(pete).crs["CR-309"].release == "R-APR"
    assert pete.undo_stack.count() == 1


def test_the_keyboard_moves_refuse_another_teams_cr_with_the_reason(pete):
    view = pete.timeline
    click(view, grab_points(view, "CR-302")["middle"])
    assert pete.selected_cr == "CR-302"
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert f"CR-302 stays where it is: {WHY_BRD}" in pete.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_M, CTRL)  # says so at once, without asking where to
    assert f"CR-302 stays where it is: {WHY_BRD}" in pete.statusBar().currentMessage()
    assert stored_plan(pete).crs["CR-302"].release == "R-MAR"
    assert pete.undo_stack.count() == 0


def test_a_dragged_group_lists_the_other_teams_cr_and_moves_the_others(pete, qtbot):
    view = pete.timeline
    keys = ["CR-309", "CR-302", "CR-311"]  # ACQ, BRD, ACQ, all in March
    click(view, grab_points(view, keys[0])["middle"])
    for key in keys[1:]:
        click(view, grab_points(view, key)["middle"], CTRL)
    assert pete.selection.keys == keys
    start = grab_points(view, "CR-309")["middle"]
    april = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, april)
    assert "CR-302" in view.feedback.note.text() and "team BRD" in view.feedback.note.text()
    seen = []
    answer_dialog(qtbot, "move-others", seen)
    release(view, april)
    assert "1 of the 3 change requests" in seen[0]
    assert f"<b>CR-302</b>: {WHY_BRD}" in seen[0]
    plan = stored_plan(pete)
    assert [plan.crs[k].release for k in keys] == ["R-APR", "R-MAR", "R-APR"]
    assert pete.undo_stack.count() == 1


def test_the_editor_shows_another_teams_cr_read_only_saying_why(pete, qtbot, monkeypatch):
    view = pete.timeline
    point = pixel(view, *grab_points(view, "CR-302")["middle"]).toPoint()
    # As a mouse does it: a click, then the double-click and its release (pyqtgraph reports
    # the double-click on the release).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor = pete.editor
    qtbot.waitUntil(lambda: editor.base is not None and editor.base.key == "CR-302")
    assert editor.access_note.isVisible()
    assert editor.access_note.text() == f"Read only: {WHY_BRD}."
    assert not editor.form.isEnabled() and not editor.dependencies.isEnabled()
    assert not editor.save_button.isEnabled() and not editor.delete_button.isEnabled()
    assert editor.save_button.toolTip() == f"Save: {WHY_BRD}"
    assert editor.delete_button.toolTip() == f"Delete: {WHY_BRD}"
    QTest.keyClick(editor, Qt.Key.Key_S, CTRL)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args)
                        or QMessageBox.StandardButton.No)
    QTest.keyClick(view, Qt.Key.Key_Delete)  # the window's Delete: refused, not confirmed
    assert asked == []
    assert pete.statusBar().currentMessage() == f"CR-302 was not deleted: {WHY_BRD}"
    assert pete.undo_stack.count() == 0 and "CR-302" in stored_plan(pete).crs
    # His own team's CR is editable, and its team can only be one of his.
    pete.open_cr("CR-301")
    qtbot.waitUntil(lambda: editor.base.key == "CR-301")
    assert not editor.access_note.isVisible() and editor.form.isEnabled()
    assert editor.delete_button.isEnabled()
    teams = [editor.form.team.itemData(i) for i in range(editor.form.team.count())]
    assert teams == ["ACQ", "RET"]


def test_new_cr_offers_only_the_planners_own_teams(pete, qtbot):
    view = pete.timeline
    click(view, grab_points(view, "CR-302")["middle"])  # near a Brand CR
    QTest.keyClick(pete, Qt.Key.Key_N, CTRL)
    editor = pete.editor
    qtbot.waitUntil(lambda: editor.new)
    combo = editor.form.team
    assert [combo.itemData(i) for i in range(combo.count())] == ["ACQ", "RET"]
    assert combo.currentData() == "ACQ"
    assert not editor.access_note.isVisible()


def test_the_work_list_does_not_edit_another_teams_row(pete, qtbot):
    pete.work_list_dock.show()
    pete.work_list_dock.raise_()
    QApplication.processEvents()  # the list fills and lays out once shown
    view = pete.work_list
    model = view.model()

    def double_click_release(key):
        index = model.index(model.row_of(key), RELEASE)
        view.scrollTo(index)
        rect = view.visualRect(index)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        return index

    index = double_click_release("CR-302")
    assert view.state() != QAbstractItemView.State.EditingState
    assert WHY_BRD in model.data(index, Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: pete.editor.base is not None and pete.editor.base.key == "CR-302")
    assert pete.editor.access_note.isVisible()  # opened in the editor instead, read only
    QTest.keyClick(view.viewport(), Qt.Key.Key_F2)
    assert view.state() != QAbstractItemView.State.EditingState
    double_click_release("CR-301")  # his own: edited in place
    assert view.state() == QAbstractItemView.State.EditingState


def test_any_edit_touching_another_teams_cr_is_refused_before_it_shows(pete):
    from app.edits import use_cases as uc
    from app.model.errors import Refusal

    # A path no view checks first (a conflict resolution, an undo): the controller does.
    plan = pete.controller.plan
    with pytest.raises(Refusal) as refused:
        pete.controller.perform(uc.DeleteCr("CR-302"), "CR-302 was not deleted", "Delete CR-302")
    assert refused.value.code == "forbidden" and refused.value.message == WHY_BRD
    assert pete.controller.plan is plan and pete.undo_stack.count() == 0
    assert "CR-302" in stored_plan(pete).crs


def test_on_postgresql_pete_dragging_a_brand_bar_is_refused_in_the_client(request, qtbot):
    from tests.storage.shared_db import SharedPlan
    from tests.widgets.sharing.test_shared_planning import open_window

    shared = SharedPlan(request.getfixturevalue("postgres_server"))
    shared.set_up()  # the demo, `db roles`, pete a planner of ACQ and RET
    window = open_window(qtbot, shared.url(shared.planner), shared.planner)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.controller.permissions is not None)
    assert window.controller.permissions.role == "planner"

    def audit_rows() -> int:
        with shared.connect(shared.owner) as conn:
            return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]

    audited = audit_rows()
    writes = []
    service = window.controller.service
    original = service.write
    service.write = lambda *args: (writes.append(args), original(*args))[1]
    try:
        view = window.timeline
        why = (f"needs the planner role for team BRD or the manager role; {shared.planner} is "
               "a planner of ACQ, RET")
        start = grab_points(view, "CR-302")["middle"]
        april = (go_live_x(view, "R-APR"), start[1])
        press_and_move(view, start, april)
        assert "CR-302 cannot go to R-APR" in view.feedback.note.text()
        assert why in view.feedback.note.text()
        release(view, april)
        wait_written(window)
        assert writes == []  # nothing was sent to the server
        assert audit_rows() == audited
        assert window.controller.plan.crs["CR-302"].release == "R-MAR"
        assert window.undo_stack.count() == 0
        assert why in window.statusBar().currentMessage()
        # His own team's bar moves, and reaches the server.
        start = grab_points(view, "CR-309")["middle"]
        drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
        wait_written(window)
        assert len(writes) == 1 and audit_rows() == audited + 1
    finally:
        window.close()
        window.controller.service.store.close()


def test_on_the_board_another_teams_card_says_why_when_pressed_and_its_drop_moves_nothing(
        pete, qtbot):
    from tests.widgets.board.test_board import drag_card, show_board

    board = show_board(pete, qtbot)
    board.ensure_visible("CR-302")
    QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton,
                     pos=board.card_rect("CR-302").center())
    assert pete.selected_cr == "CR-302"
    assert pete.statusBar().currentMessage() == f"CR-302 is read only for you: {WHY_BRD}."
    drag_card(board, "CR-302", "R-APR")
    assert f"CR-302 stays where it is: {WHY_BRD}" in pete.statusBar().currentMessage()
    assert "CR-302" in board.data.cells["BRD", "R-MAR"]
    assert "CR-302" not in board.data.cells.get(("BRD", "R-APR"), [])
    assert stored_plan(pete).crs["CR-302"].release == "R-MAR"
    assert pete.undo_stack.count() == 0


def test_opening_another_database_forgets_the_last_ones_role(qtbot, tmp_path, monkeypatch):
    """A viewer on one database, then a database without roles: New CR, Move and Delete are
    offered again, and no edit is refused by the first database's role."""
    viewer = Permissions("vera", "viewer", frozenset(), enforced=True)
    first = open_store(str(tmp_path / "first.db"), user="vera")
    first.replace_all(read_plan(ROOT / "resources" / "demo_plan.json"), "demo")
    monkeypatch.setattr(first, "permissions", lambda: viewer, raising=False)
    second = tmp_path / "second.db"
    other = open_store(str(second), user="vera")
    other.replace_all(read_plan(ROOT / "resources" / "demo_plan.json"), "demo")
    other.close()
    controller = PlanController(PlanService(first, reuse_snapshot=True))
    window = MainWindow(controller, "first.db", "vera",
                        open_store=lambda target: open_store(target, user="vera"))
    qtbot.addWidget(window)
    controller.reload()
    window.show()
    qtbot.waitUntil(lambda: controller.permissions is not None)
    assert not window.new_action.isEnabled() and not window.move_action.isEnabled()
    assert window.open_database(str(second))
    qtbot.waitUntil(lambda: window.controller.plan is not None)
    assert window.new_action.isEnabled() and window.move_action.isEnabled()
    assert "viewer" not in window.new_action.toolTip()
    window.drop("CR-309", "R-APR")  # the first database's role refuses nothing here
    assert stored_plan(window).crs["CR-309"].release == "R-APR"
