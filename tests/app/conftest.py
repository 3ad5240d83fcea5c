"""Fixtures shared by the app tests: the demo plan and its March report."""

import pytest

from app.reports.content import build_report
from tests.app.plan_builder import GENERATED, demo_plan


@pytest.fixture(scope="session")
def demo():
    """The demo plan. Plans are never changed in place, so one serves every test."""
    return demo_plan()


@pytest.fixture(scope="module")
def mar(demo):
    """The demo's R-MAR report, as made by alice from plan.db."""
    return build_report(demo, "R-MAR", demo.settings.today, generated_by="alice",
                        database="plan.db", generated_at=GENERATED)
