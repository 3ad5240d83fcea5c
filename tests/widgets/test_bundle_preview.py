"""The bundle preview dock on the demo database: what ships in a release and why the rest does
not, as the engine computes it, and deploying from it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.engine.report import bundle_report
from tests.widgets.test_main_window import stored_release, window  # noqa: F401 (fixture)


def rows(tree, column=0):
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


def open_preview(win, release):
    win.preview_dock.show()
    win.preview.show_release(release)
    return win.preview


def test_each_section_matches_the_engines_bundle(window):  # noqa: F811
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


def test_double_clicking_a_cr_selects_it_on_the_timeline(window):  # noqa: F811
    preview = open_preview(window, "R-MAR")
    item = preview.lists["Included"].topLevelItem(0)
    preview.lists["Included"].itemDoubleClicked.emit(item, 0)
    assert window.selected_cr == item.text(0)
    assert window.timeline.bars.selected == item.text(0)


def test_deploying_the_next_release_ships_it_and_moves_the_rest_on(window, monkeypatch):  # noqa: F811
    preview = open_preview(window, "R-FEB")
    assert preview.deploy.isEnabled()
    shipped = list(window.controller.report("R-FEB").included)
    told = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: told.append(args[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    preview.deploy.click()
    assert "cannot be undone" in told[0]
    stored = window.controller.service.load()
    assert stored.releases["R-FEB"].status == "deployed"
    assert all(stored.crs[k].stage == "deployed" for k in shipped)
    assert "Shipped: " + shipped[0] in told[1]
    assert preview.release.currentData() == "R-MAR"  # R-FEB is no longer planned
    mark = next(r for r in window.timeline.layout_data.releases if r.key == "R-FEB")
    assert mark.status == "deployed"  # the timeline shows it muted now


def test_a_release_that_is_not_next_cannot_be_deployed(window):  # noqa: F811
    preview = open_preview(window, "R-APR")
    assert not preview.deploy.isEnabled()
    assert "deploys after R-FEB" in preview.verdict.text()
    assert stored_release(window, "CR-309") == "R-MAR"
