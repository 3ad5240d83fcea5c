"""Scenarios over a SqlPlanStore (issue 22): the catalogue (create, list, delete, promote) and
`ScenarioStore`, a plan store whose plan is the live plan plus one scenario's changes and whose
writes go into the scenario. Every use case, the command line's and the desktop session's, runs
over it unchanged: that is how every edit works in a scenario under the same rules.

A row the scenario holds carries the scenario's version, so a write checks it against the
scenario; any other row carries its live version (storage.scenario_rows.write_change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update

from app.edits.store_port import Snapshot, StaleEdit
from app.model.change_set import ChangeSet, RowChange
from app.scenarios.model import LIVE, ScenarioError, ScenarioInfo, check_name
from app.scenarios.overlay import overlay, scenario_snapshot
from app.scenarios.promote import Promotion
from storage import change_log
from storage import schema as t
from storage.errors import translate_errors
from storage.row_writes import audit, doc, write_rows
from storage.rows import each_decoded
from storage.scenario_rows import (
    live_version,
    live_versions,
    put_back,
    read_changes,
    rebased,
    take_out,
    who,
    write_change,
)
from storage.scoped_load import load_scope
from storage.store import SqlPlanStore, _load

_s = t.scenarios.c


class ScenarioCatalog:
    def __init__(self, store: SqlPlanStore):
        self.store = store
        self.engine = store.engine

    def _require(self, conn, name: str) -> None:
        if conn.execute(select(_s.name).where(_s.name == name)).first() is None:
            raise ScenarioError(f'there is no scenario "{name}"')

    def create(self, name: str, source: str = LIVE) -> None:
        check_name(name)
        with translate_errors(self.engine), self.store._write(f"create scenario {name}") as conn:
            if conn.execute(select(_s.name).where(_s.name == name)).first() is not None:
                raise ScenarioError(f'there is already a scenario "{name}"; pick another name')
            if source != LIVE:
                self._require(conn, source)
            conn.execute(insert(t.scenarios).values(
                name=name, created_by=who(conn, self.store.user), created_at=datetime.now(UTC)))
            if source != LIVE:  # the copy keeps the base versions: what was stale stays so
                c = t.scenario_changes.c
                rows = [dict(r._mapping) for r in conn.execute(
                    select(t.scenario_changes).where(c.scenario == source))]
                if rows:
                    conn.execute(insert(t.scenario_changes),
                                 [{**r, "scenario": name} for r in rows])

    def delete(self, name: str) -> None:
        with translate_errors(self.engine), self.store._write(f"delete scenario {name}") as conn:
            self._require(conn, name)
            conn.execute(delete(t.scenario_changes).where(t.scenario_changes.c.scenario == name))
            conn.execute(delete(t.scenarios).where(_s.name == name))

    def rename(self, name: str, new: str) -> None:
        check_name(new)
        with translate_errors(self.engine), self.store._write(f"rename scenario {name} to {new}") as conn:
            self._require(conn, name)
            if conn.execute(select(_s.name).where(_s.name == new)).first() is not None:
                raise ScenarioError(f'there is already a scenario "{new}"; pick another name')
            made = conn.execute(select(_s.created_by, _s.created_at).where(_s.name == name)).one()
            conn.execute(insert(t.scenarios).values(name=new, created_by=made[0],
                                                    created_at=made[1]))
            conn.execute(update(t.scenario_changes).where(
                t.scenario_changes.c.scenario == name).values(scenario=new))
            conn.execute(delete(t.scenarios).where(_s.name == name))

    def rebase(self, name: str, change, merged) -> None:
        """A stale change resolved by the three-way merge: the scenario's row becomes `merged`,
        written against live as it is now (no longer stale). Refused (StaleEdit) when the row
        changed in the scenario or in live since `change` was read."""
        c = t.scenario_changes.c
        action = f"merge {change.key} into scenario {name}"
        with translate_errors(self.engine), self.store._write(action) as conn:
            live = live_version(conn, change.kind, change.key)
            current = conn.execute(select(c.version).where(
                c.scenario == name, c.kind == change.kind, c.key == change.key)).scalar()
            if current != change.version:
                raise StaleEdit([(change.kind, change.key)], f"scenario {name} changed meanwhile")
            live_row = self.store.load_scope([change.key]).plan.crs.get(change.key) \
                if change.kind == "cr" else None
            conn.execute(update(t.scenario_changes).where(
                c.scenario == name, c.kind == change.kind, c.key == change.key).values(
                after=doc(change.kind, merged), base=doc(change.kind, live_row),
                base_version=live, version=change.version + 1,
                changed_by=who(conn, self.store.user), changed_at=datetime.now(UTC)))
            if conn.dialect.name != "postgresql":  # there the server writes it
                audit(conn, self.store.user, action,
                      ChangeSet((RowChange(change.kind, change.key, change.after, merged),)),
                      {(change.kind, change.key): change.version + 1}, scenario=name)

    def names(self) -> list[str]:
        with translate_errors(self.engine), self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(_s.name).order_by(_s.name))]

    def list(self) -> list[ScenarioInfo]:
        with translate_errors(self.engine), self.engine.connect() as conn:
            out = []
            for name, by, at in each_decoded(
                    conn, select(_s.name, _s.created_by, _s.created_at).order_by(_s.name),
                    select(_s.name).order_by(_s.name), "scenarios", tuple):
                changes = [ch for ch in read_changes(conn, name) if not ch.is_noop]
                live = live_versions(conn, changes)
                out.append(ScenarioInfo(name, by, _aware(at), len(changes),
                                        sum(ch.is_stale(live) for ch in changes)))
            return out

    def changes(self, name: str) -> tuple[list, dict]:
        """The scenario's changes and the live versions of their rows."""
        with translate_errors(self.engine), self.engine.connect() as conn:
            self._require(conn, name)
            changes = read_changes(conn, name)
            return changes, live_versions(conn, changes)

    def open(self, name: str, held: tuple[int | None, Snapshot] | None = None):
        """The plan store of scenario `name` (`live`: the live store). `held`: the live plan a
        window shows and the feed id it is up to date with; while live has no commit after
        it, the scenario's first load lays its rows over that plan instead of reading the
        whole plan again (switching a window to a scenario)."""
        if name == LIVE:
            return self.store
        with translate_errors(self.engine), self.engine.connect() as conn:
            self._require(conn, name)
        return ScenarioStore(self.store, name, held)

    def load_both(self, names: Iterable[str]) -> tuple[Snapshot, dict[str, Snapshot]]:
        """The live snapshot and each named plan over that same live state (`live` too): one
        load of the live plan however many scenarios are compared."""
        with translate_errors(self.engine), self.engine.connect() as conn:
            live = _load(conn)
            out = {}
            for name in names:
                if name == LIVE:
                    out[name] = live
                else:
                    self._require(conn, name)
                    out[name] = scenario_snapshot(live, read_changes(conn, name))
            conn.rollback()
        return live, out

    def promote(self, promotion: Promotion, versions: Mapping,
                action: str | None = None) -> dict[tuple[str, str], int | None]:
        """Write the promotion to live and take its changes out of the scenario, in one
        transaction: both or neither. Returns the live rows' versions after it. `action`: the
        audit's name of it (a redo's), else the promotion's."""
        action = action or promotion.action
        written: dict[tuple[str, str], int | None] = {}
        with translate_errors(self.engine), self.store._write(action) as conn:
            if promotion.changes:
                written = write_rows(conn, self.store.user, promotion.changes, versions, action)
            if not take_out(conn, promotion.scenario, list(promotion.chosen)):
                raise StaleEdit([], f"scenario {promotion.scenario} changed meanwhile")
        return written

    def take_back(self, promoted, inverse: ChangeSet, action: str) -> tuple:
        """Undo a promotion (app.scenarios.promote_undo), in one transaction: `inverse` written
        to live, each row only at the version the promotion left it, and the promoted rows
        back in the scenario against live as it is then. Refused (StaleEdit, nothing written)
        when a live row changed since or the scenario holds one of those rows again. Returns
        the rows put back."""
        name = promoted.scenario
        with translate_errors(self.engine), self.store._write(action) as conn:
            self._require(conn, name)
            commit = change_log.next_commit_id(conn)  # the live rows' and the scenario's: one commit
            written = write_rows(conn, self.store.user, inverse, promoted.written, action) \
                if inverse else {}
            back = rebased(promoted.chosen, {**live_versions(conn, list(promoted.chosen)),
                                             **written})
            taken = put_back(conn, name, back)
            if taken:
                raise StaleEdit(taken, f"changed in scenario {name} since the promotion")
            if back and conn.dialect.name != "postgresql":  # there the server writes it
                audit(conn, self.store.user, action, ChangeSet(tuple(
                    RowChange(ch.kind, ch.key, ch.base, ch.after) for ch in back)),
                    {(ch.kind, ch.key): ch.version if ch.after is not None else None
                     for ch in back}, scenario=name, commit_id=commit)
        return back


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # SQLite keeps no zone


