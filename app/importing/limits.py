"""What an import file may be, refused at once before any row is read (README: "Importing
issues"). The rows limit is checked while streaming: a file is refused whole, nothing written."""

from __future__ import annotations

MAX_ROWS = 200_000  # twice a 100,000-issue Jira export; ServiceNow lists stop at 10,000
MAX_CSV_BYTES = 512 * 1024 * 1024  # 100,000 Jira rows of 280 columns are about 90 MB
MAX_XLSX_BYTES = 40 * 1024 * 1024  # a zip file; its sheets unpack to 10 to 20 times that
MAX_XLSX_UNPACKED = 1024 * 1024 * 1024  # what the zip's entries claim once unpacked
MAX_CELL_CHARS = 1024 * 1024  # a Jira description with its comments; more is not a cell


class ImportFileError(Exception):
    """A file or mapping that cannot be read: one line naming what and where (exit 2)."""
