"""What a `--db` file is, found out before anything opens it for writing: nothing is created,
no journal mode is switched and no `-wal` file is left behind on a file that is then refused.

The probe reads the file with SQLite's read-only modes: `immutable=1` when no `-wal` file holds
newer pages (it reads the main file and creates nothing), `mode=ro` otherwise (the `-wal` and
`-shm` files are there already). A `-wal` file of 0 bytes holds nothing newer.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from app.edits.store_port import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables a plan fills; `settings` holds its one row.
PLAN_TABLES = ("settings", "teams", "offer_packs", "items", "releases", "change_requests",
               "dependencies", "cr_sources")
CREATE_HINT = "create one with `import`, `demo` or `generate`"


@dataclass(frozen=True)
class SqliteFile:
    path: Path
    exists: bool  # False: a new file is to be created
    read_only: str  # why it may not be written ("" when it may)
    wal_mode: bool  # the header says journal_mode=WAL

    @property
    def writable(self) -> bool:
        return not self.read_only


def _may_write(path: Path) -> bool:
    # The effective user's permission, as SQLite's open() gets it: os.access asks for the real
    # user's by default, and a program whose effective user differs would be told a
    # read-only file is writable (then SQLite refuses its journal mode switch).
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def read_only_reason(path: Path) -> str:
    """Why the file at `path` (it exists) may not be written, or ""."""
    if not _may_write(path):
        return f"{path} is read-only"
    if not _may_write(path.parent):
        return f"the folder of {path} is read-only (the database needs it for its journal)"
    return ""


def inspect_sqlite_file(path: Path, create: bool) -> SqliteFile:
    """The file at `path` as far as its bytes tell, or StoreError saying why it cannot be a
    database: a folder, a pipe or device, another kind of file, a missing one (unless `create`)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _new_file(path, create)
    except OSError as exc:  # a symbolic link loop, a name too long, no permission
        raise StoreError(f"{path}: cannot open the database file: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path}: not a regular file (a pipe, a device or a socket), "
                         "not a database file")
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file: {exc.strerror}") from None
    if header and not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path}: not a Release Planner database (not a SQLite file)")
    return SqliteFile(path, True, read_only_reason(path), len(header) > 18 and header[18] == 2)


def _new_file(path: Path, create: bool) -> SqliteFile:
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    if not create:
        raise StoreError(f"{path}: no such database file; {CREATE_HINT}")
    if not _may_write(path.parent):
        raise StoreError(f"{path}: cannot create a database in {path.parent} (no permission)")
    return SqliteFile(path, False, "", False)


def read_only_uri(f: SqliteFile) -> str:
    """A SQLite URI that reads the file without writing anything next to it."""
    try:
        newer_pages = Path(f"{f.path}-wal").stat().st_size > 0
    except OSError:
        newer_pages = False
    mode = "mode=ro" if f.wal_mode and newer_pages else "immutable=1"
    return f"file:{quote(str(f.path))}?{mode}"


def probe_tables(f: SqliteFile) -> dict[str, int]:
    """Each table of the file with its row count for the plan's tables (-1 for others)."""
    if not f.exists:
        return {}
    try:
        conn = sqlite3.connect(read_only_uri(f), uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{f.path}: cannot open the database file: {exc}") from None
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: (conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                       if name in PLAN_TABLES else -1) for name in names}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{f.path}: not a Release Planner database (the file is damaged: "
                         f"{exc})") from None
    finally:
        conn.close()


def probe_revision(f: SqliteFile) -> str | None:
    """The file's alembic_version, read without writing (None: it has none)."""
    conn = sqlite3.connect(read_only_uri(f), uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
