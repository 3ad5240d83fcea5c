"""The bundle preview dock on the demo database: what ships in a release and why the rest does
not, as the engine computes it, and deploying from it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.engine.report import bundle_report
from tests.widgets.conftest import stored_plan
from tests.widgets.shell.test_main_window import stored_release


def rows(tree, column=0):
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


def open_preview(win, release):
    win.preview_dock.show()
    win.preview.show_release(release)
    return win.preview


def test_each_section_matches_the_engines_bundle(window):
    preview = open_preview(window, "R-MAR")
    plan = window.controller.plan
    report = bundle_report(plan, "R-MAR", plan.settings.today)
    assert rows(preview.lists["Included"]) == list(report.included)
    assert rows(preview.lists["Excluded"]) == [e.cr for e in report.excluded]
    assert rows(preview.lists["Held back"]) == [h.cr for h in report.held_back]
    assert rows(preview.lists["Conflicts"]) == [f"{c.item}.{c.field}" for c in report.conflicts]
    assert len(rows(preview.lists["Warnings"])) == len(report.warnings)
    assert "cannot be deployed" in preview.verdict.text()
    assert not preview.deploy.isEnabled()
    reasons = rows(preview.lists["Excluded"], 2)
    assert any(r.startswith("waiting for CR-") for r in reasons)  # plain words, not codes
    conflict = preview.lists["Conflicts"].topLevelItem(0)
    assert {conflict.child(i).text(1) for i in range(conflict.childCount())} == \
        set(report.conflicts[0].values)


def test_double_clicking_a_cr_selects_it_on_the_timeline_and_opens_the_editor(window):
    preview = open_preview(window, "R-MAR")
    item = preview.lists["Included"].topLevelItem(0)
    preview.lists["Included"].itemDoubleClicked.emit(item, 0)
    assert window.selected_cr == item.text(0)
    assert window.timeline.bars.selected == item.text(0)
    assert not window.editor_dock.isHidden()
    assert window.editor.base.key == item.text(0)


def test_deploying_the_next_release_ships_it_and_moves_the_rest_on(window, monkeypatch):
    preview = open_preview(window, "R-FEB")
    assert preview.deploy.isEnabled()
    shipped = list(window.controller.report("R-FEB").included)
    told = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: told.append(args[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    preview.deploy.click()
    assert "cannot be undone" in told[0]
    stored = stored_plan(window)
    assert stored.releases["R-FEB"].status == "deployed"
    assert all(stored.crs[k].stage == "deployed" for k in shipped)
    assert "Shipped: " + shipped[0] in told[1]
    assert preview.release.currentData() == "R-MAR"  # R-FEB is no longer planned
    mark = next(r for r in window.timeline.layout_data.releases if r.key == "R-FEB")
    assert mark.status == "deployed"  # the timeline shows it muted now


def test_a_release_that_is_not_next_cannot_be_deployed(window):
    preview = open_preview(window, "R-APR")
    assert not preview.deploy.isEnabled()
    assert "deploys after R-FEB" in preview.verdict.text()
    assert stored_release(window, "CR-309") == "R-MAR"


def test_each_warning_says_what_to_do(window):
    preview = open_preview(window, "R-MAR")
    warnings = preview.lists["Warnings"]
    stale = next(warnings.topLevelItem(i) for i in range(warnings.topLevelItemCount())
                 if warnings.topLevelItem(i).text(0) == "Stale base")
    assert "CR-303 changes OFR-UNL.price from \"49.99\"" in stale.text(1)
    assert "take the current value as its base" in stale.text(2)
    assert all(warnings.topLevelItem(i).text(2) for i in range(warnings.topLevelItemCount()))


def test_the_filter_narrows_the_lists_but_not_the_verdict(window):
    preview = open_preview(window, "R-MAR")
    counts = preview.verdict.text().split("<br>")[1]
    window.team_filter.setCurrentIndex(window.team_filter.findData("BRD"))
    plan = window.controller.plan
    included = rows(preview.lists["Included"])
    assert included and all(plan.crs[k].team == "BRD" for k in included)
    assert "narrowed by the filter" in preview.verdict.text()
    assert preview.verdict.text().split("<br>")[1] == counts
    # The OFR-SIM.headline conflict stays: a BRD CR is in it.
    assert "OFR-SIM.headline" in rows(preview.lists["Conflicts"])


def test_clicking_a_release_line_shows_its_bundle(window, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtTest import QTest

    from app.views.timeline_layout import day_number
    from widgets.timeline.bars import SECONDS_PER_DAY

    go_live = day_number(window.controller.plan.releases["R-APR"].go_live) * SECONDS_PER_DAY
    view = window.timeline
    box = view.getPlotItem().getViewBox()
    y = box.viewRange()[1][0] + 0.02 * (box.viewRange()[1][1] - box.viewRange()[1][0])
    window.timeline.show_days(400)
    view.getPlotItem().setXRange(go_live - 60 * SECONDS_PER_DAY, go_live + 20 * SECONDS_PER_DAY,
                                 padding=0)
    point = view.mapFromScene(box.mapViewToScene(QPointF(go_live, y)))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not window.preview_dock.isHidden())
    assert window.preview.release.currentData() == "R-APR"

