"""The window's features, in the order their pages (tabs) and panels appear. A new feature is
a package under widgets/ with a `feature.py`, added here; the shell needs nothing else."""

from __future__ import annotations

from widgets.backlog.feature import BacklogFeature
from widgets.baselines.feature import BaselinesFeature
from widgets.board.feature import BoardFeature
from widgets.capacity.feature import CapacityFeature
from widgets.comms.feature import CommsFeature
from widgets.editor.feature import EditorFeature
from widgets.export.feature import ExportFeature
from widgets.importing.feature import ImportingFeature
from widgets.packs.feature import PacksFeature
from widgets.preview.feature import PreviewFeature
from widgets.scenarios.feature import CompareFeature, ScenariosFeature
from widgets.setup.feature import SetupFeature
from widgets.sharing.feature import SharingFeature
from widgets.timeline.feature import TimelineFeature
from widgets.work_list.feature import WorkListFeature

FEATURES = (
    TimelineFeature, BoardFeature, WorkListFeature, CommsFeature, CompareFeature,  # pages
    CapacityFeature,  # under the timeline
    BacklogFeature, EditorFeature,  # panels at the right
    PreviewFeature, PacksFeature, BaselinesFeature,  # panels below
    SetupFeature, SharingFeature, ExportFeature, ImportingFeature,  # menus, the welcome
    # page, banners
    ScenariosFeature,  # the scenario picker on the toolbar, its banner and actions
)
