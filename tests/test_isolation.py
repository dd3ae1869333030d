"""Grading by isolation, attacked the way a determined student would (real nbgrader runs).

Every cheat below is handed in on the release notebook, so apart from the cheat every graded function is
still a stub: the notebook must score 0 of 11, whatever the cheat does, and nothing may crash the grader.
The attacks on the channel between the two processes get the same treatment. The student who hands in
the solution, or the solution written in an unexpected but correct way, keeps full marks.
"""
import json
import re

import nbformat
import pytest

from instructor import classroom
from instructor.autograde import autograde
from instructor.scores import cell_scores

pytestmark = pytest.mark.nbgrader

A = "01_perceptron"
TIMEOUT = 6  # seconds per cell in this class

# -- cheats: each replaces the `step` cell of the release notebook -------------------------------------------
CHEATS = {
    # a result output before the error (nbgrader grades a test cell by its first execute_result)
    "result-before-error": """
def step(z):
    from IPython.display import display
    display(2.0)
    print(2.0)
    raise ValueError("no")

get_ipython().ast_node_interactivity = "all"
get_ipython().events.register("post_run_cell", lambda *a: get_ipython().display_pub.publish({"text/plain": "11.0"}))
""",
    # objects whose comparisons or array protocol answer "equal"
    "ndarray-subclass": """
class Yes(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)
    __ne__ = lambda self, other: np.zeros(np.shape(other), dtype=bool)
    __hash__ = None

def step(z):
    return np.zeros(np.shape(z), dtype=int).view(Yes)
""",
    "array-protocol": """
class Echo:
    def __array__(self, dtype=None, copy=None):
        import sys
        frame = sys._getframe(1)
        while frame is not None:
            for value in frame.f_locals.values():
                if isinstance(value, np.ndarray):
                    return value
            frame = frame.f_back
        return np.zeros(1)

def step(z):
    return Echo()
""",
    # replacing numpy, builtins or the checks, directly, late (a timer thread) or through __code__
    "patches": """
import builtins, threading, course.grading as g
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
builtins.isinstance = lambda *a: True
g.check_array.__code__ = (lambda *a, **k: None).__code__
g.fail = lambda message: None
def _later():
    g.check_type.__code__ = (lambda *a, **k: None).__code__
threading.Timer(0.5, _later).start()

def step(z):
    return 0
""",
    "tracer": """
import sys
def _tracer(frame, event, arg):
    if event == "exception":
        frame.f_locals.clear()
    return _tracer
sys.settrace(_tracer)
sys.setprofile(lambda *a: None)

def step(z):
    return 0
""",
    # reading the expected values the tests computed, from the caller's frames or the garbage collector
    "reads-expected": """
import gc, sys

def step(z):
    for frame_depth in range(1, 8):
        try:
            f = sys._getframe(frame_depth)
        except ValueError:
            break
        for name in ("expected", "want", "_want", "_expected"):
            if name in f.f_locals:
                return f.f_locals[name]
    shape = np.shape(z)
    for obj in gc.get_objects():
        if type(obj) is np.ndarray and obj.shape == shape and obj.dtype.kind == "i" and obj is not z:
            return obj
    return 0
""",
    # killing or confusing what used to verify integrity, or ending the kernel after the last cell
    "kills-the-checker": """
import sys, os
sys.modules.pop("_course_isolation", None)
for name in list(sys.modules):
    if "integrity" in name:
        del sys.modules[name]

def step(z):
    return 0
""",
    # printing hidden test text found in this process or on disk, so that it shows in the feedback
    "prints-hidden-tests": """
import gc, glob, os, sys
import course
found = []
for obj in gc.get_objects():
    if type(obj) is str and "HIDDEN" in obj:
        found.append(obj)
for name in ("In", "_ih", "Out"):
    found.append(str(globals().get(name)))
checkout = os.path.dirname(os.path.dirname(course.__file__))
roots = {checkout, os.path.dirname(checkout), "../../..", "/home", "/root", "/srv", "/opt"}
for root in roots:
    for path in glob.glob(os.path.join(root, "**", "*.ipynb"), recursive=True)[:200]:
        try:
            found.append(open(path).read())
        except OSError:
            pass
print("\\n".join(found)[:200000])

def step(z):
    return 0
""",
    # the same kinds, written to pass the review scan unnoticed (it no longer protects the scores)
    "result-before-error-unnoticed": """
import operator, sys as _s
_show = operator.attrgetter("display" + "hook")(_s)

def step(z):
    _show(2.0)
    raise ValueError("no")
""",
    "code-swap-unnoticed": """
import operator
_code = operator.attrgetter("__co" + "de__")
for _f in (check_array, check_scalar, check_type):
    object.__setattr__(_f, "__co" + "de__", _code(lambda *a, **k: None))
object.__setattr__(call_without_mutation, "__co" + "de__", _code(lambda f, *a, **k: f(*a, **k)))

def step(z):
    return 0
""",
    "frame-reader-unnoticed": """
import operator
_attr = operator.attrgetter

def _frames():
    try:
        raise ValueError
    except ValueError as e:
        frame = _attr("tb_fr" + "ame")(_attr("__traceback__")(e))
    while frame is not None:
        yield frame
        frame = _attr("f_b" + "ack")(frame)

def step(z):
    for frame in _frames():
        for scope in (_attr("f_lo" + "cals")(frame), _attr("f_glo" + "bals")(frame)):
            for name in ("_want", "want", "expected", "_expected"):
                if name in scope:
                    return scope[name]
    return 0
""",
    "hidden-printer-unnoticed": """
import glob, operator, sys as _s

def step(z):
    main = operator.attrgetter("mod" + "ules")(_s)["__main__"]
    for name in ("I" + "n", "_i" + "h"):
        print(getattr(main, name, ""))
    for path in glob.glob("*.ipy" + "nb"):  # the notebook being graded, where nbgrader wrote it
        print(open(path).read())
    return 0
""",
}

