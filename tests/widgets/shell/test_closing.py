"""Nothing shown and then lost: closing the window (or SIGTERM from a logout) with edits on
screen whose writes are still queued writes them first, saying what it waits for; a planner
who gives up is told what will not be written, and so is the next start."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from PySide6.QtWidgets import QMessageBox, QProgressDialog

from app.model.plan import Target
from tests.conftest import ROOT
from tests.widgets.conftest import make_window, wait_until
from widgets.shell.closing import notes_path


def hold_write_lock(path):
    """Another program holding the SQLite file's write lock (as a long write would)."""
    lock = sqlite3.connect(path, timeout=0)
    lock.execute("BEGIN IMMEDIATE")
    return lock


def test_closing_with_a_queued_write_writes_it_first(window):
    window.workspace.mover.move(["CR-309"], Target("R-APR"))
    store = window.session.core.store
    window.close()  # at once: the write is still on its way
    assert store.load().plan.crs["CR-309"].release == "R-APR"


def test_closing_behind_a_locked_database_says_what_it_waits_for_and_what_is_lost(
        window, qtbot, tmp_path, monkeypatch):
    path = str(tmp_path / "plan.db")
    lock = hold_write_lock(path)
    try:
        window.workspace.mover.move(["CR-309"], Target("R-APR"))
        seen = []

        def give_up():
            dialogs = [w for w in window.findChildren(QProgressDialog) if w.isVisible()]
            if dialogs:
                seen.append(dialogs[0].labelText())
                dialogs[0].cancel()

        asked = []
        monkeypatch.setattr(QMessageBox, "warning",
                            lambda *args, **kwargs: asked.append(args[2]) or
                            QMessageBox.StandardButton.Discard)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(600, give_up)
        window.close()
    finally:
        lock.rollback()
        lock.close()
    assert seen and "Move CR-309 to R-APR" in seen[0] and "busy" in seen[0]
    assert asked and "Move CR-309 to R-APR" in asked[0]
    notes = json.loads(notes_path().read_text())
    assert notes[-1]["edits"] == ["Move CR-309 to R-APR"]
    # The next start on that plan lists it, once.
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    from storage.open_store import open_store

    again = make_window(qtbot, open_store(path, user="tester"), "plan.db")
    wait_until(lambda: shown, what="the note of the last session")
    assert "Move CR-309 to R-APR" in shown[0]
    assert json.loads(notes_path().read_text()) == []
    assert again.session.plan.crs["CR-309"].release == "R-MAR"  # it was not written


SCRIPT = textwrap.dedent("""
    import os, sys, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from app.model.plan import Target
    from storage.open_store import open_store
    from widgets.shell.desktop import open_window
    window = open_window(open_store(sys.argv[1], user="tester"), sys.argv[1], "tester")
    window.closing.follow_sigterm()
    while window.session.plan is None or window.session.busy():
        app.processEvents()
        time.sleep(0.01)
    print("loaded", flush=True)
    sys.stdin.readline()  # the test holds the database's write lock now
    window.workspace.mover.move(["CR-309"], Target("R-APR"))
    print("moved", flush=True)
    sys.exit(app.exec())
""")


def run_app(tmp_path, path, wait_s: str):
    """The app on `path`, loaded, with CR-309 moved while another program holds the write
    lock; returns the process and the lock."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               RELEASE_PLANNER_SIGTERM_WAIT=wait_s)
    app = subprocess.Popen([sys.executable, "-c", SCRIPT, path], env=env, cwd=ROOT,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    assert app.stdout.readline().strip() == "loaded"
    lock = hold_write_lock(path)
    app.stdin.write("go\n")
    app.stdin.flush()
    assert app.stdout.readline().strip() == "moved"
    return app, lock


def test_sigterm_writes_the_edits_on_screen_before_the_program_ends(window, tmp_path):
    path = str(tmp_path / "plan.db")
    window.close()
    app, lock = run_app(tmp_path, path, "20")
    app.send_signal(signal.SIGTERM)
    time.sleep(1.0)  # the window waits for the database...
    assert app.poll() is None
    lock.rollback()  # ...which becomes free
    lock.close()
    assert app.wait(timeout=30) == 0
    from storage.open_store import open_store

    assert open_store(path).load().plan.crs["CR-309"].release == "R-APR"


def test_sigterm_that_cannot_write_says_which_edits_were_not_written(window, tmp_path):
    path = str(tmp_path / "plan.db")
    window.close()
    app, lock = run_app(tmp_path, path, "1")
    try:
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) == 143
        err = app.stderr.read()
    finally:
        lock.rollback()
        lock.close()
    assert "NOT written" in err and "Move CR-309 to R-APR" in err
    notes = json.loads((tmp_path / "data" / "release-planner" / "unwritten-edits.json")
                       .read_text())
    assert notes[-1]["edits"] == ["Move CR-309 to R-APR"]
