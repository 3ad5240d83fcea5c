"""Closing the window without losing what is on screen. Every edit a planner sees has its write
queued; closing (the window, Ctrl+Q, or SIGTERM from the desktop's logout) waits for them, with
a note saying what it waits for and a Cancel that says what will not be written. What could
not be written (refused by the database, or given up on) is said in the terminal and kept in
a note that the next start on that database shows."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QSocketNotifier, Qt, QThread, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

NOTE_FILE = "unwritten-edits.json"
# A logout waits this long for writes queued behind a locked database (the environment may
# say otherwise: a desktop's own grace period before it kills the program).
SIGTERM_WAIT_S = float(os.environ.get("RELEASE_PLANNER_SIGTERM_WAIT", "20"))


def notes_path():
    from platformdirs import user_data_path

    return user_data_path("release-planner", appauthor=False) / NOTE_FILE


class Closing:
    def __init__(self, window):
        self.window = window
        self.given_up: list[str] = []
        self._terminated = False
        self._wakeup = None
        QTimer.singleShot(0, self._show_last_session)

    # ---- SIGTERM -------------------------------------------------------------------------------

    def follow_sigterm(self) -> None:
        """SIGTERM closes the window as Ctrl+Q does: queued writes first. Python runs signal
        handlers only between its own instructions, so the signal wakes Qt's loop through a
        socket (signal.set_wakeup_fd)."""
        ours, theirs = socket.socketpair()
        ours.setblocking(False)
        theirs.setblocking(False)
        signal.set_wakeup_fd(theirs.fileno())
        signal.signal(signal.SIGTERM, lambda *_: None)  # the wake-up byte does the work
        self._wakeup = (ours, theirs, QSocketNotifier(ours.fileno(), QSocketNotifier.Type.Read))
        self._wakeup[2].activated.connect(self._signalled)

    def _signalled(self) -> None:
        try:
            data = self._wakeup[0].recv(64)
        except OSError:
            return
        if signal.SIGTERM in data:
            self._terminated = True
            print("release-planner: closing on SIGTERM; writing the edits on screen first.",
                  file=sys.stderr)
            self.window.close()

    # ---- closing ------------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Unsaved editor changes asked about (Save, Discard or Cancel), then the queued writes
        waited for. False: the planner chose to stay."""
        if not self._terminated and not self.window.workspace.may_close():
            return False
        return self._wait_for_writes()

    def _wait_for_writes(self) -> bool:
        session = self.window.session
        pending = list(session.core.pending)
        if not pending:
            return True
        texts = [p.text for p in pending]
        dialog = QProgressDialog(self.window)
        dialog.setWindowTitle("Writing your edits")
        dialog.setLabelText(
            f"Writing {len(pending)} edit{'s' if len(pending) > 1 else ''} to "
            f"{self.window.database} before closing: {'; '.join(texts[:5])}"
            + (f" and {len(texts) - 5} more" if len(texts) > 5 else "")
            + ".\nIf the database is busy (another program holds it), this waits for it.")
        dialog.setCancelButtonText("Close without them...")
        dialog.setRange(0, 0)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)  # starts the minimum-duration timer (Qt shows nothing before a value)
        deadline = QDeadlineTimer(int(SIGTERM_WAIT_S * 1000) if self._terminated else -1)
        while not session.idle():
            QCoreApplication.processEvents()
            QThread.msleep(5)
            if dialog.wasCanceled() and not self._confirm_giving_up(session):
                dialog.reset()
                dialog.show()
                continue
            if dialog.wasCanceled() or deadline.hasExpired():
                self.given_up = [p.text for p in session.core.pending]
                break
        dialog.close()
        lost = [p.text for p in pending if p.state != "written"]
        if lost:
            self._remember(lost)
        return True

    def _confirm_giving_up(self, session) -> bool:
        texts = [p.text for p in session.core.pending]
        answer = QMessageBox.warning(
            self.window, "Close without writing?",
            "These edits are on screen but not in the database yet; closing now loses them:\n\n"
            + "\n".join(f"  {t}" for t in texts) + "\n\nThe next start lists them again.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def finish(self) -> None:
        """The window closes: stop following the database and the workers. A write given up
        on is interrupted and rolls back, so what the planner was told is not written is not."""
        self.window.workspace.closing.emit()
        session = self.window.session
        session.jobs.shutdown()
        if self.given_up:
            session.runner.abandon()
            session.core.store.interrupt()  # the write under way rolls back: it is not written
        else:
            session.runner.shutdown()
        self.window.opening.close_store()
        if self.given_up and self._terminated:
            os._exit(143)

    # ---- the note for the next start -----------------------------------------------------------

    def _remember(self, texts: list[str]) -> None:
        database = self.window.database
        print(f"release-planner: these edits were NOT written to {database}: "
              + "; ".join(texts), file=sys.stderr)
        path = notes_path()
        try:
            notes = json.loads(path.read_text()) if path.exists() else []
        except (OSError, ValueError):
            notes = []
        notes.append({"database": database, "at": datetime.now().isoformat(timespec="seconds"),
                      "edits": texts})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(notes, indent=1))
        except OSError as fault:
            print(f"release-planner: could not keep that note: {fault}", file=sys.stderr)

    def _show_last_session(self) -> None:
        """What the last session on this database could not write, once."""
        path = notes_path()
        try:
            notes = json.loads(path.read_text()) if path.exists() else []
        except (OSError, ValueError):
            return
        mine = [n for n in notes if n.get("database") == self.window.database]
        if not mine:
            return
        lines = [f"{n['at']}: {e}" for n in mine for e in n.get("edits", [])]
        QMessageBox.information(
            self.window, "Edits not written last time",
            "When Release Planner last closed on this plan, these edits were on screen but "
            "could not be written to the database, and are not in it:\n\n"
            + "\n".join(lines) + "\n\nMake them again if they are still wanted.")
        rest = [n for n in notes if n.get("database") != self.window.database]
        with contextlib.suppress(OSError):
            path.write_text(json.dumps(rest, indent=1))
