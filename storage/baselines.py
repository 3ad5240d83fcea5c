"""Baselines and sign-offs in the database (app.baselines.model.BaselineStore).

Written once and never updated: `add` inserts a baseline (and the sign-off it records) in one
short transaction of its own, apart from any edit; a name already taken (an automatic baseline
someone else took first) inserts nothing.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from app.baselines.capture import pack, unpack
from app.baselines.model import MANUAL, Baseline, Move, SignOff
from storage import schema as t
from storage.errors import translate_errors
from storage.rows import each_decoded

_b, _s, _a = t.baselines.c, t.signoffs.c, t.audit_log.c
_LISTED = (_b.name, _b.kind, _b.release, _b.taken_at, _b.taken_by, _b.audit_id)


def _aware(at):
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    from datetime import UTC

    return at if at is None or at.tzinfo else at.replace(tzinfo=UTC)


def _baseline(row) -> Baseline:
    n, k, r, at, by, aid, *content = row
    _check_type(type(aid) is int, f"audit_id is {aid!r}")
    return Baseline(n, k, r, _aware(at), by, aid, *(unpack(c) for c in content))


def _check_type(ok: bool, detail: str) -> None:
    if not ok:
        raise TypeError(detail)


def _release_in(document: str | None) -> str | None:
    """The release a CR's audit document names (None: none, or no document)."""
    if not document:
        return None
    doc = json.loads(document)
    _check_type(type(doc) is dict, "the row's document is not a JSON object")
    return doc.get("release")


class SqlBaselines:
    def __init__(self, engine: Engine, user: str):
        self.engine = engine
        self.user = user

    def _write(self):
        conn = self.engine.connect()
        conn.execution_options(rp_write=True)  # BEGIN IMMEDIATE on SQLite (storage.database)
        return conn

    def add(self, baseline: Baseline, signoff: SignOff | None = None) -> bool:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        with translate_errors(self.engine), self._write() as conn, conn.begin():
            audit_id = conn.execute(select(func.max(_a.id))).scalar() or 0
            row = {"name": baseline.name, "kind": baseline.kind, "release": baseline.release,
                   "taken_at": baseline.taken_at, "taken_by": baseline.taken_by,
                   "audit_id": audit_id, "content": pack(baseline.content)}
            # RETURNING, not rowcount: psycopg's rowcount of a skipped insert is not 0 here.
            done = conn.execute(dialect.insert(t.baselines).values(**row)
                                .on_conflict_do_nothing(index_elements=["name"])
                                .returning(_b.name)).first()
            if done is None:
                return False
            if signoff is not None:
                conn.execute(insert(t.signoffs).values(
                    release=signoff.release, signed_by=signoff.signed_by, login=signoff.login,
                    signed_at=signoff.signed_at, note=signoff.note,
                    fingerprint=signoff.fingerprint, baseline=signoff.baseline))
        return True

    def names_of_kind(self, kind: str) -> set[str]:
        with translate_errors(self.engine), self.engine.connect() as conn:
            return set(conn.execute(select(_b.name).where(_b.kind == kind)).scalars())

    def list(self) -> list[Baseline]:
        with translate_errors(self.engine), self.engine.connect() as conn:
            return each_decoded(conn, select(*_LISTED).order_by(_b.taken_at, _b.name),
                                select(_b.name).order_by(_b.taken_at, _b.name), "baselines",
                                _baseline)

    def get(self, name: str) -> Baseline | None:
        with translate_errors(self.engine), self.engine.connect() as conn:
            found = each_decoded(conn, select(*_LISTED, _b.content).where(_b.name == name),
                                 select(_b.name).where(_b.name == name), "baselines",
                                 _baseline)
        return found[0] if found else None

    def delete(self, name: str) -> bool:
        with translate_errors(self.engine), self._write() as conn, conn.begin():
            return conn.execute(delete(t.baselines).where(_b.name == name,
                                                         _b.kind == MANUAL)).rowcount == 1

    def moves_after(self, audit_id: int, crs: set[str] | None = None) -> list[Move]:
        def audited(*columns):
            return select(*columns).where(_a.kind == "cr", _a.id > audit_id).order_by(_a.id)

        def move(row) -> Move | None:
            key, at, user, before, after = row
            if crs is not None and key not in crs:
                return None
            old = _release_in(before)
            new = _release_in(after)
            if old != new or before is None or after is None:
                return Move(key, old, new, user, _aware(at))
            return None

        with translate_errors(self.engine), self.engine.connect() as conn:
            found = each_decoded(conn, audited(_a.key, _a.at, _a.user_name, _a.before, _a.after),
                                 audited(_a.id), "audit_log", move)
        return [m for m in found if m is not None]

    def signoffs(self, release: str) -> list[SignOff]:
        query = (select(_s.release, _s.signed_by, _s.login, _s.signed_at, _s.note,
                        _s.fingerprint, _s.baseline)
                 .where(_s.release == release).order_by(_s.id))
        with translate_errors(self.engine), self.engine.connect() as conn:
            return [SignOff(r, by, login, _aware(at), note, fp, b)
                    for r, by, login, at, note, fp, b in conn.execute(query)]
