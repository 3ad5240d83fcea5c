"""Dependencies from a tracker's links: `Inward issue link (Blocks)` names an issue this one
waits for (it depends on it), `Outward issue link (Blocks)` one that waits for this one. Only
links between CRs of the plan count; a link that would close a cycle is dropped, with a note."""

from __future__ import annotations

from app.importing.report import ImportReport
from app.model.plan import Plan
from app.rules.graph import find_cycles


def resolve_links(plan: Plan, matched: list, report: ImportReport,
                  excluded=frozenset()) -> None:
    """Fill each matched row's `depends_on` value with CR keys; `excluded`: CRs of rows the
    import skips."""
    cr_of = {s.external_key: s.key for s in plan.sources.values()}
    cr_of.update((row.external_key, key) for row, key, _values, _source in matched)
    deps: dict[str, set[str]] = {key: set() for _row, key, _values, _source in matched}

    def resolve(row, ext: str, how: str) -> str | None:
        key = cr_of.get(ext) or (ext if ext in plan.crs else None)
        if key in excluded:
            report.note(row.row, row.external_key, f"{how} {ext} ignored: its row is skipped")
            return None
        if key is None:
            report.note(row.row, row.external_key,
                        f"{how} {ext} ignored: it is not a CR of the plan")
        return key

    for row, key, _values, _source in matched:
        for ext in row.depends_on:
            dep = resolve(row, ext, "dependency on")
            if dep is not None and dep != key:
                deps[key].add(dep)
        for ext in row.blocks if key not in excluded else ():
            other = resolve(row, ext, "blocked issue")
            if other is None or other == key:
                continue
            if other in deps:
                deps[other].add(key)
            else:
                report.note(row.row, row.external_key, f"blocked issue {ext} ignored: it is "
                                                       "not in this file")
    rows_of = {key: row for row, key, _values, _source in matched}
    for _ in range(len(deps) + 1):
        graph = {k: cr.depends_on for k, cr in plan.crs.items() if cr.depends_on}
        graph.update((k, sorted(v)) for k, v in deps.items())  # a plain dict: no look-ups
        cycles = find_cycles(graph)
        if not cycles:
            break
        for cycle in cycles:
            owner = next((k for k in cycle if k in deps and cycle[cycle.index(k) + 1]
                          in deps[k]), None)
            if owner is None:
                continue
            dep = cycle[cycle.index(owner) + 1]
            deps[owner].discard(dep)
            row = rows_of[owner]
            report.note(row.row, row.external_key, f"dependency on {dep} dropped: it would "
                                                   f"close the cycle {' -> '.join(cycle)}")
    for _row, key, values, _source in matched:
        values["depends_on"] = sorted(deps[key])
