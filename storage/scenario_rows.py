"""A scenario's rows in the database (migration 0009): reading them, live versions beside them,
and writing one row change into a scenario under its version check."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import delete, insert, literal, literal_column, select, update

from app.model.change_set import RowChange
from app.scenarios.model import ScenarioChange
from app.sharing.feed_apply import row_from_document
from storage import schema as t
from storage.row_writes import doc
from storage.rows import each_decoded

_TABLES = {"team": t.teams, "pack": t.offer_packs, "item": t.items, "release": t.releases,
           "cr": t.change_requests}
_c = t.scenario_changes.c


def who(conn, user: str):
    """Who writes: on PostgreSQL the server's session_user (as the audit log's), not what the
    client says."""
    return literal_column("session_user") if conn.dialect.name == "postgresql" else user


def _row(kind: str, text: str | None):
    return None if text is None else row_from_document(kind, json.loads(text))


def read_changes(conn, name: str) -> list[ScenarioChange]:
    """The scenario's rows, in the order of their keys."""
    def select_rows(*columns):
        return select(*columns).where(_c.scenario == name).order_by(_c.kind, _c.key)

    query = select_rows(_c.kind, _c.key, _c.base, _c.base_version, _c.after, _c.version,
                        _c.changed_by, _c.changed_at)
    return each_decoded(
        conn, query, select_rows(literal(name), _c.kind, _c.key), "scenario_changes",
        lambda r: ScenarioChange(r[0], r[1], _row(r[0], r[2]), r[3], _row(r[0], r[4]), *r[5:]))


def live_version(conn, kind: str, key: str) -> int | None:
    if kind == "settings":
        return conn.execute(select(t.settings.c.version)).scalar()
    table = _TABLES[kind]
    return conn.execute(select(table.c.version).where(table.c.key == key)).scalar()


def live_versions(conn, changes: list[ScenarioChange]) -> dict[tuple[str, str], int]:
    """The live versions of the rows `changes` name (absent: not in live)."""
    out: dict[tuple[str, str], int] = {}
    by_kind: dict[str, list[str]] = {}
    for ch in changes:
        by_kind.setdefault(ch.kind, []).append(ch.key)
    for kind, keys in by_kind.items():
        if kind == "settings":
            out["settings", ""] = live_version(conn, kind, "")
            continue
        table = _TABLES[kind]
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            out.update(((kind, k), v) for k, v in conn.execute(
                select(table.c.key, table.c.version).where(table.c.key.in_(chunk))))
    return out


def _team(row) -> str | None:
    return getattr(row, "team", None) if row is not None else None


def write_change(conn, name: str, user: str, change: RowChange,
                 versions) -> tuple[bool, int | None]:
    """Write one row change into scenario `name`, if the row is as the caller loaded it: its
    scenario version when the scenario holds it, else its live version (a row new to both:
    absent from both). Returns (written, the row's version now; None: removed)."""
    kind, key = change.kind, change.key
    expected = versions.get((kind, key))
    found = conn.execute(select(_c.version, _c.after).where(
        _c.scenario == name, _c.kind == kind, _c.key == key)).first()
    now = datetime.now(UTC)
    user = who(conn, user)
    after = doc(kind, change.after)
    team = _team(change.after) or _team(change.before)
    if found is not None:
        version, held = found
        if (held is None and expected is not None) or (held is not None and expected != version):
            return False, None
        # Removed and made again: it starts at 1, as a new row does (the session counts so).
        new = None if change.after is None else (1 if held is None else version + 1)
        conn.execute(update(t.scenario_changes).where(
            _c.scenario == name, _c.kind == kind, _c.key == key).values(
            after=after, version=new or 0, team=team, changed_by=user, changed_at=now))
        return True, new
    live = live_version(conn, kind, key)
    if live != expected:
        return False, None
    new = None if change.after is None else (live or 0) + 1
    conn.execute(insert(t.scenario_changes).values(
        scenario=name, kind=kind, key=key, team=team, base_version=live,
        base=doc(kind, change.before) if live is not None else None, after=after,
        version=new or 0, changed_by=user, changed_at=now))
    return True, new


def take_out(conn, name: str, changes: list[ScenarioChange]) -> bool:
    """Remove promoted rows from the scenario; False when one was edited in the scenario since
    the promotion was decided."""
    for ch in changes:
        done = conn.execute(delete(t.scenario_changes).where(
            _c.scenario == name, _c.kind == ch.kind, _c.key == ch.key,
            _c.version == ch.version)).rowcount
        if done != 1:
            return False
    return True


def rebased(changes, live: dict) -> tuple[ScenarioChange, ...]:
    """The rows of an undone promotion as they go back into the scenario: each against its
    live version now (`live`; absent: not in live), so it is not stale."""
    return tuple(replace(ch, base_version=live.get((ch.kind, ch.key))) for ch in changes)


def put_back(conn, name: str, changes) -> list[tuple[str, str]]:
    """Insert rows into scenario `name` as they were (its version, who changed it and when);
    the rows the scenario holds already are returned, and then nothing should be kept."""
    held = []
    for ch in changes:
        if conn.execute(select(_c.key).where(_c.scenario == name, _c.kind == ch.kind,
                                             _c.key == ch.key)).first() is not None:
            held.append((ch.kind, ch.key))
    if held:
        return held
    for ch in changes:
        conn.execute(insert(t.scenario_changes).values(
            scenario=name, kind=ch.kind, key=ch.key,
            team=_team(ch.after) or _team(ch.base), base_version=ch.base_version,
            base=doc(ch.kind, ch.base), after=doc(ch.kind, ch.after), version=ch.version,
            changed_by=ch.changed_by, changed_at=ch.changed_at or datetime.now(UTC)))
    return []
