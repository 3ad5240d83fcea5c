"""Setting the plan up: the Plan menu (releases, teams, offer packs, items: each a dialog that
checks its values with the plan file's own rules and writes one undo step), a double-click on
a release's go-live line to edit it, and the welcome page a new or empty database opens on
(it covers the pages until the database holds a plan)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from app.rules.permissions import Action
from widgets.packs.dialogs import ItemDialog, PackDialog
from widgets.setup.release_dialog import ReleaseDialog
from widgets.setup.team_dialog import TeamDialog
from widgets.setup.welcome_page import WelcomePage
from widgets.shell.feature import ActionSpec, Built, Menu, Place


class SetupFeature:
    name = "setup"
    title = "Start a plan"
    place = Place.COVER
    shown_first = False

    def build(self, workspace) -> Built:
        setup = PlanSetup(workspace)
        return Built(setup.welcome, setup, setup.actions())


class PlanSetup:
    def __init__(self, workspace):
        self.workspace = workspace
        self.session = session = workspace.session
        self.dialog = None  # the set-up dialog open now (kept for tests, and from the GC)
        self.welcome = WelcomePage(session)
        self.welcome.started.connect(session.load)
        session.empty.connect(self._empty)
        workspace.edit_release.connect(self._edit_release_at)
        # What the offer-pack browser shows: the pack and item dialogs start from it.
        self.browsed: tuple[str | None, str | None] = (None, None)
        workspace.browsed.connect(lambda pack, item: setattr(self, "browsed", (pack, item)))
        session.plan_changed.connect(self._forget_browsed)

    def _empty(self) -> None:
        self.welcome.show_for(self.workspace.database, self.session.gate(Action.IMPORT))

    def actions(self) -> list[ActionSpec]:
        def spec(name, text, slot, section, action):
            return ActionSpec(name, text, slot, Menu.PLAN, section, tip=text.rstrip("."),
                              enabled_by=action)

        return [
            spec("new_release", "New release...", lambda: self.open(ReleaseDialog), "release",
                 Action.EDIT_RELEASE),
            spec("edit_release", "Edit release...", self.edit_release, "release",
                 Action.EDIT_RELEASE),
            spec("new_team", "New team...", lambda: self.open(TeamDialog), "team",
                 Action.EDIT_TEAM),
            spec("edit_team", "Edit team...", self.edit_team, "team", Action.EDIT_TEAM),
            spec("new_pack", "New offer pack...", lambda: self.open(PackDialog), "pack",
                 Action.EDIT_PACK),
            spec("edit_pack", "Edit offer pack...", self.edit_pack, "pack", Action.EDIT_PACK),
            spec("new_item", "New item...", self.new_item, "pack", Action.EDIT_ITEM),
            spec("edit_item", "Edit item...", self.edit_item, "pack", Action.EDIT_ITEM)]

    def open(self, dialog_class, *args) -> None:
        if self.session.plan is None:
            return
        self.dialog = dialog_class(self.session, *args, parent=self.workspace.dialog_parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def _choose(self, title: str, choices: list[tuple[str, str]], current: str | None):
        """A key picked from `choices` (key, label); None if the planner cancels."""
        if not choices:
            self.workspace.say(f"{title}: there is nothing to choose.")
            return None
        labels = [f"{key}  {label}" for key, label in choices]
        keys = [key for key, _ in choices]
        at = keys.index(current) if current in keys else 0
        choice, ok = QInputDialog.getItem(self.workspace.dialog_parent, title, "Which one:",
                                          labels, at, False)
        return keys[labels.index(choice)] if ok and choice in labels else None

    def _selected_cr(self):
        plan, key = self.session.plan, self.workspace.selection.current
        return plan.crs.get(key) if plan is not None and key else None

    def edit_release(self) -> None:
        """The selected CR's release, else the first planned one (a deployed or cancelled
        release is history: it is listed, but not offered first)."""
        plan = self.session.plan
        near = self._selected_cr()
        planned = plan.planned_releases()
        current = near.release if near and near.release in {r.key for r in planned} \
            else (planned[0].key if planned else None)
        key = self._choose("Edit release", [(r.key, f"{r.name} ({r.status})")
                                            for r in plan.release_order()], current)
        if key is not None:
            self.open(ReleaseDialog, key)

    def _edit_release_at(self, key: str) -> None:
        """A double-click on a release's go-live line."""
        if not self.session.gate(Action.EDIT_RELEASE):
            self.open(ReleaseDialog, key)

    def edit_team(self) -> None:
        near = self._selected_cr()
        key = self._choose("Edit team", [(t.key, t.name) for t in
                                         self.session.plan.teams.values()],
                           near.team if near else None)
        if key is not None:
            self.open(TeamDialog, key)

    def _forget_browsed(self) -> None:
        plan, (pack, item) = self.session.plan, self.browsed
        if plan is None or pack not in plan.packs or (item and item not in plan.items):
            self.browsed = (None, None)

    def edit_pack(self) -> None:
        key = self._choose("Edit offer pack", [(p.key, p.name) for p in
                                               self.session.plan.packs.values()],
                           self.browsed[0])
        if key is not None:
            self.open(PackDialog, key)

    def new_item(self) -> None:
        if not self.session.plan.packs:
            self.workspace.say("Create an offer pack first: every item belongs to one.")
            return
        self.open(ItemDialog, None, self.browsed[0])

    def edit_item(self) -> None:
        """The item chosen in the offer-pack browser; else the planner picks one."""
        item = self.browsed[1]
        if item is None:
            item = self._choose("Edit item", [(i.key, f"{i.name} ({i.kind}, {i.status})")
                                              for i in self.session.plan.items.values()], None)
        if item is not None:
            self.open(ItemDialog, item)
