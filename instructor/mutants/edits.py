"""Small edits of the instructor's solutions, addressed by the name a solution cell defines.

A catalogue entry does not copy a solution: it says what to change in it, and the change is applied to the
source notebook at test time, so a mutant cannot drift from the solution it mutates.

- ``swap(name, old, new)``: inside the top-level definition of ``name`` (a function, a class or an assigned
  variable), replace the code ``old`` by ``new``. ``old`` is one expression, or one or more consecutive
  statements, and it is found by its syntax tree: spacing, line breaks, parentheses and comments in the
  solution do not matter. It must occur exactly ``count`` times (all of them are replaced); otherwise the
  edit fails and says the catalogue no longer matches the solution.
- ``define(code)``: replace the top-level definitions of the names ``code`` defines with ``code``, for the
  mistakes (and correct alternatives) that are a different function rather than a changed line. Names the
  solution does not define yet are added next to those it replaces, or at the end of ``cell``.

    >>> swap("layer", "X @ W + b > 0", "X @ W + b >= 0")
"""
from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass

import nbformat

# Expressions that never need parentheses around them, wherever they replace another expression.
_ATOMS = (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Call, ast.List, ast.Dict, ast.Set,
          ast.ListComp, ast.DictComp, ast.SetComp)


class CatalogueError(ValueError):
    """An edit does not apply to the current solution (the catalogue needs updating)."""


@dataclass(frozen=True)
class Swap:
    name: str
    old: str
    new: str
    count: int = 1

    def describe(self) -> str:
        return f"swap in {self.name}: {self.old!r} -> {self.new!r}"


@dataclass(frozen=True)
class Define:
    code: str
    cell: str | None = None

    def describe(self) -> str:
        return "define " + ", ".join(sorted(_bound_names(ast.parse(_dedent(self.code)).body)))


def swap(name: str, old: str, new: str, count: int = 1) -> Swap:
    """Replace the code ``old`` by ``new`` inside the top-level definition of ``name``."""
    return Swap(name, _dedent(old), _dedent(new), count)


def define(code: str, cell: str | None = None) -> Define:
    """Replace the top-level definitions of the names ``code`` defines (in the solution cell holding them)."""
    return Define(_dedent(code), cell)


def apply(nb: nbformat.NotebookNode, edits) -> nbformat.NotebookNode:
    """A copy of ``nb`` with ``edits`` (one edit or a sequence) applied in order."""
    nb = nbformat.from_dict(nb)  # deep copy
    for edit in ([edits] if isinstance(edits, (Swap, Define)) else edits):
        try:
            if isinstance(edit, Swap):
                _apply_swap(nb, edit)
            else:
                _apply_define(nb, edit)
        except CatalogueError as exc:
            raise CatalogueError(f"{edit.describe()}: {exc}") from None
    return nb


def cells_touched(nb: nbformat.NotebookNode, edits) -> set[str]:
    """grade_ids of the solution cells that ``edits`` change."""
    before = {_grade_id(c): c.source for c in _solution_cells(nb)}
    after = {_grade_id(c): c.source for c in _solution_cells(apply(nb, edits))}
    return {cell for cell in before if before[cell] != after[cell]}


# ------------------------------------------------------------------------------------------ swap

def _apply_swap(nb, edit: Swap) -> None:
    cell, node = _definition(nb, edit.name)
    source = _Source(cell.source)
    matches = _find(node, edit.old)
    if len(matches) != edit.count:
        raise CatalogueError(f"found {len(matches)} occurrence(s) in the solution, expected {edit.count}")
    for first, last in sorted(matches, key=lambda m: (m[0].lineno, m[0].col_offset), reverse=True):
        if isinstance(first, ast.stmt):
            new = textwrap.indent(edit.new, " " * first.col_offset)[first.col_offset:]
        else:
            bare = _needs_no_parentheses(first, edit.new) or (
                source.parenthesised(first) and not isinstance(ast.parse(edit.new, mode="eval").body, ast.Tuple))
            new = edit.new if bare else f"({edit.new})"
        source.replace(first, last, new)
    cell.source = _checked(source.text(), edit.name)