# -- attacks on the channel: each replaces `step` in the release notebook ------------------------------------
CHANNEL = {
    "huge-array": "def step(z):\n    return np.ones((6_000, 6_000))",  # 288 MB, more than the channel takes
    "huge-virtual-array": "def step(z):\n    return np.broadcast_to(np.zeros(1), (100_000, 100_000))",
    "deep-nesting": "def step(z):\n    x = 0\n    for _ in range(100_000):\n        x = [x]\n    return x",
    "control-characters": "def step(z):\n    return '\\x1b[2J\\x00\\x07\\r' * 10_000",
    "non-string-keys": "def step(z):\n    return {(1, 2): 3, object(): 4}",
    "reduce-object": """
import os

class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/isolation-pwned",))

def step(z):
    return Evil()
""",
    "structured-dtype": "def step(z):\n    return np.zeros(np.shape(z), dtype=[('a', 'f8'), ('b', 'i4')])",
    "object-dtype": "def step(z):\n    return np.array([1, None, 'x'], dtype=object)",
    "lying-encoder": """
def step(z):
    import sys
    lie = {"t": "nd", "dtype": "|O", "shape": [10**12], "b64": "!"}
    sys.modules["_course_isolation"].encode = lambda *a, **k: lie
    return 0
""",
    "garbage-on-iopub": """
def step(z):
    kernel = get_ipython().kernel
    kernel.iopub_socket.send_multipart([b"garbage", b"<IDS|MSG>", b"x", b"{", b"}", b"{", b"}"])
    return 0
""",
}

# The solution with a step that answers its first call only after the cell's time limit.
LATE_RESULT = """
_calls = [0]

def step(z):
    import time
    _calls[0] += 1
    if _calls[0] == 1:
        time.sleep(%d)
    return (np.asarray(z) > 0).astype(int) if np.ndim(z) else int(z > 0)
""" % (TIMEOUT + 4)

# Correct, in ways the tests did not foresee: prints while the tests call it, a helper class, a lambda.
UNEXPECTED_BUT_RIGHT = """
class _Threshold:
    def __init__(self, at):
        self.at = at

    def __call__(self, z):
        print("step called")
        return np.heaviside(np.asarray(z, dtype=float) - self.at, 0).astype(int) if np.ndim(z) else int(z > self.at)


step = _Threshold(0.0)
"""


def _release_with_step(code):
    return classroom.replace_cell(classroom.release_notebook(A), "step", code)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = classroom.new_course(tmp_path_factory.mktemp("isolation") / "course", [A])
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(f"\nc.Execute.timeout = {TIMEOUT}\n")
    solution = classroom.solution_notebook(A)
    submissions = {"ada": solution, "late-result": classroom.replace_cell(solution, "step", LATE_RESULT),
                   "unexpected-but-right": classroom.replace_cell(solution, "step", UNEXPECTED_BUT_RIGHT),
                   **{k: _release_with_step(v) for k, v in {**CHEATS, **CHANNEL}.items()}}
    for student, nb in submissions.items():
        classroom.submit(course, student, A, nb)
    outcomes = {o.student: o for o in autograde(A, list(submissions), jobs=2, root=course)}
    return course, outcomes, cell_scores(A, course)


