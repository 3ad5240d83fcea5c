"""Create, edit or cancel a release (name, go-live, freeze window), as one undo step each."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QPushButton, QSpinBox

from app.edits.releases import CancelRelease, CreateRelease, EditRelease, open_work
from app.model.errors import Problem, Refusal
from app.model.plan import Release
from app.rules.freeze import freeze_start
from widgets.common.forms import SetupDialog

FREEZE_DAYS_MAX = 365


def next_release_key(existing) -> str:
    """R1, R2, ... in a plan keyed that way (or none yet); else "": the planner names it."""
    numbers = [int(k[1:]) for k in existing if k[:1] == "R" and k[1:].isdigit()]
    return f"R{max(numbers, default=0) + 1}" if len(numbers) == len(existing) else ""


class ReleaseDialog(SetupDialog):
    def __init__(self, session, release: str | None = None, parent=None):
        """`release` None: a new release, after the last one."""
        plan = session.plan
        self.base = plan.releases.get(release) if release else None
        super().__init__(session, f"Edit release {release}" if self.base else "New release",
                         parent)
        self.key = self.add_field("key", "Key", QLineEdit())
        self.name = self.add_field("name", "Name", QLineEdit())
        self.name.setPlaceholderText("What planners call it, e.g. March")
        self.go_live = self.add_field("go_live", "Go-live", QDateEdit())
        self.go_live.setCalendarPopup(True)
        self.go_live.setDisplayFormat("ddd dd MMM yyyy")
        self.freeze = self.add_field("freeze_days", "Freeze window", QSpinBox(),
                                     "Calendar days before go-live in which only emergencies "
                                     "may join or change.")
        self.freeze.setRange(0, FREEZE_DAYS_MAX)
        self.freeze.setSuffix(" days")
        self.freeze_note = QLabel()
        self.form.addRow("", self.freeze_note)
        self.go_live.dateChanged.connect(self._show_freeze)
        self.freeze.valueChanged.connect(self._show_freeze)
        self.errors["status"] = self.general
        self.cancel_release = QPushButton("Cancel this release...")
        self.cancel_release.clicked.connect(self._cancel_clicked)
        self.confirm = QLabel()
        self.confirm.setWordWrap(True)
        self.confirm.hide()
        self.form.addRow("", self.confirm)
        self.key.setPlaceholderText("A short code, e.g. R-MAY")
        if self.base is None:
            last = max((r.go_live for r in plan.releases.values()), default=None)
            today = session.today()
            go_live = (last or today) + timedelta(days=28)
            self.key.setText(next_release_key(plan.releases))
            self._fill(Release("", "", go_live, 3))
        else:
            self.key.setText(self.base.key)
            self.key.setEnabled(False)  # CRs refer to it
            self._fill(self.base)
            if self.base.status != "planned":
                for widget in (self.name, self.go_live, self.freeze, self.cancel_release):
                    widget.setEnabled(False)
                self.buttons.button(self.buttons.StandardButton.Save).setEnabled(False)
                self.show_problems([Problem("status", f"{self.base.key} is {self.base.status}: "
                                            "its history stays as it is")])
        if self.base is not None:
            self.buttons.addButton(self.cancel_release, self.buttons.ButtonRole.ResetRole)
        else:
            self.cancel_release.hide()

    def _fill(self, release: Release) -> None:
        self.name.setText(release.name)
        d = release.go_live
        self.go_live.setDate(QDate(d.year, d.month, d.day))
        self.freeze.setValue(release.freeze_days)
        self._show_freeze()

    def _date(self) -> date:
        q = self.go_live.date()
        return date(q.year(), q.month(), q.day())

    def _show_freeze(self) -> None:
        start = freeze_start(self._date(), self.freeze.value())
        self.freeze_note.setText(f"Frozen from {start:%a %-d %b %Y}" if self.freeze.value()
                                 else "No freeze window")

    def release(self) -> Release:
        return Release(self.key.text().strip(), self.name.text().strip(), self._date(),
                       self.freeze.value(), self.base.status if self.base else "planned")

    def use_case(self):
        release = self.release()
        return CreateRelease(release) if self.base is None else EditRelease(release)

    def _cancel_clicked(self) -> None:
        """First click: say what cancelling does; second click: do it (one undo step)."""
        key = self.base.key
        if not self.confirm.isVisible():
            work = open_work(self.session.plan, key)
            moved = (f"Its {len(work)} open change requests move to the backlog."
                     if work else "It has no open change requests.")
            self.confirm.setText(f"Cancel {key}? It will ship nothing. {moved} "
                                 "Undo (Ctrl+Z) brings it back.")
            self.confirm.show()
            self.cancel_release.setText(f"Yes, cancel {key}")
            self.adjustSize()
            return
        try:
            self.session.run(CancelRelease(key))
        except Refusal as refusal:  # shown in the dialog; nothing changed
            self.show_problems([Problem("", refusal.message)])
            return
        self.accept()
