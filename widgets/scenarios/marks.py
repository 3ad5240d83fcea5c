"""Which plan the window works in and which CRs its scenario changed, told to every view through
the workspace (`set_scenario`): the timeline and the board mark those CRs and take a tint.

The changes are read on the session's queue when the window switches to a scenario or reads
its plan again (a promotion, a lost race), and after other planners' commits; the window's own
edits update them at once (app.scenarios.changed), so a move marks its bar in the same frame.
"""

from __future__ import annotations

from app.scenarios.changed import ChangedCrs
from app.scenarios.model import LIVE


class ScenarioMarks:
    def __init__(self, workspace, scenarios):
        self.workspace = workspace
        self.session = session = workspace.session
        self.changed: ChangedCrs | None = None
        self._store = None  # the store whose scenario `changed` describes
        self._plan = None  # the plan they were last brought up to date with
        self._reads = 0  # reads on their way
        self._pending: list = []  # edits shown meanwhile
        scenarios.switched.connect(self._switched)
        workspace.opened.connect(lambda _target: self._switched(LIVE))
        session.edited.connect(self._edited)
        session.plan_changed.connect(self._shown)
        session.remote.connect(lambda _applied: self.read())

    def _switched(self, name: str) -> None:
        self.changed = self._store = None
        self.workspace.set_scenario(name)
        self.read()

    def read(self) -> None:
        name, session = self.workspace.scenario, self.session
        if name == LIVE:
            return
        store = session.core.store
        self._reads += 1

        def done(changes):
            pending = self._finish()
            if name != self.workspace.scenario or session.core.store is not store:
                return  # another plan was chosen meanwhile
            self.changed, self._store, self._plan = ChangedCrs(changes), store, session.plan
            for edit in pending:  # taken in twice when the read saw its write: no harm
                self.changed.edited(edit)
            self.workspace.set_scenario(name, self.changed.keys)

        def failed(fault):
            self._finish()
            self.workspace.status.emit(f"Scenario marks not updated: {fault}", 8000)

        session.queue(lambda s: s.scenarios().changes(name)[0], done, failed)

    def _finish(self) -> list:
        """A read is back: the edits shown since reads began (kept for any still out)."""
        self._reads -= 1
        pending = self._pending
        if not self._reads:
            self._pending = []
        return pending

    def _edited(self, changes) -> None:
        if self._reads:
            self._pending.append(changes)
        if self.changed is None or self.session.core.store is not self._store:
            return  # live, or the edit that draws a switch to another plan
        self._plan = self.session.plan
        self.workspace.set_scenario(self.workspace.scenario, self.changed.edited(changes))

    def _shown(self) -> None:
        """A plan read again (not a filter over the same one): its changes are read too."""
        if self.session.plan is not self._plan and not self._reads:
            self._plan = self.session.plan
            self.read()
