"""Scenarios in the window (issue 22): the picker on the toolbar with its banner, the
Plan > Scenarios actions, and the compare page."""

from __future__ import annotations

from app.scenarios.model import LIVE
from widgets.scenarios.compare import ComparePage
from widgets.scenarios.ghosts import ScenarioGhosts
from widgets.scenarios.marks import ScenarioMarks
from widgets.scenarios.picker import Scenarios
from widgets.scenarios.promote_dialog import PromoteDialog
from widgets.shell.feature import ActionSpec, Built, Menu, Place


class ScenariosFeature:
    name = "scenarios"
    title = "Scenarios"
    place = Place.NONE
    shown_first = False

    def build(self, workspace) -> Built:
        scenarios = Scenarios(workspace)
        scenarios.marks = ScenarioMarks(workspace, scenarios)
        session = workspace.session

        def promote():
            if scenarios.current == LIVE:
                workspace.status.emit("Pick a scenario to promote first.", 8000)
                return
            PromoteDialog(session, scenarios.current, workspace.dialog_parent).exec()

        def spec(name, text, slot, tip):
            return ActionSpec(name, text, slot, menu=Menu.PLAN, section="scenarios",
                              submenu="Scenarios", tip=tip)

        actions = [
            spec("scenario-new", "&New scenario\u2026", lambda: scenarios.new(),
                 "A what-if plan, starting from the plan shown; live does not change"),
            spec("scenario-live", "Back to &live", lambda: scenarios.switch(LIVE),
                 "Work in the live plan again"),
            spec("scenario-rename", "&Rename scenario\u2026", lambda: scenarios.rename(),
                 "Rename the scenario shown"),
            spec("scenario-delete", "&Delete scenario", lambda: scenarios.delete(),
                 "Delete the scenario shown and its changes"),
            spec("scenario-promote", "&Promote to live\u2026", promote,
                 "Apply the chosen changes of the scenario shown to live, as one edit"),
        ]
        return Built(None, scenarios, actions=actions, banner=scenarios.banner,
                     toolbar=scenarios.widget)


class CompareFeature:
    name = "compare"
    title = "Compare"
    place = Place.PAGE
    shown_first = True

    def build(self, workspace) -> Built:
        comparing = Comparing(workspace)
        hide = ActionSpec("scenario-ghosts-off", "Hide the compared plan's &ghosts",
                          comparing.ghosts.hide, Menu.VIEW, section="scenarios",
                          tip="Take the grey bars of the compared plan off the timeline")
        return Built(comparing.page, comparing, actions=[hide])


class Comparing:
    """The Compare page and the compared plan's ghosts on the timeline, wired by signals."""

    def __init__(self, workspace):
        self.page = ComparePage(workspace.session)
        self.ghosts = ScenarioGhosts(workspace)
        self.page.ghosts_wanted.connect(
            lambda name: self.ghosts.show(name) if name else self.ghosts.hide())
        self.ghosts.shown.connect(self.page.ghosts_shown)
        self.ghosts.failed.connect(self.page.ghost_note.setText)
