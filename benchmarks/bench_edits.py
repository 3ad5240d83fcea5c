"""Benchmark of one edit at two plan sizes (issue 11): `release-planner schedule` from the
command line on databases of 1,000 and 100,000 CRs, each a whole process (median, min and max
of 10 moves), then the desktop client's benchmark at 100,000 CRs.

    .venv/bin/python benchmarks/bench_edits.py [--moves 10] [--no-gui]

Goal: a move at 100,000 CRs costs at most 1.3 times the move at 1,000.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = str(ROOT / "main.py")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, MAIN, *args], capture_output=True, text=True,
                          check=True)


def moves(db: str, count: int) -> list[float]:
    """Wall seconds of `count` schedule commands, each moving a draft CR to the last release."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        last = conn.execute("SELECT key FROM releases WHERE status = 'planned' "
                            "ORDER BY go_live DESC, key DESC LIMIT 1").fetchone()[0]
        crs = [r[0] for r in conn.execute(
            "SELECT key FROM change_requests WHERE stage = 'draft' AND release IS NOT NULL "
            "AND release != ? ORDER BY key LIMIT ?", (last, count))]
    times = []
    for cr in crs:
        start = time.perf_counter()
        done = cli("schedule", "--db", db, cr, last, "--format", "json")
        times.append(time.perf_counter() - start)
        assert json.loads(done.stdout)["to"] == last
    return times


def spread(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"median {statistics.median(ms):.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f})"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args()
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1_000, 100_000):
            db = str(Path(tmp) / f"plan-{size}.db")
            cli("generate", "--db", db, "--crs", str(size))
            Path(db).read_bytes()  # in the file cache, as for a planner who works on it
            times = moves(db, args.moves)
            medians[size] = statistics.median(times)
            print(f"schedule from the command line at {size:,} CRs, {len(times)} moves: "
                  f"{spread(times)}")
    print(f"ratio 100,000 / 1,000: {medians[100_000] / medians[1_000]:.2f} (goal at most 1.3)")
    if not args.no_gui:
        sys.stdout.flush()
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_gui.py"), "--crs",
                        "100000"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
