"""No graded answer can be read anywhere students look: another notebook, or the course/ package.

The comparison (instructor/giveaways.py) is by syntax tree with the answer's own names renamed and numbers
blurred, so a rewritten copy (other variable names, other weights for the same gate) counts too.
"""
import textwrap

import pytest

from instructor.giveaways import Answer, find, fingerprint, giveaways, graded_answers, public_code
from instructor.publish import leaks

ANSWER_SOURCE = '''
def AND(x1, x2):
    """Docstring."""
    ### BEGIN SOLUTION
    w = np.array([0.5, 0.5])
    return perceptron(np.array([x1, x2]), w, -0.7)
    ### END SOLUTION
'''


def answer_of(source: str) -> Answer:
    import ast

    function = ast.parse(textwrap.dedent(source)).body[0]
    body = [s for s in function.body[1:]]
    own = {a.arg for a in function.args.args} | {n.id for n in ast.walk(function)
                                                 if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return Answer("01_perceptron:gates", function.name, fingerprint(body, own))


AND_ANSWER = answer_of(ANSWER_SOURCE)


@pytest.mark.parametrize("copy", [
    # renamed and reweighted, still the answer
    '''
    def conjunction(a, b):
        weights = np.array([1.0, 1.0])
        return perceptron(np.array([a, b]), weights, -1.5)
    ''',
    # inside a loop of a longer function
    '''
    def table(pairs):
        for a, b in pairs:
            w = np.array([2, 2])
            return perceptron(np.array([a, b]), w, -3)
    ''',
])
def test_a_rewritten_copy_is_found(copy):
    (hit,) = find([AND_ANSWER], textwrap.dedent(copy), "cell")
    assert hit.startswith("cell, line ") and hit.endswith("the graded answer of AND (01_perceptron:gates)")


def test_different_code_and_stubs_are_not_answers():
    assert find([AND_ANSWER], "def AND(x1, x2):\n    # YOUR CODE HERE\n    raise NotImplementedError()", "x") == []
    assert find([AND_ANSWER], "def AND(x1, x2):\n    w = np.array([0.5, 0.5])\n    return OR(x1, x2)", "x") == []
    assert find([AND_ANSWER], "this is not python (", "x") == []


def test_every_course_answer_is_fingerprinted():
    answers = graded_answers()
    names = {answer.name for answer in answers}
    assert {"step", "XOR", "MulLayer.backward", "softmax"} <= names
    assert all(len(answer.fingerprint) >= 1 for answer in answers)


def test_no_notebook_and_no_course_module_gives_a_graded_answer_away():
    hits = giveaways(public_code())
    assert not hits, "graded answers readable outside their solution cells:\n" + "\n".join(hits)


def test_publish_refuses_a_copy_holding_a_rewritten_answer(tmp_path):
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "helpers.py").write_text(textwrap.dedent('''
        def gate(a, b):
            return perceptron(np.array([a, b]), np.array([1.0, 1.0]), -1.5)
    '''))
    found = [leak for leak in leaks(tmp_path) if "graded answer" in leak]
    assert any("course/helpers.py" in leak for leak in found), found


def test_a_correct_alternative_from_the_catalogue_is_an_answer_too():
    hits = find(graded_answers(), "def encode(labels, k):\n    return np.eye(k)[:, labels]\n", "course/x.py")
    assert hits and "one_hot (05_mnist, a correct alternative:one_hot)" in hits[0]
