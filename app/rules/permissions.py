"""What the database lets this login do, so the client can disable what the server would refuse
(the server enforces it anyway: PostgreSQL roles and row-level security, storage/roles.py).

Roles: a viewer reads; a planner also creates, edits, schedules and deletes the CRs of their
teams; a manager does everything. Without roles (SQLite, or PostgreSQL before `db roles`)
everyone is a manager.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VIEWER, PLANNER, MANAGER = "viewer", "planner", "manager"
NO_ROLE = "none"  # a login that may connect but holds none of the three roles

# Actions on a CR (and its dependencies): a planner of the CR's team may.
CR_ACTIONS = frozenset({"create_cr", "edit_cr", "schedule", "delete_cr", "edit_dependencies"})
# Everything else that writes: only a manager.
MANAGER_ACTIONS = frozenset({"deploy", "edit_release", "edit_team", "edit_pack", "edit_item",
                             "edit_settings", "import"})


@dataclass(frozen=True)
class Permissions:
    login: str
    role: str  # VIEWER, PLANNER, MANAGER or NO_ROLE
    teams: frozenset[str] = field(default_factory=frozenset)  # a planner's teams
    enforced: bool = False  # True when the server enforces roles (PostgreSQL after `db roles`)

    def may(self, action: str, team: str | None = None) -> bool:
        """Whether the login may do `action` ("read", one of CR_ACTIONS with the CR's team, or
        one of MANAGER_ACTIONS). A CR action without a team asks: on any of the teams?"""
        if action == "read":
            return self.role != NO_ROLE
        if self.role == MANAGER:
            return True
        if action in CR_ACTIONS and self.role == PLANNER:
            return bool(self.teams) if team is None else team in self.teams
        return False

    def why_not(self, action: str, team: str | None = None) -> str:
        """One line for a disabled action's tooltip; empty when the action is allowed."""
        if self.may(action, team):
            return ""
        if action == "read":
            return f"{self.login} holds no Release Planner role on this database"
        if action in CR_ACTIONS:
            needs = f"the planner role for team {team}" if team else "the planner role"
            return f"needs {needs} or the manager role; {self.login} is {self._described()}"
        return f"needs the manager role; {self.login} is {self._described()}"

    def _described(self) -> str:
        if self.role == PLANNER:
            return f"a planner of {', '.join(sorted(self.teams)) or 'no team'}"
        return "without a role" if self.role == NO_ROLE else f"a {self.role}"


def everyone_manages(login: str) -> Permissions:
    return Permissions(login, MANAGER)


# The action a change to a row of each kind needs (a CR's: by what happens to it).
_ROW_ACTIONS = {"team": "edit_team", "pack": "edit_pack", "item": "edit_item",
                "release": "edit_release", "settings": "edit_settings"}


def change_refusal(permissions: Permissions | None, changes) -> str:
    """Why this login may not write the change set `changes` (an app.model.change_set.ChangeSet):
    the first row it may not touch, in the words of `why_not`; empty when it may write all.
    A CR row needs its action for the team it had and the team it gets, as the server's
    row-level security checks both (USING and WITH CHECK). None: permissions not known yet."""
    if permissions is None or permissions.role == MANAGER:
        return ""
    for row in changes:
        if row.kind != "cr":
            why = permissions.why_not(_ROW_ACTIONS.get(row.kind, "edit_settings"))
        else:
            action = ("create_cr" if row.before is None else "delete_cr" if row.after is None
                      else "schedule" if row.before.release != row.after.release else "edit_cr")
            teams = {cr.team for cr in (row.before, row.after) if cr is not None}
            why = next((w for t in sorted(teams) if (w := permissions.why_not(action, t))), "")
        if why:
            return why
    return ""
