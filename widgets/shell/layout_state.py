"""What the window remembers. Its size and place are the planner's; the page shown, the panels'
layout and what each feature arranged (zoom, scroll, collapsed lanes) belong to each database
(a plan of five teams and one of forty want different views).

A saved panel layout carries a version and is checked when it is restored: one written by
another version of the window, naming panels that no longer exist, or that would leave the
page less than its usable height in this window, is dropped for the default layout, and View >
Reset layout restores the default at any time. (A broken layout once came back at every start:
it was saved per database and restored blindly.)"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget

DEFAULT_SIZE = (1400, 820)
LAYOUT_VERSION = 3  # raise when the pages or panels change: older layouts are not restored


def settings() -> QSettings:
    return QSettings("release-planner", "release-planner")


def database_group(target: str) -> str:
    """A settings group per database: its target hashed, since paths and URLs hold
    characters that QSettings keys cannot."""
    return "databases/" + hashlib.sha1(target.encode()).hexdigest()[:16]


class LayoutState:
    def __init__(self, window):
        self.window = window
        self.restored_for: str | None = None

    def restore_window(self) -> None:
        window = self.window
        stored = settings()
        geometry = stored.value("window/geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            room = screen.availableGeometry() if screen else None
            width, height = DEFAULT_SIZE
            if room is not None:
                width, height = min(width, room.width()), min(height, room.height())
            window.resize(width, height)
        self.restore_panels()
        window.size_panels()

    # ---- the panels ------------------------------------------------------------------------

    def restore_panels(self, switching: bool = False) -> None:
        """This database's panel layout, if it still fits; else the default. `switching`: the
        window comes from another database, whose panels a database never seen must not keep."""
        window = self.window
        state = settings().value(f"{database_group(window.database)}/layout")
        if state is None:
            if switching:
                window.place_panels()
                window.size_panels()
        elif not window.restoreState(state, LAYOUT_VERSION) or not self.fits():
            window.place_panels()
        page = settings().value(f"{database_group(window.database)}/page")
        if page:
            window.show_page(str(page))

    def fits(self) -> bool:
        """Whether the panels as restored leave the pages their usable height and width, and
        every panel is one of this window's (a floating panel is always fine)."""
        window = self.window
        names = set(window.docks)
        for dock in window.findChildren(QDockWidget):
            if dock.objectName() not in names:
                return False
        hint = window.pages.minimumSizeHint()
        room = window.centralWidget()
        # The layout is applied at once only to a shown window; before that, judge by what
        # the docked panels ask for against the window's size.
        shown = [d for d in window.docks.values() if d.isVisible() and not d.isFloating()]
        below = sum(d.minimumSizeHint().height() for d in shown
                    if window.dockWidgetArea(d).name.startswith("Bottom"))
        beside = sum(d.minimumSizeHint().width() for d in shown
                     if window.dockWidgetArea(d).name.startswith("Right"))
        if window.isVisible():
            return room.height() >= hint.height() and room.width() >= hint.width()
        return window.height() - below >= window.pages.minimumHeight() + 120 \
            and window.width() - beside >= 480

    def reset(self) -> None:
        """View > Reset layout: the panels as at the first start."""
        self.window.place_panels()
        self.window.size_panels()
        self.window.workspace.say("The panels are back where they were at the first start.")

    # ---- per database --------------------------------------------------------------------------

    def restore_features(self) -> None:
        """What each feature arranged for this database, once its plan is first shown."""
        window = self.window
        if self.restored_for == window.database:
            return
        self.restored_for = window.database
        group = database_group(window.database)
        for feature, built in window.built():
            if built.restore is not None:
                stored = settings().value(f"{group}/{feature.name}")
                try:
                    built.restore(dict(stored) if isinstance(stored, dict) else {})
                except (TypeError, ValueError):
                    built.restore({})  # written by another version: start afresh

    def save_database(self) -> None:
        window = self.window
        stored = settings()
        group = database_group(window.database)
        stored.setValue(f"{group}/target", window.database)
        if not window.covered():  # the welcome page's empty window is not the plan's layout
            stored.setValue(f"{group}/layout", window.saveState(LAYOUT_VERSION))
        page = window.pages.currentWidget()
        stored.setValue(f"{group}/page", page.objectName() if page is not None else "")
        if self.restored_for == window.database:
            for feature, built in window.built():
                if built.save is not None:
                    stored.setValue(f"{group}/{feature.name}", built.save())

    def save_window(self) -> None:
        settings().setValue("window/geometry", self.window.saveGeometry())
        self.save_database()
