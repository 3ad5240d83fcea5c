"""What the login may do to the plan on screen: the one place the client asks "may this login
do X to this CR?" (app.rules.permissions.Permissions.may with the CR's team), so that every view
refuses another team's CR the same way, before anything is shown: a drag's note, the
partial-move dialog, the editor's banner, the work list's cells. `PlanController.perform`
checks every edit's change set here too, so a path a view forgot is refused the same way
before it is shown (the server's row-level security stays the real guard).

A mixin of PlanController, which holds `plan`, `service` and the `permissions_changed` signal.
"""

from __future__ import annotations

from app.edits.bulk_move import RefusedMove, refused_moves
from app.engine.move_check import move_refusal
from app.model.errors import Refusal
from app.model.plan import BACKLOG
from app.rules.permissions import change_refusal

FORBIDDEN = "forbidden"  # the refusal code, as the command line's {"error": "forbidden"}


class PlanAccess:
    _permissions = None

    @property
    def permissions(self):
        """app.rules.permissions.Permissions of the login, once read (None: not known yet, as on a
        database without roles: everything is offered and the server decides)."""
        return self._permissions

    @permissions.setter
    def permissions(self, permissions) -> None:
        self._permissions = permissions
        self.permissions_changed.emit()

    def refusal(self, action: str, cr: str) -> str:
        """Why this login may not do `action` (app.rules.permissions.CR_ACTIONS) to CR `cr`: one
        line naming the role it needs and the login's own; empty when it may."""
        plan = self.plan
        if self._permissions is None or plan is None or cr not in plan.crs:
            return ""
        return self._permissions.why_not(action, plan.crs[cr].team)

    def may_create_for(self, team: str) -> bool:
        return self._permissions is None or self._permissions.may("create_cr", team)

    def move_refusal(self, cr: str, target: str | None) -> str | None:
        """Why moving `cr` to `target` would be refused (None: it would be allowed), asked
        during a drag; nothing is written. The login's role first (a CR moved keeps its team,
        so it is "schedule" for that team), then the planning rules."""
        if self.plan is not None and cr in self.plan.crs and self.plan.crs[cr].release == target:
            return None  # it stays where it is
        why = self.refusal("schedule", cr)
        if why:
            return why
        refused = move_refusal(self.plan, cr, target, self.service.today(self.plan))
        return None if refused is None else refused.message

    def to_move(self, keys, target: str | None) -> list[str]:
        """The CRs of `keys` (once each, in order) that are in the plan and not in `target`
        already (None: the backlog): what a move of them would move."""
        crs = self.plan.crs if self.plan is not None else {}
        return [k for k in dict.fromkeys(keys) if k in crs and crs[k].release != target]

    def move_refusals(self, keys: list[str], target: str | None) -> list[RefusedMove]:
        """The CRs of `keys` that may not move to `target` (None: the backlog), each with why,
        in the order of `keys`: a CR of a team the login does not plan for says so, the
        others what the rules refuse."""
        found = {k: RefusedMove(k, FORBIDDEN, why) for k in keys
                 if (why := self.refusal("schedule", k))}
        rest = [k for k in keys if k not in found]
        found.update((r.cr, r) for r in refused_moves(self.plan, rest, target or BACKLOG,
                                                      self.service.today(self.plan)))
        return [found[k] for k in keys if k in found]

    def check_allowed(self, changes) -> None:
        """Refuse (before anything is shown) an edit whose rows this login may not write."""
        why = change_refusal(self._permissions, changes)
        if why:
            raise Refusal(FORBIDDEN, why)
