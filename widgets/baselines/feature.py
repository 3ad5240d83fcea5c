"""Baselines on the desktop (issue 24): the Slip panel under the pages with its ghosts on the
timeline, View > Compare with baseline..., Plan > Take baseline... and Plan > Sign off
release... (a manager's). The automatic freeze baseline is taken by the first client that sees
a freeze begun: this window too, once per plan it opens."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog

from app.baselines.take import after_deploy, sign_off, take, take_due
from app.model.row_kinds import RowKind
from app.rules.permissions import Action
from widgets.baselines.dialogs import BaselinePicker, SignOffDialog
from widgets.baselines.panel import SlipPanel
from widgets.shell.feature import ActionSpec, Built, Menu, Place


class BaselinesFeature:
    name = "baselines"
    title = "Slip"
    place = Place.BOTTOM
    shown_first = False

    def build(self, workspace) -> Built:
        part = Baselines(workspace)
        return Built(part.panel, part, part.actions())


class Baselines:
    def __init__(self, workspace):
        self.workspace = workspace
        self.session = workspace.session
        self.panel = SlipPanel(workspace)
        self.previewed: str | None = None
        self._due_checked = False
        workspace.timeline_overlay.emit(self.panel.ghosts)
        workspace.preview_release.connect(lambda key: setattr(self, "previewed", key))
        workspace.sign_off_release.connect(self.sign_off)
        workspace.opened.connect(lambda _target: setattr(self, "_due_checked", False))
        self.session.plan_changed.connect(self._take_due)
        self.session.written.connect(self._deployed)

    def actions(self) -> list[ActionSpec]:
        return [
            ActionSpec("compare_baseline", "Compare with &baseline...", self.pick, Menu.VIEW,
                       section="baselines",
                       tip="Show on the timeline and in the Slip panel what moved since a "
                           "baseline"),
            ActionSpec("take_baseline", "Take &baseline...", self.take, Menu.PLAN,
                       section="baselines", enabled_by=Action.TAKE_BASELINE,
                       tip="Record the plan as it is now, under a name"),
            ActionSpec("sign_off", "&Sign off release...", self.sign_off, Menu.PLAN,
                       section="baselines", enabled_by=Action.SIGN_OFF,
                       tip="Record who approves a release's bundle, with its fingerprint"),
        ]

    def _say(self, text: str) -> None:
        self.workspace.status.emit(text, 15000)

    def _take_due(self) -> None:
        plan = self.session.plan
        if self._due_checked or plan is None:
            return
        self._due_checked = True
        today, user = self.session.today(), self.workspace.user
        self.session.queue(lambda store: take_due(store.baselines(), plan, today, user),
                           lambda taken: taken and self._say(
                               "Took the freeze baseline: " + ", ".join(taken)),
                           lambda _fault: None)  # a viewer on a read-only file: next time

    def _deployed(self, changes) -> None:
        """The deploy baseline, once this window's deployment is written."""
        deployed = [row.key for row in changes if row.kind == RowKind.RELEASE
                    and row.before is not None and row.after is not None
                    and row.before.status == "planned" and row.after.status == "deployed"]
        plan, user = self.session.plan, self.workspace.user
        for key in deployed:
            self.session.queue(lambda store, key=key: after_deploy(store.baselines(), plan, key,
                                                                   user),
                               lambda name: name and self._say(f"Took the baseline {name}."))

    def pick(self) -> None:
        def done(listed):
            picker = BaselinePicker(listed, self.panel.baseline, self.workspace.dialog_parent)
            picker.setObjectName("baseline-picker")
            self.picker = picker  # tests reach the open dialog here
            picker.finished.connect(lambda result: self._picked(picker, result))
            picker.open()

        self.session.queue(lambda store: store.baselines().list(), done)

    def _picked(self, picker, result) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        self.panel.compare_with(picker.chosen())
        self.workspace.show_panel.emit("baselines")

    def take(self) -> None:
        name, ok = QInputDialog.getText(self.workspace.dialog_parent, "Take baseline",
                                        "Name of the baseline:")
        plan, user = self.session.plan, self.workspace.user
        if not ok or plan is None:
            return
        self.session.queue(lambda store: take(store.baselines(), plan, name, user),
                           lambda b: self._say(f"Took the baseline {b.name}."))

    def sign_off(self, release: str | None = None) -> None:
        """The sign-off dialog, on `release` (from the bundle preview) or the one last
        previewed."""
        if self.session.plan is None:
            return
        dialog = SignOffDialog(self.session, self.workspace.user, release or self.previewed,
                               self.workspace.dialog_parent)
        dialog.setObjectName("signoff-dialog")
        self.dialog = dialog  # tests reach the open dialog here
        dialog.accepted.connect(lambda: self._sign(dialog))
        dialog.open()

    def _sign(self, dialog) -> None:
        plan, today, login = self.session.plan, self.session.today(), self.workspace.user
        release, by, note = dialog.chosen(), dialog.by.text(), dialog.note.text()

        def done(result):
            record, previous = result
            same = "" if previous is None else (
                "; the same bundle as the last sign-off" if previous.fingerprint
                == record.fingerprint else "; the bundle changed since the last sign-off")
            self._say(f"{release} signed off by {record.signed_by}, fingerprint "
                      f"{record.fingerprint}{same}.")
            self.workspace.signed_off.emit(release)

        self.session.queue(lambda store: sign_off(store.baselines(), plan, release, by, note,
                                                  today, login), done)
