"""Opening another database from the window: a file, a server URL or a recent one. Unsaved
editor changes are never dropped on the way (Save, Discard or Cancel); the database is opened
off the GUI thread (a server may take seconds to answer, a file's schema to upgrade); one that
cannot be opened leaves the window on the one it shows; a read-only one is said up front."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from app.edits.store_port import StoreError
from app.session.targets import without_password
from widgets.shell.feature import Menu
from widgets.shell.layout_state import settings

RECENT_LIMIT = 8


def read_only_reason(store) -> str:
    """Why the window cannot write to `store`'s database, or "": the store found out when it
    opened it (storage.sqlite_file), for the user the program runs as. A server's refusals say
    so when an edit is tried."""
    return getattr(store, "read_only", "") or ""


class DatabaseOpening:
    def __init__(self, window, open_store: Callable | None):
        self.window = window
        self.open_store = open_store
        self.opening: str | None = None  # the target being opened now
        self.recent_menu = QMenu("Open recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu = window.menus.menus[Menu.FILE]
        file_menu.insertMenu(window.menus.actions["connect"], self.recent_menu)
        self.remember(window.database)
        window.session.set_read_only(read_only_reason(window.session.core.store))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_databases()
        if not recent:
            self.recent_menu.addAction("No recent plans").setEnabled(False)
        for target in recent:
            self.recent_menu.addAction(target, lambda t=target: self.open_database(t))

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a plan database", "",
                                              "Plan databases (*.db *.sqlite);;All files (*)")
        if path:
            self.open_database(path)

    def choose_server(self) -> None:
        url, ok = QInputDialog.getText(
            self.window, "Connect to a shared plan",
            "Server URL, such as postgresql+psycopg://planner@db.example.com/plans:",
            text=next((r for r in self.recent_databases() if "://" in r), ""))
        if ok and url.strip():
            self.open_database(url.strip())

    def open_database(self, target: str) -> None:
        """Open `target` on the worker, then show its plan; if it cannot be opened, say why
        and stay on this one."""
        window = self.window
        if self.open_store is None or self.opening is not None \
                or not window.workspace.may_close():
            return
        self.opening = target
        window.workspace.say(f"Opening {without_password(target)}...", 0)
        open_store = self.open_store
        window.session.jobs.run("open", lambda: open_store(target),
                                lambda store: self._opened(target, store),
                                lambda fault: self._not_opened(target, fault))

    def _not_opened(self, target: str, fault: Exception) -> None:
        self.opening = None
        window = self.window
        window.statusBar().clearMessage()
        reason = str(fault) if isinstance(fault, StoreError) else \
            f"{type(fault).__name__}: {fault}"
        QMessageBox.warning(window, "Release Planner", f"{without_password(target)} cannot "
                            "be opened.\n\n"
                            f"{reason}\n\nYou are still on {window.workspace.database}.")

    def _opened(self, target: str, store) -> None:
        self.opening = None
        window = self.window
        session = window.session
        window.layout_state.save_database()  # the database left keeps its view and panels
        if not session.idle():
            window.closing.may_close()  # the edits on their way belong to the old database
        window.workspace.closing.emit()  # the old database's feed stops
        old = session.core.store
        session.use_store(store)
        old.close()
        window.now_on(target, store)
        self.remember(window.database)
        session.set_read_only(read_only_reason(store))
        window.workspace.opened.emit(window.database)
        window.layout_state.restore_panels(switching=True)
        session.load()

    def close_store(self) -> None:
        self.window.session.core.store.close()

    def recent_databases(self) -> list[str]:
        stored = settings().value("recent/databases") or []
        if isinstance(stored, str):  # QSettings gives a one-entry list back as its string
            stored = [stored]
        return [str(r) for r in stored]

    def remember(self, target: str) -> None:
        recent = [target] + [r for r in self.recent_databases() if r != target]
        settings().setValue("recent/databases", recent[:RECENT_LIMIT])
