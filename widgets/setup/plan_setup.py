"""Setting the plan up from the window (issue 14): the Plan menu and toolbar button (releases,
teams, offer packs, items), a double-click on a release's go-live line to edit it, and the
welcome page a new or empty database opens on. Installed on the main window by one call, so
the window's own modules stay as they are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QMenu,
    QStackedWidget,
    QToolBar,
    QToolButton,
)

from app.edits.store_port import StoreError
from app.rules.permissions import everyone_manages
from widgets.packs.dialogs import ItemDialog, PackDialog
from widgets.setup.release_dialog import ReleaseDialog
from widgets.setup.team_dialog import TeamDialog
from widgets.setup.welcome_page import WelcomePage


class PlanSetup:
    def __init__(self, window):
        self.window = window
        self.controller = window.controller
        self.dialog = None  # the set-up dialog open now (kept for tests, and from the GC)
        self.hidden_docks = []  # hidden while the welcome page shows
        self._permissions = None  # (store, Permissions) of the database shown
        self.stack = QStackedWidget()
        self.plan_view = window.takeCentralWidget()
        self.welcome = WelcomePage(self.controller, self._started)
        self.stack.addWidget(self.plan_view)
        self.stack.addWidget(self.welcome)
        window.setCentralWidget(self.stack)
        self.menu = self._menu()
        window.menuBar().addMenu(self.menu)
        button = QToolButton()
        button.setText("Plan")
        button.setToolTip("Releases, teams, offer packs and items")
        button.setMenu(self.menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button = button
        toolbar = window.findChild(QToolBar, "main-toolbar")
        if toolbar is not None:  # beside New CR, where it is seen (the bar's end overflows)
            new_cr = getattr(window, "new_action", None)
            if new_cr in toolbar.actions():
                toolbar.insertWidget(new_cr, button)
            else:
                toolbar.addWidget(button)
        window.timeline.scene().sigMouseClicked.connect(self._timeline_clicked)
        self.controller.changed.connect(self.follow_permissions)
        resolving = getattr(getattr(window, "preview", None), "resolving", None)
        if resolving is not None:
            resolving.permissions = self.permissions

    # ---- the Plan menu -------------------------------------------------------------------

    def _menu(self) -> QMenu:
        menu = QMenu("&Plan", self.window)
        self.actions = {}
        for name, text, slot, permission in (
                ("new_release", "New release...", lambda: self.open(ReleaseDialog), "edit_release"),
                ("edit_release", "Edit release...", self.edit_release, "edit_release"),
                (None, None, None, None),
                ("new_team", "New team...", lambda: self.open(TeamDialog), "edit_team"),
                ("edit_team", "Edit team...", self.edit_team, "edit_team"),
                (None, None, None, None),
                ("new_pack", "New offer pack...", lambda: self.open(PackDialog), "edit_pack"),
                ("edit_pack", "Edit offer pack...", self.edit_pack, "edit_pack"),
                ("new_item", "New item...", self.new_item, "edit_item"),
                ("edit_item", "Edit item...", self.edit_item, "edit_item")):
            if name is None:
                menu.addSeparator()
                continue
            action = menu.addAction(text, slot)
            action.setData(permission)
            action.setStatusTip(text.rstrip("."))
            self.actions[name] = action
        menu.addSeparator()  # the first menu of the bar: where a desktop program's Quit is
        menu.addAction(self.window.quit_action)
        menu.setToolTipsVisible(True)
        return menu

    def permissions(self):
        """The login's permissions on the database shown, asked once per database (a role
        changes rarely; the server refuses anyway what it no longer allows)."""
        known = getattr(self.controller, "permissions", None)  # read by the window's feed
        if known is not None:
            return known
        store = self.controller.service.store
        if self._permissions is None or self._permissions[0] is not store:
            try:
                found = store.permissions() if hasattr(store, "permissions") else None
            except StoreError:
                found = None
            self._permissions = (store, found or everyone_manages(""))
        return self._permissions[1]

    def follow_permissions(self) -> None:
        """Disable what this login may not do, saying why (the server would refuse it)."""
        allowed = self.permissions()
        has_plan = self.controller.plan is not None
        for action in self.actions.values():
            why = allowed.why_not(action.data())
            action.setEnabled(has_plan and not why)
            action.setToolTip(why or action.text().rstrip("."))

    def open(self, dialog_class, *args) -> None:
        if self.controller.plan is None:
            return
        self.dialog = dialog_class(self.controller, *args, parent=self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def _choose(self, title: str, choices: list[tuple[str, str]], current: str | None):
        """A key picked from `choices` (key, label); None if the planner cancels."""
        if not choices:
            self.window.statusBar().showMessage(f"{title}: there is nothing to choose.", 8000)
            return None
        labels = [f"{key}  {label}" for key, label in choices]
        keys = [key for key, _ in choices]
        at = keys.index(current) if current in keys else 0
        choice, ok = QInputDialog.getItem(self.window, title, "Which one:", labels, at, False)
        return choice.split()[0] if ok and choice else None

    def _selected_cr(self):
        plan, key = self.controller.plan, self.window.selected_cr
        return plan.crs.get(key) if plan is not None and key else None

    def edit_release(self, key: str | None = None) -> None:
        plan = self.controller.plan
        if key is None:
            near = self._selected_cr()
            key = self._choose("Edit release", [(r.key, f"{r.name} ({r.status})")
                                                for r in plan.release_order()],
                               near.release if near else None)
        if key is not None:
            self.open(ReleaseDialog, key)

    def edit_team(self) -> None:
        near = self._selected_cr()
        key = self._choose("Edit team", [(t.key, t.name) for t in
                                         self.controller.plan.teams.values()],
                           near.team if near else None)
        if key is not None:
            self.open(TeamDialog, key)

    def _browsed(self) -> tuple[str | None, str | None]:
        """The offer pack and item chosen in the offer-pack browser, if any."""
        packs = getattr(self.window, "packs", None)
        if packs is None:
            return None, None
        index = packs.tree.currentIndex()
        item = packs.tree_model.item_at(index)
        if item is not None:
            return item.pack, item.key
        if index.isValid() and index.row() < len(packs.tree_model.packs):
            return packs.tree_model.packs[index.row()].key, None
        return None, None

    def edit_pack(self) -> None:
        pack, _ = self._browsed()
        key = self._choose("Edit offer pack", [(p.key, p.name) for p in
                                               self.controller.plan.packs.values()], pack)
        if key is not None:
            self.open(PackDialog, key)

    def new_item(self) -> None:
        if not self.controller.plan.packs:
            self.window.statusBar().showMessage("Create an offer pack first: every item "
                                                "belongs to one.", 8000)
            return
        pack, _ = self._browsed()
        self.open(ItemDialog, None, pack)

    def edit_item(self) -> None:
        _, item = self._browsed()
        if item is None:
            item = self._choose("Edit item", [(i.key, f"{i.name} ({i.kind}, {i.status})")
                                              for i in self.controller.plan.items.values()],
                                None)
        if item is not None:
            self.open(ItemDialog, item)

    def _timeline_clicked(self, event) -> None:
        """A double-click on a release's go-live line (away from the bars) edits it."""
        timeline = self.window.timeline
        if not event.double() or event.button() != Qt.MouseButton.LeftButton \
                or self.controller.plan is None:
            return
        point = timeline.getPlotItem().getViewBox().mapSceneToView(event.scenePos())
        if timeline.bars.cr_at(point.x(), point.y()) is not None:
            return
        release = timeline.release_line_at(point.x())
        if release is not None and self.actions["edit_release"].isEnabled():
            self.open(ReleaseDialog, release)

    # ---- the welcome page ----------------------------------------------------------------

    def start(self) -> None:
        """Show the database's plan, or the welcome page when it holds none."""
        try:
            empty = self.controller.service.store.is_empty()
        except StoreError as fault:
            self.controller.failed.emit(str(fault))
            return
        if empty:
            why = self.permissions().why_not("import")
            self.welcome.show_for(self.window.database, why)
            self._show_welcome(True)
            self.follow_permissions()
            return
        self._show_welcome(False)
        self.controller.reload_in_background()

    def _show_welcome(self, on: bool) -> None:
        """The welcome page has the window to itself: the docks would show an empty plan."""
        if on and not self.showing_welcome():
            self.hidden_docks = [d for d in self.window.findChildren(QDockWidget)
                                 if d.isVisible()]
            for dock in self.hidden_docks:
                dock.hide()
        elif not on and self.showing_welcome():
            for dock in self.hidden_docks:
                dock.show()
            self.hidden_docks = []
        self.stack.setCurrentWidget(self.welcome if on else self.plan_view)
        refresh = getattr(self.window, "refresh_action", None)
        if refresh is not None:  # there is no plan to read again yet
            refresh.setEnabled(not on)

    def _started(self) -> None:
        self._show_welcome(False)
        self.window.timeline.layout_data = None  # the first layout of the plan: fit it
        self.controller.reload_in_background()

    def showing_welcome(self) -> bool:
        return self.stack.currentWidget() is self.welcome
