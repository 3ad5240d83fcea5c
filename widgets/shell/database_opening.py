"""Opening another database from the window: a file, a server URL or a recent one. Unsaved
editor changes are never dropped on the way (Save, Discard or Cancel), a database that cannot
be opened leaves the window on the one it shows, and a read-only one is said up front."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.edits.service import PlanService
from app.edits.store_port import StoreError

RECENT_LIMIT = 8


def read_only_reason(target: str) -> str | None:
    """Why the window cannot write to `target` (a file path), or None. A server URL is not
    checked here: its refusals say so when an edit is tried."""
    if "://" in target:
        return None
    path = os.path.abspath(target)
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return f"{target} is read-only"
    folder = os.path.dirname(path)
    if os.path.isdir(folder) and not os.access(folder, os.W_OK):
        return f"the folder of {target} is read-only (the database needs it for its journal)"
    return None


class DatabaseOpening:
    """Part of MainWindow: the Open menu, recent databases, and switching databases."""

    def _fill_open_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        menu.addAction(self.open_file_action)
        menu.addAction(self.connect_action)
        recent = self.recent_databases()
        if recent:
            menu.addSection("Recent")
            for target in recent:
                menu.addAction(target, lambda t=target: self.open_database(t))

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a plan database", "",
                                              "Plan databases (*.db *.sqlite);;All files (*)")
        if path:
            self.open_database(path)

    def choose_server(self) -> None:
        url, ok = QInputDialog.getText(
            self, "Connect to a shared plan",
            "Server URL, such as postgresql+psycopg://planner@db.example.com/plans:",
            text=next((r for r in self.recent_databases() if "://" in r), ""))
        if ok and url.strip():
            self.open_database(url.strip())

    def open_database(self, target: str) -> bool:
        """Show the plan in `target`; if it cannot be opened, say why and stay on this one."""
        if self.open_store is None or not self.editor_may_close():
            return False
        try:
            store = self.open_store(target)
        except StoreError as fault:
            QMessageBox.warning(self, "Release Planner",
                                f"{target} cannot be opened.\n\n{fault}\n\n"
                                f"You are still on {self.database}.")
            return False
        self.save_view_state()  # the database being left keeps its zoom, scroll and docks
        self.controller.wait_idle()  # the edits on their way belong to the old database
        self.shared.stop()
        old = self.controller.service.store
        self.controller.use_service(PlanService(store, reuse_snapshot=True))
        old.close()
        self.shared.start(store)
        self.undo_stack.clear()  # its moves belong to the other database
        self.database = target
        self.exporter.database = target
        self.setWindowTitle(f"Release Planner: {target}")
        self._remember(target)
        self.timeline.layout_data = None
        self.timeline.bars.collapsed.clear()
        self.chains = None
        self.filters.team.clear()  # refilled from the new plan
        self.restore_docks()
        self.show_read_only()
        self.plan_setup.start()  # its plan, or the welcome page of an empty database
        return True

    def recent_databases(self) -> list[str]:
        stored = self.settings().value("recent/databases") or []
        if isinstance(stored, str):  # QSettings gives a one-entry list back as its string
            stored = [stored]
        return [str(r) for r in stored]

    def _remember(self, target: str) -> None:
        recent = [target] + [r for r in self.recent_databases() if r != target]
        self.settings().setValue("recent/databases", recent[:RECENT_LIMIT])

    def editor_may_close(self) -> bool:
        """Unsaved editor changes: Save, Discard or Cancel. False on Cancel (or when a save
        was refused: the problems show in the editor)."""
        editor = self.editor
        if editor.base is None or not editor.dirty:
            return True
        key = f"The new change request {editor.base.key}" if editor.new else editor.base.key
        answer = QMessageBox.question(
            self, "Unsaved change request", f"{key} has changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            if not editor.save():
                self.editor_dock.show()
                self.editor_dock.raise_()
                return False
            return True
        if answer == QMessageBox.StandardButton.Discard:
            editor.revert()
            return True
        return False

    def show_read_only(self) -> None:
        """Say up front that the database cannot be changed, and disable what would."""
        reason = read_only_reason(self.database)
        self.read_only = reason is not None
        self.read_only_note.setText(f"Read-only: {reason}. You can look at the plan and export "
                                    "reports, but not change it." if reason else "")
        self.read_only_note.setVisible(self.read_only)
        for act in (self.new_action, self.move_action, self.move_later_action,
                    self.move_earlier_action, self.delete_action):
            act.setEnabled(not self.read_only)
        self.editor.setEnabled(not self.read_only)
