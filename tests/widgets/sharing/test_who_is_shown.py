"""Who the window says is planning, and who else is here (issue 23): on a server the status bar
names the login the server knows (the name on the audit rows), never the operating-system user
beside it; on a local file, the local user. What other planners' presence rows hold is shown as
plain text, a few names and a count, and never widens the window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from app.sharing.feed_port import Presence
from storage.open_store import open_store
from tests.storage.shared_db import SharedPlan
from tests.widgets.conftest import editor, make_window, open_cr, wait_until, wait_written
from tests.widgets.sharing.test_shared_planning import drop
from widgets.shell.layout_state import settings


def _status_line(window) -> str:
    return window.counts.text()


def test_on_a_server_the_status_bar_names_the_login_not_the_os_user(qtbot, postgres_server):
    shared = SharedPlan(postgres_server)
    shared.set_up()
    url = shared.url(shared.planner)
    # what main.py passes: the operating-system user, here "osuser"
    window = make_window(qtbot, open_store(url, user="osuser"), url, "osuser")
    line = _status_line(window)
    assert f"/{shared.database}  |  {shared.planner}  |  3 teams" in line
    assert "osuser" not in line
    assert window.workspace.user == shared.planner  # what sign-offs and reports are signed by
    drop(window, "CR-309", "R-APR")  # pete's team's CR
    wait_written(window)
    history = window.session.core.store.history("cr", "CR-309")
    assert history[-1]["user"] == shared.planner  # the name shown is the audit's
    window.close()


def test_on_a_local_file_the_status_bar_names_the_local_user(window):
    assert "plan.db  |  tester  |  3 teams" in _status_line(window)


def _others(n: int, name, cr=None) -> list[Presence]:
    return [Presence(session=f"s{i}", user=name(i), cr=cr, seen_at=None) for i in range(n)]


def test_a_thousand_others_are_a_few_names_and_a_count_and_the_window_keeps_its_width(window,
                                                                                     qtbot):
    sharing = window.feature("sharing")
    width = window.width()
    hostile = '<b style="color:red">SERVER DOWN</b>' + "x" * 200
    sharing.feed._present([Presence(session="h", user=hostile, cr="CR-304", seen_at=None),
                           *_others(999, lambda i: f"planner{i:04}")])
    label = sharing.presence
    text = label.text()
    assert text.startswith("Also here: ") and text.endswith("and 996 more")
    assert "<b style=" in text  # the characters as written: plain text, not markup
    assert len(text) < 200
    assert window.width() == width and label.width() <= 360
    tip = label.toolTip()
    assert "&lt;b style=" in tip and "<b style" not in tip  # escaped in the rich tooltip
    assert tip.count("<br>") == 20  # twenty names and "and 980 more"
    assert tip.endswith("and 980 more")


def test_the_editor_lists_a_few_of_the_others_editing_the_cr(window, qtbot):
    open_cr(window, "CR-304")
    window.feature("sharing").feed._present(
        _others(50, lambda i: f"planner{i:02}", cr="CR-304"))
    note = editor(window).presence_note
    assert note.isVisible()
    assert note.text().startswith("planner00 and planner01 and planner02 and planner03 and "
                                  "46 more are editing this CR too")
    assert isinstance(note, QLabel) and window.width() <= 1400


def test_the_window_never_shows_the_servers_password(qtbot, postgres_server, monkeypatch):
    shared = SharedPlan(postgres_server)
    shared.set_up()
    url = shared.url(shared.planner)
    assert ":secret@" in url  # the login's password is in what was opened
    window = make_window(qtbot, open_store(url), url, "osuser")
    shown = (window.windowTitle(), _status_line(window), window.workspace.database)
    assert all("secret" not in text for text in shown)
    server = f"postgresql://127.0.0.1:{postgres_server.port}/{shared.database}"
    assert all(server in text for text in shown)
    # opening another database of the server from the window: what it says on the way, in
    # the Open recent menu, in its settings, and when the server refuses (no such database)
    said, warned = [], []
    window.workspace.status.connect(lambda text, _ms: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    window.opening.open_store = open_store
    window.opening.open_database(url.replace(":secret@", ":wrong@") + "_gone")
    wait_until(lambda: warned, what="the refusal")
    window.opening._fill_recent()
    recent = [a.text() for a in window.opening.recent_menu.actions()]
    window.layout_state.save_database()
    kept = " ".join(str(settings().value(k)) for k in settings().allKeys())
    assert said and warned and any(shared.database in r for r in recent)
    for text in (*said, *warned, *recent, kept):
        assert "secret" not in text and "wrong" not in text
    window.close()
