"""Following a shared plan from the command line: `watch` (every change anyone commits, as it
happens, one flushed line each: feed it to a team chat) and `history` (the audit log)."""

from __future__ import annotations

import json
import select
import signal
import sys
import time

from cli.common import EXIT_OK, BadInput, open_store, plain

RECONNECT_EVERY_S = 2.0


def register(command) -> dict:
    command("watch", "print every change anyone commits, as it happens (Ctrl+C stops)", "db")
    history = command("history", "the audit log, newest first", "db")
    history.add_argument("--cr", metavar="KEY", help="only this change request")
    history.add_argument("--release", metavar="KEY",
                         help="only this release and the change requests that were or are in it")
    history.add_argument("--limit", type=int, metavar="N", help="at most N entries")
    return {"watch": cmd_watch, "history": cmd_history}


class _Stop(Exception):
    pass


def _stop(_signum, _frame):
    raise _Stop


def _print_commits(args, commits) -> None:
    from app.sharing.change_summary import describe

    for commit in commits:
        try:
            line = describe(commit)
        except (AttributeError, TypeError, KeyError, ValueError):  # a row written by hand
            print(f"release-planner watch: skipped commit {commit.id}: its audit rows are "
                  "malformed", file=sys.stderr, flush=True)
            continue
        print(json.dumps(line.to_json(), ensure_ascii=False) if args.format == "json"
              else plain(f"{line.at}  {line.summary}"), flush=True)


def _wait(feed) -> None:
    """Until the listener's socket is readable (or a while passes), or one poll interval."""
    if feed.poll_ms is not None:
        time.sleep(feed.poll_ms / 1000)
        return
    fileno = feed.fileno()
    if fileno is not None:
        select.select([fileno], [], [], 5.0)


def _reconnect(feed) -> None:
    from app.sharing.feed_port import FeedLost

    while True:
        try:
            feed.reconnect()
            return
        except FeedLost:
            time.sleep(RECONNECT_EVERY_S)


def cmd_watch(args) -> int:
    from app.edits.store_port import StoreError
    from app.sharing.feed_port import FeedLost

    signal.signal(signal.SIGTERM, _stop)
    store = open_store(args)
    feed = None
    try:
        feed = store.open_signal()
        last = store.last_change_id()
        print(f"watching {args.db or 'the local plan'} for changes (Ctrl+C stops)",
              file=sys.stderr, flush=True)
        behind = False  # announced (or possibly missed) changes not read yet
        while True:
            _wait(feed)
            try:
                behind = feed.drain().changes or behind
                if not behind:
                    continue
                batch = store.changes_since(last)
                behind = False
            except (FeedLost, StoreError) as exc:
                print(f"release-planner watch: {exc}; reconnecting", file=sys.stderr, flush=True)
                _reconnect(feed)
                print("release-planner watch: connected again; catching up", file=sys.stderr,
                      flush=True)
                behind = True  # everything after `last` is read next: nothing is lost
                continue
            if batch.gap:
                print("release-planner watch: the plan was replaced or reloaded as a whole; "
                      "following its changes from here", file=sys.stderr, flush=True)
            _print_commits(args, batch.commits)
            last = batch.last_id
    except (KeyboardInterrupt, _Stop):
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if feed is not None:
            feed.close()
        store.close()


def cmd_history(args) -> int:
    from app.sharing.change_summary import changed_fields

    if args.limit is not None and args.limit < 1:
        raise BadInput(f"--limit: must be at least 1, not {args.limit}")
    if args.cr and args.release:
        raise BadInput("--cr and --release: give one of them")
    store = open_store(args)
    try:
        found = store.audit_history(args.cr, args.release, args.limit)
    finally:
        store.close()
    entries = []
    for commit, row in found:
        try:
            before, after = changed_fields(row.before, row.after)
        except (AttributeError, TypeError, KeyError, ValueError):  # a row written by hand
            print(f"release-planner history: skipped audit row {row.id}: it is malformed",
                  file=sys.stderr)
            continue
        doc = row.after or row.before or {}
        entries.append({
            "at": commit.at.isoformat(timespec="seconds"), "user": commit.user,
            "action": commit.action, "kind": row.kind, "key": row.key,
            "cr": row.key if row.kind == "cr" else None,
            "release": row.key if row.kind == "release" else doc.get("release"),
            "before": before, "after": after})
    if args.format == "json":
        print(json.dumps(entries, ensure_ascii=False))
        return EXIT_OK
    for e in entries:
        what = ("created" if e["before"] is None else "deleted" if e["after"] is None else
                "; ".join(f"{k}: {e['before'][k]} -> {e['after'][k]}" for k in e["after"]))
        print(plain(f"{e['at']}  {e['user']}  {e['action']}  {e['kind']} {e['key']}: {what}"))
    return EXIT_OK
