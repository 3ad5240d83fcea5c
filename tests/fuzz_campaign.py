"""A longer fuzz campaign than CI runs (issue 17), which goes on past a finding and counts them:

    .venv/bin/python -m tests.fuzz_campaign [--cases 20000] [--first 0] [--storage]
                                            [--postgres]

Each case is mutant number N of tests/plan_mutations.py, checked as tests/app/plan_file/test_fuzz.py
checks one (check, bundle every release, every report format); with --storage, what check
accepts is also imported into SQLite (tests/storage/test_plan_fuzz_storage.py), with
--postgres into a PostgreSQL server started for the campaign as the tests start one. Prints the
counts, and each kind of finding (exception type and where) with the first case that found it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections import Counter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--storage", action="store_true")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    from app.model.errors import PlanFileError
    from app.plan_file.document import parse_plan
    from storage.open_store import open_store
    from tests.app.plan_file.test_fuzz import check_case
    from tests.plan_mutations import mutated_plan
    from tests.storage.test_plan_fuzz_storage import _stored_equal

    outcomes: Counter = Counter()
    findings: dict[str, tuple[int, str]] = {}
    started = time.perf_counter()
    server = None
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(os.path.join(folder, "fuzz.db"), user="fuzz") if args.storage else None
        if args.postgres:
            from tests.storage.pg_server import PostgresServer, find_bindir

            server = PostgresServer(find_bindir())
            server.start()
            store = open_store(server.create_database("rp_fuzz_campaign"), user="fuzz")
        for seed in range(args.first, args.first + args.cases):
            text = mutated_plan(seed)
            try:
                outcome = check_case(text, seed)
                if store is not None and outcome == "valid":
                    try:
                        _stored_equal(store, parse_plan(text))
                    except PlanFileError:
                        raise AssertionError("checked valid, then refused") from None
                outcomes[outcome] += 1
            except Exception as exc:  # a finding: keep going, group by kind and place
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                kind = f"{type(exc).__name__} at {frame.filename}:{frame.lineno}"
                outcomes["finding"] += 1
                findings.setdefault(kind, (seed, str(exc).splitlines()[0][:200] if str(exc)
                                           else ""))
        if store is not None:
            store.close()
        if server is not None:
            server.stop()
    print(f"{args.cases} cases (seeds {args.first} to {args.first + args.cases - 1}) in "
          f"{time.perf_counter() - started:.0f} s: {dict(outcomes)}")
    for kind, (seed, message) in findings.items():
        print(f"  finding: {kind} (first seed {seed}): {message}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
