"""A new, empty database opens on the welcome page, in the window: start from the demo, import a
plan file, or start empty with a first team and release; then the window shows the plan."""

from __future__ import annotations

import contextlib
import json
import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from app.generate.starting_plans import demo_plan
from app.plan_file.document import dump_plan
from storage.open_store import open_store
from tests.widgets.conftest import action, make_window, timeline, wait_loaded, wait_until


@pytest.fixture
def empty_window(qtbot, tmp_path):
    store = open_store(str(tmp_path / "new.db"), user="tester")
    win = make_window(qtbot, store, "new.db", "tester", size=(1200, 800))
    yield win
    store.close()


def welcome(window):
    return window.feature("setup").welcome


def showing_welcome(window) -> bool:
    return window.central.currentWidget() is welcome(window)


def stored(window):
    return window.session.core.store


def started(window) -> None:
    wait_until(lambda: window.session.plan is not None, what="the plan's start")
    wait_loaded(window)


def test_a_new_database_opens_on_the_welcome_page_not_on_an_empty_timeline(empty_window):
    assert showing_welcome(empty_window) and empty_window.centralWidget().isVisible()
    assert "new.db" in welcome(empty_window).heading.text()
    # The panels would show an empty plan beside the form: they step aside until there is one.
    assert not empty_window.docks["backlog"].isVisible()
    assert not empty_window.docks["capacity"].isVisible()
    assert empty_window.session.plan is None  # nothing was read: there is nothing
    assert not action(empty_window, "new_release").isEnabled()


def test_starting_from_the_demo_fills_the_database_and_shows_the_plan(empty_window, qtbot):
    qtbot.mouseClick(welcome(empty_window).demo, Qt.MouseButton.LeftButton)
    started(empty_window)
    store = stored(empty_window)
    assert store.load().plan == demo_plan()
    assert [row["kind"] for row in store.audit_of_action("filled with the demo plan")] == ["plan"]
    assert not showing_welcome(empty_window)
    assert len(timeline(empty_window).layout_data.lanes) == len(demo_plan().teams)
    assert action(empty_window, "new_release").isEnabled()
    assert empty_window.docks["backlog"].isVisible()  # the panels are back with the plan
    assert empty_window.docks["capacity"].isVisible()


def test_importing_a_plan_file_fills_the_database(empty_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    path.write_text(dump_plan(demo_plan()))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(welcome(empty_window).import_file, Qt.MouseButton.LeftButton)
    started(empty_window)
    assert stored(empty_window).load().plan == demo_plan()


def test_a_bad_plan_file_is_refused_whole_with_its_problems_and_nothing_is_written(
        empty_window, qtbot, tmp_path, monkeypatch):
    doc = json.loads(dump_plan(demo_plan()))
    doc["teams"][0]["members"] = 0
    doc["releases"][1]["go_live"] = "2027-02-30"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page = welcome(empty_window)
    qtbot.mouseClick(page.import_file, Qt.MouseButton.LeftButton)
    # The file is read and checked on a worker: the page says so when it is done.
    wait_until(page.problems.isVisible, what="the file's problems")
    shown = page.problems.text()
    assert "2 problems" in shown
    assert "teams[0].members: must be positive, not 0" in shown
    assert 'releases[1].go_live: "2027-02-30" is not a date that exists' in shown
    wait_loaded(empty_window)
    assert stored(empty_window).is_empty()
    assert showing_welcome(empty_window)
    assert page.import_file.isEnabled()  # try another file


def test_starting_empty_makes_a_plan_of_one_team_and_one_release(empty_window, qtbot):
    page = welcome(empty_window)
    for field, text in ((page.team_key, "ACQ"), (page.team_name, "Acquisition"),
                        (page.release_key, "R-MAR"), (page.release_name, "March")):
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)
    qtbot.mouseClick(page.create, Qt.MouseButton.LeftButton)
    started(empty_window)
    plan = stored(empty_window).load().plan
    assert list(plan.teams) == ["ACQ"] and plan.teams["ACQ"].name == "Acquisition"
    assert list(plan.releases) == ["R-MAR"] and plan.releases["R-MAR"].freeze_days == 3
    assert not plan.crs and not plan.items
    assert [lane.name for lane in timeline(empty_window).layout_data.lanes] == ["Acquisition"]
    assert [r.key for r in timeline(empty_window).layout_data.releases] == ["R-MAR"]
    backlog = empty_window.docks["backlog"]
    assert backlog.isVisible() and backlog.isEnabled()  # the panels are back with the plan


