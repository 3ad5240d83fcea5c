"""The signal that another connection committed (app.sharing.feed_port.ChangeSignal): on PostgreSQL a
dedicated psycopg 3 connection in autocommit that LISTENs; on SQLite a connection of its own
that polls `PRAGMA data_version` (it changes whenever another connection commits).

Neither carries the changes themselves: the client then reads the audit rows after its last id
(storage.change_log.changes_since), so a lost or merged notification loses nothing.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.sharing.feed_port import FeedLost, Wakeup
from storage.database import sqlite_path

CHANGES_CHANNEL = "release_planner_changes"
PRESENCE_CHANNEL = "release_planner_presence"
SQLITE_POLL_MS = 200  # the issue asks for at most 250 ms
MAX_DRAINED = 10_000  # notifications taken per drain


def _libpq_params(engine: Engine) -> dict:
    url = make_url(engine.url)
    params = {"host": url.host, "port": url.port, "user": url.username,
              "password": url.password, "dbname": url.database, **url.query}
    return {k: v for k, v in params.items() if v is not None}


class PostgresListener:
    """LISTEN on both channels over its own connection. Keepalives make a dead network show up
    as a readable socket within about half a minute, like a server that closed it."""

    poll_ms = None

    def __init__(self, engine: Engine):
        self._params = {**_libpq_params(engine), "application_name": "release-planner feed",
                        "connect_timeout": 10, "keepalives": 1, "keepalives_idle": 10,
                        "keepalives_interval": 5, "keepalives_count": 3}
        self._where = engine.url.render_as_string(hide_password=True)
        self._conn = None
        self.reconnect()

    def reconnect(self) -> None:
        import psycopg

        self._drop()
        try:
            conn = psycopg.connect(autocommit=True, **self._params)
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
            conn.execute(f"LISTEN {PRESENCE_CHANNEL}")
        except psycopg.Error as exc:
            raise FeedLost(f"{self._where}: cannot listen for changes: "
                           f"{str(exc).strip().splitlines()[0]}") from None
        self._conn = conn

    def fileno(self) -> int | None:
        return self._conn.fileno() if self._conn is not None else None

    def drain(self) -> Wakeup:
        import psycopg

        if self._conn is None:
            raise FeedLost(f"{self._where}: not listening (reconnect first)")
        channels = set()
        try:
            # Any login may NOTIFY these channels: a payload is never read, only that one came;
            # and a flood is taken a bounded number at a time, each drain then one read.
            for n in itertools.islice(self._conn.notifies(timeout=0), MAX_DRAINED):
                channels.add(n.channel)
        except psycopg.Error:
            self._drop()
            raise FeedLost(f"{self._where}: the connection to the server was lost") from None
        return Wakeup(changes=CHANGES_CHANNEL in channels, presence=PRESENCE_CHANNEL in channels)

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # a broken connection may fail to close
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        self._drop()


class SqlitePoller:
    """`PRAGMA data_version` on a connection of its own: it differs from the last reading
    exactly when another connection (any process) committed to the file."""

    poll_ms = SQLITE_POLL_MS

    def __init__(self, path: Path, read_only: bool = False):
        self._path = path
        # A file this user may not write is watched without writing beside it (no -wal or
        # -shm file): immutable, so it reads as it was opened, as the window shows it.
        self._uri = f"file:{quote(str(path))}?immutable=1" if read_only else None
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self.reconnect()

    def reconnect(self) -> None:
        self.close()
        try:
            self._conn = sqlite3.connect(self._uri or self._path, uri=self._uri is not None,
                                         check_same_thread=False)
            self._version = self._read()
        except sqlite3.Error as exc:
            self._conn = None
            raise FeedLost(f"{self._path}: cannot watch the file for changes: {exc}") from None

    def _read(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        return None

    def drain(self) -> Wakeup:
        if self._conn is None:
            raise FeedLost(f"{self._path}: not watching (reconnect first)")
        try:
            version = self._read()
        except sqlite3.Error as exc:
            raise FeedLost(f"{self._path}: cannot watch the file for changes: {exc}") from None
        changed = version != self._version
        self._version = version
        # data_version does not say what changed: presence too, possibly.
        return Wakeup(changes=changed, presence=changed)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def open_signal(engine: Engine, read_only: bool = False):
    """The ChangeSignal for the store's database (`read_only`: this user may not write it)."""
    if engine.dialect.name == "postgresql":
        return PostgresListener(engine)
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        raise FeedLost("an in-memory database has no other writers to follow")
    return SqlitePoller(path, read_only)
