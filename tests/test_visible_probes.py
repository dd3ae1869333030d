"""The visible tests name the most common misconceptions while the student works (instructor/probes.py).

For every catalogue entry marked ``probe=True``, the visible part of a test cell it fails, run with the entry's
functions (the instructor's solution with its edits, in this process: no nbgrader), fails with "This looks like
a known mistake: <its misconception>"; the solution passes every visible test; no other catalogue entry is
named with a misconception that is not its own, and no correct alternative fails a visible test; the generated
blocks in source/ are what the catalogue gives now.
"""
import numpy as np
import pytest

from course import grading
from instructor import probes
from instructor.coursedir import assignments
from instructor.mutants import catalogue

PROBED = [a for a in assignments() if any(m.probe for m in catalogue(a)[0])]


def visible(source: str) -> str:
    """The test cell as a student runs it: the generated block included, the hidden tests left out."""
    return source.split(probes.HIDDEN)[0]


def named_texts(message: str) -> list[str]:
    return [part.strip() for part in message.split("\n" + grading.MISTAKE_PREFIX)[1:]]


def test_the_common_misconceptions_are_probed():
    """A handful per chapter from 03 on."""
    for assignment in ("03_backprop_by_hand", "04_vectorised_net", "05_mnist", "06_deep_net"):
        probed = [m for m in catalogue(assignment)[0] if m.probe]
        assert 2 <= len(probed) <= 8, (assignment, [m.name for m in probed])


@pytest.mark.parametrize("assignment", PROBED)
def test_generated_blocks_are_up_to_date(assignment):
    assert probes.stale(assignment, log=lambda _message: None) == [], \
        f"run python -m instructor.probes {assignment}, then ./run nbgrader generate_assignment {assignment} --force"


@pytest.mark.parametrize("assignment", PROBED)
def test_visible_tests_name_the_probed_mistakes(assignment):
    nb = probes.solution(assignment)
    cells = probes.test_cells(nb)
    mutants, alternatives = catalogue(assignment)
    blocked = {cell for cell, source in cells.items() if probes.split_block(source)[0]}
    assert blocked, f"{assignment}: no visible test names a mistake"
    right = probes.version_of(assignment, nb)
    for cell, source in cells.items():
        failure = right.run_test(cell, visible(source))
        assert failure is None, f"the solution fails {cell}'s visible tests: {failure.message}"
    texts_of: dict = {}  # misconception key -> the texts that may name it
    for mutant in mutants:
        texts_of.setdefault(mutant.why.key, set()).add(probes.student_text(nb, mutant))
    unnamed, misnamed = [], []
    for mutant in mutants:
        version = probes.version_of(assignment, nb, mutant)
        named = []
        for cell in (c for c in cells if c in mutant.fails & blocked):
            failure = version.run_test(cell, visible(cells[cell]))
            named += named_texts(failure.message) if failure else []
        wrong = [t for t in named if t not in texts_of[mutant.why.key]]
        if wrong:
            misnamed.append(f"{mutant.name!r} ({mutant.why.key}) named {wrong[0][:80]!r}")
        if mutant.probe and probes.student_text(nb, mutant) not in named:
            unnamed.append(f"{mutant.name!r} (failing {sorted(mutant.fails)}) is not named by a visible test")
    assert not unnamed and not misnamed, "\n".join(unnamed + misnamed)
    for alternative in alternatives:
        version = probes.version_of(assignment, nb, alternative)
        for cell in blocked:
            failure = version.run_test(cell, visible(cells[cell]))
            assert failure is None, f"correct {alternative.name!r} fails {cell}'s visible tests: {failure.message}"


def test_known_mistake_needs_the_same_values_within_the_checks_tolerance():
    grading.known_mistakes({"dW": [("Divide by m once.", [[2.0, 4.0]])], "loss": [("Average it.", 3.0)]})
    try:
        with pytest.raises(AssertionError) as info:
            grading.check_array("dW", np.array([[2.0, 4.0 + 1e-9]]), [[1.0, 2.0]])
        assert str(info.value).endswith("\nThis looks like a known mistake: Divide by m once.")
        for got in (np.array([[2.0, 4.5]]), np.array([2.0, 4.0])):
            with pytest.raises(AssertionError) as info:  # other values, another shape: the usual message only
                grading.check_array("dW", got, [[1.0, 2.0]])
            assert grading.MISTAKE_PREFIX not in str(info.value)
        with pytest.raises(AssertionError) as info:
            grading.check_array("another name", np.array([[2.0, 4.0]]), [[1.0, 2.0]])
        assert grading.MISTAKE_PREFIX not in str(info.value)
        with pytest.raises(AssertionError) as info:
            grading.check_scalar("loss", 3.0, 1.0)
        assert str(info.value).endswith("This looks like a known mistake: Average it.")
        with pytest.raises(AssertionError) as info:
            grading.check_scalar("loss", np.float64(3.0), 1.0)  # a numpy float fails on its type, unnamed
        assert grading.MISTAKE_PREFIX not in str(info.value)
        grading.check_scalar("loss", 1.0, 1.0)  # right answers pass as before
        grading.check_array("dW", np.array([[1.0, 2.0]]), [[1.0, 2.0]])
    finally:
        grading.known_mistakes({})


def failing_check_message(table) -> str:
    """The message of a check of "x" that fails (2.0 where 1.0 is expected) with ``table`` in force."""
    grading.known_mistakes(table)
    try:
        with pytest.raises(AssertionError) as info:
            grading.check_array("x", np.array([2.0]), [1.0])
        return str(info.value)
    finally:
        grading.known_mistakes({})


def test_a_broken_table_never_breaks_a_check():
    table = {"x": [("Not a number.", "abc"), ("no value",), 5], 3: "not a list", "y": None}
    assert grading.MISTAKE_PREFIX not in failing_check_message(table)


def test_in_a_kernel_the_table_holds_for_its_own_cell_only():
    """As a student runs it: the cell that sets the table names the mistake, the next cell does not."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    failing = 'check_array("x", np.array([2.0]), [1.0])'
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np\nfrom course.grading import check_array, known_mistakes\n"
                                          'known_mistakes({"x": [("Known.", [2.0])]})\n' + failing),
                nbformat.v4.new_code_cell(failing)]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60).execute()
    errors = [[o.evalue for o in c.outputs if o.output_type == "error"] for c in nb.cells]
    assert errors[0] and errors[0][0].endswith("\nThis looks like a known mistake: Known."), errors
    assert errors[1] and grading.MISTAKE_PREFIX not in errors[1][0], errors


def test_while_grading_the_diagnosis_names_the_mistake_instead(monkeypatch):
    """In the tests' process of grading, grader.diagnosis adds the cell's note once: the check adds none."""
    monkeypatch.setattr(grading, "notebook_functions", object())
    assert grading.MISTAKE_PREFIX not in failing_check_message({"x": [("Known.", [2.0])]})
