"""Create or edit a team: name, members, productive hours per day and its colour on the
timeline, as one undo step."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.edits.teams import SaveTeam
from app.model.plan import Team
from app.model.team_colors import default_color
from widgets.common.forms import SetupDialog

MEMBERS_MAX = 10_000
HOURS_MAX = 24


class TeamDialog(SetupDialog):
    def __init__(self, session, team: str | None = None, parent=None):
        plan = session.plan
        self.base = plan.teams.get(team) if team else None
        super().__init__(session, f"Edit team {team}" if self.base else "New team", parent)
        self.key = self.add_field("key", "Key", QLineEdit())
        self.key.setPlaceholderText("A short code, e.g. ACQ")
        self.name = self.add_field("name", "Name", QLineEdit())
        self.members = self.add_field("members", "Members", QSpinBox())
        self.members.setRange(1, MEMBERS_MAX)
        self.hours = self.add_field("hours_per_day", "Hours per day", QDoubleSpinBox(),
                                    "Productive hours of one member on a working day, "
                                    "meetings left out: capacity is members x hours x days.")
        self.hours.setRange(0.25, HOURS_MAX)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(" h")
        self.color = QLineEdit()
        self.color.setPlaceholderText("#rrggbb")
        self.pick = QPushButton("Pick...")
        self.pick.clicked.connect(self._pick)
        self.swatch = QLabel()
        self.swatch.setFixedSize(22, 22)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.swatch)
        box.addWidget(self.color, 1)
        box.addWidget(self.pick)
        self.add_field("color", "Colour", row)
        self.color.textChanged.connect(self._show_swatch)
        base = self.base or Team("", "", 1, 6, default_color(len(plan.teams)))
        self.key.setText(base.key)
        self.key.setEnabled(self.base is None)  # CRs refer to it
        self.name.setText(base.name)
        self.members.setValue(base.members)
        self.hours.setValue(base.hours_per_day)
        self.color.setText(base.color)

    def _show_swatch(self, text: str) -> None:
        ok = re.fullmatch(r"#[0-9a-fA-F]{6}", text.strip()) is not None
        self.swatch.setStyleSheet(f"background: {text.strip()}; border: 1px solid gray;" if ok
                                  else "border: 1px dashed gray;")

    def _pick(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color.text().strip() or "#888888"), self,
                                       "Team colour")
        if chosen.isValid():
            self.color.setText(chosen.name())

    def team(self) -> Team:
        return Team(self.key.text().strip(), self.name.text().strip(), self.members.value(),
                    self.hours.value(), self.color.text().strip())

    def use_case(self):
        return SaveTeam(self.team(), new=self.base is None)

