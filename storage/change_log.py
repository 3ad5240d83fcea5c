"""The audit log read as a change feed (commits after an id) and as history (newest first)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator

from sqlalchemy import Connection, func, select, text

from app.sharing.feed_port import Commit, FeedBatch, RowRecord
from storage import schema as t

_log = logging.getLogger("release_planner.feed")

# Past this many rows, catching up costs more than a reload: the batch says `gap`.
MAX_CATCH_UP_ROWS = 20_000

_a = t.audit_log.c
_COLUMNS = (_a.id, _a.commit_id, _a.at, _a.user_name, _a.action, _a.kind, _a.key, _a.before,
            _a.after, _a.row_version)


def next_commit_id(conn: Connection) -> int | None:
    """The commit id the store writes on its audit rows. On SQLite, where BEGIN IMMEDIATE
    serialises writers, the id the commit's first audit row will get. On PostgreSQL None: the
    server writes the audit rows with the transaction id (migration 0007)."""
    if conn.dialect.name == "postgresql":
        return None
    return (conn.execute(select(func.max(_a.id))).scalar() or 0) + 1


# PostgreSQL: the oldest transaction still running. Every transaction older has ended, and no
# new one can be older, so the audit rows of commit ids below it are final: the feed's cursor
# is this horizon, not an audit id (ids come from a sequence in insert order, not commit
# order). Writers take no lock for it; see storage/server_audit.py.
_HORIZON = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
# How long a read waits for an older transaction still running to end before it returns what
# is final (the rest comes with the next read: nothing is skipped, only later).
_PENDING_WAIT_S, _PENDING_POLLS = 0.02, 25


def last_change_id(conn: Connection) -> int:
    """Where the feed stands now: the cursor the next `changes_since` starts from."""
    if conn.dialect.name == "postgresql":
        return conn.execute(_HORIZON).scalar()
    return conn.execute(select(func.max(_a.id))).scalar() or 0


def live_changed_since(conn: Connection, last_id: int) -> bool:
    """Whether live has a commit after the feed cursor `last_id` (last_change_id; a scenario's
    edits are not the live plan's); only the rows after it are read."""
    after = _a.commit_id >= last_id if conn.dialect.name == "postgresql" else _a.id > last_id
    return conn.execute(select(_a.id).where(after, _a.scenario.is_(None))
                        .limit(1)).first() is not None


def _doc(value: str | None) -> dict | None:
    if value is None or value == "":
        return None
    doc = json.loads(value)
    if not isinstance(doc, dict):
        raise ValueError(f"a document that is not a JSON object ({type(doc).__name__})")
    return doc


def _record(row) -> RowRecord | None:
    """The row as a record; None, with one warning naming its id, for a malformed row (only
    the owner can write one by hand): a feed or a history never ends in a traceback."""
    try:
        if not isinstance(row.kind, str) or not isinstance(row.key, str):
            raise ValueError("no kind or key")
        return RowRecord(row.id, row.kind, row.key, _doc(row.before), _doc(row.after),
                         row.row_version)
    except ValueError as exc:  # JSONDecodeError is one
        _log.warning("skipped audit row %s: %s", row.id, str(exc).splitlines()[0])
        return None


def changes_since(conn: Connection, last_id: int,
                  max_rows: int = MAX_CATCH_UP_ROWS, scenario: str | None = None) -> FeedBatch:
    """The commits after the cursor `last_id` (last_change_id), oldest first: the live plan's,
    or with `scenario` the scenario's and the live ones of rows the scenario does not hold (its
    plan is live plus its changes; its own rows win over live's)."""
    mine = _a.scenario.is_(None) if scenario is None else \
        (_a.scenario.is_(None) | (_a.scenario == scenario))
    if conn.dialect.name == "postgresql":
        return _changes_since_horizon(conn, last_id, max_rows, mine, scenario)
    conn.begin()  # the count and the rows read one state
    try:
        top = last_change_id(conn)
        if top < last_id:
            return FeedBatch((), top, gap=True)
        count = conn.execute(select(func.count()).where(_a.id > last_id, mine)).scalar()
        if count > max_rows:
            return FeedBatch((), top, gap=True)
        # A scenario's edits are not the live plan's news (issue 22).
        rows = conn.execute(select(*_COLUMNS, _a.scenario).where(_a.id > last_id, _a.id <= top,
                                                                 mine)
                            .order_by(_a.id)).all()
        rows = _held_by_scenario_first(conn, rows, scenario)
    finally:
        conn.rollback()
    return _batch(rows, top)


def _changes_since_horizon(conn: Connection, since: int, max_rows: int, mine,
                           scenario: str | None) -> FeedBatch:
    """PostgreSQL: the rows of transactions between the last horizon and the one now. Each
    statement reads a fresh snapshot, later than the horizon, so every commit below it shows."""
    newest = conn.execute(select(func.max(_a.commit_id))).scalar()
    for _ in range(_PENDING_POLLS):
        top = conn.execute(_HORIZON).scalar()
        if newest is None or top > newest:
            break
        # The newest commit is younger than a transaction still running: wait a little for
        # that one to end (it may be about to commit rows before it).
        time.sleep(_PENDING_WAIT_S)
    conn.rollback()
    if top < since:
        return FeedBatch((), top, gap=True)
    window = (_a.commit_id >= since, _a.commit_id < top, mine)
    if conn.execute(select(func.count()).where(*window)).scalar() > max_rows:
        conn.rollback()
        return FeedBatch((), top, gap=True)
    rows = conn.execute(select(*_COLUMNS, _a.scenario).where(*window).order_by(_a.id)).all()
    rows = _held_by_scenario_first(conn, rows, scenario)
    conn.rollback()
    return _batch(rows, top)


def _held_by_scenario_first(conn: Connection, rows, scenario: str | None):
    """A scenario's feed: its rows, and live's of the rows it does not hold."""
    if scenario is None:
        return rows
    c = t.scenario_changes.c
    held = {tuple(r) for r in conn.execute(select(c.kind, c.key).where(c.scenario == scenario))}
    return [r for r in rows if r.scenario is not None or (r.kind, r.key) not in held]


def _batch(rows, top: int) -> FeedBatch:
    commits = tuple(_group(rows))
    return FeedBatch(commits, top, gap=any(r.kind == "plan" for c in commits for r in c.rows))


def _group(rows) -> Iterator[Commit]:
    """The rows of one commit id form a commit, in the order of their first rows (two commits
    may interleave ids on PostgreSQL: each takes ids as its rows are written at commit; two
    that touch one row cannot, the second waits for the first). A row without one (written by
    hand) is a commit of its own."""
    groups: dict = {}
    for row in rows:
        record = _record(row)
        if record is None:
            continue
        group = row.commit_id if row.commit_id is not None else ("row", row.id)
        groups.setdefault(group, []).append((row, record))
    for group in groups.values():
        yield _commit(group)


def _commit(group: list) -> Commit:
    first = group[0][0]
    return Commit(group[-1][0].id, first.at, first.user_name, first.action,
                  tuple(record for _, record in group))


def history(conn: Connection, cr: str | None = None, release: str | None = None,
            limit: int | None = None, scenario: str | None = None
            ) -> list[tuple[Commit, RowRecord]]:
    """Audit rows newest first, each with its commit's who, when and action. `cr` keeps the
    rows of that CR; `release` the rows of that release and of CRs that were or are in it;
    `scenario` the edits made in that scenario (None: the live plan's)."""
    query = select(*_COLUMNS).order_by(_a.id.desc()).where(
        _a.scenario.is_(None) if scenario is None else _a.scenario == scenario)
    if cr is not None:
        query = query.where(_a.kind == "cr", _a.key == cr)
    elif release is not None:
        query = query.where(_a.kind.in_(("cr", "release")))
    found: list[tuple[Commit, RowRecord]] = []
    for row in conn.execute(query.execution_options(yield_per=500)):
        record = _record(row)
        if record is None:
            continue
        if release is not None and not _concerns_release(record, release):
            continue
        found.append((Commit(row.id, row.at, row.user_name, row.action, (record,)), record))
        if limit is not None and len(found) >= limit:
            break
    return found


def _concerns_release(record: RowRecord, release: str) -> bool:
    if record.kind == "release":
        return record.key == release
    return any(doc is not None and doc.get("release") == release
               for doc in (record.before, record.after))