def _total(scores, student):
    return sum(score for score, _ in scores[student].values())


@pytest.mark.parametrize("student", sorted({**CHEATS, **CHANNEL}))
def test_cheat_on_stubs_scores_zero_and_is_graded(graded, student):
    _, outcomes, scores = graded
    assert outcomes[student].success, outcomes[student].error[-2000:]
    assert _total(scores, student) == 0, {cell: s for cell, (s, _) in scores[student].items() if s}


def test_solution_and_unexpected_correct_code_keep_full_marks(graded):
    course, outcomes, scores = graded
    for student in ("ada", "unexpected-but-right"):
        assert outcomes[student].status == "graded", outcomes[student]
        assert _total(scores, student) == 11.0, scores[student]
    nb = nbformat.read(course / "autograded" / "unexpected-but-right" / A / f"{A}.ipynb", as_version=4)
    test_step = classroom.cell_by_grade_id(nb, "test_step")
    printed = [o for o in test_step.outputs if o.output_type == "stream"]
    assert printed and "step called" in printed[0].text  # what the student's code printed, as plain text
    assert not [o for o in test_step.outputs if o.output_type in ("execute_result", "error")]


def test_late_result_fails_that_cell_only(graded):
    course, outcomes, scores = graded
    got = {cell: s for cell, (s, _) in scores["late-result"].items()}
    assert got == {"test_step": 0.0, "test_perceptron": 2.0, "test_gates": 3.0, "test_train_perceptron": 4.0}
    nb = nbformat.read(course / "autograded" / "late-result" / A / f"{A}.ipynb", as_version=4)
    error = [o for o in classroom.cell_by_grade_id(nb, "test_step").outputs if o.output_type == "error"]
    assert error and "time limit" in error[0].evalue


def test_test_cells_show_only_the_trusted_outcome(graded):
    """The result-before-error cheat: every test cell has an error, and no result output, in the graded notebook."""
    course, _, _ = graded
    nb = nbformat.read(course / "autograded" / "result-before-error" / A / f"{A}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution"):
            kinds = [o.output_type for o in cell.outputs]
            assert "execute_result" not in kinds and "display_data" not in kinds and "error" in kinds, kinds


def test_channel_refusals_say_what_was_returned(graded):
    course, _, _ = graded
    expected = {"huge-array": "bytes", "huge-virtual-array": "bytes", "deep-nesting": "nested", "non-string-keys": "key of type tuple",
                "reduce-object": "Evil", "structured-dtype": "dtype", "object-dtype": "dtype object",
                "lying-encoder": "dtype", "control-characters": "should be"}
    for student, words in expected.items():
        nb = nbformat.read(course / "autograded" / student / A / f"{A}.ipynb", as_version=4)
        errors = [o for o in classroom.cell_by_grade_id(nb, "test_step").outputs if o.output_type == "error"]
        assert errors, student
        text = re.sub(r"\x1b\[[0-9;]*m", "", errors[-1].ename + ": " + errors[-1].evalue)
        assert words in text, (student, text)


def test_nothing_was_unpickled():
    import os
    assert not os.path.exists("/tmp/isolation-pwned")


def test_hidden_tests_never_reach_the_students_outputs(graded):
    course, _, _ = graded
    source = classroom.solution_notebook(A)
    hidden = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", "\n".join(c.source for c in source.cells),
                        re.S)
    lines = {line.strip() for block in hidden for line in block.splitlines() if len(line.strip()) > 25}
    assert lines
    for student in ("prints-hidden-tests", "hidden-printer-unnoticed"):
        nb = nbformat.read(course / "autograded" / student / A / f"{A}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            is_test = cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution")
            # a test cell's error comes from the tests' kernel (feedback hides its hidden lines); what the
            # student's code printed, in any cell, must hold no hidden test
            printed = [o for o in cell.outputs if not is_test or o.output_type == "stream"]
            text = json.dumps(printed)
            leaked = [line for line in lines if json.dumps(line)[1:-1] in text]
            assert not leaked, (student, leaked[:3])
