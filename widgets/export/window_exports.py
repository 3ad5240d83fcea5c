"""Part of MainWindow: the bundle preview of a release, deploying it, and the Export menu."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox


class WindowExports:
    def preview_release(self, release: str) -> None:
        """A release line was clicked: show what it ships."""
        status = self.controller.plan.releases[release].status
        if status != "planned":
            self.statusBar().showMessage(f"{release} is {status}: there is no bundle to "
                                         "preview.", 8000)
            return
        self.preview_dock.show()
        self.preview_dock.raise_()
        self.preview.show_release(release)

    def deploy_release(self, release: str) -> None:
        """Deploy after a confirmation that says what ships and that it cannot be undone;
        Cancel is the default button, since a deployment cannot be taken back."""
        if self.read_only:
            self.statusBar().showMessage(f"{release} cannot be deployed: the database is "
                                         "read-only.", 8000)
            return
        report = self.controller.report(release)
        answer = QMessageBox.question(
            self, f"Deploy {release}",
            f"Deploy {release} now? {len(report.included)} change requests ship to production "
            f"and the rest of its work moves to the next release.\n\nA deployment cannot be "
            f"undone: production has changed. Earlier moves leave the undo history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.controller.deploy(release, self._deployed)

    def _deployed(self, outcome) -> None:
        """Written: say what shipped and what moved on (the controller cleared the undo
        history: a deployment cannot be undone)."""
        release = outcome.release
        slipped = "\n".join(f"  {cr} -> {target or 'backlog'}"
                             for cr, target in sorted(outcome.slipped.items()))
        QMessageBox.information(
            self, f"{release} deployed",
            f"Shipped: {', '.join(outcome.shipped) or 'nothing'}\n\n"
            + (f"Moved on:\n{slipped}" if slipped else "Nothing slipped."))

    def _export_menu(self) -> QMenu:
        menu = QMenu(self)
        for fmt, text in (("pdf", "Release report (PDF)..."), ("html", "Release report (HTML)..."),
                          ("xlsx", "Release report (Excel)..."),
                          ("csv", "Release changes (CSV)...")):
            menu.addAction(text, lambda fmt=fmt: self.export_report(fmt))
        menu.addSeparator()
        menu.addAction("Release calendar (.ics)...", lambda: self.export_report("ics"))
        menu.addAction("Timeline image (PNG)...", lambda: self.exporter.export_timeline("png"))
        menu.addAction("Timeline image (SVG)...", lambda: self.exporter.export_timeline("svg"))
        return menu

    def export_report(self, fmt: str) -> None:
        """The report of the release in the preview, else of the selected CR's release, else
        of one the planner picks (for a calendar: every release)."""
        plan = self.controller.plan
        if plan is None:
            return
        choices = [r for r in plan.release_order() if r.status != "cancelled"]
        if not choices:
            self.statusBar().showMessage("The plan has no release to report on.", 8000)
            return
        release = self.preview.release.currentData() if self.preview_dock.isVisible() else None
        if release is None and self.selected_cr in plan.crs:
            release = plan.crs[self.selected_cr].release
        if fmt == "ics":
            release = release or choices[0].key
        elif release is None:
            names = [f"{r.key}  {r.name}  ({r.status})" for r in choices]
            choice, ok = QInputDialog.getItem(self, "Release report", "Report on:", names, 0,
                                              False)
            if not ok:
                return
            release = choice.split()[0]
        self.exporter.export_release(release, fmt)
