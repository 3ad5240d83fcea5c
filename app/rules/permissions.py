"""What the database lets this login do, so the client can disable what the server would refuse
(the server enforces it anyway: PostgreSQL roles and row-level security, storage/roles.py).

Roles: a viewer reads; a planner also creates, edits, schedules and deletes the CRs of their
teams; a manager does everything. Without roles (SQLite, or PostgreSQL before `db roles`)
everyone is a manager.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.model.row_kinds import RowKind

VIEWER, PLANNER, MANAGER = "viewer", "planner", "manager"
NO_ROLE = "none"  # a login that may connect but holds none of the three roles


class Action(StrEnum):
    """What a login may or may not do to the plan."""

    READ = "read"
    # on a CR (and its dependencies): a planner of the CR's team may
    CREATE_CR = "create_cr"
    EDIT_CR = "edit_cr"
    SCHEDULE = "schedule"
    DELETE_CR = "delete_cr"
    EDIT_DEPENDENCIES = "edit_dependencies"
    # everything else that writes: only a manager
    DEPLOY = "deploy"
    EDIT_RELEASE = "edit_release"
    EDIT_TEAM = "edit_team"
    EDIT_PACK = "edit_pack"
    EDIT_ITEM = "edit_item"
    EDIT_SETTINGS = "edit_settings"
    IMPORT = "import"
    # baselines (issue 24): a planner may take one; only a manager deletes one or signs off
    TAKE_BASELINE = "take_baseline"
    DELETE_BASELINE = "delete_baseline"
    SIGN_OFF = "sign_off"


CR_ACTIONS = frozenset({Action.CREATE_CR, Action.EDIT_CR, Action.SCHEDULE, Action.DELETE_CR,
                        Action.EDIT_DEPENDENCIES})
MANAGER_ACTIONS = frozenset(set(Action) - CR_ACTIONS - {Action.READ, Action.TAKE_BASELINE})


@dataclass(frozen=True)
class Permissions:
    login: str
    role: str  # VIEWER, PLANNER, MANAGER or NO_ROLE
    teams: frozenset[str] = field(default_factory=frozenset)  # a planner's teams
    enforced: bool = False  # True when the server enforces roles (PostgreSQL after `db roles`)

    def may(self, action: Action, team: str | None = None) -> bool:
        """Whether the login may do `action` ("read", one of CR_ACTIONS with the CR's team, or
        one of MANAGER_ACTIONS). A CR action without a team asks: on any of the teams?"""
        if action == Action.READ:
            return self.role != NO_ROLE
        if self.role == MANAGER:
            return True
        if action == Action.TAKE_BASELINE:
            return self.role == PLANNER
        if action in CR_ACTIONS and self.role == PLANNER:
            return bool(self.teams) if team is None else team in self.teams
        return False

    def why_not(self, action: Action, team: str | None = None) -> str:
        """One line for a disabled action's tooltip; empty when the action is allowed."""
        if self.may(action, team):
            return ""
        if action == Action.READ:
            return f"{self.login} holds no Release Planner role on this database"
        if action == Action.TAKE_BASELINE:
            return f"needs the planner or manager role; {self.login} is {self._described()}"
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
_ROW_ACTIONS = {RowKind.TEAM: Action.EDIT_TEAM, RowKind.PACK: Action.EDIT_PACK,
                RowKind.ITEM: Action.EDIT_ITEM, RowKind.RELEASE: Action.EDIT_RELEASE,
                RowKind.SETTINGS: Action.EDIT_SETTINGS}


def change_refusal(permissions: Permissions | None, changes) -> str:
    """Why this login may not write the change set `changes` (an app.model.change_set.ChangeSet):
    the first row it may not touch, in the words of `why_not`; empty when it may write all.
    A CR row needs its action for the team it had and the team it gets, as the server's
    row-level security checks both (USING and WITH CHECK). None: permissions not known yet."""
    if permissions is None or permissions.role == MANAGER:
        return ""
    for row in changes:
        if row.kind != RowKind.CR:
            why = permissions.why_not(_ROW_ACTIONS.get(row.kind, Action.EDIT_SETTINGS))
        else:
            action = (Action.CREATE_CR if row.before is None
                      else Action.DELETE_CR if row.after is None
                      else Action.SCHEDULE if row.before.release != row.after.release
                      else Action.EDIT_CR)
            teams = {cr.team for cr in (row.before, row.after) if cr is not None}
            why = next((w for t in sorted(teams) if (w := permissions.why_not(action, t))), "")
        if why:
            return why
    return ""
