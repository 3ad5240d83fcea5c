"""From a file name to an import: open the file (CSV or .xlsx), recognise its source, read
its rows through the given mapping or the source's default, and build the use case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.importing.apply import ImportIssues
from app.importing.csv_reader import open_csv
from app.importing.defaults import default_mapping, detect_source
from app.importing.limits import ImportFileError
from app.importing.mapping import Mapping
from app.importing.rows import Columns, read_rows
from app.importing.table import SourceTable
from app.plan_file.bulk_load import collector_paused

CSV_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class Prepared:
    table_header: list[str]
    source: str
    variant: str
    mapping: Mapping
    job: ImportIssues
    samples: list[list]  # the first data rows, for the dialog's column table


def open_table(path: str, sheet: str | None = None) -> SourceTable:
    suffix = Path(path).suffix.casefold()
    if suffix == ".xlsx":
        from app.importing.xlsx_reader import open_xlsx

        return open_xlsx(path, sheet)
    if suffix in CSV_SUFFIXES:
        return open_csv(path)
    raise ImportFileError(f"{path}: not a .csv or .xlsx file")


def prepare(path: str, mapping: Mapping | None = None, samples: int = 0) -> Prepared:
    """The import of `path` (every row read), with `mapping` or the default of the source the
    header row shows. `samples`: how many first rows to keep for display."""
    table = open_table(path, mapping.sheet if mapping is not None else None)
    source, variant = detect_source(table)
    if table.kind == "xlsx":
        source = "xlsx"  # the contract names a spreadsheet by its kind, whatever its columns
    if mapping is None:
        mapping = default_mapping(source)
    elif mapping.source != source:
        raise ImportFileError(f"{path}: the file is a {source} export but the mapping is for "
                              f"{mapping.source}")
    cols = Columns(table, mapping)
    fed = frozenset(name for name, groups in cols.fields.items() if groups)
    kept: list[list] = []
    with collector_paused():  # one small object per row and field, none of them cyclic
        rows = tuple(read_rows(_sampled(table, kept, samples), mapping))
    job = ImportIssues(path, source, rows, mapping, fed, has_links=any(cols.links.values()))
    return Prepared(table.header, source, variant, mapping, job, kept)


def _sampled(table: SourceTable, kept: list, count: int) -> SourceTable:
    if count <= 0:
        return table

    source = table.rows

    def rows():
        for cells in source:
            if len(kept) < count:
                kept.append(list(cells))
            yield cells
    table.rows = rows()
    return table
