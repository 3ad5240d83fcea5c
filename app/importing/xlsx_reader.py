"""Reading a spreadsheet (.xlsx): openpyxl in read-only mode, values as last calculated (a
formula's cached value is what counts; no formula is ever run), the first sheet or the one the
mapping names. The zip is checked before it is opened: its size, and what its entries claim to
unpack to, so a zip bomb is refused in one line."""

from __future__ import annotations

import zipfile

from app.importing.csv_reader import _size
from app.importing.limits import MAX_ROWS, MAX_XLSX_BYTES, MAX_XLSX_UNPACKED, ImportFileError
from app.importing.table import SourceTable


def open_xlsx(path: str, sheet: str | None = None) -> SourceTable:
    size = _size(path)
    if size > MAX_XLSX_BYTES:
        raise ImportFileError(f"{path}: the spreadsheet is {size / 2**20:,.0f} MB; an .xlsx "
                              f"import may be at most {MAX_XLSX_BYTES // 2**20} MB "
                              "(export it as CSV instead)")
    try:
        with zipfile.ZipFile(path) as z:
            claimed = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"{path}: not an .xlsx spreadsheet ({exc})") from None
    if claimed > MAX_XLSX_UNPACKED:
        raise ImportFileError(f"{path}: the spreadsheet claims to unpack to "
                              f"{claimed / 2**30:,.1f} GB; at most "
                              f"{MAX_XLSX_UNPACKED // 2**30} GB is read")
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"{path}: the spreadsheet cannot be read: {exc}") from None
    if sheet:
        if sheet not in book.sheetnames:
            book.close()
            raise ImportFileError(f"{path}: no sheet named {sheet!r} (it has "
                                  f"{', '.join(map(repr, book.sheetnames))})")
        ws = book[sheet]
    else:
        ws = book.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        book.close()
        raise ImportFileError(f"{path}: sheet {ws.title!r} is empty; expected a header row"
                              ) from None
    names = ["" if v is None else str(v).strip() for v in header]
    return SourceTable(path, "xlsx", names, _rows(path, book, rows), sheet=ws.title)


def _rows(path, book, rows):
    count = 0
    try:
        for row in rows:
            if all(v is None or v == "" for v in row):
                continue  # formatting carried past the data
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(f"{path}: more than {MAX_ROWS:,} data rows; an import "
                                      "may hold at most that many")
            yield list(row)
    finally:
        book.close()
