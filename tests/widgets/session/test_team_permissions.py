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
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QMessageBox

from app.edits.crs import DeleteCr
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Target
from app.plan_file.document import read_plan
from app.rules.permissions import Permissions
from storage.open_store import open_store
from tests.conftest import ROOT
from tests.widgets.board.test_board import cell, drag_card, show_board
from tests.widgets.conftest import (
    action,
    editor,
    make_window,
    open_cr,
    stored_plan,
    timeline,
    wait_until,
    wait_written,
    work_list,
)
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
    window = make_window(qtbot, store, "plan.db", "pete")
    wait_until(lambda: window.session.core.permissions is not None,  # read by the window
               what="reading pete's permissions")
    yield window
    wait_written(window)
    store.close()


def audit_rows(window) -> int:
    """The id of the last row of the database's audit log (its change feed)."""
    wait_written(window)
    return window.session.core.store.last_change_id()


def undo_steps(window) -> int:
    return len(window.session.history)


def message(window) -> str:
    return window.statusBar().currentMessage()


def test_dragging_another_teams_bar_says_why_before_the_drop_and_writes_nothing(pete):
    view = timeline(pete)
    before = view.bars.rect_of("CR-302")  # Brand's, in March
    audited = audit_rows(pete)
    start = grab_points(view, "CR-302")["middle"]
    april = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, april)
    note = view.drops.note
    assert note.isVisible() and "CR-302 cannot go to R-APR" in note.text()
    assert WHY_BRD in note.text()
    assert view.bars.ghost[1]  # the ghost is drawn refused
    release(view, april)
    assert view.bars.rect_of("CR-302") == before  # the move was never shown
    assert stored_plan(pete).crs["CR-302"].release == "R-MAR"
    assert audit_rows(pete) == audited
    assert undo_steps(pete) == 0
    assert WHY_BRD in message(pete)
    # His own team's bar moves as before.
    start = grab_points(view, "CR-309")["middle"]
    drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
    assert stored_plan(pete).crs["CR-309"].release == "R-APR"
    assert undo_steps(pete) == 1


def test_the_keyboard_moves_refuse_another_teams_cr_with_the_reason(pete, monkeypatch):
    view = timeline(pete)
    click(view, grab_points(view, "CR-302")["middle"])
    assert pete.workspace.selection.current == "CR-302"
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert f"CR-302 stays where it is: {WHY_BRD}" in message(pete)
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: asked.append(args) or ("", False))
    pete.statusBar().clearMessage()
    QTest.keyClick(view, Qt.Key.Key_M, CTRL)  # says so at once, without asking where to
    assert asked == []
    assert f"CR-302 stays where it is: {WHY_BRD}" in message(pete)
    assert stored_plan(pete).crs["CR-302"].release == "R-MAR"
    assert undo_steps(pete) == 0


def test_a_dragged_group_lists_the_other_teams_cr_and_moves_the_others(pete, qtbot):
    view = timeline(pete)
    keys = ["CR-309", "CR-302", "CR-311"]  # ACQ, BRD, ACQ, all in March
    click(view, grab_points(view, keys[0])["middle"])
    for key in keys[1:]:
        click(view, grab_points(view, key)["middle"], CTRL)
    assert pete.workspace.selection.keys == keys
    start = grab_points(view, "CR-309")["middle"]
    april = (go_live_x(view, "R-APR"), start[1])
    press_and_move(view, start, april)
    assert "CR-302" in view.drops.note.text() and "team BRD" in view.drops.note.text()
    seen = []
    answer_dialog(qtbot, "move-others", seen)
    release(view, april)
    assert "1 of the 3 change requests" in seen[0]
    assert f"<b>CR-302</b>: {WHY_BRD}" in seen[0]
    plan = stored_plan(pete)
    assert [plan.crs[k].release for k in keys] == ["R-APR", "R-MAR", "R-APR"]
    assert undo_steps(pete) == 1


def test_the_editor_shows_another_teams_cr_read_only_saying_why(pete, qtbot, monkeypatch):
    view = timeline(pete)
    point = pixel(view, *grab_points(view, "CR-302")["middle"]).toPoint()
    # As a mouse does it: a click, then the double-click and its release (pyqtgraph reports
    # the double-click on the release).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    ed = editor(pete)
    qtbot.waitUntil(lambda: ed.base is not None and ed.base.key == "CR-302")
    assert ed.access_note.isVisible()
    assert ed.access_note.text() == f"Read only: {WHY_BRD}."
    assert not ed.form.isEnabled() and not ed.dependencies.isEnabled()
    assert not ed.save_button.isEnabled() and not ed.delete_button.isEnabled()
    assert ed.save_button.toolTip() == f"Save: {WHY_BRD}"
    assert ed.delete_button.toolTip() == f"Delete: {WHY_BRD}"
    QTest.keyClick(ed, Qt.Key.Key_S, CTRL)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args)
                        or QMessageBox.StandardButton.No)
    QTest.keyClick(view, Qt.Key.Key_Delete)  # the window's Delete: refused, not confirmed
    assert asked == []
    assert message(pete) == f"CR-302 was not deleted: {WHY_BRD}"
    assert undo_steps(pete) == 0 and "CR-302" in stored_plan(pete).crs
    # His own team's CR is editable, and its team can only be one of his.
    open_cr(pete, "CR-301")
    qtbot.waitUntil(lambda: ed.base.key == "CR-301")
    assert not ed.access_note.isVisible() and ed.form.isEnabled()
    assert ed.delete_button.isEnabled()
    teams = [ed.form.team.itemData(i) for i in range(ed.form.team.count())]
    assert teams == ["ACQ", "RET"]


