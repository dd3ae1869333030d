"""The diagnosis (grader.diagnosis) on answers the catalogues do not hold, with real nbgrader runs.

The catalogue's own entries are measured in tests/test_mutants.py, on the notebooks it grades anyway. Here:
realistic wrong answers that are not catalogue entries must not be named as a misconception they are not
(each lists the ones that would be a fair name for it, usually none), correct answers written differently
are never diagnosed, a student's own exception type is not taken for a catalogued one, and the feedback a
diagnosed student reads names the mistake, without the course's helper frames or machine paths.
"""
from __future__ import annotations

import html
import re

import pytest

from grader.diagnosis import PREFIX
from grader.feedback import readable_traceback
from grader.report import read_reports
from instructor import classroom
from instructor.autograde import autograde
from instructor.coursedir import run_nbgrader
from instructor.mutants import define, swap
from instructor.mutants.edits import apply

# name -> (assignment, edits, misconceptions that would be a fair diagnosis, must fail a cell)
REALISTIC = {
    "reverse-order-training": ("01_perceptron", define('''
        def train_perceptron(X, y, learning_rate=0.1, epochs=100):
            w = np.zeros(X.shape[1])
            b = 0.0
            for _ in range(epochs):
                mistakes = 0
                for x_i, y_i in reversed(list(zip(X, y))):
                    error = y_i - (1 if x_i @ w + b > 0 else 0)
                    if error != 0:
                        w = w + learning_rate * error * x_i
                        b = b + learning_rate * error
                        mistakes += 1
                if mistakes == 0:
                    break
            return w, float(b)
    '''), {"01_perceptron.TRAIN_DETERMINISTIC", "01_perceptron.EPOCH_COUNT"}, True),
    "bias-starts-at-one": ("01_perceptron", swap("train_perceptron", "b = 0.0", "b = 1.0"), set(), True),
    "step-from-a-rounded-sigmoid": ("01_perceptron", define('''
        def step(z):
            return (1 / (1 + np.exp(-np.asarray(z, dtype=float))) > 0.5).astype(int)
    '''), set(), False),
    "and-behaves-as-or": ("01_perceptron", swap("AND", "-0.7", "-0.2"), {"01_perceptron.GATE_WEIGHTS"}, True),
    "step-raises-its-own-exception": ("01_perceptron", define('''
        class NotAStep(Exception):
            pass

        def step(z):
            z = np.asarray(z)
            if z.ndim > 1:
                raise NotAStep("only vectors")
            return (z > 0).astype(int)
    ''', cell="step"), set(), True),
    "rule-epoch-bias-with-the-wrong-sign": ("02_xor", swap("rule_epoch", "b = b + learning_rate * error",
                                                           "b = b - learning_rate * error"),
                                            {"02_xor.RULE_SIGN", "02_xor.RULE_UPDATE"}, True),
    "xor-with-the-gates-in-another-order": ("02_xor", define('''
        def XOR(x1, x2):
            return AND(OR(x1, x2), NAND(x1, x2))
    '''), set(), False),
    "layer-as-a-rounded-sigmoid": ("02_xor", swap("layer", "(X @ W + b > 0).astype(int)",
                                                  "np.round(1 / (1 + np.exp(-(X @ W + b))))"),
                                   {"02_xor.LAYER_OUTPUT_TYPE"}, True),
    "smooth-network-without-b2": ("02_xor", swap("smooth_network", "H @ params['W2'] + params['b2']",
                                                 "H @ params['W2']"), {"02_xor.SMOOTH_FORWARD"}, True),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every realistic answer graded (one class per assignment), the 01 feedback generated."""
    out = {}
    for assignment in sorted({a for a, *_ in REALISTIC.values()}):
        course = classroom.new_course(tmp_path_factory.mktemp("diagnosis") / assignment, [assignment])
        solution = classroom.solution_notebook(assignment)
        students = [name for name, (a, *_) in REALISTIC.items() if a == assignment]
        for name in students:
            classroom.submit(course, name, assignment, apply(solution, REALISTIC[name][1]))
        outcomes = autograde(assignment, students, jobs=2, root=course)
        assert all(o.success for o in outcomes), [o.reason for o in outcomes]
        if assignment == "01_perceptron":
            run_nbgrader("generate_feedback", assignment, "--force", "--student", "and-behaves-as-or", root=course)
        for report in read_reports(course, assignment):
            out[report.student] = (course, report)
    return out


@pytest.mark.nbgrader
@pytest.mark.parametrize("name", list(REALISTIC))
def test_realistic_wrong_answer_is_not_misdiagnosed(graded, name):
    _course, report = graded[name]
    fair, must_fail = REALISTIC[name][2], REALISTIC[name][3]
    named = {key for d in report.diagnoses for key in d.get("mistakes") or []}
    assert named <= fair, f"{name} named {sorted(named - fair)}: {report.diagnoses}"
    if not must_fail:  # a correct answer written differently: nothing failed, nothing diagnosed
        assert not report.diagnoses, report.diagnoses


@pytest.mark.nbgrader
def test_feedback_names_the_mistake_like_a_tutor(graded):
    course, _report = graded["and-behaves-as-or"]
    page = (course / "feedback" / "and-behaves-as-or" / "01_perceptron" / "01_perceptron.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert PREFIX in text and "1.4 Logic gates" in text
    assert "course/grading.py" not in text and "grading.py" not in text  # the checking helpers' frames
    assert str(course) not in text and "site-packages" not in text


def test_readable_traceback_drops_helper_frames_and_machine_paths():
    tb = ["\x1b[0;31mAssertionError\x1b[0m   Traceback (most recent call last)",
          "Cell In[3], line 1\n----> 1 check_array('step(z)', step(z), want)",
          "File \x1b[0;32m/srv/x/course/grading.py:167\x1b[0m, in \x1b[0;36mcheck_array\x1b[0m\n--> 167 fail(m)",
          "File /srv/x/.venv/lib/python3.11/site-packages/numpy/core/fromnumeric.py:59, in _wrapfunc\n 59 ...",
          "AssertionError: step(z) has wrong values (see /srv/x/data/file.npz)"]
    out = readable_traceback(tb, [("/srv/x/.venv/lib/", "<python>/"), ("/srv/x/", "<course>/")])
    text = "\n".join(out)
    assert "grading.py" not in text and "check_array('step(z)'" in text
    assert "File numpy/core/fromnumeric.py:59" in text and "/srv/x" not in text
    assert out[-1] == "AssertionError: step(z) has wrong values (see <course>/data/file.npz)"
