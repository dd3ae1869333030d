"""Real nbgrader runs on a class where broken and hostile submissions sit between good ones.

One class of 01_perceptron is graded once (in parallel, with the course's nbgrader_config.py: isolation,
sandbox, review scan, output limits); every test then reads what happened to one student. For each bad
submission: the run completes for every other student, the bad one gets a clear recorded outcome, and the
good students' grades are intact. (Attacks on the scores themselves are in test_isolation.py.)
"""
import json
import shutil

import nbformat
import pytest

from instructor import classroom
from instructor.autograde import autograde, report_path
from instructor.coursedir import COURSE_ROOT
from instructor.scores import cell_scores

pytestmark = pytest.mark.nbgrader

A = "01_perceptron"
TIMEOUT = 4  # seconds per cell in this class (the course uses 60): the infinite loops stay short


def _with_cell(nb, source, index=2):
    nb = nbformat.from_dict(nb)
    nb.cells.insert(index, nbformat.v4.new_code_cell(source))
    return nb


def _submissions():
    sol = classroom.solution_notebook(A)
    release = classroom.release_notebook(A)
    deleted = nbformat.from_dict(sol)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_step"]
    no_step = nbformat.from_dict(sol)
    no_step.cells = [c for c in no_step.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                     not in ("step", "test_step")]
    duplicated = nbformat.from_dict(sol)
    step = classroom.cell_by_grade_id(duplicated, "step")
    duplicated.cells.insert(duplicated.cells.index(step) + 1, nbformat.from_dict(step))
    edited = classroom.replace_cell(release, "test_step", "pass  # the student's own 'test'")
    meta = classroom.cell_by_grade_id(edited, "test_step").metadata["nbgrader"]
    meta["locked"] = False
    meta["points"] = 100
    other_assignment = [a for a in classroom.assignments() if a != A]
    return {
        "ada": sol,
        "ben": sol,
        "invalid-json": b'{"cells": [ {"cell_type": "code", "source": "print(1)"',
        "empty-file": b"",
        "deleted-test-cell": deleted,
        "deleted-solution-and-test": no_step,
        "duplicated-cell": duplicated,
        "edited-test-cell": edited,
        "loop-top-level": _with_cell(sol, "while True:\n    pass"),
        "loop-in-function": classroom.replace_cell(sol, "step", "def step(z):\n    while True:\n        pass"),
        "os-exit": classroom.replace_cell(sol, "gates", classroom.cell_by_grade_id(sol, "gates").source
                                          + "\nimport os\nos._exit(0)"),
        "many-lines": _with_cell(sol, "for i in range(200_000):\n    print(i)"),
        "huge-line": _with_cell(sol, "print('x' * 20_000_000)"),
        "other-assignment": classroom.solution_notebook(other_assignment[0]) if other_assignment else b"{}",
        "returns-zero": classroom.replace_cell(sol, "step", "def step(z):\n    return 0"),
        "patches-numpy": classroom.replace_cell(
            sol, "step", "def step(z):\n    return 0\n\nnp.allclose = lambda *a, **k: True"),
        # the attacks measured in the issue against plain nbgrader, and a harmless warning on stderr
        "assert-to-pass": classroom.replace_cell(sol, "step", ASSERT_TO_PASS),
        "always-equal": classroom.replace_cell(sol, "step", ALWAYS_EQUAL),
        "numpy-warning": classroom.replace_cell(sol, "step", NUMPY_WARNING),
    }


