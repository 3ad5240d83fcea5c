"""Starting the desktop client: a QApplication, the main window, and a dialog (never a
traceback) when the database cannot be opened."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from app.edits.service import PlanService
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

    from widgets.session.controller import PlanController
    from widgets.shell.main_window import MainWindow
    from widgets.shell.palette import apply_theme

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Release Planner")
    apply_theme(app)
    try:
        store = open_store(database)
    except StoreError as fault:
        QMessageBox.critical(None, "Release Planner", f"The plan cannot be opened.\n\n{fault}")
        return 2
    controller = PlanController(PlanService(store, reuse_snapshot=True))
    window = MainWindow(controller, database, user, open_store)
    window.show()  # at once; the plan follows from the worker thread
    window.plan_setup.start()  # or the welcome page, when the database holds no plan
    try:
        return app.exec()
    finally:
        controller.service.store.close()
