"""The backlog follows each edit's change set (issue 11): rows are inserted, removed and changed
one by one, never reset, and the model keeps Qt's rules while edits stream in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.generate.synthetic import generate_plan
from app.model.plan import Target
from storage.open_store import open_store
from tests.widgets.conftest import backlog, stored_plan, wait_until, wait_written
from widgets.session.session import Session
from widgets.shell.features import FEATURES
from widgets.shell.main_window import MainWindow


class Signals:
    def __init__(self, model):
        self.seen: list[str] = []
        for name in ("modelReset", "rowsInserted", "rowsRemoved", "dataChanged",
                     "layoutChanged"):
            getattr(model, name).connect(lambda *_, n=name: self.seen.append(n))


def drop(window, cr: str, release: str | None) -> None:
    """A CR dropped on a release (None: the backlog), from any view."""
    window.workspace.mover.drop(cr, Target.of(release))


def expected_rows(window) -> list[str]:
    return list(window.session.layout.backlog)


def test_the_backlog_keeps_qts_model_rules_while_edits_stream_in(window, qtmodeltester):
    model = backlog(window)
    qtmodeltester.check(model)  # and it keeps watching every signal from here on
    seen = Signals(model)
    for cr, target in (("CR-309", None), ("CR-304", None), ("CR-309", "R-APR"),
                       ("CR-304", "R-APR"), ("CR-304", None)):
        drop(window, cr, target)
        assert sorted(r.key for r in model.rows) == expected_rows(window)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    drop(window, "CR-309", None)
    titles = [r.title.lower() for r in model.rows]
    assert titles == sorted(titles, reverse=True)  # inserted where the sort puts it
    window.session.undo()
    window.session.undo()
    assert sorted(r.key for r in model.rows) == expected_rows(window)
    assert "modelReset" not in seen.seen
    assert {"rowsInserted", "rowsRemoved"} <= set(seen.seen)
    wait_written(window)
    assert sorted(k for k, c in stored_plan(window).crs.items()
                  if c.release is None and c.stage not in ("cancelled", "deployed")) == \
        expected_rows(window)


@pytest.fixture
def big_window(qtbot, tmp_path):
    """The window on a generated plan of 100,000 CRs, its plan loaded (a load this big may
    take longer than the shared fixtures wait)."""
    db = str(tmp_path / "big.db")
    store = open_store(db, user="tester")
    store.replace_all(generate_plan(100_000, seed=1), "generated")
    win = MainWindow(Session(store), [make() for make in FEATURES], db, "tester")
    qtbot.addWidget(win)
    win.session.load()
    wait_until(lambda: win.session.plan is not None and win.session.idle(), 300,
               "the load of 100,000 CRs")
    yield win
    wait_written(win, 60)
    store.close()


@pytest.mark.slow
def test_a_drop_at_100000_crs_does_not_reset_the_backlog(big_window):
    window = big_window
    plan = window.session.plan
    last = plan.planned_releases()[-1].key
    cr = next(c for c in plan.crs.values() if c.release == last and c.stage == "draft")
    model = backlog(window)
    seen = Signals(model)
    rows = model.rowCount()
    drop(window, cr.key, None)
    assert seen.seen == ["rowsInserted"]
    assert model.rowCount() == rows + 1
    drop(window, cr.key, last)
    assert seen.seen == ["rowsInserted", "rowsRemoved"]
    assert stored_plan(window).crs[cr.key].release == last
