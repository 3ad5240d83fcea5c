"""What the window remembers. The window's size and place, and whether arrows are shown, are
the planner's; zoom, scroll position, collapsed lanes and the dock layout belong to each
database (a plan of five teams and one of forty want different views)."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter

DEFAULT_SIZE = (1400, 820)


def settings() -> QSettings:
    return QSettings("release-planner", "release-planner")


def database_group(target: str) -> str:
    """A settings group per database: its target hashed, since paths and URLs hold
    characters that QSettings keys cannot."""
    return "databases/" + hashlib.sha1(target.encode()).hexdigest()[:16]


class ViewState:
    """Part of MainWindow: saving and restoring what the planner arranged."""

    settings = staticmethod(settings)

    def restore_window(self) -> None:
        self.first_run_docks = self.saveState()
        stored = settings()
        geometry = stored.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            room = screen.availableGeometry() if screen else None
            width, height = DEFAULT_SIZE
            if room is not None:
                width, height = min(width, room.width()), min(height, room.height())
            self.resize(width, height)
        self.restore_docks()
        split = self.findChild(QSplitter, "timeline-capacity")
        if split is not None and stored.value("window/capacity-split") is not None:
            split.restoreState(stored.value("window/capacity-split"))  # the pane's height
        if stored.value("view/dependencies") in (True, "true"):
            self.dependencies_action.setChecked(True)
            self._toggle_dependencies(True)

    def restore_docks(self) -> None:
        """This database's dock layout; one never opened before gets the first-run layout."""
        state = settings().value(f"{database_group(self.database)}/docks")
        self.restoreState(state if state is not None else self.first_run_docks)

    def restore_view(self) -> None:
        """Zoom, scroll and collapsed lanes of this database, once its plan is first shown."""
        stored = settings()
        group = database_group(self.database)
        collapsed = stored.value(f"{group}/collapsed") or []
        if isinstance(collapsed, str):  # one entry comes back as a string
            collapsed = [collapsed]
        teams = {lane.team for lane in self.timeline.layout_data.lanes}
        for team in collapsed:
            if team in teams:
                self.timeline.set_collapsed(team, True)
        days = stored.value(f"{group}/days")
        if days:
            middle = stored.value(f"{group}/middle")
            self.timeline.show_days(float(days), float(middle) if middle else None)
            if not middle:
                self.timeline.go_to_today()
        top = stored.value(f"{group}/top")
        if top is not None:
            self.timeline.scroll_rows_to(float(top))

    def save_view_state(self) -> None:
        stored = settings()
        group = database_group(self.database)
        stored.setValue(f"{group}/target", self.database)
        stored.setValue(f"{group}/docks", self.saveState())
        if self.timeline.layout_data is not None:
            stored.setValue(f"{group}/days", self.timeline.days_in_view())
            stored.setValue(f"{group}/middle", self.timeline.middle_day())
            stored.setValue(f"{group}/top", self.timeline.getPlotItem().viewRange()[1][0])
            stored.setValue(f"{group}/collapsed", sorted(self.timeline.bars.collapsed))

    def save_window(self) -> None:
        settings().setValue("window/geometry", self.saveGeometry())
        split = self.findChild(QSplitter, "timeline-capacity")
        if split is not None:
            settings().setValue("window/capacity-split", split.saveState())
        self.save_view_state()
