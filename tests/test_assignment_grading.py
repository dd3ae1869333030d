"""Real nbgrader runs: the instructor's solutions get full marks, the untouched release notebook gets zero."""
import pytest

from instructor import classroom
from instructor.autograde import autograde
from instructor.coursedir import assignments
from instructor.scores import cell_scores

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module", params=assignments())
def graded_assignment(request, tmp_path_factory):
    """One assignment's solution and release notebook graded in one nbgrader run, shared by the tests."""
    assignment = request.param
    course = classroom.new_course(tmp_path_factory.mktemp("course") / "course", [assignment])
    classroom.submit(course, "solution", assignment, classroom.solution_notebook(assignment))
    classroom.submit(course, "blank", assignment, classroom.release_notebook(assignment))
    outcomes = autograde(assignment, ["solution", "blank"], jobs=2, root=course)
    assert [o.success for o in outcomes] == [True, True], [o.error for o in outcomes]
    return assignment, course, cell_scores(assignment, course)


def test_solution_scores_full_marks_and_release_zero(graded_assignment):
    assignment, course, scores = graded_assignment
    solution, blank = scores["solution"], scores["blank"]
    assert solution, f"{assignment} has no graded cells"
    lost = {cell: f"{score}/{top}" for cell, (score, top) in solution.items() if score != top}
    assert not lost, f"the instructor's solution loses points in {lost}"
    assert set(blank) == set(solution)
    earned = {cell: score for cell, (score, _) in blank.items() if score != 0}
    assert not earned, f"the blank release notebook earns points in {earned}"


def test_test_cells_have_no_result_outputs(graded_assignment):
    """A test cell's last expression is never shown while grading: nbgrader would take a result output for
    partial credit (and show a hidden value in the feedback)."""
    assignment, course, _ = graded_assignment
    for student in ("solution", "blank"):
        (path,) = (course / "autograded" / student / assignment).glob("*.ipynb")
        nb = classroom.read(path)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                kinds = {o.output_type for o in cell.outputs}
                assert "execute_result" not in kinds, (student, meta["grade_id"])
                if student == "blank":
                    assert "error" in kinds, (student, meta["grade_id"])
