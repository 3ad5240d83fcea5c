"""A fill that fails on a full disk (`import`, `demo`, `generate`) is one line and leaves no
database it created: no plan-less schema, no -wal or -shm file. A file the planner made before
is left, and a file another command is filling is never taken for this one's."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from storage.fill_file import removed_if_failed
from tests.conftest import ROOT

FILLS = [("demo",), ("generate", "--crs", "3000"),
         ("import", str(ROOT / "resources" / "demo_plan.json"))]


def _small_disk(limit: int):
    def limited():  # every write past `limit` bytes fails as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


def fill(args, db, limit):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_small_disk(limit))


@pytest.mark.parametrize("args", FILLS, ids=lambda a: a[0])
@pytest.mark.parametrize("limit", [5_000, 60_000])  # before the schema is written, and after
def test_a_fill_that_fails_on_a_full_disk_leaves_no_database(tmp_path, args, limit):
    db = tmp_path / "plan.db"
    done = fill(args, db, limit)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1].startswith(f"release-planner {args[0]}: {db}: ")
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_same_fill_with_room_fills_the_database(tmp_path):
    db = tmp_path / "plan.db"
    done = fill(("demo",), db, resource.RLIM_INFINITY)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.db"]


def test_a_file_that_was_there_before_is_left_when_the_fill_fails(tmp_path):
    db = tmp_path / "plan.db"
    db.write_bytes(b"")  # an empty file the planner made for the plan
    done = fill(("demo",), db, 5_000)
    assert done.returncode == 2, done.stderr
    assert db.exists()


def test_a_file_replaced_by_another_program_meanwhile_is_not_removed(tmp_path):
    db = tmp_path / "plan.db"
    with pytest.raises(RuntimeError), removed_if_failed(str(db)):
        assert db.exists() and db.stat().st_size == 0  # claimed: created empty
        db.unlink()
        db.write_text("another program's file")  # a new file under the same name
        raise RuntimeError("the fill failed")
    assert db.read_text() == "another program's file"
