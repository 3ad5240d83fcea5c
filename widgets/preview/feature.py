"""The Bundle preview panel (widgets/preview/preview.py): a click on a release's go-live line
or label opens it; Plan > Deploy deploys the next planned release from it, after saying what
ships and that a deployment cannot be undone."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.edits.releases import Deploy
from app.model.errors import Refusal
from app.model.plan import Target
from app.rules.permissions import Action
from widgets.preview.preview import BundlePreview
from widgets.shell.feature import ActionSpec, Built, Menu, Place


class PreviewFeature:
    name = "preview"
    title = "Bundle preview"
    place = Place.BOTTOM
    shown_first = False  # it costs a bundle per refresh: opened when wanted

    def build(self, workspace) -> Built:
        session = workspace.session
        preview = BundlePreview(session)
        deploying = Deploying(workspace, preview)

        def shown() -> bool:
            return preview.isVisible()

        def open_release(key: str) -> None:
            plan = session.plan
            status = plan.releases[key].status if plan is not None and key in plan.releases \
                else None
            if status != "planned":
                workspace.say(f"{key} is {status}: there is no bundle to preview.")
                return
            workspace.show_panel.emit("preview")
            preview.fill_releases()
            preview.show_release(key)

        workspace.preview_release.connect(open_release)
        preview.open_requested.connect(workspace.open_cr)
        preview.deploy_requested.connect(deploying.deploy)
        preview.export_requested.connect(workspace.export_release)
        preview.signoff_requested.connect(workspace.sign_off_release)
        workspace.signed_off.connect(lambda key: shown() and preview.refresh_signoff(key))
        session.plan_changed.connect(lambda: shown() and preview.fill_releases())
        session.edited.connect(lambda changes: shown() and preview.concerns(changes)
                               and preview.fill_releases())
        session.gate_changed.connect(lambda: shown() and preview.refresh())
        preview.visible.connect(lambda: session.plan is not None and preview.fill_releases())
        deploy = ActionSpec("deploy", "Deploy the next release...", deploying.deploy_next,
                            Menu.PLAN, "deploy", tip="Ship the next planned release: what it "
                            "includes goes to production", enabled_by=Action.DEPLOY)
        return Built(preview, preview, [deploy])


class Deploying:
    def __init__(self, workspace, preview):
        self.workspace = workspace
        self.session = workspace.session
        self.preview = preview
        self._waiting = None  # the deployment shown, until it is written

    def deploy_next(self) -> None:
        plan = self.session.plan
        planned = plan.planned_releases() if plan is not None else []
        if not planned:
            self.workspace.say("There is no planned release to deploy.")
            return
        self.workspace.preview_release.emit(planned[0].key)
        self.deploy(planned[0].key)

    def deploy(self, release: str) -> None:
        """After a confirmation that says what ships and that it cannot be undone; Cancel is
        the default button."""
        report = self.session.derived.report(release)
        answer = QMessageBox.question(
            self.preview.window(), f"Deploy {release}",
            f"Deploy {release} now? {len(report.included)} change requests ship to production "
            f"and the rest of its work moves to the next release.\n\nA deployment cannot be "
            f"undone: production has changed. Earlier moves leave the undo history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            outcome = self.session.run(Deploy(release))
        except Refusal as refusal:
            self.workspace.say(f"{release} was not deployed: {refusal.message}")
            return
        self._waiting = outcome
        self.session.written.connect(self._written)

    def _written(self, changes) -> None:
        """Written: say what shipped and what moved on."""
        outcome = self._waiting
        if outcome is None or changes is not outcome.changes:
            return
        self.session.written.disconnect(self._written)
        self._waiting = None
        slipped = "\n".join(f"  {cr} -> {Target.of(target)}"
                            for cr, target in sorted(outcome.slipped.items()))
        QMessageBox.information(
            self.preview.window(), f"{outcome.release} deployed",
            f"Shipped: {', '.join(outcome.shipped) or 'nothing'}\n\n"
            + (f"Moved on:\n{slipped}" if slipped else "Nothing slipped."))
