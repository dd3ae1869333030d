"""Visible tests announce every case the hidden tests grade: no student is surprised by a hidden case.

Rule (README, "Writing and changing notebooks"): when a graded function's docstring allows a choice, written
as ``name: ... one of "a", "b", "c"``, the visible tests of that function call it with every one of those
values (the default counts when a visible test calls the function without that argument). Hidden tests then
add fresh values, never unannounced cases.
"""
import ast
import re

import nbformat
import pytest

from instructor.coursedir import assignments, notebooks

ONE_OF = re.compile(r'one of ((?:"[^"]+"(?:,\s*|\s+or\s+|,\s*or\s+)?)+)')
HIDDEN = "### BEGIN HIDDEN TESTS"


def documented_choices(function: ast.FunctionDef) -> dict[str, list[str]]:
    """{argument: allowed string values} from the ``Args:`` section of ``function``'s docstring."""
    doc = ast.get_docstring(function) or ""
    choices, current, text = {}, None, {}
    arguments = {a.arg for a in function.args.args}
    for line in doc.splitlines():
        match = re.match(r"\s*(\w+):(.*)", line)
        if match and match.group(1) in arguments:
            current = match.group(1)
            text[current] = match.group(2)
        elif current and line.startswith(" " * 8):
            text[current] += " " + line.strip()
        else:
            current = None
    for argument, description in text.items():
        found = ONE_OF.search(description)
        if found:
            choices[argument] = re.findall(r'"([^"]+)"', found.group(1))
    return choices


def defaults(function: ast.FunctionDef) -> dict[str, object]:
    args = function.args.args
    return {a.arg: ast.literal_eval(d) for a, d in zip(args[len(args) - len(function.args.defaults):],
                                                      function.args.defaults)
            if isinstance(d, ast.Constant)}


def graded_functions(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.FunctionDef):
                    yield node


def visible_tests(nb) -> list[str]:
    return [cell.source.split(HIDDEN)[0] for cell in nb.cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")]


def uncovered(nb) -> list[str]:
    tests = visible_tests(nb)
    missing = []
    for function in graded_functions(nb):
        calling = [t for t in tests if re.search(rf"\b{function.name}\s*\(", t)]
        strings = {node.value for t in calling for node in ast.walk(ast.parse(t))
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        for argument, values in documented_choices(function).items():
            default = defaults(function).get(argument)
            for value in values:
                if value not in strings and not (value == default and calling):
                    missing.append(f"{function.name}({argument}={value!r})")
    return missing


@pytest.mark.parametrize("assignment", assignments())
def test_visible_tests_call_every_documented_choice(assignment):
    (path,) = notebooks(assignment, kind="source")
    missing = uncovered(nbformat.read(path, as_version=4))
    assert not missing, (f"{assignment}: the docstrings allow these, but no visible test calls them "
                         f"(the hidden tests must not be the first to): {', '.join(missing)}")


def test_the_rule_reads_docstrings_and_tests():
    source = '''
def forward(X, params, activation="tanh"):
    """Forward pass.

    Args:
        X: inputs.
        activation: the hidden activation, one of "tanh", "relu",
            "sigmoid" or "leaky_relu".
    """
'''
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"solution": True, "grade_id": "f"}}),
                nbformat.v4.new_code_cell('forward(X, p)\nforward(X, p, "relu")\n' + HIDDEN + '\nforward(X, p, "sigmoid")',
                                          metadata={"nbgrader": {"grade": True, "grade_id": "t"}})]
    function = next(graded_functions(nb))
    assert documented_choices(function) == {"activation": ["tanh", "relu", "sigmoid", "leaky_relu"]}
    assert uncovered(nb) == ["forward(activation='sigmoid')", "forward(activation='leaky_relu')"]


def test_the_course_documents_its_choices():
    """The rule has something to check: the chapters with options write them the way it reads."""
    documented = {(assignment, function.name)
                  for assignment in assignments()
                  for function in graded_functions(nbformat.read(notebooks(assignment, kind="source")[0],
                                                                 as_version=4))
                  if documented_choices(function)}
    assert {("04_vectorised_net", "backward"), ("06_deep_net", "forward")} <= documented
