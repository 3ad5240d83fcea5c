"""The audit log read as a change feed (commits after an id) and as history (newest first)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Connection, func, select

from app.sharing.feed_port import Commit, FeedBatch, RowRecord
from storage import schema as t

# Past this many rows, catching up costs more than a reload: the batch says `gap`.
MAX_CATCH_UP_ROWS = 20_000

_a = t.audit_log.c
_COLUMNS = (_a.id, _a.commit_id, _a.at, _a.user_name, _a.action, _a.kind, _a.key, _a.before,
            _a.after, _a.row_version)


def next_commit_id(conn: Connection) -> int | None:
    """The commit id the store writes on its audit rows. On SQLite, where BEGIN IMMEDIATE
    serialises writers, the id the commit's first audit row will get. On PostgreSQL None: a
    trigger sets the transaction id (migration 0005)."""
    if conn.dialect.name == "postgresql":
        return None
    return (conn.execute(select(func.max(_a.id))).scalar() or 0) + 1


def last_change_id(conn: Connection) -> int:
    return conn.execute(select(func.max(_a.id))).scalar() or 0


def live_changed_since(conn: Connection, last_id: int) -> bool:
    """Whether live has a commit after audit id `last_id` (a scenario's edits are not the
    live plan's); the ids after it only are read."""
    return conn.execute(select(_a.id).where(_a.id > last_id, _a.scenario.is_(None))
                        .limit(1)).first() is not None


def _doc(text: str | None) -> dict | None:
    return json.loads(text) if text else None


def _record(row) -> RowRecord:
    return RowRecord(row.id, row.kind, row.key, _doc(row.before), _doc(row.after),
                     row.row_version)


def changes_since(conn: Connection, last_id: int,
                  max_rows: int = MAX_CATCH_UP_ROWS, scenario: str | None = None) -> FeedBatch:
    """The commits whose audit rows come after `last_id`, oldest first: the live plan's, or
    with `scenario` the scenario's and the live ones of rows the scenario does not hold (its
    plan is live plus its changes; its own rows win over live's)."""
    mine = _a.scenario.is_(None) if scenario is None else \
        (_a.scenario.is_(None) | (_a.scenario == scenario))
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
        if scenario is not None:
            c = t.scenario_changes.c
            held = {tuple(r) for r in conn.execute(select(c.kind, c.key)
                                                   .where(c.scenario == scenario))}
            rows = [r for r in rows if r.scenario is not None or (r.kind, r.key) not in held]
    finally:
        conn.rollback()
    commits = tuple(_group(rows))
    return FeedBatch(commits, top, gap=any(r.kind == "plan" for c in commits for r in c.rows))


def _group(rows) -> Iterator[Commit]:
    """Consecutive rows of one commit id form a commit (ids are in commit order, migration
    0005); a row without one (written by hand) is a commit of its own."""
    group: list = []
    for row in rows:
        if group and (row.commit_id is None or row.commit_id != group[-1].commit_id):
            yield _commit(group)
            group = []
        group.append(row)
    if group:
        yield _commit(group)


def _commit(group: list) -> Commit:
    first = group[0]
    return Commit(group[-1].id, first.at, first.user_name, first.action,
                  tuple(_record(r) for r in group))


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
