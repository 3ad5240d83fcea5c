"""Promoting from the window is one edit (issue 22): promoted through the dialog's buttons, it
reaches another planner's live window through the change feed; Ctrl+Z takes it out of live and
puts the changes back into the scenario, as one step named for the scenario, and Ctrl+Y
promotes them again. On SQLite, and on PostgreSQL with a planner's login (the server's roles
guard the scenario's rows) beside a manager's window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.edits.crs import SetStage
from app.scenarios.model import LIVE
from storage.open_store import open_store
from storage.scenario_store import ScenarioCatalog
from tests.storage.shared_db import SharedPlan
from tests.widgets.conftest import wait_loaded, wait_until
from tests.widgets.scenarios.test_scenarios_gui import _move_in_window, _scenario
from tests.widgets.sharing.conftest import planner_window
from widgets.scenarios.promote_dialog import PromoteDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(params=["sqlite", "postgresql"])
def planners(request, qtbot, tmp_path):
    """The promoting planner's window, another planner's window on live, and a store to look
    at the database with."""
    if request.param == "sqlite":
        target = str(tmp_path / "shared.db")
        store = open_store(target, user="setup")
        from tests.app.plan_builder import demo_plan

        store.replace_all(demo_plan(), "demo")
        store.close()
        logins = ((target, "ann"), (target, "bob"))
        look = target
    else:
        shared = SharedPlan(request.getfixturevalue("postgres_server"))
        shared.set_up()
        # Pete plans ACQ and RET only: every row he promotes and takes back is his teams'.
        logins = ((shared.url(shared.planner), shared.planner),
                  (shared.url(shared.manager), shared.manager))
        look = shared.url(shared.owner)
    ann = planner_window(qtbot, *logins[0])
    bob = planner_window(qtbot, *logins[1])
    store = open_store(look, user="look")
    yield ann, bob, store
    store.close()
    for window in (ann, bob):
        window.close()


def _live(store, cr):
    return store.load().plan.crs[cr]


def _seen_by(window, cr):
    window.feature("sharing").feed.catch_up()
    wait_loaded(window)
    return window.session.plan.crs[cr]


def _press(window, key):
    window.activateWindow()  # two windows: the planner's own gets the keys
    wait_until(window.isActiveWindow, what="the window's focus")
    view = window.feature("timeline").view
    view.setFocus()
    QTest.keyClick(view, key, CTRL)
    wait_until(lambda: window.session.idle() and not window.session._stored, what="the step")
    wait_loaded(window)


def _promote_through_the_dialog(window, qtbot, changes: int) -> None:
    """Promote all of april with the dialog's button, once it lists its `changes`."""
    dialog = PromoteDialog(window.session, "april", window)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_until(lambda: len(dialog.items()) == changes, what="the checklist")
    qtbot.mouseClick(dialog.promote_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: dialog.result() == dialog.DialogCode.Accepted, what="the promote")
    wait_loaded(window)


def test_ctrl_z_takes_a_promotion_back_out_of_live_and_into_the_scenario(planners, qtbot):
    ann, bob, store = planners
    _scenario(ann, "april")
    _move_in_window(ann, "CR-301", "R-APR")
    ann.session.run(SetStage("CR-304", "test"))
    wait_until(ann.session.idle)
    catalog = ScenarioCatalog(store)
    held = [(c.key, c.after, c.version) for c in catalog.changes("april")[0]]
    assert [k for k, _, _ in held] == ["CR-301", "CR-304"]
    before = store.load().plan

    _promote_through_the_dialog(ann, qtbot, changes=2)
    assert (_live(store, "CR-301").release, _live(store, "CR-304").stage) == ("R-APR", "test")
    assert catalog.changes("april")[0] == []
    assert _seen_by(bob, "CR-301").release == "R-APR"  # announced: live windows see it
    undo = ann.menus.actions["undo"]
    assert undo.isEnabled() and undo.text() == "Undo Promote scenario april"

    _press(ann, Qt.Key.Key_Z)
    assert store.load().plan.crs == before.crs  # live as it was
    assert [(c.key, c.after, c.version) for c in catalog.changes("april")[0]] == held
    assert not any(s.stale for s in catalog.list())
    assert ann.session.plan.crs["CR-301"].release == "R-APR"  # the scenario's plan shown
    assert _seen_by(bob, "CR-301").release == "R-MAR"
    entries = [c.action for c, _ in store.audit_history(limit=3)]
    assert entries[0] == "undo: Promote scenario april"
    assert "Undone: Promote scenario april" in ann.statusBar().currentMessage()
    assert ann.menus.actions["redo"].text() == "Redo Promote scenario april"

    _press(ann, Qt.Key.Key_Y)
    assert (_live(store, "CR-301").release, _live(store, "CR-304").stage) == ("R-APR", "test")
    assert catalog.changes("april")[0] == []
    assert _seen_by(bob, "CR-301").release == "R-APR"
    assert [c.action for c, _ in store.audit_history(limit=1)] == \
        ["redo: Promote scenario april"]


def test_an_undo_over_a_later_live_change_is_refused_and_nothing_moves(planners, qtbot):
    ann, bob, store = planners
    _scenario(ann, "april")
    _move_in_window(ann, "CR-301", "R-APR")
    _promote_through_the_dialog(ann, qtbot, changes=1)
    _seen_by(bob, "CR-301")
    _move_in_window(bob, "CR-301", "R-MAR")  # another planner moves it back in live, by hand
    assert bob.feature("scenarios").current == LIVE
    _press(ann, Qt.Key.Key_Z)
    assert "Promote scenario april was not undone" in ann.statusBar().currentMessage()
    assert _live(store, "CR-301").release == "R-MAR"  # bob's move stands
    assert ScenarioCatalog(store).changes("april")[0] == []  # nothing came back
    assert ann.menus.actions["undo"].text() == "Undo Promote scenario april"

