"""Writing an output file (a plan file, a report, an image) so that it is whole or absent:
the content goes to a temporary file beside the target and is renamed over it at the end."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: str | Path, fill: Callable[[BinaryIO], None],
                     before_rename: Callable[[], None] | None = None) -> None:
    """Write a file through `fill(binary_file)` into a temporary file beside `path`, then
    rename it over `path`: readers see the old file or the whole new one, never a part."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is a document to share
        if before_rename is not None:
            before_rename()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
