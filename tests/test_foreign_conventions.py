"""A solution pasted from another course's two-layer-network assignment fails, and the visible tests say why.

Notebook 04's exercise API is the course's own: examples are columns, ``params`` and ``grads`` share the keys
"W1", "b1", "W2", "b2", data comes first (``forward(X, params)``, ``backward(X, Y, params, cache)``). A
solution written for another convention (gradients keyed "dW1", one example per row, functions named
``forward_propagation``...) must not score, and the visible tests' messages must point at this course's
convention, so that a student who adapted such code learns what to change. Each submission below is graded
with real ``nbgrader autograde``.
"""
import nbformat
import pytest

from instructor import classroom
from instructor.autograde import autograde
from instructor.mutants import define, swap
from instructor.mutants.edits import apply
from instructor.scores import cell_scores

pytestmark = pytest.mark.nbgrader

A = "04_vectorised_net"
CONVENTION = "this course's functions are init_params"

# Gradients keyed "dW1", ... and an update that reads them so: consistent in itself, foreign here.
D_KEYS = [swap("backward", '{"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}',
               '{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}'),
          swap("sgd_step", "grads[key]", 'grads["d" + key]')]

# One example per row: X of shape (m, n_x), W1 of shape (n_x, n_h), biases as rows.
ROWS = [define('''
    def init_params(n_x, n_h, n_y, seed=0, scale="lecun"):
        rng = np.random.default_rng(seed)
        W1 = rng.standard_normal((n_x, n_h)) * np.sqrt(1 / n_x)
        W2 = rng.standard_normal((n_h, n_y)) * np.sqrt(1 / n_h)
        return {"W1": W1, "b1": np.zeros((1, n_h)), "W2": W2, "b2": np.zeros((1, n_y))}
'''), define('''
    def forward(X, params, activation="tanh"):
        g, _ = get_activation(activation)
        Z1 = X @ params["W1"] + params["b1"]
        A1 = g(Z1)
        Z2 = A1 @ params["W2"] + params["b2"]
        A2 = sigmoid(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''')]

# The other course's names and argument order, written in the cell where forward should be.
OTHER_NAMES = '''
def forward_propagation(X, parameters):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
'''


SUBMISSIONS = {
    # student: (edits, {test cell that must lose its points and name the convention})
    "d-keys": (D_KEYS, {"test_backward", "test_sgd_step"}),
    "rows-layout": (ROWS, {"test_init_params", "test_forward"}),
    "other-names": ([], {"test_forward"}),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = classroom.new_course(tmp_path_factory.mktemp("foreign") / "course", [A])
    solution = classroom.solution_notebook(A)
    for student, (edits, _) in SUBMISSIONS.items():
        nb = apply(solution, edits) if edits else classroom.replace_cell(solution, "forward", OTHER_NAMES)
        classroom.submit(course, student, A, nb)
    autograde(A, list(SUBMISSIONS), jobs=2, root=course)
    return course, cell_scores(A, course)


def _error_text(course, student, grade_id) -> str:
    nb = nbformat.read(course / "autograded" / student / A / f"{A}.ipynb", as_version=4)
    cell = classroom.cell_by_grade_id(nb, grade_id)
    return "\n".join(f"{o.get('ename', '')}: {o.get('evalue', '')}" for o in cell.get("outputs", [])
                     if o.output_type == "error")


@pytest.mark.parametrize("student", SUBMISSIONS)
def test_a_foreign_convention_fails_with_a_message_naming_the_course_convention(graded, student):
    course, scores = graded
    _, cells = SUBMISSIONS[student]
    got = scores[student]
    assert sum(s for s, _ in got.values()) < sum(m for _, m in got.values()), f"{student} kept full marks"
    for grade_id in cells:
        assert got[grade_id][0] == 0, f"{student}: {grade_id} scored {got[grade_id]}"
        message = _error_text(course, student, grade_id)
        assert CONVENTION in message, f"{student}: {grade_id} failed without naming the convention:\n{message}"
    if student == "d-keys":
        assert "'W1' (not 'dW1')" in _error_text(course, student, "test_backward")
