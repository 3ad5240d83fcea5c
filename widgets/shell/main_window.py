"""The main window: it builds itself from a list of features (widgets/shell/feature.py) and
knows none of their insides. Pages (Timeline, Board, Work list, Communications) fill the
window one at a time, on tabs that share the filters and the selection; panels sit beside or
under them (the backlog and the CR editor at the right, the bundle preview and the offer packs
below, the capacity under the timeline) and never leave a page less than its usable height.
Menus and the toolbar are built from the features' actions (widgets/shell/menus.py); what the
planner arranged is kept per database (widgets/shell/layout_state.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.edits.store_port import PlanStore
from app.session.targets import without_password
from widgets.session.session import Session
from widgets.session.workspace import Workspace
from widgets.shell.closing import Closing
from widgets.shell.database_opening import DatabaseOpening
from widgets.shell.feature import Built, Feature, Place
from widgets.shell.filter_bar import FilterBar
from widgets.shell.layout_state import LayoutState
from widgets.shell.menus import Menus
from widgets.shell.status_bar import ElidedLabel, MessageBar

READ_ONLY_STYLE = "QLabel { background: #fff3cd; color: #4d3800; padding: 4px 8px; }"
PANEL_MIN_WIDTH = 260
PANEL_MIN_HEIGHT = 110
PANEL_WIDTH = 300  # a panel at the right, at the first start
EDITOR_WIDTH = 460  # the CR editor's fields, header and Save / Revert side by side


class MainWindow(QMainWindow):
    def __init__(self, session: Session, features: list[Feature], database: str, user: str,
                 open_store: Callable[[str], PlanStore] | None = None):
        """`open_store(target)` opens another database (a file path or a URL) for File >
        Open; without it the window stays on `session`'s. `user` is who plans on a local
        file; on a server the store's login is (the name its audit rows carry)."""
        super().__init__()
        self.session = session
        # What File > Open opened, without a password: kept for recent files and layouts.
        self.database = without_password(database)
        self.workspace = Workspace(session, self)
        self.workspace.database = shown_as(session.core.store, database)
        self.user = self.workspace.user = getattr(session.core.store, "user", "") or user
        self.setWindowTitle(f"Release Planner: {self.workspace.database}")
        self.setStatusBar(MessageBar())
        self.workspace.status.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self._built: dict[str, tuple[Feature, Built]] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.tabBar().setElideMode(Qt.TextElideMode.ElideRight)  # narrow: names shorten,
        self.pages.tabBar().setUsesScrollButtons(False)  # every page's tab stays in sight
        self.read_only_note = QLabel()
        self.read_only_note.setStyleSheet(READ_ONLY_STYLE)
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self.banners = QVBoxLayout()
        self.banners.setContentsMargins(0, 0, 0, 0)
        self.banners.setSpacing(0)
        self.banners.addWidget(self.read_only_note)
        area = QWidget()
        column = QVBoxLayout(area)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(self.banners)
        column.addWidget(self.pages, 1)
        self.central = QStackedWidget()
        self.central.addWidget(area)
        self.setCentralWidget(self.central)
        # Panels at the right take the window's whole height; those below are as wide as the
        # pages, so the capacity under the timeline lines up with its dates.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.counts = ElidedLabel()
        self.work_note = QLabel()
        self._panels: list[Feature] = []
        for feature in features:
            self._host(feature)
        self.place_panels()
        self.statusBar().addPermanentWidget(self.work_note)
        self.statusBar().addPermanentWidget(self.counts)
        self.filters = FilterBar(self)
        self.menus = Menus(self, [*self.filters.specs(),
                                  *(spec for _, built in self._built.values()
                                    for spec in built.actions)])
        self.filters.place()
        for _, built in self._built.values():
            if built.toolbar is not None:
                self.menus.toolbar.addWidget(built.toolbar)
        self.opening = DatabaseOpening(self, open_store)
        self.closing = Closing(self)
        self._covered_docks: list | None = None  # the panels the welcome page put aside
        self.layout_state = LayoutState(self)
        session.plan_changed.connect(self.layout_state.restore_features)
        session.plan_changed.connect(self._show_counts)
        session.edited.connect(lambda _changes: self._show_counts())
        session.derived_ready.connect(lambda _kind: self._show_counts())
        session.settled.connect(self._show_counts)
        session.gate_changed.connect(self._show_read_only)
        session.load_failed.connect(self._load_failed)
        session.empty.connect(lambda: self.show_cover(True))
        session.plan_changed.connect(lambda: self.show_cover(False))
        self.workspace.show_panel.connect(self.show_panel)
        self.workspace.hide_panel.connect(lambda name: name in self.docks
                                          and self.docks[name].hide())
        self.layout_state.restore_window()
        self._show_read_only()

    # ---- hosting features ------------------------------------------------------------------

    def _host(self, feature: Feature) -> None:
        built = feature.build(self.workspace)
        self._built[feature.name] = (feature, built)
        widget = built.widget
        if built.banner is not None:
            self.banners.addWidget(built.banner)
        if built.status is not None:
            self.statusBar().addPermanentWidget(built.status)
        if widget is None:
            return
        widget.setObjectName(feature.name)
        if feature.place is Place.PAGE:
            self.pages.addTab(widget, feature.title)
        elif feature.place is Place.COVER:
            self.central.addWidget(widget)
        else:
            self._dock(feature, widget)

    def _dock(self, feature: Feature, widget: QWidget) -> None:
        """A panel: it scrolls to its own buttons when the window is short, and never takes
        the height the pages need (their contents say how much: the timeline three lanes)."""
        dock = QDockWidget(feature.title, self)
        dock.setObjectName(feature.name)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        dock.setWidget(scroll)
        dock.setMinimumWidth(PANEL_MIN_WIDTH)
        dock.setMinimumHeight(PANEL_MIN_HEIGHT)
        dock.toggleViewAction().setText(feature.title)
        dock.toggleViewAction().setToolTip(f"Show or hide: {feature.title}")
        self.docks[feature.name] = dock
        self._panels.append(feature)

    def place_panels(self) -> None:
        """Every panel where it starts: at the right or below, those of a side tabbed
        together, the first-start ones shown. (Done by hand, not by restoring a saved state, and
        each hidden before it is tabbed: otherwise QMainWindow leaves a stale tab bar over the
        panels.)"""
        groups: dict[Qt.DockWidgetArea, QDockWidget] = {}
        for feature in self._panels:  # hidden before they are tabbed, else stale tabs stay
            self.docks[feature.name].setVisible(feature.shown_first)
        for feature in self._panels:
            dock = self.docks[feature.name]
            side = Qt.DockWidgetArea.RightDockWidgetArea if feature.place is Place.RIGHT \
                else Qt.DockWidgetArea.BottomDockWidgetArea
            dock.setFloating(False)
            self.addDockWidget(side, dock)
            if side in groups:
                self.tabifyDockWidget(groups[side], dock)
            else:
                groups[side] = dock

    def size_panels(self) -> None:
        """Panels at the first start: the right ones a third of the window wide at most, the
        pages the rest."""
        right = [d for d in self.docks.values() if d.isVisible() and not d.isFloating()
                 and self.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
        if right:
            self.resizeDocks(right, [min(PANEL_WIDTH, self.width() // 3)] * len(right),
                             Qt.Orientation.Horizontal)

    def feature(self, name: str):
        """What the feature `name` built (its own object): for wiring across features at
        start-up and for tests."""
        return self._built[name][1].part

    def built(self) -> list[tuple[Feature, Built]]:
        return list(self._built.values())

    def page_index(self, name: str) -> int:
        return next((i for i in range(self.pages.count())
                     if self.pages.widget(i).objectName() == name), -1)

    def show_page(self, name: str) -> None:
        index = self.page_index(name)
        if index >= 0:
            self.pages.setCurrentIndex(index)

    def show_panel(self, name: str) -> None:
        dock = self.docks.get(name)
        if dock is not None:
            dock.show()
            dock.raise_()
            if name == "editor":  # wide enough for its form, Save in sight
                want = min(max(EDITOR_WIDTH, dock.widget().widget().minimumSizeHint().width()),
                           int(self.width() * 0.45))
                if dock.width() < want:
                    self.resizeDocks([dock], [want], Qt.Orientation.Horizontal)

    def show_cover(self, on: bool) -> None:
        """The welcome page over the pages (a database that holds no plan), or the pages."""
        if self.central.count() > 1:
            self.central.setCurrentIndex(1 if on else 0)
        # Empty panels beside the welcome page only squeeze its form: they step aside for it
        # and come back with the plan.
        if on and self._covered_docks is None:
            self._covered_docks = [d for d in self.docks.values() if d.isVisible()]
            for dock in self._covered_docks:
                dock.hide()
        elif not on and self._covered_docks is not None:
            for dock in self._covered_docks:
                dock.show()
            self._covered_docks = None

    def covered(self) -> bool:
        """Whether the welcome page covers the pages (what is saved is the plan's layout)."""
        return self._covered_docks is not None

    def now_on(self, target: str, store) -> None:
        """Another database was opened: what it is shown as, and who plans in it."""
        self.database = without_password(target)
        self.workspace.database = shown_as(store, target)
        self.user = self.workspace.user = getattr(store, "user", "") or self.user
        self.setWindowTitle(f"Release Planner: {self.workspace.database}")
        self._show_counts()

    # ---- the status bar and banners ----------------------------------------------------------

    def _show_counts(self) -> None:
        session = self.session
        layout, plan = session.layout, session.plan
        if plan is None or layout is None:
            return
        planned = sum(r.status == "planned" for r in plan.releases.values())
        shown = ""
        if session.filter.active:
            shown = f"showing {len(layout.bars) + len(layout.backlog)} matching, "
        self.counts.setText(
            f"{self.workspace.database}  |  {self.user}  |  {_count(len(plan.teams), 'team')}, "
            f"{_count(planned, 'planned release')}, {_count(len(plan.crs), 'CR')} ({shown}"
            f"{len(layout.backlog)} in the backlog)  |  refreshed "
            f"{session.refreshed_at:%H:%M:%S}")
        self.work_note.setText("Checking conflicts..." if session.busy() else "")

    def _show_read_only(self) -> None:
        why = self.session.core.read_only
        self.read_only_note.setText(f"Read-only: {why}. You can look at the plan and export "
                                    "reports, but not change it." if why else "")
        self.read_only_note.setVisible(bool(why))

    def _load_failed(self, reason: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.work_note.setText("")
        QMessageBox.warning(self, "Release Planner", f"The plan could not be read.\n\n{reason}")

    # ---- closing -----------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self.closing.may_close():
            event.ignore()
            return
        self.layout_state.save_window()
        self.closing.finish()
        super().closeEvent(event)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def shown_as(store, target: str) -> str:
    """The database as the window names it (never with a server's password)."""
    return store.shown_as(target) if hasattr(store, "shown_as") else target
