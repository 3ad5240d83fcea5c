"""Reading a CSV export: its encoding (UTF-8 with or without BOM, UTF-16, cp1252) and
delimiter (comma, semicolon, tab) detected from its first bytes, then rows streamed with
Python's csv module, so memory stays flat at any number of rows."""

from __future__ import annotations

import codecs
import csv
import os

from app.importing.limits import MAX_CELL_CHARS, MAX_CSV_BYTES, MAX_ROWS, ImportFileError
from app.importing.table import SourceTable

_SAMPLE = 64 * 1024
_DELIMITERS = (",", ";", "\t")


def open_csv(path: str) -> SourceTable:
    size = _size(path)
    if size > MAX_CSV_BYTES:
        raise ImportFileError(f"{path}: the file is {size / 2**20:,.0f} MB; an import file may "
                              f"be at most {MAX_CSV_BYTES // 2**20} MB (split the export)")
    try:
        with open(path, "rb") as f:
            sample = f.read(_SAMPLE)
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if not sample.strip():
        raise ImportFileError(f"{path}: the file is empty; expected a header row")
    encoding = detect_encoding(sample, complete=size <= _SAMPLE)
    text = sample.decode(encoding, errors="ignore")
    delimiter = detect_delimiter(text)
    stream = open(path, encoding=encoding, newline="", errors="strict")  # noqa: SIM115
    reader = csv.reader(stream, delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error, UnicodeDecodeError) as exc:
        stream.close()
        raise ImportFileError(f"{path}: the header row cannot be read: {exc}") from None
    return SourceTable(path, "csv", [h.strip() for h in header], _rows(path, stream, reader),
                       encoding=encoding, delimiter=delimiter)


def _size(path: str) -> int:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if not os.path.isfile(path):
        raise ImportFileError(f"{path}: not a regular file")
    return info.st_size


def detect_encoding(sample: bytes, complete: bool = False) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    if sample[1:200:2].count(0) > 40 and sample[0:200:2].count(0) == 0:
        return "utf-16-le"
    if sample[0:200:2].count(0) > 40 and sample[1:200:2].count(0) == 0:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the header line (outside quotes) into the most columns."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    return max(_DELIMITERS, key=lambda d: counts[d])


def _rows(path, stream, reader):
    """Data rows; the file is refused at its first unreadable row or past MAX_ROWS."""
    count = 0
    try:
        csv.field_size_limit(MAX_CELL_CHARS)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line is no data row
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(f"{path}: more than {MAX_ROWS:,} data rows; an import "
                                      "file may hold at most that many (split the export)")
            yield row
    except csv.Error as exc:
        raise ImportFileError(f"{path}: data row {count + 1}: {exc}") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: data row {count + 1}: the text is not "
                              f"{stream.encoding}; save the export as UTF-8"
                              ) from None
    finally:
        stream.close()
