"""Find graded answers that students could read somewhere else: in another notebook, or in ``course/``.

A graded answer is what a solution region (``### BEGIN SOLUTION`` ... ``### END SOLUTION``) holds inside a
function (or method) of a source notebook. Its fingerprint is that code's syntax tree with its own names
(arguments and local variables) renamed in order of appearance and every number replaced by one
placeholder, so renaming ``x`` to ``inputs``, other weights for the same gate, or reformatting do not hide a
copy; names from outside the function (``np.maximum``, ``perceptron``) and strings (dict keys) are kept,
since they are what the answer says. A copy counts when the whole solution appears as a run of consecutive
statements anywhere in the public code (any function body, loop, branch or top level of a release notebook or
a ``course/`` module).

The correct alternatives of the wrong-answer catalogues (``instructor/mutants``) count as answers too: a
different correct ``one_hot`` given away is still ``one_hot`` given away.

Bodies too small to be an answer (``return np.tanh(z)``) are ignored: a run must hold at least
``MIN_NODES`` syntax nodes.

    python -m instructor.giveaways          # list every giveaway in the repository's public code
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.paths import COURSE_ROOT

MIN_NODES = 12


@dataclass(frozen=True)
class Answer:
    where: str        # "02_xor:xor_network" (assignment:grade_id)
    name: str         # the function (or Class.method)
    fingerprint: tuple  # one ast dump per statement of the body


def python_of_cell(source: str) -> str:
    """A code cell as Python: IPython magics and shell lines become comments."""
    return "\n".join("# " + line if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _body(function: ast.AST) -> list[ast.stmt]:
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return body


class _Renamer(ast.NodeTransformer):
    """Rename the given names to v0, v1, ... in order of first appearance (source order)."""

    def __init__(self, own: set[str]):
        self.own = own
        self.names: dict[str, str] = {}

    def _rename(self, name: str) -> str:
        if name not in self.own:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._rename(node.id), ctx=node.ctx), node)

    def visit_arg(self, node):
        return ast.copy_location(ast.arg(arg=self._rename(node.arg), annotation=None), node)

    def visit_Constant(self, node):
        if isinstance(node.value, (int, float, complex)) and not isinstance(node.value, bool):
            return ast.copy_location(ast.Constant(value=0), node)
        return node

    def visit_UnaryOp(self, node):  # -0.7 and 0.7 are the same placeholder
        if isinstance(node.op, (ast.USub, ast.UAdd)) and isinstance(node.operand, ast.Constant):
            return self.visit_Constant(node.operand)
        return self.generic_visit(node)


def _own_names(function: ast.AST) -> set[str]:
    """Arguments and names bound inside ``function`` (its own vocabulary)."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
    return names


def fingerprint(statements: list[ast.stmt], own: set[str]) -> tuple:
    renamer = _Renamer(own)
    module = renamer.visit(ast.Module(body=[ast.parse(ast.unparse(s)).body[0] for s in statements],
                                      type_ignores=[]))
    return tuple(ast.dump(s) for s in module.body)


def _size(statements) -> int:
    return sum(1 for s in statements for _ in ast.walk(s))


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield prefix + node.name, node
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")


def _solution_lines(source: str) -> set[int]:
    """Line numbers (1-based) inside the cell's solution regions."""
    lines, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.strip().lstrip("#").strip()
        if marker.startswith("BEGIN SOLUTION"):
            inside = True
        elif marker.startswith("END SOLUTION"):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def _solution_functions(nb):
    """(grade_id, name, function node, solution line numbers) of every function in ``nb``'s solution cells."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            solution = _solution_lines(cell.source)
            for name, function in _functions(ast.parse(python_of_cell(cell.source))):
                yield meta.get("grade_id"), name, function, solution


def _answers_of(nb, assignment: str, solution_nb=None) -> list[Answer]:
    """The answers written in ``nb``'s solution regions; with ``solution_nb``, ``nb`` is a correct alternative
    and its answers are the whole bodies of the functions it rewrote (a rewritten function has no markers)."""
    original = {}
    if solution_nb is not None:
        original = {name: fingerprint(_body(f), _own_names(f)) for _, name, f, _ in _solution_functions(solution_nb)}
    answers = []
    for grade_id, name, function, solution in _solution_functions(nb):
        if solution_nb is None:
            body = [s for s in _body(function) if s.lineno in solution]
        else:
            body = _body(function)
            if original.get(name) == fingerprint(body, _own_names(function)):
                continue
        if _size(body) >= MIN_NODES:
            answers.append(Answer(f"{assignment}:{grade_id}", name, fingerprint(body, _own_names(function))))
    return answers


def graded_answers(root: Path = COURSE_ROOT) -> list[Answer]:
    """The solution code of every function in the source notebooks, where it is large enough to matter, and
    the catalogue's correct alternatives to it (another correct answer is just as much a giveaway)."""
    from instructor.mutants import catalogue

    answers = []
    for path in sorted((Path(root) / "source").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        answers += _answers_of(nb, path.parent.name)
        for alternative in catalogue(path.parent.name)[1]:
            answers += _answers_of(alternative.notebook(nb), path.parent.name + ", a correct alternative", nb)
    return answers


def _statement_lists(tree: ast.AST):
    """(own names, statement list) for every block of code in ``tree``."""
    scopes = [(tree, _own_names(tree))]
    scopes += [(node, _own_names(node)) for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    for scope, own in scopes:
        for node in ast.walk(scope):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    yield own, (_body(node) if field == "body" and hasattr(node, "name") else block)


def find(answers: list[Answer], code: str, where: str) -> list[str]:
    """Where the public ``code`` (Python source) holds one of ``answers``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    wanted = {}
    for answer in answers:
        wanted.setdefault(len(answer.fingerprint), {}).setdefault(answer.fingerprint[0], []).append(answer)
    found: dict[int, set[str]] = {}
    for own, block in _statement_lists(tree):
        for length, by_first in wanted.items():
            for start in range(len(block) - length + 1):
                run = block[start:start + length]
                first = fingerprint(run[:1], own)[0]
                for answer in by_first.get(first, []):
                    if fingerprint(run, own) == answer.fingerprint:
                        found.setdefault(run[0].lineno, set()).add(f"{answer.name} ({answer.where})")
    return [f"{where}, line {line}: the graded answer of {' or '.join(sorted(names))}"
            for line, names in sorted(found.items())]


def public_code(root: Path = COURSE_ROOT):
    """(where, Python source) of everything students get: release notebooks' code cells and course/."""
    root = Path(root)
    for path in sorted((root / "release").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                yield f"{path.relative_to(root).as_posix()} cell {index}", python_of_cell(cell.source)
    for path in sorted((root / "course").rglob("*.py")):
        yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")


def giveaways(public, root: Path = COURSE_ROOT) -> list[str]:
    """Every place in ``public`` ((where, code) pairs) that holds a graded answer of ``root``'s notebooks."""
    answers = graded_answers(root)
    return [hit for where, code in public for hit in find(answers, code, where)]


def main() -> int:
    hits = giveaways(public_code())
    print("\n".join(hits) or "no graded answer is readable outside its own solution cell")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
