"""The bundle preview panel on the demo database: what ships in a release and why the rest does
not, as the engine computes it, and deploying from it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.engine.report import bundle_report
from app.views.timeline_layout import day_number
from tests.widgets.conftest import editor, preview, stored_plan, timeline
from widgets.common.style import SECONDS_PER_DAY


def rows(tree, column=0):
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


def open_preview(win, release):
    """As a click on the release's go-live line or label does."""
    win.workspace.preview_release.emit(release)
    return preview(win)


def stored_release(win, cr):
    return stored_plan(win).crs[cr].release


def double_click(tree, item) -> None:
    """As a mouse does it: press and release, then the double-click."""
    tree.scrollToItem(item)
    pos = tree.visualItemRect(item).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_each_section_matches_the_engines_bundle(window):
    shown = open_preview(window, "R-MAR")
    assert not window.docks["preview"].isHidden()
    plan = window.session.plan
    report = bundle_report(plan, "R-MAR", plan.settings.today)
    assert rows(shown.lists["Included"]) == list(report.included)
    assert rows(shown.lists["Excluded"]) == [e.cr for e in report.excluded]
    assert rows(shown.lists["Held back"]) == [h.cr for h in report.held_back]
    assert rows(shown.lists["Conflicts"]) == [f"{c.item}.{c.field}" for c in report.conflicts]
    assert len(rows(shown.lists["Warnings"])) == len(report.warnings)
    assert "cannot be deployed" in shown.verdict.text()
    assert not shown.deploy.isEnabled()
    reasons = rows(shown.lists["Excluded"], 2)
    assert any(r.startswith("waiting for CR-") for r in reasons)  # plain words, not codes
    conflict = shown.lists["Conflicts"].topLevelItem(0)
    assert {conflict.child(i).text(1) for i in range(conflict.childCount())} == \
        set(report.conflicts[0].values)


def test_double_clicking_a_cr_selects_it_on_the_timeline_and_opens_the_editor(window, qtbot):
    shown = open_preview(window, "R-MAR")
    shown.tabs.setCurrentIndex(0)  # Included
    item = shown.lists["Included"].topLevelItem(0)
    double_click(shown.lists["Included"], item)
    key = item.text(0)
    assert window.workspace.selection.current == key
    assert timeline(window).bars.selected == key
    qtbot.waitUntil(window.docks["editor"].isVisible)
    assert editor(window).base.key == key


def test_deploying_the_next_release_ships_it_and_moves_the_rest_on(window, monkeypatch):
    shown = open_preview(window, "R-FEB")
    assert shown.deploy.isEnabled()
    shipped = list(window.session.derived.report("R-FEB").included)
    told = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: told.append(args[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    shown.deploy.click()
    assert "cannot be undone" in told[0]
    stored = stored_plan(window)
    assert stored.releases["R-FEB"].status == "deployed"
    assert all(stored.crs[k].stage == "deployed" for k in shipped)
    assert "Shipped: " + shipped[0] in told[1]
    assert shown.release.currentData() == "R-MAR"  # R-FEB is no longer planned
    mark = next(r for r in timeline(window).layout_data.releases if r.key == "R-FEB")
    assert mark.status == "deployed"  # the timeline shows it muted now


def test_a_release_that_is_not_next_cannot_be_deployed(window):
    shown = open_preview(window, "R-APR")
    assert not shown.deploy.isEnabled()
    assert "deploys after R-FEB" in shown.verdict.text()
    assert stored_release(window, "CR-309") == "R-MAR"


def test_each_warning_says_what_to_do(window):
    shown = open_preview(window, "R-MAR")
    warnings = shown.lists["Warnings"]
    stale = next(warnings.topLevelItem(i) for i in range(warnings.topLevelItemCount())
                 if warnings.topLevelItem(i).text(0) == "Stale base")
    assert "CR-303 changes OFR-UNL.price from \"49.99\"" in stale.text(1)
    assert "take the current value as its base" in stale.text(2)
    assert all(warnings.topLevelItem(i).text(2) for i in range(warnings.topLevelItemCount()))


def test_the_filter_narrows_the_lists_but_not_the_verdict(window):
    shown = open_preview(window, "R-MAR")
    counts = shown.verdict.text().split("<br>")[1]
    team = window.filters.team
    team.setCurrentIndex(team.findData("BRD"))
    plan = window.session.plan
    included = rows(shown.lists["Included"])
    assert included and all(plan.crs[k].team == "BRD" for k in included)
    assert "narrowed by the filter" in shown.verdict.text()
    assert shown.verdict.text().split("<br>")[1] == counts
    # The OFR-SIM.headline conflict stays: a BRD CR is in it.
    assert "OFR-SIM.headline" in rows(shown.lists["Conflicts"])


def test_clicking_a_release_line_shows_its_bundle(window, qtbot):
    go_live = day_number(window.session.plan.releases["R-APR"].go_live) * SECONDS_PER_DAY
    view = timeline(window)
    box = view.getPlotItem().getViewBox()
    y = box.viewRange()[1][0] + 0.02 * (box.viewRange()[1][1] - box.viewRange()[1][0])
    view.show_days(400)
    view.getPlotItem().setXRange(go_live - 60 * SECONDS_PER_DAY, go_live + 20 * SECONDS_PER_DAY,
                                 padding=0)
    point = view.mapFromScene(box.mapViewToScene(QPointF(go_live, y)))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not window.docks["preview"].isHidden())
    assert preview(window).release.currentData() == "R-APR"
