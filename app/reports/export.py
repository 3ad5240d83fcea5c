"""One entry point that writes a release report in any format, atomically and cancellably.

    write_report(report, "pdf", "R-FEB.pdf", timeline_png=png, progress=cb, cancelled=stop)

The file is written to a temporary file in the same folder and renamed over the target only
when complete: a crash, an error or a cancel leaves no half-written report (and an older report
of that name untouched). Writers call `step()` between sections or pages; it reports progress
and raises `Cancelled` when the caller asks to stop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.plan_file.output_files import write_atomically
from app.reports.model import ReleaseReport

FORMATS = {"pdf": ".pdf", "html": ".html", "xlsx": ".xlsx", "csv": ".csv", "ics": ".ics"}
EXTENSIONS = {".htm": "html", **{ext: fmt for fmt, ext in FORMATS.items()}}
PAPER_SIZES = ("A4", "Letter")

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The caller asked to stop; no file was written."""


class ReportError(ValueError):
    """A request that cannot be written as asked (unknown format, wrong extension)."""


class Steps:
    """Progress and cancellation for a writer: it calls `begin(total)` once, then `step()`
    after each section, sheet or page."""

    def __init__(self, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None):
        self.total, self.done = 1, 0
        self._progress, self._cancelled = progress, cancelled

    def begin(self, total: int) -> None:
        self.total, self.done = max(1, total) + 1, 0  # + 1: the rename at the end
        self.step(0)

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("cancelled: no report was written")

    def step(self, count: int = 1) -> None:
        self.check()
        self.done = min(self.done + count, self.total - 1)
        if self._progress is not None:
            self._progress(self.done, self.total)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The format of `path`: `fmt` if its extension agrees, else the extension's."""
    ext = Path(path).suffix.lower()
    if fmt is None:
        if ext not in EXTENSIONS:
            raise ReportError(f"{path}: cannot tell the format from the extension; use one of "
                              + ", ".join(FORMATS.values()))
        return EXTENSIONS[ext]
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}; use one of " + ", ".join(FORMATS))
    if EXTENSIONS.get(ext) != fmt:
        raise ReportError(f"{path}: a {fmt} report needs a file name ending in {FORMATS[fmt]}")
    return fmt


def write_report(report: ReleaseReport, fmt: str | None, path: str | Path,
                 timeline_png: bytes | None = None, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None, paper: str = "A4") -> Path:
    """Write `report` as `fmt` (None: from the extension) to `path`. `timeline_png` is embedded
    in the PDF and HTML. `progress(done, total)` is called as it goes; when `cancelled()` turns
    true it raises `Cancelled`. Raises `ReportError` for a format the path does not match and
    `OSError` when the folder cannot be written; in every failure no file is left behind."""
    path = Path(path)
    fmt = format_for(path, fmt)
    if paper not in PAPER_SIZES:
        raise ReportError(f"unknown paper size {paper!r}; use A4 or Letter")
    steps = Steps(progress, cancelled)
    steps.check()
    write_atomically(path, lambda out: _writer(fmt)(report, out, steps,
                                                   timeline_png=timeline_png, paper=paper),
                     before_rename=steps.check)
    steps.finish()
    return path


def _writer(fmt: str):
    """`writer(report, binary_file, steps, timeline_png=..., paper=...)`, imported on use: a
    CSV needs neither reportlab nor Jinja2."""
    if fmt == "pdf":
        from app.reports.pdf import write_pdf
        return write_pdf
    if fmt == "html":
        from app.reports.html import write_html
        return write_html
    if fmt == "xlsx":
        from app.reports.xlsx import write_xlsx
        return write_xlsx
    if fmt == "csv":
        from app.reports.csv_changes import write_csv
        return write_csv
    from app.reports.ics import write_ics
    return write_ics
