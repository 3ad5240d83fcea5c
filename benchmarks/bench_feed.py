"""Benchmark: the change feed on PostgreSQL (issue 12), on a throwaway server this script starts.

    .venv/bin/python benchmarks/bench_feed.py [--crs 100000] [--rounds 50]
                                              [--writers 20] [--seconds 30] [--roles]

1. Latency: one client schedules a CR; another, listening on its own connection, is woken by
   the NOTIFY and reads the commit with `changes_since`. From the start of the commit to the
   commit in the other client's hands (the storage half of "commit to repaint"): median, p95.
2. Throughput: `--writers` processes schedule their own CRs in a loop for `--seconds`; moves per
   second, rule refusals and failures, and whether the feed delivered every committed move
   (none lost). Each writer works as `release-planner schedule` does: it reads only the scope
   of each move (the CR, its dependencies and dependents, releases), never the whole plan.
   With `--roles`, `db roles` is set up and each writer is a login of its own with the planner
   role for every team (issue 23): row-level security, the team guard and the server-written
   audit all in the path of each move.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import select
import signal as signal_module
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.edits.moves import Schedule  # noqa: E402
from app.edits.service import PlanService  # noqa: E402
from app.edits.store_port import StaleEdit  # noqa: E402
from app.generate.synthetic import generate_plan  # noqa: E402
from app.model.errors import Refusal  # noqa: E402
from app.model.plan import Target  # noqa: E402
from storage.open_store import open_store  # noqa: E402
from tests.storage.pg_server import PostgresServer, find_bindir  # noqa: E402


def _targets(plan, service):
    from app.rules.freeze import freeze_start

    today = service.today(plan)
    releases = [r.key for r in plan.planned_releases()
                if freeze_start(r.go_live, r.freeze_days) > today]
    crs = [c.key for c in plan.crs.values() if c.stage not in ("deployed", "cancelled")
           and (c.release is None or c.release in releases) and not c.emergency]
    return crs, releases


def latency(url: str, rounds: int) -> None:
    writer = PlanService(open_store(url, user="ann"))
    reader = open_store(url, user="bob")
    signal = reader.open_signal()
    plan = writer.load().plan
    crs, releases = _targets(plan, writer)
    where = {key: plan.crs[key].release for key in crs}
    last = reader.last_change_id()
    rng = random.Random(1)
    seen = []
    for _ in range(rounds):
        cr = rng.choice(crs)
        target = rng.choice([r for r in releases if r != where[cr]])
        start = time.perf_counter()
        try:
            writer.run(Schedule(cr, Target.parse(target)))
        except Refusal:
            continue
        where[cr] = target
        for _ in range(100):  # at most 10 s: a lost notification is reported, not waited on
            select.select([signal.fileno()], [], [], 0.1)
            if signal.drain().changes:
                batch = reader.changes_since(last)
                if batch.commits:
                    break
        else:
            raise SystemExit(f"no notification for {cr} -> {target}")
        seen.append(time.perf_counter() - start)
        last = batch.last_id
    signal.close()
    reader.close()
    writer.store.close()
    seen.sort()
    print(f"commit -> other client has the commit: median {statistics.median(seen) * 1000:.1f} ms, "
          f"p95 {seen[int(len(seen) * 0.95) - 1] * 1000:.1f} ms over {len(seen)} moves")


def _login_url(url: str, login: str | None) -> str:
    from sqlalchemy.engine import make_url

    if login is None:
        return url
    return make_url(url).set(username=login, password="secret") \
        .render_as_string(hide_password=False)


def _writer(url: str, index: int, mine: list, releases: list, seconds: float, out,
            roles: bool = False) -> None:
    url = _login_url(url, f"planner{index}" if roles else None)
    service = PlanService(open_store(url, user=f"writer{index}"))
    rng = random.Random(index)
    moves = refused = failed = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        cr = rng.choice(mine)
        try:
            moved = service.run(Schedule(cr, Target.parse(rng.choice(releases))))
            moves += bool(moved.changes)  # a move to where it already is writes nothing
        except Refusal:
            refused += 1
        except (StaleEdit, Exception):  # counted: the benchmark reports them
            failed += 1
    service.store.close()
    out.put((moves, refused, failed))


def set_up_roles(url: str, writers: int) -> None:
    """`db roles`, and one planner login per writer with every team."""
    from sqlalchemy import text

    from storage.database import create_database_engine
    from storage.roles import grant, install_roles

    engine = create_database_engine(url)
    try:
        install_roles(engine)
        with engine.connect() as conn, conn.begin():
            teams = [r[0] for r in conn.execute(text("SELECT key FROM teams"))]
            for i in range(writers):
                if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                    {"r": f"planner{i}"}).first():
                    conn.exec_driver_sql(f"CREATE ROLE planner{i} LOGIN PASSWORD 'secret'")
        for i in range(writers):
            grant(engine, f"planner{i}", "planner", teams)
    finally:
        engine.dispose()


def throughput(url: str, writers: int, seconds: float, roles: bool = False) -> None:
    reader = open_store(url, user="watcher")
    planner = PlanService(reader)
    crs, releases = _targets(planner.load().plan, planner)
    start_id = reader.last_change_id()
    out = multiprocessing.Queue()
    # each writer its own CRs: no race is expected to be lost
    procs = [multiprocessing.Process(target=_writer, args=(url, i, crs[i::writers], releases,
                                                           seconds, out, roles))
             for i in range(writers)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    moves = sum(r[0] for r in results)
    commits = reader.changes_since(start_id).commits
    reader.close()
    delivered = sum(1 for c in commits if c.action.startswith("schedule"))
    print(f"{writers} writers for {seconds:.0f} s: {moves / seconds:.1f} moves/s, "
          f"{sum(r[1] for r in results)} refused by a rule, {sum(r[2] for r in results)} "
          f"failed; the feed holds {delivered} of {moves} committed moves")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--roles", action="store_true",
                        help="set `db roles` up; each writer a planner login of its own")
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL is not installed", file=sys.stderr)
        return 2
    server = PostgresServer(bindir)
    signal_module.signal(signal_module.SIGTERM, lambda *_: sys.exit(1))  # still stop the server
    server.start()
    try:
        url = server.create_database("bench_feed")
        store = open_store(url, user="bench")
        store.replace_all(generate_plan(args.crs, 1), "generate")
        store.close()
        if args.roles:
            set_up_roles(url, args.writers)
        print(f"PostgreSQL, {args.crs} CRs{', roles set up' if args.roles else ''}")
        latency(url, args.rounds)
        throughput(url, args.writers, args.seconds, args.roles)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
