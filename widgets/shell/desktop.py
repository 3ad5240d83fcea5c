"""Starting the desktop client: a QApplication, the session, the main window built from the
features, and a dialog (never a traceback) when the database cannot be opened."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from app.edits.store_port import PlanStore, StoreError


def run_desktop(open_store: Callable[[str], PlanStore], database: str, user: str,
                argv: list[str] | None = None) -> int:
    """`open_store(target)` opens a database by file path or URL: `database` first, then any
    the planner opens from the window."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")):
        print("release-planner: no display to open the desktop client on; run it in a desktop "
              "session, or try: release-planner bundle --release R-FEB", file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication, QMessageBox

    from widgets.common.palette import apply_theme

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Release Planner")
    apply_theme(app)
    try:
        store = open_store(database)
    except StoreError as fault:
        QMessageBox.critical(None, "Release Planner", f"The plan cannot be opened.\n\n{fault}")
        return 2
    window = open_window(store, database, user, open_store)
    window.closing.follow_sigterm()
    return app.exec()


def open_window(store, database: str, user: str, open_store=None, today=None):
    """The main window on `store`, shown; its plan follows from the worker thread (or the
    welcome page, when the database holds none)."""
    from widgets.session.session import Session

    session = Session(store, today)
    # The worker reads the plan while this thread imports and builds the window; its answer
    # waits in the event loop until the window listens (a second off the first paint at
    # 100,000 CRs).
    session.load()
    from widgets.shell.features import FEATURES
    from widgets.shell.main_window import MainWindow

    window = MainWindow(session, [make() for make in FEATURES], database, user, open_store)
    window.show()
    return window