def test_starting_empty_without_names_says_so_next_to_the_fields(empty_window, qtbot):
    page = welcome(empty_window)
    page.release_key.clear()
    qtbot.mouseClick(page.create, Qt.MouseButton.LeftButton)
    assert page.errors["team.name"].text() == "give the team a name"
    assert page.errors["release.name"].text() == "give the release a name"
    assert page.errors["release.key"].text() == "must not be empty"
    assert page.errors["team.key"].isHidden()
    wait_loaded(empty_window)
    assert stored(empty_window).is_empty()


def test_a_login_that_may_not_fill_the_database_is_told_why(qtbot, tmp_path, monkeypatch):
    from app.rules.permissions import Permissions

    store = open_store(str(tmp_path / "new.db"), user="tester")
    monkeypatch.setattr(store, "permissions",
                        lambda: Permissions("vera", "viewer", enforced=True), raising=False)
    win = make_window(qtbot, store, "new.db", "vera")
    page = welcome(win)
    assert showing_welcome(win)
    assert not page.demo.isEnabled() and not page.create.isEnabled()
    assert page.status.text() == "needs the manager role; vera is a viewer"
    store.close()


def test_opening_a_new_database_from_the_window_shows_its_welcome_page(window, qtbot, tmp_path):
    window.opening.open_store = lambda target: open_store(target, user="tester")
    window.opening.open_database(str(tmp_path / "fresh.db"))
    wait_until(lambda: showing_welcome(window), what="the welcome page of fresh.db")
    assert "fresh.db" in welcome(window).heading.text()
    assert not action(window, "refresh").isEnabled()
    qtbot.mouseClick(welcome(window).demo, Qt.MouseButton.LeftButton)
    started(window)
    assert not showing_welcome(window) and action(window, "refresh").isEnabled()
    assert stored(window).load().plan == demo_plan()


def test_new_cr_on_the_welcome_page_says_what_it_needs_first(empty_window):
    QTest.keyClick(empty_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not empty_window.docks["editor"].isVisible()
    assert "needs a team and a planned release first" in \
        empty_window.statusBar().currentMessage()


def _dense_plan_file(tmp_path, n: int = 400):
    """A plan whose CRs all depend on each other (benchmarks/dense_deps_plan.py): a hostile
    file that takes the check a while, and is refused (a cycle)."""
    from benchmarks.dense_deps_plan import dense_deps_plan

    path = tmp_path / "dense.json"
    path.write_text(json.dumps(dense_deps_plan(n)))
    return path


def _files(folder) -> dict:
    """Each file and what it holds; of the database, every row but the presence board's (an
    open window says it is there, and refreshes it)."""
    out = {}
    for p in sorted(folder.iterdir()):
        if p.suffix == ".db":
            with contextlib.closing(sqlite3.connect(p)) as conn:
                out[p.name] = [line for line in conn.iterdump() if '"presence"' not in line]
        elif p.is_file() and not p.name.endswith(("-wal", "-shm")):
            out[p.name] = p.read_bytes()
    return out


def test_the_window_keeps_working_while_a_hostile_file_is_checked_and_its_refusal_writes_nothing(
        empty_window, qtbot, tmp_path):
    path = _dense_plan_file(tmp_path)
    page = welcome(empty_window)
    jobs = empty_window.session.jobs
    before = _files(tmp_path)
    ticks_while_reading = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks_while_reading.append(jobs.busy("import")))
    timer.start(1)
    page.import_path(str(path))
    assert page.cancel.isVisible() and not page.import_file.isEnabled()
    wait_until(page.problems.isVisible, what="the file's refusal")
    timer.stop()
    # The GUI thread went on handling its events while the worker checked the file.
    assert ticks_while_reading.count(True) >= 2
    assert f"{path} was not imported (1 problem); nothing was written" in page.problems.text()
    assert "change_requests[0].depends_on: dependency cycle" in page.problems.text()
    assert not page.cancel.isVisible() and page.import_file.isEnabled()
    wait_loaded(empty_window)
    assert stored(empty_window).is_empty() and showing_welcome(empty_window)
    assert _files(tmp_path) == before  # nor the database nor anything beside it changed


def test_cancelling_an_import_frees_the_page_at_once_and_writes_nothing(
        empty_window, qtbot, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(dump_plan(demo_plan()))
    page = welcome(empty_window)
    page.import_path(str(path))
    qtbot.mouseClick(page.cancel, Qt.MouseButton.LeftButton)
    assert page.import_file.isEnabled() and page.demo.isEnabled()
    assert f"The import of {path} was cancelled; nothing was written." in page.status.text()
    wait_until(lambda: not empty_window.session.jobs.busy("import"), what="the read's end")
    wait_loaded(empty_window)
    assert stored(empty_window).is_empty() and showing_welcome(empty_window)
    assert empty_window.session.plan is None and not page.problems.isVisible()
