"""The client on bad databases (issue 25 item 7), run as an ordinary user: a read-only file is
shown read-only and nothing is written beside it; a damaged one, or an empty --db, is refused
with a dialog and the file is left as it was."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from main import main
from storage.open_store import open_store
from tests.widgets.conftest import action, make_window, wait_until
from widgets.shell.desktop import run_desktop

NOBODY = 65534


@contextlib.contextmanager
def ordinary_user():
    """Run the body as an ordinary user (nobody) when the tests run as root: root may write
    any file, so a read-only one is only read-only for someone else. Effective ids only, so
    the test gets root back afterwards."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def shared_folder():
    """A folder an ordinary user may read (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="rp-h25-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def contents(folder: Path) -> dict[str, str]:
    """Each file in `folder` and what it holds: a command that changed nothing leaves it so."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def read_only_copy(demo_file: Path, folder: Path, folder_mode: int) -> Path:
    db = folder / "plan.db"
    shutil.copy(demo_file, db)
    db.chmod(0o444)
    folder.chmod(folder_mode)
    return db


@pytest.mark.parametrize("folder_mode", [0o755, 0o777], ids=["read-only folder",
                                                             "writable folder"])
def test_a_read_only_file_shows_its_plan_read_only_and_nothing_is_written_beside_it(
        qtbot, demo_file, shared_folder, folder_mode):
    db = read_only_copy(demo_file, shared_folder, folder_mode)
    before = contents(shared_folder)
    with ordinary_user():
        store = open_store(str(db), user="tester")
        try:
            win = make_window(qtbot, store, str(db))
            assert len(win.session.plan.crs) == 31  # the plan is read, on the worker thread
            assert win.read_only_note.isVisible()
            assert f"{db} is read-only" in win.read_only_note.text()
            assert not action(win, "new_cr").isEnabled()
            qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            assert len(win.session.core.store.load().plan.crs) == 31
            qtbot.wait(300)  # the change feed's first poll and the presence heartbeat
            assert win.session.core.offline == ""  # no "cannot be reached" from the feed
            win.close()
        finally:
            store.close()
    assert contents(shared_folder) == before  # no -wal, no -shm, no presence row


def _damage(demo_file: Path, folder: Path) -> Path:
    db = folder / "plan.db"
    shutil.copy(demo_file, db)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("DELETE FROM settings")
        conn.commit()
    for end in ("-wal", "-shm"):
        Path(f"{db}{end}").unlink(missing_ok=True)
    return db


def _dialogs(monkeypatch) -> list[str]:
    shown: list[str] = []

    def record(_parent, _title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    return shown


def test_a_damaged_database_is_refused_at_start_with_a_dialog_and_left_as_it_was(
        qapp, demo_file, shared_folder, monkeypatch):
    db = _damage(demo_file, shared_folder)
    before = contents(shared_folder)
    shown = _dialogs(monkeypatch)
    assert run_desktop(lambda target: open_store(target), str(db), "tester") == 2
    assert len(shown) == 1
    assert "damaged: table teams has rows but table settings has no row" in shown[0]
    assert contents(shared_folder) == before


def test_opening_a_damaged_database_from_the_window_says_why_and_stays_on_the_plan_shown(
        qtbot, tmp_path, demo_file, shared_folder, monkeypatch):
    here = tmp_path / "here.db"
    shutil.copy(demo_file, here)
    damaged = _damage(demo_file, shared_folder)
    before = contents(shared_folder)
    store = open_store(str(here), user="tester")
    shown = _dialogs(monkeypatch)
    try:
        win = make_window(qtbot, store, str(here), open_store_fn=lambda t: open_store(t))
        win.opening.open_database(str(damaged))
        wait_until(lambda: shown, what="the refusal")
        assert f"{damaged} cannot be opened" in shown[0] and "damaged" in shown[0]
        assert win.database == str(here) and len(win.session.plan.crs) == 31
        win.close()
    finally:
        store.close()
    assert contents(shared_folder) == before


def test_an_empty_db_is_refused_with_a_dialog_and_the_local_plan_is_not_created(
        qapp, tmp_path, monkeypatch):
    local = tmp_path / "local" / "plan.db"
    monkeypatch.setenv("RELEASE_PLANNER_DB", str(local))
    shown = _dialogs(monkeypatch)
    assert main(["--db", ""]) == 2
    assert len(shown) == 1 and "--db: empty" in shown[0]
    assert not local.parent.exists()


def test_a_row_that_breaks_a_plan_rule_is_named_in_a_dialog_and_nothing_is_written(
        qtbot, demo_file, shared_folder, monkeypatch):
    from widgets.session.session import Session
    from widgets.shell.features import FEATURES
    from widgets.shell.main_window import MainWindow

    db = shared_folder / "plan.db"
    shutil.copy(demo_file, db)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE change_requests SET priority = 9 WHERE key = 'CR-203'")
        conn.commit()
    store = open_store(str(db), user="tester")
    before = _plan_rows(db)
    shown = _dialogs(monkeypatch)
    try:
        win = MainWindow(Session(store), [make() for make in FEATURES], str(db), "tester", None)
        qtbot.addWidget(win)
        win.show()
        win.session.load()
        wait_until(lambda: shown, what="the damaged row's dialog")
        assert "damaged row in table change_requests, key 'CR-203': priority: 9 is not a " \
               "priority from 1 to 5" in shown[0]
        assert win.session.plan is None  # nothing of the damaged plan to edit
        win.close()
    finally:
        store.close()
    assert _plan_rows(db) == before  # the plan and its audit log: the window wrote nothing


def _plan_rows(db: Path) -> list[str]:
    """Every row of the file but the presence board's (a window says it is there while open)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [line for line in conn.iterdump() if '"presence"' not in line]
