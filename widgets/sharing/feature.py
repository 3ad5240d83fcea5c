"""Other planners, live (issue 12): their commits applied as they happen (widgets/sharing/
live_feed.py), a red banner while the database cannot be reached, who else has the plan open
(in the status bar, plain text, capped) and which CR each edits (told to the editor), and the
login's role, which disables what it may not do (the server enforces it anyway)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from widgets.common.plain_text import cut, few_names, rich_lines
from widgets.common.style import DANGER_BANNER
from widgets.sharing.live_feed import LiveFeed
from widgets.shell.feature import Built, Place

PRESENCE_TIP_LINES = 20  # names in the presence tooltip; the rest are counted


class SharingFeature:
    name = "sharing"
    title = "Other planners"
    place = Place.NONE
    shown_first = False

    def build(self, workspace) -> Built:
        sharing = Sharing(workspace)
        return Built(None, sharing, banner=sharing.banner, status=sharing.presence)


class Sharing:
    def __init__(self, workspace):
        self.workspace = workspace
        self.session = session = workspace.session
        self.feed = LiveFeed(session)
        self.banner = QLabel()
        self.banner.setObjectName("connection-banner")
        self.banner.setStyleSheet(DANGER_BANNER)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.presence = QLabel()
        self.presence.setTextFormat(Qt.TextFormat.PlainText)
        self.presence.setMaximumWidth(360)
        self.feed.banner.connect(self._show_banner)
        self.feed.presence.connect(self._show_presence)
        workspace.editing.connect(self.feed.edit)
        workspace.opened.connect(lambda _target: self.start())
        workspace.closing.connect(lambda: self.feed.stop(closing=True))
        self.start()

    def start(self) -> None:
        self.feed.start()
        self.session.queue(lambda store: store.permissions()
                           if hasattr(store, "permissions") else None,
                           self._permitted, lambda _fault: None)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _show_presence(self) -> None:
        others = self.feed.others
        users = sorted({p.user for p in others})
        editing = {}
        for p in others:
            if p.cr:
                editing.setdefault(p.user, set()).add(p.cr)
        names = [cut(user) + (f" (editing {', '.join(cut(c) for c in sorted(editing[user])[:2])})"
                         if user in editing else "") for user in users]
        self.presence.setText("Also here: " + few_names(names) if users else "")
        more = len(users) - PRESENCE_TIP_LINES
        self.presence.setToolTip(rich_lines([cut(user) for user in users[:PRESENCE_TIP_LINES]]
                                            + ([f"and {more} more"] if more > 0 else []),
                                            bold_first=False))
        by_cr: dict[str, list[str]] = {}
        for p in others:
            if p.cr:
                by_cr.setdefault(p.cr, []).append(p.user)
        self.workspace.others_editing.emit({k: sorted(set(v)) for k, v in by_cr.items()})

    def _permitted(self, permissions) -> None:
        self.session.set_permissions(permissions)
        if permissions is None or permissions.role == "manager":
            return
        self.workspace.say(
            f"You are {permissions.login}, a {permissions.role}"
            + (f" of {', '.join(sorted(permissions.teams))}" if permissions.teams else "")
            + ": what your role may not do is disabled.", 15000)
