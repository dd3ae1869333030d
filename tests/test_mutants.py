"""Mutation testing of the hidden tests with real nbgrader runs, and of the diagnosis on the same runs.

Each typical wrong answer in instructor/mutants/ must lose exactly the points of the test cells the catalogue
names, and each correct alternative must keep full marks. The same graded notebooks measure the diagnosis
(grader.diagnosis): every wrong answer is named with its own misconception (that of its entry or of an
equivalent one, which shares the constant) in a failed cell, no diagnosed cell names another, and no correct
alternative is diagnosed. The mutation score and the diagnosis's recall and precision are printed in the test
summary. Long catalogues are graded in shards (separate test items, each its own class) so parallel test
workers share them evenly.
"""
import math

import pytest

from instructor import classroom
from instructor.coursedir import assignments
from instructor.mutants import catalogue, section
from instructor.mutants.edits import cells_touched
from instructor.mutation import diagnosis_summary, run, save_report, summary

ENTRIES_PER_SHARD = 45


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
    misnamed = [f"{v.kind} {v.name!r} ({v.misconception or 'correct'}): {d['cell']} named {d['mistakes']}"
                for v in verdicts for d in v.diagnoses if d.get("mistakes") and v.misconception not in d["mistakes"]]
    unnamed = [f"{v.name!r} ({v.misconception}): " + "; ".join(f"{d['cell']}: {d.get('why') or d.get('mistakes')}"
                                                           for d in v.diagnoses)
               for v in verdicts if v.kind == "mutant" and v.misconception not in v.named]
    assert not misnamed and not unnamed, (f"{diagnosis_summary(verdicts)}\nmisdiagnosed:\n" + "\n".join(misnamed)
                                          + "\nnot diagnosed:\n" + "\n".join(unnamed))


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
        assert m.why is not None and m.why.text.strip(), f"{m.name!r} names no misconception (why=...)"
        assert section(nb, m), f"{m.name!r}: no notebook section to point the student to"
    names = [m.name for m in mutants] + [a.name for a in alternatives]
    assert len(names) == len(set(names)), "catalogue entries need distinct names"
