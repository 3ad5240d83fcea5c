"""Benchmark of the work list's sort (issue 14): 100,000 CRs in the table model, sorted by a
column as a header click does it (the model sorts its Python list and moves the view's
persistent indexes), from key order each time. Median, min and max of 5 runs per column.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_table.py [--crs 100000] [--runs 5]

Goal: under 0.3 s per sort at 100,000 rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.edits.store_port import Snapshot
from app.generate.synthetic import generate_plan
from widgets.session.session import Session
from widgets.session.workspace import Workspace
from widgets.work_list.model import CR, HOURS, RELEASE, STAGE, TITLE, WorkListModel

GOAL_S = 0.3


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    session = Session(None)
    session.core.adopt(None, Snapshot(generate_plan(args.crs)))  # shown without a database
    model = WorkListModel(session, Workspace(session).mover)
    model.refresh()
    print(f"{model.rowCount():,} rows")
    worst = 0.0
    for name, column in (("title", TITLE), ("hours", HOURS), ("release", RELEASE),
                         ("stage", STAGE)):
        times = []
        for run in range(args.runs):
            model.sort(CR)
            order = Qt.SortOrder.DescendingOrder if run % 2 else Qt.SortOrder.AscendingOrder
            start = time.perf_counter()
            model.sort(column, order)
            times.append(time.perf_counter() - start)
        worst = max(worst, statistics.median(times))
        print(f"sort by {name:8s} median {statistics.median(times):.3f} s  "
              f"min {min(times):.3f} s  max {max(times):.3f} s")
    print(f"goal: under {GOAL_S} s: {'met' if worst < GOAL_S else 'NOT met'}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
