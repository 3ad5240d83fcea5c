"""The filter toolbar (team, offer pack, stage, search text: every view narrows) and Find:
Enter in the search box (or F3) selects the next matching CR and centres it on the timeline;
Shift+F3 goes back."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QToolBar

from app.model.plan import STAGES
from app.views.cr_filter import CrFilter
from widgets.shell.actions import action

SEARCH_PAUSE_MS = 250  # filter once typing pauses, not on every key, at 100,000 CRs
COMBO_CHARS = 14  # combos stay this wide whatever the longest team or pack name


class FilterBar:
    def __init__(self, win):
        self.win = win
        bar = QToolBar("Filters")
        bar.setObjectName("filter-toolbar")
        win.addToolBarBreak()
        win.addToolBar(bar)
        self.team, self.pack, self.stage = QComboBox(), QComboBox(), QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search CRs, titles, items (Ctrl+F, Enter: find)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.search.setMaximumWidth(420)
        self.search.returnPressed.connect(lambda: self.find(1))
        action(win, "Find", "Ctrl+F", lambda: (self.search.setFocus(), self.search.selectAll()),
               "Search, then Enter selects the first match")
        action(win, "Find next", "F3", lambda: self.find(1), "Select the next match")
        action(win, "Find previous", "Shift+F3", lambda: self.find(-1),
               "Select the previous match")
        for label, widget in (("Team", self.team), ("Offer pack", self.pack),
                              ("Stage", self.stage), ("Search", self.search)):
            bar.addWidget(QLabel(f" {label} "))
            bar.addWidget(widget)
        for combo in (self.team, self.pack, self.stage):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(COMBO_CHARS)
            combo.currentIndexChanged.connect(self.changed)
        self.pause = QTimer(win)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.changed)
        self.search.textChanged.connect(self.pause.start)
        self._found: str | None = None  # the last CR Find selected

    def fill_choices(self) -> None:
        plan = self.win.controller.plan
        choices = ((self.team, "All teams", [(t.key, t.name) for t in plan.teams.values()]),
                   (self.pack, "All offer packs", [(p.key, p.name) for p in plan.packs.values()]),
                   (self.stage, "All stages", [(s, s.replace("_", " ")) for s in STAGES]))
        for combo, everything, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key, name in items:
                combo.addItem(name, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def current(self) -> CrFilter:
        return CrFilter(self.team.currentData(), self.pack.currentData(),
                        self.stage.currentData(), self.search.text())

    def changed(self) -> None:
        self.pause.stop()
        win = self.win
        if win.controller.filter == self.current():
            return
        win.controller.set_filter(self.current())
        if win.controller.plan is not None:
            win.timeline.show_matches()

    # ---- find --------------------------------------------------------------------------------

    def matches(self) -> list[str]:
        """The CRs the filter shows, a key typed in full first, then in key order."""
        layout = self.win.controller.layout
        if layout is None:
            return []
        found = sorted({b.cr for b in layout.bars} | set(layout.backlog))
        typed = self.search.text().strip().upper()
        if typed in found:
            found.remove(typed)
            found.insert(0, typed)
        return found

    def find(self, step: int) -> None:
        """Select the next (step 1) or previous (-1) match and bring it into view."""
        win = self.win
        if self.pause.isActive() or win.controller.filter != self.current():
            self.changed()  # Enter before the typing pause: filter now
        found = self.matches()
        if not found:
            win.statusBar().showMessage(f'No change request matches "{self.search.text()}".',
                                        8000)
            return
        at = found.index(self._found) + step if self._found in found else 0
        key = found[at % len(found)]
        self._found = key
        win.show_found(key)
        win.statusBar().showMessage(f"{key}: match {at % len(found) + 1} of {len(found)} "
                                    "(F3: next, Shift+F3: previous).", 8000)
