"""Presence: a row per open client in `presence`, refreshed by a heartbeat. Advisory only: it
never locks anything. A table works the same on SQLite and PostgreSQL; on PostgreSQL a trigger
also notifies the presence channel when a client comes, goes or opens another CR (migration
0005), and after `db roles` the server writes the row's user (session_user), and each login may
change only its own rows.

Times come from the database server on PostgreSQL (clients' clocks may differ); a SQLite file
is shared by clients of one machine, whose clock is the same.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, insert, select, update

from app.sharing.feed_port import PRESENCE_TIMEOUT_S, Presence
from storage import schema as t

# Rows older than this are removed by whoever announces next (a client that crashed).
FORGET_AFTER = timedelta(hours=1)

_p = t.presence.c


class PresenceBoard:
    def __init__(self, engine: Engine, user: str):
        self.engine = engine
        self.user = user
        self.session = uuid.uuid4().hex

    def _now(self, conn):
        return func.now() if conn.dialect.name == "postgresql" else datetime.now(UTC)

    def _since(self, conn, age: timedelta):
        if conn.dialect.name == "postgresql":
            return func.now() - age
        return datetime.now(UTC) - age

    def announce(self, cr: str | None) -> None:
        with self.engine.connect() as conn, conn.begin():
            now = self._now(conn)
            done = conn.execute(update(t.presence).where(_p.session == self.session)
                                .values(cr=cr, seen_at=now)).rowcount
            if not done:
                conn.execute(insert(t.presence).values(session=self.session, user_name=self.user,
                                                       cr=cr, seen_at=now))
                conn.execute(delete(t.presence).where(_p.seen_at < self._since(conn,
                                                                               FORGET_AFTER)))

    def others(self) -> list[Presence]:
        with self.engine.connect() as conn:
            since = self._since(conn, timedelta(seconds=PRESENCE_TIMEOUT_S))
            found = conn.execute(select(_p.session, _p.user_name, _p.cr, _p.seen_at)
                                 .where(_p.session != self.session, _p.seen_at >= since)
                                 .order_by(_p.user_name, _p.session)).all()
        return [Presence(*row) for row in found]

    def leave(self) -> None:
        with self.engine.connect() as conn, conn.begin():
            conn.execute(delete(t.presence).where(_p.session == self.session))