def _find(scope: ast.AST, old: str) -> list[tuple[ast.AST, ast.AST]]:
    """(first, last) nodes of every occurrence of ``old`` (an expression, or a run of statements) in ``scope``."""
    try:
        wanted = ast.parse(old, mode="eval").body
    except SyntaxError:
        wanted = None
    if wanted is not None:
        key = ast.dump(wanted)
        return [(n, n) for n in ast.walk(scope) if isinstance(n, ast.expr) and ast.dump(n) == key]
    try:
        statements = ast.parse(old).body
    except SyntaxError as exc:
        raise CatalogueError(f"{old!r} is neither an expression nor statements: {exc}") from None
    keys = [ast.dump(s) for s in statements]
    found = []
    for node in ast.walk(scope):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list):
                continue
            for i in range(len(body) - len(keys) + 1):
                if [ast.dump(s) for s in body[i:i + len(keys)]] == keys:
                    found.append((body[i], body[i + len(keys) - 1]))
    return found


def _needs_no_parentheses(replaced: ast.expr, new: str) -> bool:
    if isinstance(replaced, ast.Slice):
        return True
    try:
        return isinstance(ast.parse(new, mode="eval").body, _ATOMS)
    except SyntaxError:
        raise CatalogueError(f"{new!r} is not an expression") from None


# ---------------------------------------------------------------------------------------- define

def _apply_define(nb, edit: Define) -> None:
    statements = ast.parse(edit.code).body
    names = _bound_names(statements)
    existing = [(name, *_definition(nb, name, missing_ok=True)) for name in sorted(names)]
    existing = [(name, cell, node) for name, cell, node in existing if cell is not None]
    cells = {_grade_id(cell) for _, cell, _ in existing} | ({edit.cell} if edit.cell else set())
    if len(cells) != 1:
        raise CatalogueError(f"the names it defines must live in one solution cell, found {sorted(cells) or 'none'}"
                             " (name the cell for new names)")
    (grade_id,) = cells
    cell = next(c for c in _solution_cells(nb) if _grade_id(c) == grade_id)
    source = _Source(cell.source)
    nodes = sorted({id(node): node for _, _, node in existing}.values(), key=lambda n: n.lineno)
    if not nodes:
        cell.source = _checked(cell.source.rstrip("\n") + "\n\n\n" + edit.code, grade_id)
        return
    for node in reversed(nodes[1:]):
        source.replace_lines(node, "")
    source.replace_lines(nodes[0], edit.code)
    cell.source = _checked(source.text(), grade_id)


# ---------------------------------------------------------------------------------------- helpers

def _dedent(code: str) -> str:
    return textwrap.dedent(code).strip("\n")


def _grade_id(cell) -> str:
    return cell.metadata["nbgrader"]["grade_id"]


def _solution_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]


def _bound_names(statements) -> set[str]:
    names = set()
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
    return names


def _definition(nb, name: str, missing_ok: bool = False):
    """The solution cell whose top level defines ``name``, and that definition's statement."""
    found = [(cell, statement) for cell in _solution_cells(nb) for statement in ast.parse(cell.source).body
             if name in _bound_names([statement])]
    if len(found) == 1:
        return found[0]
    if not found and missing_ok:
        return None, None
    raise CatalogueError(f"{len(found)} top-level definitions of {name!r} in the solution cells, expected one")


def _checked(source: str, where: str) -> str:
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise CatalogueError(f"the edited cell ({where}) does not parse: {exc}") from None
    return source


class _Source:
    """Cell text edited by node positions (which count UTF-8 bytes within a line)."""

    def __init__(self, text: str):
        self.lines = text.encode("utf-8").splitlines(keepends=True)

    def _offset(self, lineno: int, col: int) -> int:
        return sum(len(line) for line in self.lines[:lineno - 1]) + col

    def replace(self, first: ast.AST, last: ast.AST, new: str) -> None:
        data = b"".join(self.lines)
        start = self._offset(first.lineno, first.col_offset)
        end = self._offset(last.end_lineno, last.end_col_offset)
        self.lines = (data[:start] + new.encode("utf-8") + data[end:]).splitlines(keepends=True)

    def parenthesised(self, node: ast.AST) -> bool:
        """Whether ``node``'s text is already enclosed in parentheses of its own."""
        data = b"".join(self.lines)
        before = data[:self._offset(node.lineno, node.col_offset)].rstrip()
        after = data[self._offset(node.end_lineno, node.end_col_offset):].lstrip()
        return before.endswith(b"(") and after.startswith(b")")

    def replace_lines(self, node: ast.stmt, new: str) -> None:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        replacement = [line.encode("utf-8") for line in (new + "\n").splitlines(keepends=True)] if new else []
        self.lines[first - 1:node.end_lineno] = replacement

    def text(self) -> str:
        return b"".join(self.lines).decode("utf-8")
