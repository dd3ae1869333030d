"""What the tests' process needs from the instructor's notebook: the student's names, and given cells.

Test cells run in the tests' process, where they must see what they would see in the notebook: the
instructor's imports and helpers, the data that given cells build, and the student's functions. From the
instructor's notebook in ``source/`` (never from the submission):

- the *student's names* are those that solution cells bind at their top level (functions, classes,
  constants), less those that an instructor's cell binds too (``np`` stays the instructor's ``np``);
  the tests' process binds them to the student's objects (`grader.isolation.proxy`);
- the *given cells* that a test cell needs, directly or through other given cells, are run in the tests'
  process before it, in the notebook's order, each once (their output is not kept: the student's own run
  of the same cells shows it). A given cell is needed when it binds a name that the test cell, or another
  needed given cell, uses. Cells that only draw figures or animate are therefore never run twice.
"""
from __future__ import annotations

import ast
import functools
import symtable
from dataclasses import dataclass, field


def is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def python_source(cell_source: str) -> str:
    """The Python that IPython runs for a cell (magics and ``!`` commands become get_ipython() calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(cell_source)
    except Exception:  # noqa: BLE001 - not transformable: read it as plain Python
        return cell_source


def _without_magics(source: str) -> str:
    """A given cell as the tests' process runs it: without IPython magics and shell commands (``%matplotlib
    widget`` and the like only matter for the figures, which the tests' process does not draw)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(python_source(source))
    except SyntaxError:
        return None


def used_names(source: str) -> set[str]:
    """The global names the code reads, in any of its scopes (a function's own locals are not included;
    a name the cell both binds and reads is: a superset of what it needs, never too few)."""
    try:
        top = symtable.symtable(python_source(source), "<cell>", "exec")
    except SyntaxError:
        return set()
    out = set()

    def walk(table, module: bool) -> None:
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (module or symbol.is_global() or
                                           (table.get_type() == "class" and not symbol.is_local())):
                out.add(symbol.get_name())
        for child in table.get_children():
            walk(child, False)

    walk(top, True)
    return out


def bound_names(tree: ast.Module) -> tuple[set[str], set[str], bool]:
    """``(names bound at top level, of them those bound by imports, star import present)``."""
    bound, imported, star = set(), set(), False
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
              ast.DictComp, ast.GeneratorExp)

    def visit(node):
        nonlocal star
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    star = True
                else:
                    name = alias.asname or alias.name.split(".")[0]
                    bound.add(name)
                    imported.add(name)
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        if isinstance(node, scopes):
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return bound, imported, star


@dataclass
class _Cell:
    index: int
    source: str
    used: set
    bound: set
    star: bool


@dataclass
class Plan:
    """The student's names, and for each test cell (by grade_id) the given cells to run before it."""
    student_names: frozenset = frozenset()
    given_before: dict = field(default_factory=dict)  # grade_id -> [source of a given cell, ...]


def plan_for(path) -> Plan | None:
    """The plan of the instructor's notebook at ``path`` (None when it cannot be read); computed once per
    version of the file in a grading process."""
    import os
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _plan_for(str(path), stamp)


@functools.lru_cache(maxsize=32)
def _plan_for(path: str, stamp: int) -> Plan | None:
    import nbformat
    try:
        return make_plan(nbformat.read(path, as_version=4))
    except Exception:  # noqa: BLE001 - unreadable: the caller says what that means
        return None


def make_plan(source_nb) -> Plan:
    """The plan for grading submissions of the instructor's notebook ``source_nb``."""
    solution_bound, instructor_bound = set(), set()
    given: list[_Cell] = []
    tests: list[tuple[int, str, set]] = []
    for index, cell in enumerate(source_nb.cells):
        if cell.get("cell_type") != "code":
            continue
        tree = _parse(cell.source)
        if tree is None:
            continue
        bound, imported, star = bound_names(tree)
        if is_solution_cell(cell):
            solution_bound |= bound - imported
        elif is_test_cell(cell):
            tests.append((index, cell.metadata["nbgrader"]["grade_id"], used_names(cell.source)))
            instructor_bound |= bound
        else:
            given.append(_Cell(index, _without_magics(cell.source), used_names(cell.source), bound, star))
            instructor_bound |= bound
    plan = Plan(frozenset(solution_bound - instructor_bound))
    done: set[int] = set()
    for test_index, grade_id, needed in tests:
        needed = set(needed)
        chosen: set[int] = set()
        changed = True
        while changed:
            changed = False
            for cell in given:
                if cell.index > test_index or cell.index in chosen or cell.index in done:
                    continue
                if cell.star or cell.bound & needed:
                    chosen.add(cell.index)
                    needed |= cell.used
                    changed = True
        plan.given_before[grade_id] = [c.source for c in given if c.index in chosen]
        done |= chosen
    return plan
