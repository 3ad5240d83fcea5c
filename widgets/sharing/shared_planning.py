"""The window's shared-planning parts (issue 12), wired onto the main window: the live feed of
other planners' commits, the banner while the database is away, who else has the plan open
(and the editor's "dana is editing this CR"), and the actions the login may not do, disabled
with the reason. The server enforces the roles; this only mirrors them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.rules.permissions import MANAGER, VIEWER
from widgets.sharing.live_feed import LiveFeed

BANNER_STYLE = ("QLabel { background: #b3261e; color: white; padding: 6px 10px; "
                "font-weight: bold; }")


class SharedPlanning:
    def __init__(self, window):
        self.window = window
        controller = window.controller
        self.feed = LiveFeed(controller)
        self.banner = QLabel()
        self.banner.setObjectName("connection-banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        window.centralWidget().layout().insertWidget(0, self.banner)
        self.presence = QLabel()
        window.statusBar().addPermanentWidget(self.presence)
        self.feed.banner.connect(self._show_banner)
        self.feed.presence.connect(self._show_presence)
        window.editor.cr_shown.connect(self._editor_shows)
        window.editor_dock.visibilityChanged.connect(
            lambda _shown: self._editor_shows(window.editor.base.key
                                              if window.editor.base is not None
                                              and not window.editor.new else None))
        controller.remote_coming.connect(self._remember_places)
        controller.remote.connect(self._remote)
        self._old_places: dict = {}

    def start(self, store) -> None:
        """Follow `store` (at start and after opening another database)."""
        self.feed.start(store)
        self.window.controller.jobs.run(
            "permissions", store.permissions if hasattr(store, "permissions") else lambda: None,
            self._permitted, lambda _fault: None)

    def stop(self, closing: bool = False) -> None:
        self.feed.stop(closing)

    # ---- showing ---------------------------------------------------------------------------

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _show_presence(self) -> None:
        others = self.feed.others
        if not others:
            self.presence.setText("")
        else:
            names = []
            for user in sorted({p.user for p in others}):
                crs = sorted({p.cr for p in others if p.user == user and p.cr})
                names.append(f"{user} (editing {', '.join(crs)})" if crs else user)
            self.presence.setText("Also here: " + ", ".join(names))
        self._editor_note()

    def _editor_shows(self, cr: str | None) -> None:
        shown = self.window.editor_dock.isVisible()
        self.feed.edit(cr if shown else None)
        self._editor_note()

    def _editor_note(self) -> None:
        editor = self.window.editor
        key = editor.base.key if editor.base is not None and not editor.new else None
        who = self.feed.editing_here(key) if key else []
        editor.presence_note.setText(
            f"<i>{' and '.join(who)} {'is' if len(who) == 1 else 'are'} editing this CR too: "
            "if you both save, the second is asked to merge.</i>" if who else "")
        editor.presence_note.setVisible(bool(who))

    def _remember_places(self, crs: list[str]) -> None:
        bars = self.window.timeline.bars
        self._old_places = {cr: bars.rect_of(cr) for cr in crs}

    def _remote(self, applied) -> None:
        """Another planner's commits are on screen: what they moved slides to its new place
        and glows for a moment."""
        self.window.timeline.bars.flash.start(self._old_places)
        self._old_places = {}

    # ---- what the login may do -------------------------------------------------------------

    def _permitted(self, permissions) -> None:
        window = self.window
        window.controller.permissions = permissions
        actions = (window.new_action, window.move_action, window.delete_action)
        tips = self.__dict__.setdefault("_tips", {a: a.toolTip() for a in actions})
        why_cr = permissions.why_not("edit_cr") \
            if permissions is not None and permissions.role == VIEWER else ""
        for action in actions:  # another database's login may do more: enabled again
            action.setEnabled(not why_cr)
            action.setToolTip(f"{action.text()}: {why_cr}" if why_cr else tips[action])
        if permissions is None or permissions.role == MANAGER:
            window.preview.deploy_refused = ""
            return
        why_deploy = permissions.why_not("deploy")
        window.preview.deploy_refused = why_deploy
        window.preview.refresh()
        self.window.statusBar().showMessage(
            f"You are {permissions.login}, a {permissions.role}"
            + (f" of {', '.join(sorted(permissions.teams))}" if permissions.teams else "")
            + ": what your role may not do is disabled.", 15000)
