"""The scenario picker: which plan the window works in (live, or a scenario), and new, switch,
rename, delete. Working in a scenario, the session's store is the scenario's (a store whose
plan is live plus the scenario's changes and whose writes go into the scenario), so every view
and every edit works unchanged, and nothing reaches live; a banner says so all the while.

All database work goes through the session's queue (`store.scenarios()`, the catalogue of
whichever store the window holds), never on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from app.edits.store_port import Snapshot
from app.scenarios.model import LIVE
from widgets.common.style import SCENARIO_AMBER

# Amber: nobody should mistake a scenario for the live plan.
BANNER_STYLE = (f"QLabel {{ background: {SCENARIO_AMBER}; color: #1d1d1d; padding: 6px 10px; "
                "font-weight: bold; }")
PICKER_STYLE = f"QComboBox {{ background: {SCENARIO_AMBER}; color: #1d1d1d; }}"


class Scenarios(QObject):
    switched = Signal(str)  # the window works in this plan from now on (LIVE or a name)
    names_changed = Signal(list)  # the scenarios there are, by name

    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.session = workspace.session
        self.current = LIVE
        self.names: list[str] = []
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(4, 0, 0, 0)
        self.picker = QComboBox()
        self.picker.setObjectName("scenario-picker")
        self.picker.setAccessibleName("Scenario")
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.picker.setMaximumWidth(180)  # a long name is cut: the toolbar fits 1280 pixels
        self.picker.setToolTip("The plan this window works in: live, or a scenario (a what-if "
                               "that nobody else's live plan sees)")
        self.picker.addItem(LIVE)
        self.picker.activated.connect(lambda i: self.switch(self.picker.itemText(i)))
        row.addWidget(self.picker)
        self.banner = QLabel()
        self.banner.setObjectName("scenario-banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        workspace.opened.connect(lambda _target: self._opened())
        self.refresh()

    @property
    def parent_widget(self):
        return self.workspace.dialog_parent

    # ---- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.session.queue(lambda store: store.scenarios().names()
                           if hasattr(store, "scenarios") else [],
                           self._fill, lambda _fault: None)

    def _fill(self, names: list[str]) -> None:
        self.names = list(names)
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItems([LIVE, *names])
        self.picker.setCurrentText(self.current)
        self.picker.blockSignals(False)
        self.names_changed.emit(self.names)

    def _opened(self) -> None:
        """Another database: its live plan is what the window shows."""
        self.current = LIVE
        self._show_current()
        self.refresh()

    # ---- switching ---------------------------------------------------------------------------

    def switch(self, name: str) -> None:
        if name == self.current:
            return
        held = None
        core = self.session.core
        if self.current == LIVE and core.plan is not None:
            # The live plan shown: the scenario is laid over it, not read whole again.
            held = (core.feed_from, Snapshot(core.plan, dict(core.versions)))
        def work(store):
            opened = store.scenarios().open(name, held)
            if held is None:
                return opened, None
            last = opened.last_change_id()
            snapshot = opened.load()
            laid = opened.overlaid  # None: live moved meanwhile, the plan was read whole
            return opened, (last, snapshot, laid) if laid is not None else None

        self.session.queue(work, lambda found: self._use(name, *found), self._failed)

    def _use(self, name: str, store, shown=None) -> None:
        if shown is not None:  # laid over the plan shown: drawn like an edit
            self.session.switch_store(store, *shown)
        else:
            self.session.use_store(store)
            self.session.load()
        self.current = name
        self._show_current()
        self.switched.emit(name)
        self.workspace.status.emit("Working in the live plan." if name == LIVE else
                                   f"Working in scenario {name}: live does not change.", 8000)

    def _show_current(self) -> None:
        self.picker.setCurrentText(self.current)
        live = self.current == LIVE
        self.picker.setStyleSheet("" if live else PICKER_STYLE)
        self.banner.setVisible(not live)
        if not live:
            self.banner.setText(
                f"Scenario \u201c{self.current}\u201d \u2014 not the live plan. Your edits go "
                "into this scenario only; the live plan and other planners' live views do not "
                "change. Promote (Plan \u25b8 Scenarios) applies what you decide to live.")

    def _failed(self, fault: Exception) -> None:
        QMessageBox.warning(self.parent_widget, "Scenarios", str(fault))
        self.refresh()

    # ---- new, rename, delete -----------------------------------------------------------------

    def new(self, name: str | None = None) -> None:
        source = self.current
        if name is None:
            name, ok = QInputDialog.getText(self.parent_widget, "New scenario",
                                            f"A name for the scenario (it starts as {source}):")
            if not ok:
                return
        self.session.queue(lambda store: store.scenarios().create(name, source),
                           lambda _none: (self.refresh(), self.switch(name)), self._failed)

    def rename(self, new: str | None = None) -> None:
        old = self.current
        if old == LIVE:
            return
        if new is None:
            new, ok = QInputDialog.getText(self.parent_widget, "Rename scenario",
                                           f"A new name for {old}:", text=old)
            if not ok or new == old:
                return

        def work(store):
            catalog = store.scenarios()
            catalog.rename(old, new)
            return catalog.open(new)

        self.session.queue(work, lambda store: (self._use(new, store), self.refresh()),
                           self._failed)

    def delete(self, confirm: bool = True) -> None:
        name = self.current
        if name == LIVE:
            return
        if confirm and QMessageBox.question(
                self.parent_widget, "Delete scenario",
                f"Delete scenario {name} and its changes? The live plan does not change."
        ) != QMessageBox.StandardButton.Yes:
            return

        def work(store):
            catalog = store.scenarios()
            catalog.delete(name)
            return catalog.open(LIVE)

        self.session.queue(work, lambda store: (self._use(LIVE, store), self.refresh()),
                           self._failed)
