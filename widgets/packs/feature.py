"""The Offer packs panel (widgets/packs/browser.py): every pack, its items and their production
values, and for each field the pending CRs of every team and release that change it. The pack
and item dialogs are in the Plan menu (widgets/setup/feature.py)."""

from __future__ import annotations

from widgets.packs.browser import PackBrowser
from widgets.shell.feature import Built, Place


class PacksFeature:
    name = "packs"
    title = "Offer packs"
    place = Place.BOTTOM
    shown_first = False

    def build(self, workspace) -> Built:
        browser = PackBrowser(workspace.session)
        browser.cr_activated.connect(workspace.open_cr)
        browser.browsed.connect(workspace.browsed)
        return Built(browser, browser)
