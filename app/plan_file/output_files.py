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
    mode = _mode_of(path)
    # The temporary name adds 15 bytes: a valid name of 241 to 255 bytes would not fit.
    prefix = f".{path.name}." if len(os.fsencode(path.name)) <= 200 else ".release-planner."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)  # mkstemp makes it private
        if before_rename is not None:
            before_rename()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int:
    """The mode the file at `path` gets: the one it has when it is replaced (a private 0600
    export stays private), else what the umask leaves of 0666, as for any new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and put back at once
    os.umask(mask)
    return mask
