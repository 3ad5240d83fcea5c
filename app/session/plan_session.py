"""The plan a desktop window shows, and the one way to change it, without Qt (the desktop's
widgets/session adds the worker threads and the signals).

An edit is decided against the plan on screen (milliseconds: the rules read only what they
need), its write is queued (`stage`) and the edit is shown at once (`show`); the write then
waits behind the edits before it and is done off the GUI thread. The session keeps what each
queued write needs to be taken back: if the database refuses it (someone else changed those
rows, the server went away), the edit and every edit queued behind it (decided on top of it)
are taken back (`refused`), newest first, versions and undo history included.

The session holds the version counter of every row it shows (DESIGN.md section 4). The store
bumps a row's version by one on every write and starts a new row at 1, so the session knows at
once which versions its plan stands for once an edit is written (`_expect`), hands each queued
write the versions it was decided on, and puts them back if the write is refused.

One gate (`gate`) says whether the login's role, a read-only database or a lost connection
allows an action, and why not: the views ask it before anything is shown (a drag's note, the
editor's banner) and `decide` asks it for every change set a view did not vet itself, so a
path a view forgot is refused the same way (the server's own rules stay the real guard).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.edits.moves import RefusedMove
from app.edits.store_port import PlanStore, Snapshot
from app.edits.undo import ApplyChanges, EditHistory
from app.edits.use_case import UseCase
from app.model.change_set import ChangeSet
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Plan, Target, effective_today
from app.rules.moves import move_refusal
from app.rules.permissions import Action, Permissions, change_refusal
from app.sharing.feed_apply import Applied, NeedsReload, apply_commits

Versions = dict[tuple[str, str], int]


@dataclass
class PendingWrite:
    """An edit on screen whose write is queued: what writing it and taking it back need."""

    use_case: UseCase
    changes: ChangeSet
    expected: dict  # (kind, key) -> the version it was decided on (None: a new row)
    undo_index: int | None = None  # where its undo step was pushed (None: it has none)
    history_back: int | None = None  # an undo or redo: where the history stood before it
    state: str = "queued"  # then "written", or "refused" (taken back)

    @property
    def text(self) -> str:
        """What the planner did, in words: the undo step's name, else the audit's."""
        return self.use_case.undo_text or self.use_case.action

    @property
    def check(self) -> dict:
        """The versions the write must find: fixed when it was decided, never what the
        client learnt later."""
        return {key: v for key, v in self.expected.items() if v is not None}


class PlanSession:
    def __init__(self, store: PlanStore, today: date | None = None):
        self.store = store
        self.today_override = today
        self.plan: Plan | None = None
        self.versions: Versions = {}
        self.feed_from: int | None = None  # the audit id the plan on screen is up to date with
        self.history = EditHistory()
        self.permissions: Permissions | None = None  # None: not known (everything offered)
        self.read_only = ""  # why the database cannot be written; "" when it can
        self.offline = ""  # why it cannot be reached now; "" when it can
        self.pending: list[PendingWrite] = []
        # Rows this client deleted whose deletion the feed has not brought back yet: a deletion
        # carries no version, so this is how the feed knows it as this window's own.
        self.own_deletions: set[tuple[str, str]] = set()

    def today(self) -> date:
        return effective_today(self.plan, self.today_override) if self.plan is not None \
            else self.today_override or date.today()

    # ---- loading (read on a worker, shown on the GUI thread) ---------------------------------

    def read(self) -> tuple[int | None, Snapshot]:
        """The plan as stored now and where the change feed stands. The feed's id is read
        first: a commit between the two reads is applied again from the feed and skipped
        there, because its versions are already held."""
        last = self.store.last_change_id() if hasattr(self.store, "last_change_id") else None
        return last, self.store.load()

    def adopt(self, last: int | None, snapshot: Snapshot) -> None:
        self.plan, self.versions, self.feed_from = snapshot.plan, snapshot.versions, last

    # ---- the gate ----------------------------------------------------------------------------

    def gate(self, action: Action | None = None, cr: str | None = None) -> str:
        """Why this window may not do `action` (to CR `cr`) now: the connection, a read-only
        database, then the login's role; "" when it may. Without an action: may it write at
        all?"""
        if self.offline:
            return (f"{self.offline}; nothing is changed. Release Planner reconnects by "
                    "itself: try again when it says it is back")
        if self.read_only:
            return self.read_only
        if action is None or self.permissions is None:
            return ""
        team = self.plan.crs[cr].team if cr is not None and self.plan is not None \
            and cr in self.plan.crs else None
        return self.permissions.why_not(action, team)

    def may_create_for(self, team: str) -> bool:
        return self.permissions is None or self.permissions.may(Action.CREATE_CR, team)

    def move_refusals(self, keys: Iterable[str], target: Target) -> list[RefusedMove]:
        """Of `keys`, those that may not move to `target` and why, in their order: what the
        gate refuses (another team's CR, a read-only database), then what the rules refuse.
        A CR at `target` already is not refused: it stays."""
        plan, today, out = self.plan, self.today(), []
        for key in keys:
            why = self.gate(Action.SCHEDULE, key)
            if why:
                out.append(RefusedMove(key, RefusalCode.FORBIDDEN, why))
                continue
            refusal = move_refusal(plan, key, target, today)
            if refusal is not None:
                out.append(RefusedMove(key, refusal.code, refusal.message))
        return out

    # ---- edits -------------------------------------------------------------------------------

    def decide(self, use_case: UseCase, vetted: bool = False):
        """The use case's outcome against the plan on screen, nothing shown or written yet; a
        Refusal (the gate, the rules) or a PlanFileError (a bad CR) propagates. `vetted`: the
        caller asked the gate about exactly these CRs already (a move's preview)."""
        if self.offline or self.read_only:
            code = RefusalCode.OFFLINE if self.offline else RefusalCode.READ_ONLY
            raise Refusal(code, self.gate())
        outcome = use_case.decide(self.plan, self.today())
        if not vetted:
            why = change_refusal(self.permissions, outcome.changes)
            if why:
                raise Refusal(RefusalCode.FORBIDDEN, why)
        return outcome

    def stage(self, use_case: UseCase, outcome) -> PendingWrite:
        """A decided outcome's write, to queue at once: the versions the rows will have once
        it is written are held from now on."""
        pending = PendingWrite(use_case, outcome.changes, self._expect(outcome.changes))
        self.pending.append(pending)
        self.own_deletions.update((r.kind, r.key) for r in outcome.changes if r.after is None)
        return pending

    def show(self, pending: PendingWrite, plan: Plan) -> None:
        """Put a staged outcome's `plan` on screen and its undo step in the history."""
        use_case = pending.use_case
        if isinstance(use_case, ApplyChanges):
            pending.history_back = self.history.index
            self.history.moved(self.history.index + (-1 if use_case.restoring else 1))
        elif use_case.undo_text:
            pending.undo_index = self.history.push(use_case.undo_text, pending.changes)
        self.plan = plan

    def written(self, pending: PendingWrite) -> None:
        self.pending.remove(pending)
        pending.state = "written"
        if pending.use_case.undo_text is None and pending.history_back is None:
            self.history.clear()  # a deployment: shipped is shipped

    def refused(self, pending: PendingWrite) -> tuple[ChangeSet, list[PendingWrite]]:
        """Take back the refused edit and every edit queued behind it, newest first: what to
        apply to the views, and the writes taken back (oldest first)."""
        at = self.pending.index(pending)
        taken = self.pending[at:]
        del self.pending[at:]
        back = ChangeSet()
        for p in reversed(taken):
            p.state = "refused"
            back = back.then(p.changes.inverse())
            self.own_deletions.difference_update((r.kind, r.key) for r in p.changes
                                                 if r.after is None)
            self._hold(p.expected)
            if p.undo_index is not None:
                self.history.drop_from(p.undo_index)
            if p.history_back is not None:
                self.history.moved(p.history_back)
        self.plan = back.apply(self.plan)
        return back, taken

    def pending_rows(self) -> set[tuple[str, str]]:
        """The rows an edit of this window is still on its way to write."""
        return {(row.kind, row.key) for p in self.pending for row in p.changes}

    def _expect(self, changes: ChangeSet) -> dict[tuple[str, str], int | None]:
        """Move the held versions to what they will be once `changes` is written; returns the
        versions the write must find (None: a new row), to check it and to put them back."""
        versions, expected = self.versions, {}
        for row in changes:
            key = (row.kind, row.key)
            expected[key] = versions.get(key)
            if row.after is None:
                versions.pop(key, None)
            elif row.before is None:
                versions[key] = 1
            elif key in versions:
                versions[key] += 1
        return expected

    def _hold(self, new: Mapping[tuple[str, str], int | None]) -> None:
        """Hold the versions `new` names (None: the row is gone): those a refused write puts
        back, those another planner's commits bring."""
        for key, version in new.items():
            if version is None:
                self.versions.pop(key, None)
            else:
                self.versions[key] = version

    # ---- other planners' commits ---------------------------------------------------------------

    def apply_commits(self, batch) -> Applied:
        """Bring the plan on screen up to date with a batch of the change feed (only what is
        news to it); raises app.sharing.feed_apply.NeedsReload when it cannot."""
        if batch.gap:
            raise NeedsReload("the change feed has a gap")
        applied = apply_commits(self.plan, self.versions, batch.commits, self.pending_rows(),
                                self.own_deletions)
        self._hold(applied.versions)
        if applied.changes:
            self.plan = applied.changes.apply(self.plan)
        self.feed_from = batch.last_id
        return applied
