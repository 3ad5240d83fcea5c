"""Properties of scenarios on generated plans (issue 22), on a real SQLite file: random edits in
a scenario never change live; a scenario's bundles are those of its exported plan file; the
diff agrees with comparing two exported plans; promoting a scenario whose base did not change
makes live its plan; a refused promote changes nothing."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.edits.crs import SetStage
from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.engine.bundle import candidates_by_release, compute_bundles, rebundle
from app.model.errors import PlanFileError, Refusal
from app.model.plan import Target
from app.plan_file.document import plan_to_document, read_plan, write_plan
from app.plan_file.validation import build_plan
from app.scenarios.diff import diff_plans
from app.scenarios.promote import choose, decide_promotion
from storage.open_store import open_store
from storage.scenario_store import ScenarioCatalog
from tests.app.engine.test_properties import TODAY, plans

EDITS = st.lists(st.tuples(st.integers(0, 12), st.sampled_from(
    ["backlog", "R0", "R1", "R2", "R3", "draft", "approved", "on_hold"])), max_size=6)
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _edit(service, plan, pick: int, what: str) -> None:
    keys = sorted(plan.crs)
    if not keys:
        return
    key = keys[pick % len(keys)]
    use_case = (SetStage(key, what) if what in ("draft", "approved", "on_hold")
                else Schedule(key, Target.parse(what)))
    with contextlib.suppress(Refusal, PlanFileError):  # refused: nothing written, as in live
        service.run(use_case)


def _scenario_with_edits(folder: Path, doc: dict, edits):
    store = open_store(str(folder / "plan.db"), user="prop")
    store.replace_all(build_plan(doc), "import")
    catalog = ScenarioCatalog(store)
    catalog.create("s")
    scenario = catalog.open("s")
    service = PlanService(scenario, TODAY)
    for pick, what in edits:
        _edit(service, scenario.load().plan, pick, what)
    return store, catalog, scenario


@SETTINGS
@given(doc=plans(), edits=EDITS)
def test_edits_in_a_scenario_leave_live_and_match_its_exported_plan(doc, edits):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        live_before = build_plan(doc)
        store, catalog, scenario = _scenario_with_edits(folder, doc, edits)
        try:
            live = store.load().plan
            assert plan_to_document(live) == plan_to_document(live_before)
            assert compute_bundles(live) == compute_bundles(live_before)
            mine = scenario.load().plan
            write_plan(mine, str(folder / "s.json"))
            write_plan(live, str(folder / "live.json"))
            exported = read_plan(str(folder / "s.json"))
            assert compute_bundles(exported) == compute_bundles(mine)
            doc_diff = diff_plans(read_plan(str(folder / "live.json")), exported, TODAY)
            a, b = compute_bundles(live), compute_bundles(exported)
            assert [r["release"] for r in doc_diff["releases"]] == [
                k for k in dict.fromkeys([*a, *b])]
            for r in doc_diff["releases"]:
                ia = set(a[r["release"]].included) if r["release"] in a else set()
                ib = set(b[r["release"]].included) if r["release"] in b else set()
                assert r["ships_only_in_a"] == sorted(ia - ib)
                assert r["ships_only_in_b"] == sorted(ib - ia)
            # The fast path (plans sharing rows, only differing releases compared, bundles
            # reused) says exactly what comparing two independent plan files says.
            _, shared = catalog.load_both(["live", "s"])
            assert diff_plans(shared["live"].plan, shared["s"].plan, TODAY) == doc_diff
            sa, sb = shared["live"].plan, shared["s"].plan
            changed = {k for k in sb.crs if sa.crs.get(k) is not sb.crs[k]}
            assert rebundle(sb, compute_bundles(sa), changed, candidates_by_release(sb)) == \
                compute_bundles(sb)
        finally:
            store.close()


@SETTINGS
@given(doc=plans(), edits=EDITS, later=st.sampled_from([0, 30]))
def test_promoting_all_makes_live_the_scenario_or_changes_nothing(doc, edits, later):
    """Promoted on the day of the edits, or a month later (releases have frozen since: a rule
    may refuse a move then, and nothing is written)."""
    with tempfile.TemporaryDirectory() as tmp:
        store, catalog, scenario = _scenario_with_edits(Path(tmp), doc, edits)
        try:
            wanted = plan_to_document(scenario.load().plan)
            before = plan_to_document(store.load().plan)
            changes, _ = catalog.changes("s")
            live = store.load()
            day = TODAY + timedelta(days=later)
            promotion = decide_promotion("s", live, choose(changes, None), day)
            assert not promotion.stale  # live did not change under the scenario
            event("promoted" if promotion.ok else "refused")
            if promotion.ok:
                catalog.promote(promotion, live.versions)
                assert plan_to_document(store.load().plan) == wanted
                assert catalog.list()[0].changes == 0
            else:
                assert later and promotion.refused  # every edit was allowed on TODAY
                assert plan_to_document(store.load().plan) == before
                assert len(catalog.changes("s")[0]) == len(changes)
        finally:
            store.close()
