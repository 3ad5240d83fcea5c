"""Exporting from the window (File > Export): a release's report as PDF, HTML, Excel or CSV,
the release calendar, the timeline as an image (widgets/export/report_export.py). The report
is of the release in the bundle preview, else of the selected CR's, else of one the planner
picks."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from widgets.export.report_export import ReportExport
from widgets.shell.feature import ActionSpec, Built, Menu, Place
from widgets.shell.layout_state import settings

REPORTS = (("pdf", "Release report (PDF)..."), ("html", "Release report (HTML)..."),
           ("xlsx", "Release report (Excel)..."), ("csv", "Release changes (CSV)..."),
           ("ics", "Release calendar (.ics)..."))


class ExportFeature:
    name = "export"
    title = "Export"
    place = Place.NONE
    shown_first = False

    def build(self, workspace) -> Built:
        exporter = ReportExport(workspace.dialog_parent, workspace.session, settings(),
                                workspace.user)
        exporter.database = workspace.database
        workspace.opened.connect(lambda _target: exporter.now_on(workspace.database,
                                                                 workspace.user))
        workspace.export_release.connect(exporter.export_release)
        choosing = Choosing(workspace, exporter)
        specs = [ActionSpec(f"export_{fmt}", text, lambda _=False, f=fmt: choosing.report(f),
                            Menu.FILE, "export", submenu="Export") for fmt, text in REPORTS]
        specs += [ActionSpec(f"export_timeline_{fmt}", f"Timeline image ({fmt.upper()})...",
                             lambda _=False, f=fmt: exporter.export_timeline(f), Menu.FILE,
                             "export", submenu="Export") for fmt in ("png", "svg")]
        return Built(None, exporter, specs)


class Choosing:
    def __init__(self, workspace, exporter: ReportExport):
        self.workspace = workspace
        self.exporter = exporter
        self.previewed: str | None = None  # the release the bundle preview shows last
        workspace.preview_release.connect(lambda key: setattr(self, "previewed", key))

    def report(self, fmt: str) -> None:
        plan = self.workspace.session.plan
        if plan is None:
            return
        choices = [r for r in plan.release_order() if r.status != "cancelled"]
        if not choices:
            self.workspace.say("The plan has no release to report on.")
            return
        current = self.workspace.selection.current
        release = self.previewed if self.previewed in plan.releases else None
        if release is None and current in plan.crs:
            release = plan.crs[current].release
        if fmt == "ics":
            release = release or choices[0].key
        elif release is None:
            names = [f"{r.key}  {r.name}  ({r.status})" for r in choices]
            choice, ok = QInputDialog.getItem(self.workspace.dialog_parent, "Release report",
                                              "Report on:", names, 0, False)
            if not ok or choice not in names:
                return
            release = choices[names.index(choice)].key
        self.exporter.export_release(release, fmt)
