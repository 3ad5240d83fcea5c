"""A mapping: which columns of a source file become which CR fields, and the value tables
(status to stage, priority, team names, version names to releases). A small JSON document
(README: "Importing issues"); each source has a default (app.importing.defaults).

A column is named by its header text; every column of that name is read, so a repeated column
(`Fix versions` x11) is one list. Where two columns share a name and only one is meant, write
`{"name": "Custom field (Client)", "position": 57}` (position counts from 0). A field given a
list of columns takes, row by row, the first of them that has a value."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from app.importing.dates import DATE_ORDERS
from app.importing.limits import ImportFileError
from app.model.plan import CR_SOURCES, STAGES

FORMAT = "release-planner-mapping/1"
SOURCES = CR_SOURCES
# The CR fields a column may feed; `status_category` and `story_points` help `stage` and
# `estimate_hours`; `release_date` picks the first planned release going live on or after it.
FIELDS = ("key", "id", "title", "team", "release", "release_date", "status", "status_category",
          "estimate_hours", "estimate_seconds", "story_points", "priority", "emergency",
          "justification")
IMPORT_STAGES = tuple(s for s in STAGES if s != "deployed")  # deployed: only by a deploy


@dataclass
class Mapping:
    source: str
    columns: dict[str, list] = field(default_factory=dict)  # field -> column references
    # Link columns: `depends_on` (this row depends on the issue named there), `blocks` (the
    # issue named there depends on this row).
    links: dict[str, list] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)  # status (any case) -> stage
    status_categories: dict[str, str] = field(default_factory=dict)
    priorities: dict[str, int] = field(default_factory=dict)  # priority text -> 1..5
    teams: dict[str, str] = field(default_factory=dict)  # team name in the file -> team key
    # version name -> {"release": KEY} or {"go_live": "YYYY-MM-DD", "freeze_days": N}
    releases: dict[str, dict] = field(default_factory=dict)
    emergency_values: list[str] = field(default_factory=list)  # cell texts meaning "yes"
    key_prefix: str = ""  # the CR key is prefix + the key column (ADO: "ADO-" + ID)
    hours_per_point: float = 6.0
    date_order: str = "dmy"
    sheet: str | None = None

    def to_document(self) -> dict:
        return {"format": FORMAT, **asdict(self)}

    def save(self, path: str) -> None:
        from app.plan_file.output_files import write_atomically

        text = json.dumps(self.to_document(), indent=2, ensure_ascii=False) + "\n"
        data = text.encode("utf-8")
        write_atomically(path, lambda out: out.write(data))

    def with_column(self, name: str, columns: list) -> Mapping:
        return replace(self, columns={**self.columns, name: list(columns)})


def load_mapping(path: str) -> Mapping:
    try:
        with open(path, "rb") as f:
            raw = f.read(1024 * 1024 + 1)
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the mapping: {exc.strerror or exc}") from None
    if len(raw) > 1024 * 1024:
        raise ImportFileError(f"{path}: a mapping is at most 1 MB")
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{path}: the mapping is not JSON: {exc}") from None
    return mapping_from_document(doc, path)


def mapping_from_document(doc, where: str = "mapping") -> Mapping:
    def bad(at: str, what: str):
        raise ImportFileError(f"{where}: {at}: {what}")

    if not isinstance(doc, dict):
        bad("(top)", "a mapping is a JSON object")
    if doc.get("format", FORMAT) != FORMAT:
        bad("format", f"expected {FORMAT!r}")
    known = set(Mapping.__dataclass_fields__) | {"format"}
    for name in doc:
        if name not in known:
            bad(name, "unknown field")
    if doc.get("source") not in SOURCES:
        bad("source", f"one of {', '.join(SOURCES)}")
    from app.importing.defaults import default_mapping

    base = default_mapping(doc["source"])
    values = {name: doc.get(name, getattr(base, name)) for name in Mapping.__dataclass_fields__}
    m = Mapping(**values)
    for at, value, kind in (("columns", m.columns, dict), ("links", m.links, dict),
                            ("stages", m.stages, dict), ("status_categories",
                                                         m.status_categories, dict),
                            ("priorities", m.priorities, dict), ("teams", m.teams, dict),
                            ("releases", m.releases, dict),
                            ("emergency_values", m.emergency_values, list)):
        if not isinstance(value, kind):
            bad(at, f"expected a JSON {'object' if kind is dict else 'list'}")
    for name, refs in m.columns.items():
        if name not in FIELDS:
            bad(f"columns.{name}", f"not a field a column can feed ({', '.join(FIELDS)})")
        m.columns[name] = _references(refs, f"columns.{name}", bad)
    for name, refs in m.links.items():
        if name not in ("depends_on", "blocks"):
            bad(f"links.{name}", "expected depends_on or blocks")
        m.links[name] = _references(refs, f"links.{name}", bad)
    for table in ("stages", "status_categories"):
        for status, stage in getattr(m, table).items():
            if stage not in IMPORT_STAGES:
                bad(f"{table}.{status}", f"{stage!r} is not one of {', '.join(IMPORT_STAGES)}")
    for text, prio in m.priorities.items():
        if type(prio) is not int or not 1 <= prio <= 5:
            bad(f"priorities.{text}", "a priority is a whole number from 1 to 5")
    for name, key in m.teams.items():
        if not isinstance(key, str) or not key:
            bad(f"teams.{name}", "a team key")
    for name, target in m.releases.items():
        _check_release(name, target, bad)
    if type(m.hours_per_point) not in (int, float) or not 0 < m.hours_per_point <= 1000:
        bad("hours_per_point", "a number of hours above 0 and at most 1000")
    if m.date_order not in DATE_ORDERS:
        bad("date_order", f"one of {', '.join(DATE_ORDERS)}")
    if m.sheet is not None and not isinstance(m.sheet, str):
        bad("sheet", "a sheet name")
    if not isinstance(m.key_prefix, str) or len(m.key_prefix) > 16:
        bad("key_prefix", "a text of at most 16 characters")
    return m


def _references(refs, at: str, bad) -> list:
    if isinstance(refs, (str, dict)):
        refs = [refs]
    if not isinstance(refs, list):
        bad(at, "a column name, {\"name\", \"position\"}, or a list of them")
    for i, ref in enumerate(refs):
        ok = isinstance(ref, str) or (
            isinstance(ref, dict) and set(ref) == {"name", "position"}
            and isinstance(ref["name"], str) and type(ref["position"]) is int
            and ref["position"] >= 0)
        if not ok:
            bad(f"{at}[{i}]", "a column name or {\"name\": ..., \"position\": N}")
    return refs


def _check_release(name: str, target, bad) -> None:
    from datetime import date

    at = f"releases.{name}"
    if not isinstance(target, dict) or not target:
        bad(at, 'expected {"release": KEY} or {"go_live": "YYYY-MM-DD"}')
    for k in target:
        if k not in ("release", "go_live", "freeze_days", "key"):
            bad(f"{at}.{k}", "unknown field")
    if "go_live" in target:
        try:
            date.fromisoformat(target["go_live"])
        except (TypeError, ValueError):
            bad(f"{at}.go_live", f"{target['go_live']!r} is not a date YYYY-MM-DD")
    freeze = target.get("freeze_days", 0)
    if type(freeze) is not int or not 0 <= freeze <= 365:
        bad(f"{at}.freeze_days", "a whole number of days from 0 to 365")
    if "release" not in target and "go_live" not in target:
        bad(at, 'expected "release" or "go_live"')


def mapping_path_problem(path: str) -> str | None:
    """Why `--save-mapping PATH` cannot be written (None: it can), checked before importing."""
    p = Path(path)
    if p.is_dir():
        return f"{path}: is a folder; name a file"
    if not p.parent.is_dir():
        return f"{path}: the folder {p.parent} does not exist"
    return None
