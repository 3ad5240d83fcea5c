"""What an import did or would do, row by row: the `--format json` object of the command line
(issue 26's contract) and the dialog's preview."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"row", "id", "reason"}
    notes: list[dict] = field(default_factory=list)  # {"row", "id", "note"}
    releases_created: list[str] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)
    # row number -> ("created" | "updated" | "unchanged" | "skipped", CR key or reason)
    outcomes: dict[int, tuple[str, str]] = field(default_factory=dict)

    def skip(self, row: int, ident: str, reason: str) -> None:
        self.skipped.append({"row": row, "id": ident, "reason": reason})
        self.outcomes[row] = ("skipped", reason)

    def note(self, row: int, ident: str, note: str) -> None:
        self.notes.append({"row": row, "id": ident, "note": note})

    def land(self, row: int, outcome: str, cr: str) -> None:
        getattr(self, outcome).append(cr)
        self.outcomes[row] = (outcome, cr)

    def to_json(self) -> dict:
        return {"source": self.source, "rows": self.rows, "dry_run": self.dry_run,
                "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "notes": self.notes,
                "releases_created": self.releases_created, "teams_created": self.teams_created}

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        return (f"{self.rows:,} rows: {verb} {len(self.created):,}, updated "
                f"{len(self.updated):,}, unchanged {len(self.unchanged):,}, skipped "
                f"{len(self.skipped):,}; {len(self.releases_created)} releases and "
                f"{len(self.teams_created)} teams created, {len(self.notes):,} notes")

    def text(self) -> str:
        lines = [self.summary() + (" (dry run: nothing written)" if self.dry_run else "")]
        lines += [f"  row {s['row']} {s['id']}: skipped: {s['reason']}" for s in self.skipped]
        lines += [f"  row {n['row']} {n['id']}: {n['note']}" for n in self.notes]
        return "\n".join(lines)