def test_new_cr_offers_only_the_planners_own_teams(pete, qtbot, monkeypatch):
    view = timeline(pete)
    click(view, grab_points(view, "CR-302")["middle"])  # near a Brand CR
    QTest.keyClick(pete, Qt.Key.Key_N, CTRL)
    ed = editor(pete)
    qtbot.waitUntil(lambda: ed.new)
    combo = ed.form.team
    assert [combo.itemData(i) for i in range(combo.count())] == ["ACQ", "RET"]
    assert combo.currentData() == "ACQ"
    assert not ed.access_note.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    QTest.keyClick(ed, Qt.Key.Key_Escape)  # the new CR is dropped: the window closes quietly
    assert not ed.new


def test_the_work_list_does_not_edit_another_teams_row(pete, qtbot):
    pete.show_page("work-list")
    view = work_list(pete)
    qtbot.waitUntil(view.isVisible)  # the list fills and lays out once shown
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
    ed = editor(pete)
    qtbot.waitUntil(lambda: ed.base is not None and ed.base.key == "CR-302")
    assert ed.access_note.isVisible()  # opened in the editor instead, read only
    QTest.keyClick(view.viewport(), Qt.Key.Key_F2)
    assert view.state() != QAbstractItemView.State.EditingState
    double_click_release("CR-301")  # his own: edited in place
    assert view.state() == QAbstractItemView.State.EditingState


def test_any_edit_touching_another_teams_cr_is_refused_before_it_shows(pete):
    # A path no view checks first (a conflict resolution, an undo): the session does.
    plan = pete.session.plan
    with pytest.raises(Refusal) as refused:
        pete.session.run(DeleteCr("CR-302"))
    assert refused.value.code == RefusalCode.FORBIDDEN and refused.value.message == WHY_BRD
    assert pete.session.plan is plan and undo_steps(pete) == 0
    assert "CR-302" in stored_plan(pete).crs


def test_on_postgresql_pete_dragging_a_brand_bar_is_refused_in_the_client(request, qtbot):
    from tests.storage.shared_db import SharedPlan

    shared = SharedPlan(request.getfixturevalue("postgres_server"))
    shared.set_up()  # the demo, `db roles`, pete a planner of ACQ and RET
    url = shared.url(shared.planner)
    store = open_store(url, user=shared.planner)
    writes = []
    original = store.write
    store.write = lambda *args: (writes.append(args), original(*args))[1]
    window = make_window(qtbot, store, url, shared.planner, size=(1200, 700))
    try:
        wait_until(lambda: window.session.core.permissions is not None,
                   what="reading the login's permissions")
        assert window.session.core.permissions.role == "planner"

        def audit_rows() -> int:
            with shared.connect(shared.owner) as conn:
                return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]

        audited = audit_rows()
        view = timeline(window)
        why = (f"needs the planner role for team BRD or the manager role; {shared.planner} is "
               "a planner of ACQ, RET")
        start = grab_points(view, "CR-302")["middle"]
        april = (go_live_x(view, "R-APR"), start[1])
        press_and_move(view, start, april)
        assert "CR-302 cannot go to R-APR" in view.drops.note.text()
        assert why in view.drops.note.text()
        release(view, april)
        wait_written(window)
        assert writes == []  # nothing was sent to the server
        assert audit_rows() == audited
        assert window.session.plan.crs["CR-302"].release == "R-MAR"
        assert undo_steps(window) == 0
        assert why in message(window)
        # His own team's bar moves, and reaches the server.
        start = grab_points(view, "CR-309")["middle"]
        drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
        wait_written(window)
        assert len(writes) == 1 and audit_rows() == audited + 1
    finally:
        window.close()
        store.close()


def test_on_the_board_another_teams_card_says_why_when_pressed_and_its_drop_moves_nothing(
        pete, qtbot):
    board = show_board(pete, qtbot)
    board.ensure_visible("CR-302")
    QTest.mouseClick(board.viewport(), Qt.MouseButton.LeftButton,
                     pos=board.card_rect("CR-302").center())
    assert pete.workspace.selection.current == "CR-302"
    assert message(pete) == f"CR-302 is read only for you: {WHY_BRD}."
    drag_card(board, "CR-302", "R-APR")
    assert f"CR-302 stays where it is: {WHY_BRD}" in message(pete)
    assert "CR-302" in cell(board, "BRD", "R-MAR")
    assert "CR-302" not in cell(board, "BRD", "R-APR")
    assert stored_plan(pete).crs["CR-302"].release == "R-MAR"
    assert undo_steps(pete) == 0


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
    window = make_window(qtbot, first, "first.db", "vera",
                         open_store_fn=lambda target: open_store(target, user="vera"))
    wait_until(lambda: window.session.core.permissions is not None,
               what="reading vera's permissions")
    new_cr, move, delete = (action(window, name) for name in ("new_cr", "move", "delete_cr"))
    assert not new_cr.isEnabled() and not move.isEnabled() and not delete.isEnabled()
    window.opening.open_database(str(second))
    wait_until(lambda: window.database == str(second) and window.session.plan is not None
               and window.session.idle(), what="opening second.db")
    assert new_cr.isEnabled() and move.isEnabled() and delete.isEnabled()
    assert "viewer" not in new_cr.toolTip()
    window.workspace.mover.drop("CR-309", Target("R-APR"))  # nothing refused here
    assert stored_plan(window).crs["CR-309"].release == "R-APR"
