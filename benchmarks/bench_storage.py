"""Benchmark: a 100,000-CR plan in the database (issue: storage).

    .venv/bin/python benchmarks/bench_storage.py [--crs 100000] [--postgres]

Times, on SQLite and (with --postgres, on a throwaway server this script starts) PostgreSQL:
`generate` (bulk insert), loading the snapshot, and `release-planner bundle --db` for the last
release as a whole process. Goal: snapshot load under 1.5 s on SQLite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.generate.synthetic import generate_plan  # noqa: E402
from storage.open_store import open_store  # noqa: E402

LOAD = """
import sys, time
from storage.open_store import open_store
store = open_store(sys.argv[1])
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    snapshot = store.load()
    best = min(best, time.perf_counter() - start)
    del snapshot
print(best)
"""


def measure(label: str, url: str, crs: int) -> None:
    plan = generate_plan(crs, 1)
    last = plan.planned_releases()[-1].key
    store = open_store(url, user="bench")
    start = time.perf_counter()
    store.replace_all(plan, "generate")
    generated = time.perf_counter() - start
    del plan
    store.close()
    # Loading is timed in a fresh process, as when a planner opens the database.
    load = float(subprocess.run([sys.executable, "-c", LOAD, url], check=True, cwd=ROOT,
                                capture_output=True, text=True).stdout)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "bundle", "--db", url, "--release",
                    last, "--format", "json"], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    bundle = time.perf_counter() - start
    print(f"{label:10} generate (insert) {generated:6.2f} s | snapshot load best of 3 "
          f"{load:5.2f} s | bundle --db {last} {bundle:5.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("SQLite", str(Path(tmp) / "bench.db"), args.crs)
    if args.postgres:
        from tests.storage.pg_server import PostgresServer, find_bindir

        server = PostgresServer(find_bindir())
        server.start()
        try:
            measure("PostgreSQL", server.create_database("bench"), args.crs)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
