"""The path of one drag, from the mouse button's release on the timeline to the queued write:
traced with sys.setprofile, it crosses few project modules and never calls back into a module
that is still waiting lower on the stack (the old path crossed 30, with four back-and-forths:
the view asking the window where the pointer was, the drop going out to the selection and back
into the window, permissions checked twice, the controller pushing the outcome back into the
service)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt

from tests.conftest import ROOT
from tests.widgets.conftest import stored_plan, timeline
from tests.widgets.timeline_mouse import grab_points, pixel, press_and_move, send
from widgets.common.style import SECONDS_PER_DAY
from widgets.session.edit_runner import EditRunner

MODULES_UP_TO = 12


def project_module(path: str) -> str | None:
    """`app/engine/operations.py` for a file of the project's code, else None."""
    try:
        relative = Path(path).resolve().relative_to(ROOT)
    except ValueError:
        return None
    return str(relative) if relative.parts[0] in ("app", "widgets", "storage") else None


class PathTrace:
    """Project modules entered until the write is queued, and every call into a module that
    was already waiting lower on the stack (a callback: a back-and-forth)."""

    def __init__(self):
        self.modules: list[str] = []
        self.callbacks: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.queued = False

    def __call__(self, frame, event, _arg):
        if self.queued:
            return
        module = project_module(frame.f_code.co_filename)
        if event == "call" and module is not None:
            if frame.f_code is EditRunner.submit.__code__:
                self.queued = True
            if module not in self.modules:
                self.modules.append(module)
            if module in self.stack[:-1] and self.stack[-1] != module:
                self.callbacks.append((self.stack[-1], module))
            self.stack.append(module)
        elif event == "return" and module is not None and self.stack:
            self.stack.pop()


def test_a_drag_reaches_the_queued_write_through_few_modules_and_no_callbacks(window):
    view = timeline(window)
    points = grab_points(view, "CR-309")  # in March
    april = next(r for r in view.layout_data.releases if r.key == "R-APR")
    start = points["middle"]
    end = (april.freeze_start * SECONDS_PER_DAY - SECONDS_PER_DAY, start[1])
    press_and_move(view, start, end)
    trace = PathTrace()
    sys.setprofile(trace)
    try:
        send(view, QEvent.Type.MouseButtonRelease, pixel(view, *end), Qt.MouseButton.NoButton)
    finally:
        sys.setprofile(None)
    assert trace.queued, "the drop queued no write"
    assert len(trace.modules) <= MODULES_UP_TO, "\n".join(trace.modules)
    assert trace.callbacks == [], trace.callbacks
    assert stored_plan(window).crs["CR-309"].release == "R-APR"
