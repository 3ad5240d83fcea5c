"""The loader's rule (issue 25 item 1): what a plan file may hold, a plan read from a database
may hold, and no more. The fast test of a loaded CR accepts every CR of a valid plan."""

from app.model.errors import PlanFileError
from app.plan_file.document import parse_plan
from app.plan_file.fast_path import loaded_cr_fits
from app.plan_file.loaded_plan import first_damaged_row
from tests.plan_mutations import mutated_plan


def test_every_valid_mutant_loads_as_it_was_checked():
    valid = 0
    for seed in range(400):
        try:
            plan = parse_plan(mutated_plan(seed))
        except PlanFileError:
            continue
        valid += 1
        assert all(loaded_cr_fits(cr) for cr in plan.crs.values()), seed
        assert first_damaged_row(plan) is None, seed
    assert valid > 40  # the mutants reach valid plans, not only refused ones
