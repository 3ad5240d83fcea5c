"""Benchmark: one planner's commit on another planner's screen (issue 12), on a throwaway
PostgreSQL server. Ann is another process that schedules CRs as the command line does; bob is
the desktop client, offscreen, following the real change feed (NOTIFY through a
QSocketNotifier on its own connection, then the audit rows after the last id).

    .venv/bin/python benchmarks/bench_shared.py [--crs 100000] [--moves 9]

For each move: from the moment ann's commit returns to bob's window repainted with the bar at
its new place; median, min and max. Bob is idle before each move (his conflict marks of the
last one computed). Goal: under 300 ms at 100,000 CRs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


ANN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from app.edits.moves import Schedule
from app.model.plan import Target
from app.edits.service import PlanService
from storage.open_store import open_store
service = PlanService(open_store(sys.argv[2], user="ann"))
for line in sys.stdin:
    cr, target = line.split()
    service.run(Schedule(cr, Target.parse(target)))
    print(time.time(), flush=True)
"""


def window(url: str, user: str, app):
    """Bob's desktop client as `release-planner --db URL` builds it (widgets/shell), loaded."""
    from storage.open_store import open_store
    from widgets.session.session import Session
    from widgets.shell.features import FEATURES
    from widgets.shell.main_window import MainWindow

    win = MainWindow(Session(open_store(url, user=user)), [make() for make in FEATURES], url,
                     user, None)
    win.resize(1400, 800)
    win.show()
    win.session.load()
    while win.session.plan is None or not win.session.runner.idle() or win.session.busy():
        app.processEvents()
        time.sleep(0.002)
    return win


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=9)
    args = parser.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.generate.synthetic import generate_plan
    from storage.open_store import open_store
    from tests.storage.pg_server import PostgresServer, find_bindir

    app = QApplication.instance() or QApplication([])
    settings_dir = tempfile.mkdtemp()
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, settings_dir)
    server = PostgresServer(find_bindir())
    server.start()
    try:
        url = server.create_database("bench_shared")
        store = open_store(url, user="setup")
        store.replace_all(generate_plan(args.crs, 1), "generate")
        store.close()
        bob = window(url, "bob", app)
        plan = bob.session.plan
        planned = [r.key for r in plan.planned_releases()]
        movable = [c.key for c in plan.crs.values() if c.release == planned[-2]
                   and c.stage == "draft"][:args.moves]
        ann = subprocess.Popen([sys.executable, "-c", ANN, str(ROOT), url], text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        delays = []
        view = bob.feature("timeline").view.viewport()
        for key in movable:
            while not bob.session.idle() or bob.session.busy():
                app.processEvents()
                time.sleep(0.001)
            ann.stdin.write(f"{key} {planned[-1]}\n")
            ann.stdin.flush()
            while bob.session.plan.crs[key].release != planned[-1]:
                app.processEvents()
                time.sleep(0.0005)
            view.repaint()
            shown = time.time()
            delays.append(shown - float(ann.stdout.readline()))
        ann.stdin.close()
        ann.wait()
        ms = sorted(d * 1000 for d in delays)
        print(f"PostgreSQL, {len(plan.crs)} CRs")
        print(f"ann's commit to bob's repaint, {len(ms)} moves: median "
              f"{statistics.median(ms):.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f}); goal 300 ms")
        print(f"bob caught up {bob.feature('sharing').feed.caught_up} commits from the feed")
        bob.close()  # it closes its store
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
