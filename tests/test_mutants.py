"""Mutation testing of the hidden tests with real nbgrader runs.

Each typical wrong answer in instructor/mutants/ must lose exactly the points of the test cells the catalogue
names, and each correct alternative must keep full marks. The mutation score is printed in the test summary.
Long catalogues are graded in shards (separate test items, each its own class) so parallel test workers share
them evenly.
"""
import math

import pytest

from instructor import classroom
from instructor.coursedir import assignments
from instructor.mutants import catalogue
from instructor.mutants.edits import cells_touched
from instructor.mutation import run, save_report, summary

ENTRIES_PER_SHARD = 24


def shards():
    for assignment in assignments():
        mutants, alternatives = catalogue(assignment)
        count = math.ceil((len(mutants) + len(alternatives)) / ENTRIES_PER_SHARD)
        for index in range(count):
            yield pytest.param(assignment, index, count, id=f"{assignment}-{index + 1}of{count}")


@pytest.mark.nbgrader
@pytest.mark.parametrize("assignment, shard, of", list(shards()))
def test_catalogue_grades_as_declared(assignment, shard, of, tmp_path, pytestconfig):
    verdicts = run(assignment, tmp_path, jobs=2, shard=(shard, of))
    if getattr(pytestconfig, "cache", None) is not None:
        save_report(verdicts, pytestconfig.cache.mkdir("mutation") / f"{assignment}-{shard}.json")
    wrong = [v.describe() for v in verdicts if not v.ok]
    assert not wrong, f"{summary(verdicts)}\n" + "\n".join(wrong)


def test_every_assignment_has_a_catalogue(assignment):
    mutants, alternatives = catalogue(assignment)
    assert len(mutants) >= 8 and alternatives, f"{assignment} needs wrong answers and correct alternatives"


def test_catalogue_is_well_formed(assignment):
    """Every entry still applies to the current solution (no grading needed to find a stale catalogue)."""
    mutants, alternatives = catalogue(assignment)
    nb = classroom.solution_notebook(assignment)
    graded = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    for item in [*mutants, *alternatives]:
        assert cells_touched(nb, item.edits), f"{item.name!r} changes nothing"
    for m in mutants:
        assert m.fails <= graded, f"{m.name!r} names unknown test cells {sorted(m.fails - graded)}"
    names = [m.name for m in mutants] + [a.name for a in alternatives]
    assert len(names) == len(set(names)), "catalogue entries need distinct names"
