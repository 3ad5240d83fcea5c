"""The CR editor on a CR this login may not change (another team's, for a planner; any, for a
viewer): read only, with a one-line banner saying why, Save and Delete disabled with the
reason in their tooltips; and a CR's team field offering only the teams the login plans for.
The answers come from the controller (widgets/session/plan_access.py). A mixin of CrEditor."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

BANNER_STYLE = "QLabel { background: #fff4ce; color: #4a3b00; padding: 4px 8px; }"


class EditorAccess:
    def _access_banner(self) -> QLabel:
        self.access_note = QLabel()
        self.access_note.setObjectName("editor-read-only")
        self.access_note.setStyleSheet(BANNER_STYLE)
        self.access_note.setWordWrap(True)
        self.access_note.hide()
        self._tooltips = {self.save_button: self.save_button.toolTip(),
                          self.delete_button: self.delete_button.toolTip()}
        self.controller.permissions_changed.connect(self._permissions_changed)
        return self.access_note

    def refused_here(self) -> str:
        """Why this login may not change the CR shown (empty when it may)."""
        if self.base is None:
            return ""
        if self.new:
            permissions = self.controller.permissions
            return "" if permissions is None else permissions.why_not("create_cr")
        return self.controller.refusal("edit_cr", self.base.key)

    def _follow_access(self) -> None:
        """After `_enable`: a CR the login may not change is shown read only, saying why."""
        why = self.refused_here()
        self.access_note.setText(f"Read only: {why}." if why else "")
        self.access_note.setVisible(bool(why))
        if why:
            for widget in (self.form, self.dependencies, self.picker, self.impact,
                           self.remove_change, self.use_current, self.save_button,
                           self.delete_button):
                widget.setEnabled(False)
        for button, tip in self._tooltips.items():
            button.setToolTip(f"{button.text().rstrip('.')}: {why}" if why else tip)

    def _own_teams_only(self) -> None:
        """The team field offers only the teams this login may give a CR (the server would
        refuse a CR written into another team); a CR shown read only keeps its own."""
        if self.refused_here():
            return
        combo = self.form.team
        for i in reversed(range(combo.count())):
            if not self.controller.may_create_for(combo.itemData(i)):
                combo.removeItem(i)

    def first_team_for_new(self, team: str | None) -> str:
        """The team a new CR starts in: `team` if the login may create CRs for it, else the
        first team it may (else the plan's first, shown read only with the reason)."""
        teams = list(self.controller.plan.teams)
        allowed = [t for t in teams if self.controller.may_create_for(t)]
        if team in allowed:
            return team
        return next(iter(allowed or teams), "")

    def _permissions_changed(self) -> None:
        if self.base is not None and not self.dirty and not self.new:
            self._load_when_shown()
        else:
            self._enable()
