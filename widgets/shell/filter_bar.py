"""The filter toolbar (team, offer pack, stage, search text: every page narrows) and Find:
Enter in the search box (or F3) selects the next matching CR and brings it into view; Shift+F3
goes back."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.model.plan import STAGES
from app.model.row_kinds import RowKind
from app.views.cr_filter import CrFilter
from widgets.shell.feature import ActionSpec, Menu

SEARCH_PAUSE_MS = 250  # filter once typing pauses, not on every key, at 100,000 CRs
COMBO_CHARS = 7  # combos stay this wide whatever the longest team or pack name


class FilterBar:
    def __init__(self, window):
        self.window = window
        self.session = window.session
        # Beside the page tabs, not on a toolbar row of its own: a row of the window's height
        # goes to the timeline instead (1280x720 keeps three lanes with every panel open).
        bar = self.widget = QWidget()
        bar.setObjectName("filters")
        row = QHBoxLayout(bar)
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(2)
        self.team, self.pack, self.stage = QComboBox(), QComboBox(), QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setToolTip("Search CR keys, titles and items; Enter selects the next "
                               "match (F3, Shift+F3)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(100)
        self.search.setMaximumWidth(320)
        self.search.returnPressed.connect(lambda: self.find(1))
        # No labels: each combo says what it filters ("All teams", "All offer packs", ...).
        for tip, widget in (("Show one team's work", self.team),
                            ("Show the work on one offer pack", self.pack),
                            ("Show the work in one stage", self.stage), ("", self.search)):
            if tip:
                widget.setToolTip(tip)
            row.addWidget(widget)
        for combo in (self.team, self.pack, self.stage):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(COMBO_CHARS)
            combo.currentIndexChanged.connect(self.changed)
        self.pause = QTimer(window)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.changed)
        self.search.textChanged.connect(self.pause.start)
        self._found: str | None = None  # the last CR Find selected
        self.session.plan_changed.connect(self._fill_when_new)
        self.session.edited.connect(self._follow_edit)
        window.workspace.on_escape(self._escape, 0)

    def place(self) -> None:
        """In the pages' tab bar, at its right."""
        self.window.pages.setCornerWidget(self.widget, Qt.Corner.TopRightCorner)

    def specs(self) -> list[ActionSpec]:
        return [ActionSpec("find", "Find", self.focus, Menu.EDIT, "find", "Ctrl+F",
                           "Search, then Enter selects the first match"),
                ActionSpec("find_next", "Find next", lambda: self.find(1), Menu.EDIT, "find",
                           "F3", "Select the next match"),
                ActionSpec("find_previous", "Find previous", lambda: self.find(-1), Menu.EDIT,
                           "find", "Shift+F3", "Select the previous match")]

    def focus(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _escape(self) -> bool:
        """Esc in the filter bar goes back to the page."""
        if self.window.focusWidget() in (self.search, self.team, self.pack, self.stage):
            self.window.pages.currentWidget().setFocus()
            return True
        return False

    # ---- choices -------------------------------------------------------------------------------

    def _fill_when_new(self) -> None:
        if self.team.count() == 0 or self._filled_for is not self.session.core:
            self.fill_choices()
        self._show_filter()

    def _show_filter(self) -> None:
        """The combos and the search box say what the session filters by, whoever set it (a
        click on a capacity cell narrows to a team)."""
        shown = self.session.filter
        if shown == self.current():
            return
        for combo, value in ((self.team, shown.team), (self.pack, shown.pack),
                             (self.stage, shown.stage)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        if self.search.text() != shown.text and not self.pause.isActive():
            self.search.blockSignals(True)
            self.search.setText(shown.text)
            self.search.blockSignals(False)

    _filled_for = None

    def _follow_edit(self, changes) -> None:
        if changes.touches(RowKind.TEAM) or changes.touches(RowKind.PACK):
            self.fill_choices()

    def fill_choices(self) -> None:
        plan = self.session.plan
        if plan is None:
            return
        self._filled_for = self.session.core
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
        # The release is narrowed from the capacity pane, which also clears it.
        return CrFilter(self.team.currentData(), self.pack.currentData(),
                        self.stage.currentData(), self.search.text(),
                        self.session.filter.release)

    def changed(self) -> None:
        self.pause.stop()
        if self.session.filter == self.current():
            return
        self.session.set_filter(self.current())

    # ---- find ----------------------------------------------------------------------------------

    def matches(self) -> list[str]:
        """The CRs the filter shows, a key typed in full first, then in key order."""
        layout = self.session.layout
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
        workspace = self.window.workspace
        if self.pause.isActive() or self.session.filter != self.current():
            self.changed()  # Enter before the typing pause: filter now
        found = self.matches()
        if not found:
            workspace.say(f'No change request matches "{self.search.text()}".')
            return
        at = found.index(self._found) + step if self._found in found else 0
        key = found[at % len(found)]
        self._found = key
        if workspace.select_one(key):
            workspace.show_cr.emit(key)
        workspace.say(f"{key}: match {at % len(found) + 1} of {len(found)} (F3: next, "
                      "Shift+F3: previous).")
