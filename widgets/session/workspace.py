"""What every feature of the window shares, and how features ask things of each other without
knowing one another (Spyder's plugins talk through signals the same way): the session, the one
selection, the one place that decides a move, the drop zones a drag can end on, the dates in
view, and requests such as "open this CR" that whichever feature handles them answers.

A feature gets the workspace when it is built (widgets/shell/feature.py) and never reaches
into another feature or into the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.model.row_kinds import RowKind
from app.rules.permissions import Action
from app.scenarios.model import LIVE
from widgets.session.moves import Mover
from widgets.session.selection import CrSelection
from widgets.session.session import Session


class Workspace(QObject):
    # Requests: whichever feature handles them answers (the editor opens a CR, ...).
    open_cr = Signal(str)  # show this CR in the editor
    new_cr = Signal()  # start a new CR in the editor
    preview_release = Signal(str)  # show what this release ships
    edit_release = Signal(str)  # open the release dialog
    export_release = Signal(str, str)  # export this release's report in this format
    browsed = Signal(object, object)  # the offer pack and item (or None) chosen in the browser
    show_cr = Signal(str)  # bring this CR into view (Find, a move far down a lane)
    show_panel = Signal(str)  # bring the panel of this feature into view
    hide_panel = Signal(str)  # close the panel of this feature
    # Presence (issue 12): the CR this window's editor shows, and who else edits which CR.
    editing = Signal(object)  # a CR key, or None
    others_editing = Signal(dict)  # CR key -> the other planners editing it
    status = Signal(str, int)  # a message for the status bar, shown for so many ms
    closing = Signal()  # the window closes (or leaves this database): stop following it
    opened = Signal(str)  # another database's plan is shown from now on
    # Shared state.
    days_changed = Signal(float, float)  # the dates in view on the timeline (day numbers)
    axis_width_changed = Signal(int)  # the timeline's team column: views under it align to it
    sign_off_release = Signal(str)  # open the sign-off dialog on this release
    signed_off = Signal(str)  # a release was signed off: show its last sign-off again
    # An item to draw over the timeline's bars; the timeline calls its `attach(view)`.
    timeline_overlay = Signal(object)
    # The plan the window works in ("live" or a scenario's name) and the CRs that scenario
    # changes (none in live): views mark those and take a tint while it is not live.
    scenario_shown = Signal(str, object)

    def __init__(self, session: Session, dialog_parent: QWidget | None = None):
        super().__init__()
        self.session = session
        self.selection = CrSelection()
        self.mover = Mover(session, self.selection, dialog_parent)
        self.dialog_parent = dialog_parent
        self.database = ""  # what the window shows: a file path, or a server URL without password
        self.user = ""  # who plans in it (the login on a server)
        self.days: tuple[float, float] | None = None
        self.axis_width = 0
        self.scenario = LIVE
        self.scenario_crs: frozenset[str] = frozenset()
        self._leave_guards: list[Callable[[str | None], bool]] = []
        self._escapes: list[tuple[int, Callable[[], bool]]] = []
        session.message.connect(lambda text: self.status.emit(text, 15000))
        session.plan_changed.connect(self._forget_hidden)
        session.edited.connect(self._forget_deleted)
        self.selection.changed.connect(self._say_read_only)

    # ---- selection ---------------------------------------------------------------------------

    def add_leave_guard(self, may_leave: Callable[[str | None], bool]) -> None:
        """`may_leave(next_current)` is asked before the current CR changes; False keeps it
        (the editor asks about unsaved changes)."""
        self._leave_guards.append(may_leave)

    def select(self, keys, current: str | None = None) -> bool:
        """Select `keys` in every view; `current` (one of them, else the last) goes to the
        editor. False when a guard kept the selection as it was."""
        keys = list(keys)
        nxt = current if current is not None else (keys[-1] if keys else None)
        if nxt != self.selection.current and not all(g(nxt) for g in self._leave_guards):
            self.selection.changed.emit()  # the views show the selection that stays
            return False
        self.selection.set(keys, current)
        return True

    def may_close(self) -> bool:
        """Whether every guard lets the current CR go (the window closes)."""
        return all(guard(None) for guard in self._leave_guards)

    def select_one(self, key: str | None) -> bool:
        return self.select([] if key is None else [key], key)

    def _forget_hidden(self) -> None:
        """Another plan, or a filter: what is not shown is not selected any more (a drag of
        the selection moves only what the planner can see)."""
        session = self.session
        if session.plan is None or session.layout is None:
            return
        if session.filter.active:
            layout = session.layout
            self.selection.keep({bar.cr for lane in layout.lanes for bar in lane.bars}
                                | set(layout.backlog))
        else:
            self.selection.keep(session.plan.crs)

    def _say_read_only(self) -> None:
        """Selecting a CR the login's role may not change (another team's) says so at once, on
        every view: before any drag, double-click or key tries. (A read-only or unreachable
        database has its own banner.)"""
        current, plan = self.selection.current, self.session.plan
        permissions = self.session.core.permissions
        if current is None or self.selection.is_many() or permissions is None \
                or plan is None or current not in plan.crs:
            return
        why = permissions.why_not(Action.EDIT_CR, plan.crs[current].team)
        if why:
            self.status.emit(f"{current} is read only for you: {why}.", 8000)

    def _forget_deleted(self, changes) -> None:
        if self.session.plan is not None and any(row.kind == RowKind.CR and row.after is None
                                                 for row in changes):
            self.selection.keep(self.session.plan.crs)

    # ---- the dates in view -----------------------------------------------------------------------

    def set_days(self, first: float, last: float) -> None:
        if self.days != (first, last):
            self.days = (first, last)
            self.days_changed.emit(first, last)

    def set_axis_width(self, width: float) -> None:
        width = int(width + 0.999)  # rounded up: a label wider than its axis is not drawn
        if width != self.axis_width:
            self.axis_width = width
            self.axis_width_changed.emit(width)

    def set_scenario(self, name: str, crs: frozenset[str] = frozenset()) -> None:
        if (name, crs) != (self.scenario, self.scenario_crs):
            self.scenario, self.scenario_crs = name, crs
            self.scenario_shown.emit(name, crs)

    def say(self, text: str, ms: int = 8000) -> None:
        self.status.emit(text, ms)

    # ---- Esc -----------------------------------------------------------------------------------

    def on_escape(self, handler: Callable[[], bool], order: int) -> None:
        """`handler()` is asked on Esc, lowest `order` first, until one says it handled it
        (cancelling a drag comes before closing the editor)."""
        self._escapes.append((order, handler))
        self._escapes.sort(key=lambda e: e[0])

    def escape(self) -> None:
        for _, handler in self._escapes:
            if handler():
                return
