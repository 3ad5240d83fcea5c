"""The main window's docks: backlog, bundle preview, CR editor and offer packs. New docks are
added in `build_docks`, each with an object name (the saved layout refers to it) and wrapped so
that its content never widens or heightens the window: a dock too small for its content
scrolls instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFrame,
    QScrollArea,
    QTableView,
    QWidget,
)

from widgets.backlog.model import BacklogModel
from widgets.comms.view import add_comms_dock
from widgets.editor.editor import CrEditor
from widgets.export.report_export import ReportExport
from widgets.packs.browser import PackBrowser
from widgets.preview.preview import BundlePreview

DOCK_MIN_WIDTH = 260


def add_dock(win, title: str, name: str, content: QWidget, area: Qt.DockWidgetArea,
             scroll: bool = True, short: str = "") -> QDockWidget:
    """A dock holding `content`; with `scroll`, inside a scroll area, so that typing in a form
    or a long value never resizes the window. `short` names its toolbar toggle."""
    dock = QDockWidget(title, win)
    dock.setObjectName(name)
    dock.toggleViewAction().setText(short or title)
    dock.toggleViewAction().setToolTip(f"Show or hide: {title}")
    if scroll:
        area_widget = QScrollArea()
        area_widget.setWidgetResizable(True)
        area_widget.setFrameShape(QFrame.Shape.NoFrame)
        area_widget.setWidget(content)
        area_widget.setMinimumWidth(DOCK_MIN_WIDTH)
        dock.setWidget(area_widget)
    else:
        dock.setWidget(content)
    win.addDockWidget(area, dock)
    win.docks.append(dock)  # its toggle goes on the toolbar
    return dock


def build_docks(win) -> None:
    """Every dock of the window, in the order their toggles appear on the toolbar."""
    right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    _build_backlog(win)
    win.backlog_dock = add_dock(win, "Backlog (not scheduled)", "backlog", win.backlog_view,
                                right, scroll=False, short="Backlog")

    win.exporter = ReportExport(win, win.controller, win.settings())
    win.exporter.database, win.exporter.user = win.database, win.user
    win.preview = BundlePreview(win.controller, win.open_cr, win.deploy_release,
                                win.exporter.export_release)
    win.preview_dock = add_dock(win, "Bundle preview", "bundle-preview", win.preview, bottom,
                               short="Preview")
    win.preview_dock.hide()  # opened from the toolbar; it costs a bundle per refresh
    win.preview_dock.visibilityChanged.connect(
        lambda shown: shown and win.controller.plan is not None and win.preview.fill_releases())

    win.editor = CrEditor(win.controller, win.open_cr)
    # Not in a scroll area: its tabs scroll themselves, and Save stays in sight below them.
    win.editor.setMinimumWidth(DOCK_MIN_WIDTH)
    win.editor_dock = add_dock(win, "Change request", "cr-editor", win.editor, right,
                              scroll=False, short="Editor")
    win.tabifyDockWidget(win.backlog_dock, win.editor_dock)  # full height for each
    win.editor_dock.hide()  # opened by a double-click, F2 or New CR: the timeline is wide

    win.packs = PackBrowser(win.controller)
    win.packs.cr_activated.connect(win.open_cr)
    win.packs_dock = add_dock(win, "Offer packs", "offer-packs", win.packs, bottom,
                             short="Packs")
    win.tabifyDockWidget(win.preview_dock, win.packs_dock)
    win.packs_dock.hide()
    win.comms_dock = add_comms_dock(win)  # the send calendar (issue 16)
    # Further docks go here, with add_dock: their toggles join the toolbar by themselves.


def _build_backlog(win) -> None:
    win.backlog = BacklogModel(win.controller, on_drop=lambda cr: win.drop(cr, None))
    view = win.backlog_view = QTableView()
    view.setModel(win.backlog)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumWidth(DOCK_MIN_WIDTH)
    win.timeline.is_over_backlog = win._over_backlog
    win.timeline.on_backlog_hover = win._highlight_backlog


def dock_toggles(win) -> list:
    return [dock.toggleViewAction() for dock in win.docks]


EDITOR_WIDTH = 460  # the editor's fields, header and Save / Revert side by side


def show_editor(win) -> None:
    """Show the CR editor, as wide as its form needs (at most 45% of the window): at the
    backlog's width its fields were cut off and Save was out of sight."""
    win.editor_dock.show()
    win.editor_dock.raise_()
    want = min(max(EDITOR_WIDTH, win.editor.minimumSizeHint().width()), int(win.width() * 0.45))
    if win.editor_dock.width() < want:
        win.resizeDocks([win.editor_dock], [want], Qt.Orientation.Horizontal)
