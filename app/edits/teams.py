"""Teams created and edited: name, members, productive hours per day, colour. Keys are given
once, at creation: change requests refer to them."""

from __future__ import annotations

from dataclasses import dataclass

from app.edits.use_case import UseCase
from app.model.change_set import Edited, put
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Team
from app.model.row_kinds import RowKind
from app.plan_file.row_checks import refuse, team_problems


@dataclass(frozen=True)
class SaveTeam(UseCase):
    team: Team
    new: bool

    @property
    def action(self) -> str:
        return f"{'create' if self.new else 'edit'} team {self.team.key}"

    def note(self, outcome) -> str:
        return f"Team {self.team.key} {'created' if self.new else 'saved'}."

    def decide(self, plan, today):
        if not self.new and self.team.key not in plan.teams:
            raise Refusal(RefusalCode.UNKNOWN_TEAM, f'there is no team "{self.team.key}"')
        refuse(team_problems(plan, self.team, self.new))
        return Edited.of(plan, put(plan, RowKind.TEAM, self.team.key, self.team))
