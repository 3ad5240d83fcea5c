import pytest
from PySide6.QtCore import QSettings

from app.edits.service import PlanService
from app.plan_file.document import read_plan
from storage.open_store import open_store
from tests.conftest import ROOT
from widgets.session.controller import PlanController
from widgets.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def own_settings(tmp_path):
    """Window geometry, zoom and recent databases go to a temporary folder, never to the
    developer's own settings."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(tmp_path / "settings"))
    yield


def open_window(qtbot, tmp_path, plan, name: str = "plan.db"):
    """The main window on a new database holding `plan`; returns it and its store."""
    store = open_store(str(tmp_path / name), user="tester")
    store.replace_all(plan, "demo")
    controller = PlanController(PlanService(store, reuse_snapshot=True))
    win = MainWindow(controller, name, "tester")
    qtbot.addWidget(win)
    win.resize(1400, 800)
    controller.reload()
    win.show()
    qtbot.waitExposed(win)
    return win, store


@pytest.fixture
def window(qtbot, tmp_path):
    """The main window on a fresh copy of the demo database."""
    win, store = open_window(qtbot, tmp_path, read_plan(ROOT / "resources" / "demo_plan.json"))
    yield win
    store.close()


def wait_written(window, seconds: float = 10) -> None:
    """Edits are shown at once and written on a worker: wait until every one is written (or
    taken back), delivering the worker's answers meanwhile."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not window.controller.idle():
        assert time.monotonic() < deadline, "the edits were not written in time"
        QApplication.processEvents()
        time.sleep(0.002)
    QApplication.processEvents()


def stored_plan(window):
    """The plan as the database holds it once every edit on screen is written."""
    wait_written(window)
    return window.controller.service.store.load().plan
