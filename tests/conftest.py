import os
from pathlib import Path

import pytest

# Qt tests run headless everywhere (CI has no display).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def spec_example_path() -> Path:
    return FIXTURES / "spec_example.json"
