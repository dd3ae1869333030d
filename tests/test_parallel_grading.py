"""Parallel autograding (instructor/autograde.py): several workers, one gradebook, the same grades as
nbgrader's own serial command, nothing lost or duplicated."""
import json

import pytest

from instructor import classroom
from instructor.autograde import Outcome, _deal, autograde, report_path
from instructor.coursedir import run_nbgrader
from instructor.mutants import catalogue
from instructor.scores import cell_scores

pytestmark = pytest.mark.nbgrader

A = "01_perceptron"


def test_students_are_dealt_evenly():
    students = [f"s{i}" for i in range(7)]
    shares = _deal(students, 3)
    assert sorted(s for share in shares for s in share) == sorted(students)
    assert max(map(len, shares)) - min(map(len, shares)) <= 1
    assert _deal(["a"], 4) == [["a"]]


def test_outcome_status_and_reason():
    assert Outcome("a", True, 1.0).status == "graded"
    flagged = Outcome("b", True, 1.0, flagged=["step, line 2: changes numpy", "x"])
    assert flagged.status == "FLAGGED" and flagged.reason.startswith("step, line 2") and "+1 more" in flagged.reason
    failed = Outcome("c", False, 0.1, error="... nbformat.reader.NotJSONError: Notebook does not appear to be JSON")
    assert failed.status == "FAILED" and "not a valid notebook" in failed.reason


def test_parallel_grades_equal_serial_nbgrader_and_gradebook_stays_consistent(tmp_path):
    course = classroom.new_course(tmp_path / "course", [A])
    solution = classroom.solution_notebook(A)
    mutants = [m for m in catalogue(A)[0]][:4]
    expected_failing = {"full1": set(), "full2": set(), "blank": None}
    classroom.submit(course, "full1", A, solution)
    classroom.submit(course, "full2", A, solution)
    classroom.submit(course, "blank", A, classroom.release_notebook(A))
    for i, mutant in enumerate(mutants):
        classroom.submit(course, f"mut{i}", A, mutant.notebook(solution))
        expected_failing[f"mut{i}"] = set(mutant.fails)
    students = sorted(expected_failing)

    outcomes = autograde(A, students, jobs=2, root=course)
    assert [o.student for o in outcomes] == students
    assert all(o.status == "graded" for o in outcomes), [(o.student, o.reason) for o in outcomes]
    parallel = cell_scores(A, course)
    assert sorted(parallel) == students  # one submission per student, none lost
    for student, failing in expected_failing.items():
        lost = {cell for cell, (score, top) in parallel[student].items() if score < top}
        if failing is None:
            assert all(score == 0 for score, _ in parallel[student].values())
        else:
            assert lost == failing, (student, lost, failing)

    # nbgrader's own serial command on two of them gives the same grades, and leaves the others alone
    run_nbgrader("autograde", A, "--student", "mut0", "--force", root=course)
    run_nbgrader("autograde", A, "--student", "full1", "--force", root=course)
    assert cell_scores(A, course) == parallel

    # grading again in parallel is idempotent, and the report has one entry per student
    autograde(A, ["full2", "mut1", "blank"], jobs=2, root=course)
    assert cell_scores(A, course) == parallel
    report = json.loads(report_path(A, course).read_text())
    assert sorted(report) == students and all(e["status"] == "graded" for e in report.values())
