"""One rule for outputs (issue 17): `-o` never replaces what is being read, a folder, a device,
a pipe or a symbolic link; it writes a temporary file renamed into place, and a failure is one
line with nothing after it and nothing left behind."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import beside, digest
from tests.conftest import ROOT

DEMO = str(ROOT / "resources" / "demo_plan.json")
WRITERS = [
    ("export",),
    ("report", "--release", "R-FEB"),
    ("timeline",),
]
EXTENSION = {"export": ".json", "report": ".csv", "timeline": ".svg"}


def _refused(cli, *argv: str) -> str:
    code, out, err = cli(*argv)
    assert code == 2, (out, err)
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
def test_the_database_being_read_is_never_the_output(cli, demo_db, command):
    before = digest(*beside(demo_db))
    for target in (demo_db, demo_db.with_name(demo_db.name + "-wal")):
        err = _refused(cli, command[0], "--db", str(demo_db), *command[1:],
                       *(["--format", EXTENSION[command[0]][1:]] if command[0] != "export"
                         else []), "-o", str(target))
        assert f"{target}: is the database being read" in err
    assert digest(*beside(demo_db)) == before


def test_a_hard_link_to_the_database_is_the_database(cli, demo_db):
    link = demo_db.with_name("other-name.json")
    os.link(demo_db, link)
    assert "is the database being read" in _refused(cli, "export", "--db", str(demo_db),
                                                    "-o", str(link))


def test_the_plan_file_being_read_is_never_the_output(cli, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_bytes(Path(DEMO).read_bytes())
    assert "is the plan file being read" in _refused(
        cli, "report", "--plan", str(plan), "--release", "R-FEB", "-o", str(plan))
    assert plan.read_bytes() == Path(DEMO).read_bytes()


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
def test_a_symbolic_link_is_refused_and_its_target_kept(cli, demo_db, command):
    target = demo_db.with_name("kept" + EXTENSION[command[0]])
    target.write_text("precious")
    link = demo_db.with_name("link" + EXTENSION[command[0]])
    link.symlink_to(target)
    err = _refused(cli, command[0], "--db", str(demo_db), *command[1:], "-o", str(link))
    assert f"{link}: is a symbolic link" in err
    assert link.is_symlink() and target.read_text() == "precious"


def _special_file(path) -> None:
    """A device (root may make one) or else a pipe: both are not regular files."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        os.mkfifo(path)


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
def test_a_device_is_refused_and_stays_a_device(cli, demo_db, command):
    dev = demo_db.with_name("dev" + EXTENSION[command[0]])
    _special_file(dev)
    err = _refused(cli, command[0], "--db", str(demo_db), *command[1:], "-o", str(dev))
    assert "not a regular file" in err
    assert not stat.S_ISREG(os.lstat(dev).st_mode)


def test_a_folder_is_refused(cli, demo_db, tmp_path):
    folder = tmp_path / "out.json"
    folder.mkdir()
    assert "is a folder" in _refused(cli, "export", "--db", str(demo_db), "-o", str(folder))


def _limit_file_size():
    # A file may not grow past 512 bytes: every write beyond fails as on a full disk (Python
    # ignores SIGXFSZ, so the write raises instead of killing the process).
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))


@pytest.mark.parametrize("command, name", [
    (("export", "--db", "{db}"), "plan.json"),
    (("report", "--db", "{db}", "--release", "R-FEB"), "r.xlsx"),
    (("report", "--db", "{db}", "--release", "R-FEB"), "r.pdf"),
    (("report", "--db", "{db}", "--release", "R-FEB"), "r.csv"),
])
def test_a_full_disk_is_one_line_and_leaves_no_file(demo_db, tmp_path, command, name):
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.replace("{db}", str(demo_db)) for a in command]
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv, "-o", str(out / name)],
                          capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith(f"release-planner {argv[0]}: {out / name}: cannot write the file")
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr
    assert list(out.iterdir()) == []


def test_a_written_output_replaces_an_older_file_whole(cli, demo_db, tmp_path):
    out = tmp_path / "plan.json"
    out.write_text("old")
    code, _, err = cli("export", "--db", str(demo_db), "-o", str(out))
    assert code == 0, err
    assert out.read_text().startswith("{") and out.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "local") == ["plan.db",
                                                                              "plan.json"]
