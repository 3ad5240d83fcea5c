"""A partial snapshot for a single-CR edit: what its rules read, and nothing else.

`schedule` from the command line checks the CR, its target release (and the order of all
releases), the CRs it depends on and the CRs that depend on it, and the settings. Loading the
whole plan for that made one move cost 0.5 s at 1,000 CRs and 1.9 s at 100,000; these few
indexed queries cost the same at any size. Teams, packs and releases are loaded whole: they
are few, and the rules name them.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Integer, select, type_coerce

from app.edits.store_port import Snapshot
from app.model.plan import OfferPack, Plan
from storage import rows
from storage import schema as t

_CR_COLUMNS = ("key", "title", "team", "release", "stage", "estimate_hours", "priority",
               "emergency", "justification", "changes")


def load_scope(conn, keys: list[str]) -> Snapshot:
    conn.begin()  # one consistent state for every SELECT below
    versions: dict[tuple[str, str], int] = {}
    settings, versions["settings", ""] = rows.settings_of(
        [tuple(r) for r in conn.execute(rows.settings_query(t.settings))])

    def fetch(kind: str, table, columns, where=None):
        # As stored, as the whole load reads them: a Boolean column's processor would turn a
        # damaged emergency of 7 or "yes" into true.
        query = select(*(type_coerce(table.c[c], Integer) if c == "emergency" else table.c[c]
                         for c in columns), table.c.version).order_by(
            table.c.position)
        if where is not None:
            query = query.where(where)
        out = [tuple(r) for r in conn.execute(query)]
        versions.update(((kind, r[0]), r[-1]) for r in out)
        return [r[:-1] for r in out]

    teams = {r[0]: rows.team_from(r) for r in
             fetch("team", t.teams, ("key", "name", "members", "hours_per_day", "color"))}
    packs = {r[0]: OfferPack(r[0], r[1]) for r in fetch("pack", t.offer_packs, ("key", "name"))}
    releases = {r[0]: rows.release_from(r) for r in
                fetch("release", t.releases, ("key", "name", "go_live", "freeze_days",
                                              "status"))}
    d = t.dependencies.c
    near = select(d.depends_on).where(d.cr.in_(keys)).union(
        select(d.cr).where(d.depends_on.in_(keys)))
    wanted = set(keys) | {r[0] for r in conn.execute(near)}
    c = t.change_requests.c
    found_crs = fetch("cr", t.change_requests, _CR_COLUMNS, c.key.in_(sorted(wanted, key=str)))
    deps: dict[str, list] = defaultdict(list)
    loaded = [r[0] for r in found_crs]
    for cr, dep in conn.execute(select(d.cr, d.depends_on).where(d.cr.in_(loaded))
                                .order_by(d.cr, d.seq)):
        deps[cr].append(dep)
    crs = rows.crs_from(found_crs, deps)
    _check_dangling(conn, wanted, deps, crs)
    plan = Plan(settings, teams, packs, {}, releases, crs)
    rows.check_loaded(plan, whole=False)
    return Snapshot(plan, versions)


def _check_dangling(conn, wanted: set[str], deps: dict[str, list], crs: dict) -> None:
    """A dependency row of the scope that names a CR the database does not hold is damaged,
    named as the whole plan's load names it (issue 25): a loaded CR depending on a missing
    one, or a dependency row of a missing CR on one of the scope's."""
    d = t.dependencies.c
    rows.check_dependency_rows(_rows_by_cr(conn.execute(
        select(d.cr, d.depends_on).where(d.cr.in_(sorted(wanted - set(crs), key=str)))
        .order_by(d.cr, d.seq))), crs)
    named = {dep for on in deps.values() for dep in on} - set(crs)
    if not named:
        return
    c = t.change_requests.c
    present = set(conn.execute(select(c.key).where(c.key.in_(sorted(named, key=str)))).scalars())
    for cr in sorted(deps):
        for i, dep in enumerate(deps[cr]):
            if dep not in crs and dep not in present:
                raise rows.DamagedRow("change_requests", cr,
                                      f'depends_on[{i}]: unknown change request "{dep}"')


def _rows_by_cr(found) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for cr, dep in found:
        out[cr].append(dep)
    return out
