"""The boundaries of DESIGN.md section 2, checked on every test run."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_headless_commands_do_not_import_qt(spec_example_path):
    code = (
        "import sys, main\n"
        f"assert main.main(['bundle', '--plan', {str(spec_example_path)!r}, '--release', 'R1',"
        " '--format', 'json']) == 0\n"
        f"assert main.main(['check', '--plan', {str(spec_example_path)!r}]) == 0\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph', 'sqlalchemy', 'widgets')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
