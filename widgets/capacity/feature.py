"""The capacity panel under the pages, on the timeline's dates and as wide as its team column
(widgets/capacity/view.py)."""

from __future__ import annotations

from widgets.capacity.view import CapacityPane
from widgets.shell.feature import Built, Place


class CapacityFeature:
    name = "capacity"
    title = "Capacity"
    place = Place.BOTTOM
    shown_first = True

    def build(self, workspace) -> Built:
        pane = CapacityPane(workspace.session, workspace)
        return Built(pane, pane)
