"""The one place that decides a move, for every view: the timeline, the board, the backlog and
the work list ask it what a drag would do (`preview`, while the pointer moves: the same note
and the same refusal on every view), and hand it the drop (`drop`). The keyboard's moves come
here too (Ctrl+M, Ctrl+Shift+Right / Left).

A drag of a CR that is part of a selection of several carries the whole selection. What may
not move (another team's CR, a frozen release, deployed work) is known before the drop; on the
drop of a group that is partly refused, the planner chooses to move the others or none. One
undo step either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.edits.moves import MoveMany, RefusedMove, Schedule
from app.model.plan import Target
from app.rules.moves import to_move
from app.rules.permissions import Action

SHOWN_REFUSALS = 12  # the dialog lists these; the rest are counted
NOTE_REFUSALS = 4  # a note beside the pointer is read at a glance


@dataclass(frozen=True)
class MovePreview:
    """What dropping `group` on `target` would do."""

    target: Target
    group: tuple[str, ...]  # the CRs dragged together (the CR alone, or its selection)
    moving: tuple[str, ...]  # of them, those not at the target already
    refused: tuple[RefusedMove, ...]  # of those, the ones that may not move, with why

    @property
    def movable(self) -> tuple[str, ...]:
        blocked = {r.cr for r in self.refused}
        return tuple(k for k in self.moving if k not in blocked)

    @property
    def all_refused(self) -> bool:
        return bool(self.refused) and not self.movable

    def refusal_of(self, cr: str) -> str | None:
        return next((r.message for r in self.refused if r.cr == cr), None)

    def note(self) -> str:
        """The note beside the pointer (rich text; plan text escaped)."""
        where = escape(self.target.described())
        if len(self.group) == 1:
            key = escape(self.group[0])
            why = self.refusal_of(self.group[0])
            return f"{key} → {where}" if why is None else \
                f"<b>{key} cannot go to {where}</b><br>{escape(why)}"
        if not self.refused:
            return f"{len(self.group)} change requests → {where}"
        if self.all_refused:
            head = f"<b>None of the {len(self.moving)} change requests can go to {where}</b>"
        else:
            head = (f"<b>{len(self.refused)} of {len(self.moving)} cannot go to {where}</b>; "
                    f"on the drop you choose to move the other {len(self.movable)} or none")
        lines = "".join(f"<br>{escape(r.line())}"
                        for r in self.refused[:NOTE_REFUSALS])
        more = len(self.refused) - NOTE_REFUSALS
        return head + lines + (f"<br>and {more} more" if more > 0 else "")


class Mover(QObject):
    moved = Signal(list)  # CRs moved and shown: views bring them into view
    zone_hovered = Signal(str, bool)  # a drag is over (or left) the drop zone of this name

    def __init__(self, session, selection, dialog_parent=None):
        super().__init__()
        self.session = session
        self.selection = selection
        self.dialog_parent = dialog_parent  # the window, for the partial-move dialog
        self._previews: dict = {}
        self._previews_of = None  # (plan, selection version) the previews hold for
        self._zones: list[tuple[str, QWidget, Target]] = []
        self._hovered: str | None = None

    # ---- drop zones: where a drag that leaves its view can end -------------------------------

    def add_zone(self, name: str, widget: QWidget, target: Target) -> None:
        """A widget a dragged CR can be dropped on to move it to `target` (the backlog)."""
        self._zones.append((name, widget, target))

    def zone_at(self, screen_pos: QPoint) -> tuple[str, Target] | None:
        """The drop zone under the pointer (global coordinates), if it is shown."""
        for name, widget, target in self._zones:
            if widget.isVisible() and widget.rect().contains(widget.mapFromGlobal(screen_pos)):
                return name, target
        return None

    def hover_zone(self, name: str | None) -> None:
        """A drag is over the zone `name` now (None: over none): it lights up."""
        if name != self._hovered:
            if self._hovered is not None:
                self.zone_hovered.emit(self._hovered, False)
            if name is not None:
                self.zone_hovered.emit(name, True)
            self._hovered = name

    # ---- during a drag -------------------------------------------------------------------------

    def preview(self, cr: str, target: Target) -> MovePreview:
        """What a drop of `cr` (with the selection it is part of) on `target` would do; worked
        out once per CR and target while the plan and the selection stay as they are."""
        now = (self.session.plan, self.selection.version)
        if self._previews_of != now:
            self._previews, self._previews_of = {}, now
        found = self._previews.get((cr, target))
        if found is None:
            group = tuple(self.selection.group_of(cr))
            found = self._previews[(cr, target)] = self.of(group, target)
        return found

    def of(self, keys, target: Target) -> MovePreview:
        """What moving `keys` to `target` would do."""
        plan = self.session.plan
        group = tuple(k for k in dict.fromkeys(keys) if plan is not None and k in plan.crs)
        moving = tuple(to_move(plan, group, target)) if plan is not None else ()
        refused = tuple(self.session.core.move_refusals(moving, target))
        return MovePreview(target, group, moving, refused)

    # ---- the drop, and the keyboard's moves --------------------------------------------------

    def drop(self, cr: str, target: Target) -> bool:
        """A CR dragged from any view and dropped on `target`: it and the selection it is part
        of. Returns whether anything moved."""
        if self.session.plan is None or cr not in self.session.plan.crs:
            return False  # another plan is loading; what was dragged belongs to the old one
        return self._move(self.preview(cr, target))

    def move(self, keys, target: Target) -> bool:
        return self._move(self.of(keys, target))

    def _move(self, preview: MovePreview) -> bool:
        session, target = self.session, preview.target
        where = target.described()
        if not preview.moving:
            if len(preview.group) > 1:
                session.message.emit(f"Nothing to move: the selected change requests are "
                                     f"already in {where}.")
            session.put_back.emit(list(preview.group))
            return False
        if preview.refused and len(preview.moving) == 1:
            session.message.emit(f"{preview.moving[0]} stays where it is: "
                                 f"{preview.refused[0].message}")
            session.put_back.emit(list(preview.group))
            return False
        movable = preview.movable
        if preview.refused and not self._ask_move_others(preview):
            session.message.emit(f"Nothing moved: {len(preview.refused)} of "
                                 f"{len(preview.moving)} change requests cannot move to "
                                 f"{where}.")
            session.put_back.emit(list(preview.group))
            return False
        use_case = Schedule(movable[0], target) if len(movable) == 1 \
            else MoveMany(movable, target)
        if session.attempt(use_case, moved=list(preview.group), vetted=True) is None:
            return False
        self.moved.emit(list(movable))
        return True

    def _ask_move_others(self, preview: MovePreview) -> bool:
        """Which CRs may not move and why; True when the planner moves the others."""
        box = QMessageBox(self.dialog_parent)
        box.setObjectName("partial-move")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Some change requests cannot move")
        box.setTextFormat(Qt.TextFormat.RichText)
        refused, movable = preview.refused, preview.movable
        lines = "".join(f"<li><b>{escape(r.cr)}</b>{escape(r.after_key())}</li>"
                        for r in refused[:SHOWN_REFUSALS])
        more = len(refused) - SHOWN_REFUSALS
        already = len(preview.group) - len(preview.moving)
        there = f" ({already} selected are there already)" if already else ""
        box.setText(f"{len(refused)} of the {len(preview.moving)} change requests to move "
                    f"cannot move to {escape(preview.target.described())}{there}:"
                    f"<ul>{lines}</ul>" + (f"and {more} more." if more > 0 else ""))
        others = None
        if movable:
            others = box.addButton(f"Move the other {len(movable)}",
                                   QMessageBox.ButtonRole.AcceptRole)
            others.setObjectName("move-others")
        none = box.addButton("Move none" if movable else "Close",
                             QMessageBox.ButtonRole.RejectRole)
        none.setObjectName("move-none")
        box.setDefaultButton(none)
        self.dialog = box  # kept for tests while it is open
        box.exec()
        return others is not None and box.clickedButton() is others

    def choose_target(self, keys: list[str]) -> None:
        """Ctrl+M: the selected CRs to a release picked by name, or to the backlog. The
        choices are the planned releases it could go to; a frozen one is marked, and the
        first offered is the first one the move is allowed to."""
        plan = self.session.plan
        if not keys or plan is None:
            return
        why = self.session.gate(Action.SCHEDULE, keys[0]) if len(keys) == 1 else ""
        if why:  # another team's CR: it may go nowhere, so there is no need to ask where
            self.session.message.emit(f"{keys[0]} stays where it is: {why}")
            return
        current = {plan.crs[k].release for k in keys}
        targets = [Target(r.key) for r in plan.planned_releases()
                   if len(keys) > 1 or Target(r.key).release not in current]
        if len(keys) > 1 or None not in current:
            targets.append(Target.backlog())
        labels, first_allowed = [], None
        for i, target in enumerate(targets):
            preview = self.of(keys, target)
            label = _label(plan, target)
            if preview.all_refused:
                label += f"  (cannot: {preview.refused[0].message})"
            elif first_allowed is None:
                first_allowed = i
            labels.append(label)
        what = keys[0] if len(keys) == 1 else f"{len(keys)} change requests"
        choice, ok = QInputDialog.getItem(self.dialog_parent, "Move to release",
                                          f"Move {what} to:", labels, first_allowed or 0, False)
        if ok and choice in labels:
            self.move(keys, targets[labels.index(choice)])

    def step(self, keys: list[str], step: int) -> None:
        """Ctrl+Shift+Right / Left: one planned release later / earlier (from the backlog,
        later is the first planned release)."""
        plan = self.session.plan
        if not keys or plan is None:
            return
        order = [r.key for r in plan.planned_releases()]
        current = plan.crs[keys[0]].release
        at = order.index(current) + step if current in order else (0 if step > 0 else -1)
        if not 0 <= at < len(order):
            self.session.message.emit(f"{keys[0]} has no {'later' if step > 0 else 'earlier'} "
                                      "planned release to move to.")
            return
        self.move(keys, Target(order[at]))


def _label(plan, target: Target) -> str:
    if target.is_backlog:
        return "backlog  (not scheduled)"
    release = plan.releases[target.release]
    return f"{release.key}  {release.name}  ({release.go_live:%a %-d %b})"
