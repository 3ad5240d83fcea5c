"""The compared plan's bars as ghosts on the timeline (issue 22, as Meisterplan draws the
compared scenario): grey bars behind the real ones where the chosen plan places the CRs it
places differently from the plan the window shows (widgets/common/plan_ghosts.py).

The other plan is read on the session's queue as only the rows either scenario holds
(app.scenarios.ghosts); it follows the window's edits, and the ghosts are worked out on the
background worker from the shown plan's layout, laying out only the CRs that differ. They go
away when the window opens another database or switches plan."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.scenarios.ghosts import other_plan
from app.scenarios.model import LIVE
from app.views.ghost_bars import ghost_bars, moved_go_lives
from widgets.common.plan_ghosts import PlanGhosts


class ScenarioGhosts(QObject):
    # The plan whose ghosts the timeline shows ("": none) and how many bars it places
    # differently; or a line saying why there are none.
    shown = Signal(str, int)
    failed = Signal(str)

    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.session = session = workspace.session
        self.overlay = PlanGhosts(behind=True)
        self.name = ""  # the plan shown as ghosts
        self.other = None  # app.scenarios.ghosts.OtherPlan
        self._beside = LIVE  # the plan the window showed when the ghosts were chosen
        self._plan = None  # the shown plan the ghosts were last worked out for
        self._reading = False
        self._pending: list = []  # edits shown while the other plan is read
        workspace.timeline_overlay.emit(self.overlay)
        workspace.opened.connect(lambda _target: self.hide())
        workspace.scenario_shown.connect(
            lambda name, _crs: name != self._beside and self.hide())
        session.edited.connect(self._edited)
        session.plan_changed.connect(self._plan_shown)
        session.remote.connect(lambda _applied: self.name and self._read())

    def show(self, name: str) -> None:
        """Show plan `name`'s bars as ghosts beside the plan the window works in."""
        self.hide()
        if name == self.workspace.scenario:
            self.failed.emit(f"{name} is the plan the timeline shows: no ghosts to draw.")
            return
        self.name, self._beside = name, self.workspace.scenario
        self._read()

    def hide(self) -> None:
        if self.name or self.overlay.ghosts or self.overlay.moved:
            self.name, self.other = "", None
            self.overlay.show_ghosts([], [])
            self.shown.emit("", 0)

    def _read(self) -> None:
        name, shown = self.name, self._beside
        self._reading = True

        def work(store):
            catalog = store.scenarios()
            mine = catalog.changes(shown)[0] if shown != LIVE else []
            theirs = catalog.changes(name)[0] if name != LIVE else []
            held = {ch.key for ch in theirs if ch.kind == "cr"}
            # Where the other plan has live's rows: those the shown scenario holds alone.
            live = catalog.store.load_scope([ch.key for ch in mine if ch.kind == "cr"
                                             and ch.key not in held]).plan if mine else None
            return other_plan(name, shown == LIVE, mine, theirs, live)

        def done(other):
            self._reading, pending, self._pending = False, self._pending, []
            if name != self.name:
                return  # hidden, or another plan chosen meanwhile
            for changes in pending:
                other.edited(changes)
            self.other = other
            self._work_out()

        def failed(fault):
            self._reading, self._pending = False, []
            if name == self.name:
                self.hide()
                self.failed.emit(f"No ghosts of {name}: {fault}")

        self.session.queue(work, done, failed)

    def _edited(self, changes) -> None:
        if not self.name:
            return
        if self._reading:
            self._pending.append(changes)
        if self.other is not None:
            self.other.edited(changes)
            self._work_out()

    def _plan_shown(self) -> None:
        """A plan read again: the other one too; a filter or compacted lanes: only the
        ghosts' places."""
        if self.other is None:
            return
        if self.session.plan is not self._plan and not self._reading:
            self._read()
        else:
            self._work_out()

    def _work_out(self) -> None:
        session, name = self.session, self.name
        shown, layout, crs_filter = session.plan, session.layout, session.filter
        if shown is None or layout is None or self.other is None:
            return
        self._plan = shown
        other = replace(self.other, rows=dict(self.other.rows))  # the GUI thread edits its own

        def work():
            plan = other.plan_over(shown)
            keep = (lambda cr: crs_filter.matches(plan, cr)) if crs_filter.active else None
            return (ghost_bars(layout, shown, plan, other.placed_apart(shown, plan), keep),
                    moved_go_lives(shown, plan, other.keys("release")))

        def done(found):
            if name == self.name:
                self.overlay.show_ghosts(*found)
                self.shown.emit(name, len(found[0]))

        session.jobs.run("scenario-ghosts", work, done,
                         lambda fault: self.failed.emit(f"No ghosts of {name}: {fault}"))
