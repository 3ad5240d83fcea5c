import time

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QTableView

from app.plan_file.document import read_plan
from storage.open_store import open_store
from tests.conftest import ROOT
from widgets.session.session import Session
from widgets.shell.features import FEATURES
from widgets.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    """Window geometry, zoom, recent databases and the unwritten-edits note go to a temporary
    folder, never to the developer's own."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(tmp_path / "settings"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield


def make_window(qtbot, store, name: str = "plan.db", user: str = "tester",
                size=(1400, 800), open_store_fn=None) -> MainWindow:
    """The main window on `store`, built from the real features, shown, its plan loaded."""
    win = MainWindow(Session(store), [make() for make in FEATURES], name, user, open_store_fn)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.session.load()
    wait_loaded(win)
    return win


def open_window(qtbot, tmp_path, plan, name: str = "plan.db", **kwargs):
    """The main window on a new database holding `plan`; returns it and its store."""
    store = open_store(str(tmp_path / name), user="tester")
    store.replace_all(plan, "demo")
    return make_window(qtbot, store, name, **kwargs), store


@pytest.fixture
def window(qtbot, tmp_path):
    """The main window on a fresh copy of the demo database."""
    win, store = open_window(qtbot, tmp_path, read_plan(ROOT / "resources" / "demo_plan.json"))
    yield win
    store.close()


def wait_until(condition, seconds: float = 10, what: str = "the window") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen in time"
        QApplication.processEvents()
        time.sleep(0.002)
    QApplication.processEvents()


def wait_loaded(window) -> None:
    """The plan (or the welcome page) is shown, and its marks are worked out."""
    session = window.session
    wait_until(lambda: (session.plan is not None or window.central.currentIndex() == 1)
               and session.runner.idle() and not session.busy(), what="the plan's load")


def wait_written(window, seconds: float = 10) -> None:
    """Edits are shown at once and written on a worker: wait until every one is written (or
    taken back), delivering the worker's answers meanwhile."""
    wait_until(window.session.idle, seconds, "writing the edits")


def stored_plan(window):
    """The plan as the database holds it once every edit on screen is written."""
    wait_written(window)
    return window.session.core.store.load().plan


# ---- the features, for tests -------------------------------------------------------------------

def timeline(window):
    """The timeline view (widgets/timeline/view.py)."""
    return window.feature("timeline").view


def board(window):
    return window.feature("board")


def editor(window):
    return window.feature("editor")


def preview(window):
    return window.feature("preview")


def work_list(window):
    return window.feature("work-list")


def backlog(window):
    """The backlog's model; its view is `window.docks["backlog"].widget()`."""
    return window.feature("backlog")


def backlog_view(window):
    """The backlog's table (inside its panel's scroll area)."""
    return window.docks["backlog"].findChild(QTableView)


def capacity(window):
    return window.feature("capacity")


def action(window, name: str):
    return window.menus.actions[name]


def select(window, key: str | None) -> None:
    """Select one CR, as a click on it does."""
    window.workspace.select_one(key)


def open_cr(window, key: str) -> None:
    """Open a CR in the editor, as a double-click does."""
    window.workspace.open_cr.emit(key)
