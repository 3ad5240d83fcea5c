"""The Communications page: the send calendar of each audience on the dates the timeline
shows (widgets/comms/view.py)."""

from __future__ import annotations

from widgets.common.style import SECONDS_PER_DAY
from widgets.comms.view import CommsView
from widgets.shell.feature import Built, Place


class CommsFeature:
    name = "communications"
    title = "Communications"
    place = Place.PAGE
    shown_first = True

    def build(self, workspace) -> Built:
        view = CommsView(workspace.session)
        view.open_requested.connect(workspace.open_cr)

        def follow(first: float, last: float) -> None:
            view.plot.getPlotItem().setXRange(first * SECONDS_PER_DAY, last * SECONDS_PER_DAY,
                                              padding=0)

        workspace.days_changed.connect(follow)
        return Built(view, view)
