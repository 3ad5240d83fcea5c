"""Importing issues from a tracker (issue 26): File > Import issues... opens the import dialog
(widgets/importing/dialog.py); the import runs through the session as one undo step."""

from __future__ import annotations

from widgets.importing.dialog import ImportDialog
from widgets.shell.feature import ActionSpec, Built, Menu, Place


class ImportingFeature:
    name = "importing"
    title = "Import issues"
    place = Place.NONE
    shown_first = False

    def build(self, workspace) -> Built:
        opener = Opener(workspace)
        spec = ActionSpec("import_issues", "Import issues...", opener.open, Menu.FILE,
                          "import", tip="Import change requests from a Jira, Azure DevOps or "
                                        "ServiceNow export, or a spreadsheet")
        return Built(None, opener, [spec])


class Opener:
    def __init__(self, workspace):
        self.workspace = workspace
        self.dialog: ImportDialog | None = None  # the last one opened (tests reach it here)

    def open(self, _checked: bool = False) -> ImportDialog:
        self.dialog = ImportDialog(self.workspace)
        self.dialog.show()
        return self.dialog
