"""A new, empty database opens on the welcome page, in the window: start from the demo, import a
plan file, or start empty with a first team and release; then the window shows the plan."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from app.edits.service import PlanService
from app.generate.starting_plans import demo_plan
from app.plan_file.document import dump_plan
from storage.open_store import open_store
from tests.widgets.conftest import wait_written
from widgets.session.controller import PlanController
from widgets.shell.main_window import MainWindow


@pytest.fixture
def empty_window(qtbot, tmp_path):
    store = open_store(str(tmp_path / "new.db"), user="tester")
    controller = PlanController(PlanService(store, reuse_snapshot=True))
    win = MainWindow(controller, "new.db", "tester")
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.plan_setup.start()
    yield win
    store.close()


def started(window, qtbot) -> None:
    qtbot.waitUntil(lambda: window.controller.plan is not None, timeout=10_000)
    wait_written(window)


def test_a_new_database_opens_on_the_welcome_page_not_on_an_empty_timeline(empty_window):
    setup = empty_window.plan_setup
    assert setup.showing_welcome() and empty_window.centralWidget().isVisible()
    assert "new.db" in setup.welcome.heading.text()
    assert not empty_window.backlog_dock.isVisible()
    assert empty_window.controller.plan is None  # nothing was read: there is nothing
    assert not setup.actions["new_release"].isEnabled()


def test_starting_from_the_demo_fills_the_database_and_shows_the_plan(empty_window, qtbot):
    qtbot.mouseClick(empty_window.plan_setup.welcome.demo, Qt.MouseButton.LeftButton)
    started(empty_window, qtbot)
    store = empty_window.controller.service.store
    assert store.load().plan == demo_plan()
    assert [row["kind"] for row in store.audit_of_action("filled with the demo plan")] == ["plan"]
    assert not empty_window.plan_setup.showing_welcome()
    assert len(empty_window.timeline.layout_data.lanes) == len(demo_plan().teams)
    assert empty_window.plan_setup.actions["new_release"].isEnabled()


def test_importing_a_plan_file_fills_the_database(empty_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    path.write_text(dump_plan(demo_plan()))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(empty_window.plan_setup.welcome.import_file, Qt.MouseButton.LeftButton)
    started(empty_window, qtbot)
    assert empty_window.controller.service.store.load().plan == demo_plan()


def test_a_bad_plan_file_is_refused_whole_with_its_problems_and_nothing_is_written(
        empty_window, qtbot, tmp_path, monkeypatch):
    doc = json.loads(dump_plan(demo_plan()))
    doc["teams"][0]["members"] = 0
    doc["releases"][1]["go_live"] = "2027-02-30"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    welcome = empty_window.plan_setup.welcome
    qtbot.mouseClick(welcome.import_file, Qt.MouseButton.LeftButton)
    shown = welcome.problems.text()
    assert welcome.problems.isVisible() and "2 problems" in shown
    assert "teams[0].members: must be positive, not 0" in shown
    assert 'releases[1].go_live: "2027-02-30" is not a date that exists' in shown
    wait_written(empty_window)
    assert empty_window.controller.service.store.is_empty()
    assert empty_window.plan_setup.showing_welcome()


def test_starting_empty_makes_a_plan_of_one_team_and_one_release(empty_window, qtbot):
    welcome = empty_window.plan_setup.welcome
    for field, text in ((welcome.team_key, "ACQ"), (welcome.team_name, "Acquisition"),
                        (welcome.release_key, "R-MAR"), (welcome.release_name, "March")):
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)
    qtbot.mouseClick(welcome.create, Qt.MouseButton.LeftButton)
    started(empty_window, qtbot)
    plan = empty_window.controller.service.store.load().plan
    assert list(plan.teams) == ["ACQ"] and plan.teams["ACQ"].name == "Acquisition"
    assert list(plan.releases) == ["R-MAR"] and plan.releases["R-MAR"].freeze_days == 3
    assert not plan.crs and not plan.items
    assert [lane.name for lane in empty_window.timeline.layout_data.lanes] == ["Acquisition"]
    assert [r.key for r in empty_window.timeline.layout_data.releases] == ["R-MAR"]
    assert empty_window.backlog_dock.isVisible()  # the docks are back with the plan


def test_starting_empty_without_names_says_so_next_to_the_fields(empty_window, qtbot):
    welcome = empty_window.plan_setup.welcome
    welcome.release_key.clear()
    qtbot.mouseClick(welcome.create, Qt.MouseButton.LeftButton)
    assert welcome.errors["team.name"].text() == "give the team a name"
    assert welcome.errors["release.name"].text() == "give the release a name"
    assert welcome.errors["release.key"].text() == "must not be empty"
    assert welcome.errors["team.key"].isHidden()
    assert empty_window.controller.service.store.is_empty()


def test_a_login_that_may_not_fill_the_database_is_told_why(qtbot, tmp_path, monkeypatch):
    from app.rules.permissions import Permissions

    store = open_store(str(tmp_path / "new.db"), user="tester")
    monkeypatch.setattr(store, "permissions",
                        lambda: Permissions("vera", "viewer", enforced=True), raising=False)
    win = MainWindow(PlanController(PlanService(store, reuse_snapshot=True)), "new.db", "vera")
    qtbot.addWidget(win)
    win.plan_setup.start()
    welcome = win.plan_setup.welcome
    assert not welcome.demo.isEnabled() and not welcome.create.isEnabled()
    assert welcome.status.text() == "needs the manager role; vera is a viewer"
    store.close()


def test_opening_a_new_database_from_the_window_shows_its_welcome_page(window, qtbot, tmp_path):
    window.open_store = lambda target: open_store(target, user="tester")
    assert window.open_database(str(tmp_path / "fresh.db"))
    setup = window.plan_setup
    assert setup.showing_welcome() and "fresh.db" in setup.welcome.heading.text()
    assert not window.refresh_action.isEnabled()
    qtbot.mouseClick(setup.welcome.demo, Qt.MouseButton.LeftButton)
    started(window, qtbot)
    assert not setup.showing_welcome() and window.refresh_action.isEnabled()
    assert window.controller.service.store.load().plan == demo_plan()


def test_new_cr_on_the_welcome_page_says_what_it_needs_first(empty_window):
    QTest.keyClick(empty_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not empty_window.editor_dock.isVisible()
    assert "needs a team and a planned release first" in \
        empty_window.statusBar().currentMessage()
