"""How the window hosts a feature (Spyder's plugins, napari's widgets): a feature says what it
is called, where it lives (a full-window page, or a panel beside or under the page), which
actions it brings (with their menu, shortcut and toolbar place), and builds its widget from
the workspace (widgets/session/workspace.py). The main window builds itself from a list of
features and knows none of their insides; features talk to each other only through the
workspace's signals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from PySide6.QtWidgets import QWidget

from app.rules.permissions import Action
from widgets.session.workspace import Workspace


class Place(Enum):
    PAGE = "page"  # a full-window view: Timeline, Board, Work list, Communications
    RIGHT = "right"  # a panel at the window's right: backlog, CR editor
    BOTTOM = "bottom"  # a panel under the pages: capacity, bundle preview, offer packs
    COVER = "cover"  # covers the pages while the database holds no plan: the welcome page
    NONE = "none"  # no widget of its own: menus, actions, a banner or a status note


class Menu(Enum):
    FILE = "&File"
    EDIT = "&Edit"
    VIEW = "&View"
    PLAN = "&Plan"
    HELP = "&Help"


@dataclass
class ActionSpec:
    """An action a feature brings: where it goes and what it does. `slot` runs it; a
    checkable action gets its state. `enabled_by` names the gate's action (app.rules
    .permissions.Action) that disables it with the reason; `needs_plan` disables it while no
    plan is shown."""

    name: str
    text: str
    slot: Callable
    menu: Menu | None = None
    section: str = ""  # actions of a menu are grouped by section, in order of first use
    shortcut: str | list[str] | None = None
    tip: str = ""
    toolbar: str | None = None  # the toolbar's short name; None: not on the toolbar
    checkable: bool = False
    checked: bool = False
    enabled_by: Action | None = None
    needs_plan: bool = True
    submenu: str = ""  # inside this submenu of `menu`


@dataclass
class Built:
    """What a feature built: its widget (None for Place.NONE), its actions, optional widgets
    for the banner strip above the pages and the status bar, and its own object (reached
    through `window.feature(name)`, by tests among others). `save` and `restore` keep what the
    planner arranged in it, per database (a dict of plain values)."""

    widget: QWidget | None
    part: object = None
    actions: list[ActionSpec] = field(default_factory=list)
    banner: QWidget | None = None
    toolbar: QWidget | None = None  # on the main toolbar, after the actions (a picker)
    status: QWidget | None = None
    save: Callable[[], dict] | None = None
    restore: Callable[[dict], None] | None = None


class Feature(Protocol):
    name: str  # object name: the saved layout and `window.feature(name)` use it
    title: str  # on its tab or panel, and in the View menu
    place: Place
    shown_first: bool  # a panel shown at the first start (pages: always there)

    def build(self, workspace: Workspace) -> Built: ...