class ScenarioStore:
    """The plan store of one scenario (store_port.PlanStore); the rest (the feed's ids,
    presence, permissions, interrupting) is the live store's."""

    def __init__(self, live: SqlPlanStore, name: str,
                 held: tuple[int | None, Snapshot] | None = None):
        self.live = live
        self.scenario = name
        self._held = held
        # After a load laid over the held plan: what it laid (a window shows it as an edit).
        self.overlaid: ChangeSet | None = None
        self.engine = live.engine
        self.user = live.user

    def __getattr__(self, name):  # presence, permissions, close, interrupt, ...
        return getattr(self.live, name)

    def scenarios(self) -> ScenarioCatalog:
        return ScenarioCatalog(self.live)

    def load(self) -> Snapshot:
        held, self._held = self._held, None
        with translate_errors(self.engine), self.engine.connect() as conn:
            if held is not None:
                since, snapshot = held
                conn.begin()
                if since is not None and not change_log.live_changed_since(conn, since):
                    changes = read_changes(conn, self.scenario)
                    conn.rollback()
                    self.overlaid = overlay(snapshot.plan, changes)
                    return scenario_snapshot(snapshot, changes)
                conn.rollback()
            live = _load(conn)  # one transaction: the scenario's rows match this live state
            changes = read_changes(conn, self.scenario)
            conn.rollback()
        return scenario_snapshot(live, changes)

    def load_scope(self, crs: Iterable[str]) -> Snapshot:
        """As the live store's, with the scenario's rows over it; the scenario's CRs and their
        dependencies are in the scope too, so its rules see the scenario's dependencies."""
        with translate_errors(self.engine), self.engine.connect() as conn:
            changes = read_changes(conn, self.scenario)
            scope = list(crs)
            for ch in changes:
                if ch.kind == "cr":
                    scope.append(ch.key)
                    if ch.after is not None:
                        scope += ch.after.depends_on
            conn.rollback()
            live = load_scope(conn, list(dict.fromkeys(scope)))
            conn.rollback()
        return scenario_snapshot(live, [ch for ch in changes if ch.kind != "item"])

    def write(self, changes: ChangeSet, versions: Mapping[tuple[str, str], int],
              action: str) -> dict[tuple[str, str], int | None]:
        if not changes:
            return {}
        written: dict[tuple[str, str], int | None] = {}
        with translate_errors(self.engine), self.live._write(action) as conn:
            if conn.execute(select(_s.name).where(_s.name == self.scenario)).first() is None:
                raise StaleEdit([], f"the scenario {self.scenario} was deleted")
            stale = []
            for change in changes:
                done, version = write_change(conn, self.scenario, self.user, change, versions)
                if not done:
                    stale.append((change.kind, change.key))
                written[change.kind, change.key] = version
            if stale:
                raise StaleEdit(stale)
            if conn.dialect.name != "postgresql":  # there the server writes it
                audit(conn, self.user, action, changes, written, scenario=self.scenario)
        return written

    def history(self, kind: str, key: str) -> list[dict]:
        return self.live.history(kind, key)

    def audit_history(self, cr=None, release=None, limit=None) -> list:
        return self.live.audit_history(cr, release, limit, scenario=self.scenario)

    def changes_since(self, last_id: int):
        """This scenario's commits and the live ones of rows it does not hold, as the feed
        of its plan (live plus its changes)."""
        with translate_errors(self.engine), self.engine.connect() as conn:
            return change_log.changes_since(conn, last_id, scenario=self.scenario)