ASSERT_TO_PASS = """
def step(z):
    return 0


def _no_asserts(lines):
    return [line.replace("assert ", "pass  # ") for line in lines]


get_ipython().input_transformers_cleanup.append(_no_asserts)
"""
ALWAYS_EQUAL = """
class _Yes:
    shape = ()
    dtype = np.dtype(int)

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def step(z):
    return _Yes()
"""
NUMPY_WARNING = """
def step(z):
    np.log(np.zeros(1))  # RuntimeWarning: divide by zero, on stderr inside the test cells
    return (np.asarray(z) > 0).astype(int)
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = classroom.new_course(tmp_path_factory.mktemp("bad") / "course", [A])
    for other in classroom.assignments():  # the course's other notebooks, as in the real course directory
        if other != A:
            shutil.copytree(COURSE_ROOT / "source" / other, course / "source" / other)
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(f"\nc.Execute.timeout = {TIMEOUT}\n")
    submissions = _submissions()
    for student, nb in submissions.items():
        classroom.submit(course, student, A, nb)
    # ada is graded first, alone: her grades must survive the bad run that follows
    first = autograde(A, ["ada"], jobs=1, root=course)
    before = cell_scores(A, course)["ada"]
    outcomes = {o.student: o for o in autograde(A, [s for s in submissions if s != "ada"], jobs=2, root=course)}
    outcomes["ada"] = first[0]
    return course, outcomes, cell_scores(A, course), before


def _full(scores):
    return {cell: top for cell, (_, top) in scores.items()}


def _got(scores):
    return {cell: score for cell, (score, _) in scores.items()}


def test_every_student_has_an_outcome_and_good_ones_full_marks(graded):
    course, outcomes, scores, before = graded
    assert set(outcomes) == set(_submissions())
    for good in ("ada", "ben"):
        assert outcomes[good].status == "graded", outcomes[good]
        assert _got(scores[good]) == _full(scores[good])
    assert scores["ada"] == before, "grading the others changed ada's grades"
    report = json.loads(report_path(A, course).read_text())
    assert set(report) == set(outcomes) - {"ada"} | {"ada"}
    assert all(entry["status"] in ("graded", "FLAGGED", "FAILED") for entry in report.values())


@pytest.mark.parametrize("student, reason", [("invalid-json", "not a valid notebook"),
                                             ("empty-file", "not a valid notebook")])
def test_unreadable_files_fail_alone_with_reason(graded, student, reason):
    _, outcomes, scores, _ = graded
    assert outcomes[student].status == "FAILED"
    assert reason in outcomes[student].reason, outcomes[student].reason
    assert sum(score for score, _ in scores.get(student, {}).values()) == 0


def test_deleted_and_duplicated_cells_are_repaired(graded):
    _, outcomes, scores, _ = graded
    for student in ("deleted-test-cell", "duplicated-cell"):
        assert outcomes[student].status == "graded", outcomes[student]
        assert _got(scores[student]) == _full(scores[student]), student


def test_deleted_solution_and_test_cells(graded):
    _, outcomes, scores, _ = graded
    assert outcomes["deleted-solution-and-test"].status == "graded", outcomes["deleted-solution-and-test"]
    got = _got(scores["deleted-solution-and-test"])
    assert got["test_step"] == 0 and got["test_perceptron"] == 0 and got["test_train_perceptron"] == 4.0


def test_edited_unlocked_test_cell_is_restored(graded):
    _, outcomes, scores, _ = graded
    assert outcomes["edited-test-cell"].status == "graded"
    assert scores["edited-test-cell"]["test_step"] == (0.0, 2.0)  # the real test ran, with the real points


def test_infinite_loops(graded):
    _, outcomes, scores, _ = graded
    top = outcomes["loop-top-level"]
    assert top.status == "graded" and _got(scores["loop-top-level"]) == _full(scores["loop-top-level"])
    assert any("time limit" in note for note in top.notes), top.notes
    loop = outcomes["loop-in-function"]
    assert loop.status == "graded"
    got = _got(scores["loop-in-function"])
    assert got["test_step"] == 0 and got["test_perceptron"] == 0  # perceptron calls step
    assert got["test_train_perceptron"] == 4.0
    assert any("time limit" in note for note in loop.notes), loop.notes


def test_os_exit_costs_the_cells_from_there_on_and_is_listed_for_review(graded):
    _, outcomes, scores, _ = graded
    o = outcomes["os-exit"]
    assert o.status == "FLAGGED" and any("os._exit" in r for r in o.flagged), o
    got = _got(scores["os-exit"])
    assert got["test_step"] == 2.0 and got["test_perceptron"] == 2.0  # graded before the kernel died
    assert got["test_gates"] == 0 and got["test_train_perceptron"] == 0
    assert any("kernel died" in note for note in o.notes), o.notes


@pytest.mark.parametrize("student", ["many-lines", "huge-line"])
def test_runaway_output_is_cut_and_graded(graded, student):
    course, outcomes, scores, _ = graded
    assert outcomes[student].status == "graded", outcomes[student]
    assert _got(scores[student]) == _full(scores[student])
    (nb_path,) = (course / "autograded" / student / A).glob("*.ipynb")
    assert nb_path.stat().st_size < 1_000_000, nb_path.stat().st_size
    assert any("truncated" in note for note in outcomes[student].notes)


def test_notebook_of_another_assignment_scores_zero(graded):
    _, outcomes, scores, _ = graded
    o = outcomes["other-assignment"]
    assert o.status in ("graded", "FLAGGED"), o  # its cells are unknown here: this assignment's tests are added back
    assert set(scores["other-assignment"]) == set(scores["ada"])
    assert sum(score for score, _ in scores["other-assignment"].values()) == 0


def test_tampering_gains_nothing_and_is_listed_for_review(graded):
    """Patching numpy or IPython's input transformers changes the student's own process only: the scores are
    those of the same wrong code without the patch, and the review scan lists the code for the instructor."""
    course, outcomes, scores, _ = graded
    for student, words in (("patches-numpy", "np.allclose"), ("assert-to-pass", "input_transformers_cleanup")):
        o = outcomes[student]
        assert o.status == "FLAGGED" and any(words in r for r in o.flagged), o
        assert _got(scores[student]) == _got(scores["returns-zero"]), student
    assert _got(scores["returns-zero"])["test_step"] == 0
    from grader.integrity import for_review
    assert set(for_review(A, course)) == {"patches-numpy", "os-exit", "assert-to-pass"}


def test_always_equal_object_loses_the_points(graded):
    _, outcomes, scores, _ = graded
    assert outcomes["always-equal"].status == "graded"  # not tampering, just wrong
    got = _got(scores["always-equal"])
    assert got["test_step"] == 0 and got["test_perceptron"] == 0 and got["test_train_perceptron"] == 4.0


def test_numpy_warning_on_stderr_costs_nothing(graded):
    _, outcomes, scores, _ = graded
    assert outcomes["numpy-warning"].status == "graded"
    assert _got(scores["numpy-warning"]) == _full(scores["numpy-warning"])
