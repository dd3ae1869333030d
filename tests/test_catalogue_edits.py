"""The edits that turn a solution into a catalogue entry: found by syntax, applied exactly, loud when stale."""
import ast

import nbformat
import pytest

from instructor.mutants import Alternative, Mutant
from instructor.mutants.edits import CatalogueError, apply, cells_touched, define, swap

SOLUTION = '''\
def layer(X, W, b):
    """Docstring: X @ W + b > 0, with a non-ASCII character: θ."""
    ### BEGIN SOLUTION
    z = (X @ W
         + b)  # a comment the catalogue does not repeat
    return (z > 0).astype(int)
    ### END SOLUTION


W1 = np.array([[-0.5, 0.5],
               [-0.5, 0.5]])
b1 = np.array([0.7, -0.2])
'''


def notebook(source=SOLUTION):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np"),
                nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade_id": "net", "solution": True}})]
    return nb


def edited(edits) -> str:
    return apply(notebook(), edits).cells[1].source


def test_swap_finds_an_expression_by_its_syntax_not_its_spelling():
    source = edited(swap("layer", "X @ W + b", "X @ W"))
    assert "z = (X @ W)  # a comment" in source  # the parentheses were the solution's own
    assert "θ" in source and "### END SOLUTION" in source  # the rest of the cell is untouched


def test_swap_parenthesises_where_precedence_needs_it():
    source = edited(swap("layer", "z > 0", "z - 1 > 0"))
    assert "return (z - 1 > 0).astype(int)" in source
    function = ast.parse(edited(swap("layer", "b", "b - 1"))).body[0]
    assigned = next(n for n in ast.walk(function) if isinstance(n, ast.Assign))
    assert ast.unparse(assigned.value) == "X @ W + (b - 1)"


def test_swap_replaces_statements_at_their_indentation():
    source = edited(swap("layer", "return (z > 0).astype(int)", "z = z.T\nreturn (z >= 0).astype(int)"))
    assert "    z = z.T\n    return (z >= 0).astype(int)\n" in source
    ast.parse(source)


def test_swap_in_a_parameter_and_count():
    assert "b1 = np.array([0.7, 0.2])" in edited(swap("b1", "-0.2", "0.2"))
    positive = ast.parse(edited(swap("W1", "-0.5", "0.5", count=2))).body[1]
    assert ast.unparse(positive) == "W1 = np.array([[0.5, 0.5], [0.5, 0.5]])"


def test_stale_edits_fail_loudly():
    with pytest.raises(CatalogueError, match="found 0 occurrence"):
        edited(swap("layer", "X @ W + b + 1", "X"))
    with pytest.raises(CatalogueError, match="found 4 occurrence"):
        edited(swap("W1", "0.5", "1.0"))
    with pytest.raises(CatalogueError, match="0 top-level definitions of 'missing'"):
        edited(swap("missing", "x", "y"))
    with pytest.raises(CatalogueError, match="is not an expression"):
        edited(swap("layer", "z > 0", "z >"))
    with pytest.raises(CatalogueError, match="does not parse"):
        edited(swap("layer", "return (z > 0).astype(int)", "return ("))


def test_define_replaces_a_definition_and_keeps_its_neighbours():
    source = edited(define('''
        def layer(X, W, b):
            return X @ W + b > 0
    '''))
    assert "return X @ W + b > 0" in source and "### BEGIN SOLUTION" not in source
    assert "W1 = np.array" in source and "b1 = np.array([0.7, -0.2])" in source


def test_define_adds_helpers_next_to_what_it_replaces():
    source = edited(define('''
        import math

        def layer(X, W, b):
            return int(math.copysign(1, X))
    '''))
    assert source.index("import math") < source.index("def layer") < source.index("W1 =")
    assert "W1" in edited(define("b1 = np.array([1.0, 1.0])"))
    with pytest.raises(CatalogueError, match="name the cell"):
        edited(define("def brand_new(): pass"))
    assert "def brand_new" in edited(define("def brand_new(): pass", cell="net"))


def test_edits_apply_in_order_to_a_copy():
    nb = notebook()
    out = apply(nb, [swap("layer", "z > 0", "z >= 0"), swap("layer", "z >= 0", "z > 1")])
    assert "(z > 1)" in out.cells[1].source and nb.cells[1].source == SOLUTION
    assert cells_touched(nb, swap("b1", "0.7", "0.8")) == {"net"}


def test_catalogue_entries_hold_edits():
    mutant = Mutant("ignores the bias", swap("layer", "X @ W + b", "X @ W"), fails={"test_layer"})
    assert "(X @ W)  #" in mutant.notebook(notebook()).cells[1].source
    with pytest.raises(ValueError, match="names no test cell"):
        Mutant("caught by nothing", swap("layer", "b", "0"))
    with pytest.raises(TypeError):
        Alternative("a whole cell as text", "def layer(X, W, b): ...")
    with pytest.raises(CatalogueError, match="'stale'"):
        Alternative("stale", swap("layer", "nothing_here", "x")).notebook(notebook())
