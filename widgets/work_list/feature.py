"""The Work list page: every CR the filters match, sortable, editable in place
(widgets/work_list/view.py)."""

from __future__ import annotations

from widgets.shell.feature import Built, Place
from widgets.work_list.view import WorkList


class WorkListFeature:
    name = "work-list"
    title = "Work list"
    place = Place.PAGE
    shown_first = True

    def build(self, workspace) -> Built:
        table = WorkList(workspace.session, workspace)
        table.select_requested.connect(workspace.select)
        table.activated.connect(workspace.open_cr)
        selection = workspace.selection
        selection.changed.connect(lambda: table.show_selection(selection.keys,
                                                               selection.current))
        return Built(table, table)
