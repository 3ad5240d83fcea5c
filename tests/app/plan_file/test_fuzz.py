"""Fuzzing the plan reader and validator (issue 17): a mutated plan file is either valid or
refused with its problems by JSON path (exit 0 or 2), never a traceback; and what `check`
accepts bundles and writes every report format without error. (Importing what it accepts into
SQLite and PostgreSQL: tests/storage/test_plan_fuzz_storage.py.)"""

from __future__ import annotations

import contextlib
import io
import json
import random
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st

from app.model.errors import Refusal
from app.plan_file.document import read_plan
from app.reports.content import build_report
from app.reports.export import write_report
from main import main
from tests.plan_mutations import fuzz_settings, mutated_plans

TODAY = date(2027, 1, 4)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@fuzz_settings(default=40)
@given(text=mutated_plans(), pick=st.integers(0, 2**16))
def test_a_mutated_plan_is_valid_or_refused_by_path_and_what_is_valid_reports(text, pick):
    event(check_case(text, pick))


def check_case(text: str, pick: int) -> str:
    """Check, bundle and report one plan file text; "valid" or "refused" (an assertion or an
    exception is a finding). tests/fuzz_campaign.py runs it on many more."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        path.write_text(text, encoding="utf-8")
        code, out, err = run("check", "--plan", str(path), "--format", "json")
        assert code in (0, 2), err
        if code == 2:
            head, *problems = err.splitlines()
            assert head.startswith(f"release-planner check: {path}: refused, ")
            assert problems and all(p.startswith("  ") for p in problems), err
            return "refused"
        assert json.loads(out)["valid"] is True
        plan = read_plan(path)
        rnd = random.Random(pick)
        for key, release in plan.releases.items():
            code, out, err = run("bundle", "--plan", str(path), "--release", key,
                                 "--format", "json")
            # Only a planned release has a bundle; the others are refused by a rule.
            assert (code, release.status == "planned") in ((0, True), (3, False)), err
            json.loads(out) if code == 0 else None
        if not plan.releases:
            return "valid"
        release = rnd.choice(list(plan.releases))
        try:
            report = build_report(plan, release, plan.settings.today or TODAY,
                                  generated_by="fuzz", database="plan file")
        except Refusal:
            return "valid"  # a report only a rule refuses (exit 3 in `report`)
        for fmt in ("csv", "xlsx", "ics", "html", "pdf"):
            write_report(report, fmt, Path(folder) / f"report.{fmt}")
    return "valid"
