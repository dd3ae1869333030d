"""Catalogues of typical wrong answers (mutants) and valid alternative answers, one module per assignment.

A module ``instructor/mutants/m<assignment>.py`` (``m01_perceptron.py`` for ``01_perceptron``) defines

    STEP_AT_ZERO = Misconception("The step must stay off when w . x + b is exactly 0 ...")
    MUTANTS = [Mutant(name, edits, fails={...}, why=STEP_AT_ZERO), ...]
    ALTERNATIVES = [Alternative(name, edits), ...]

``edits`` (one edit or a list, see ``instructor.mutants.edits``) change the instructor's solution: a small
``swap`` of one expression or statement inside a named function, or a ``define`` that replaces a whole
definition where the mistake is structural. They are applied to the source notebook when the catalogue is
graded, so an entry is the mistake itself, never a copy of the solution around it.

A mutant must make exactly the test cells in ``fails`` lose their points and leave every other test cell at
full marks; an alternative is a different but correct answer that must keep full marks everywhere. The
mutation tests grade each one with real ``nbgrader autograde``; the demo class's buggy student hands in the
mutants marked ``demo=True``.

Every mutant names its misconception (``why``): one or two sentences for the student, naming the mistake and
the idea to think about (never the code), and optionally the notebook section that explains it (by default
the section of the solution cell the mutant edits, see `section`). Mutants that are the same misconception
share one `Misconception` constant of their module: that constant is what grading shows a student whose
function behaves like one of them (``grader.diagnosis``), and what the class report counts.

The most common misconceptions are marked ``probe=True``: the visible tests of the cells they fail recognise
them too (``python -m instructor.probes`` writes what each gives on the visible inputs into those cells), so a
student reads the misconception while working, not only in the feedback.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import nbformat

from instructor.mutants.edits import CatalogueError, Define, Swap, apply, define, swap

__all__ = ["Alternative", "CatalogueError", "Misconception", "Mutant", "catalogue", "define", "section", "swap"]


@dataclass(frozen=True)
class Misconception:
    """A student-facing explanation shared by the mutants that are one misconception.

    ``key`` is the constant's name in its catalogue module (set by `catalogue`): equal keys, equal mistake.
    """
    text: str
    section: str = ""
    key: str = field(default="", compare=False)


def _as_edits(edits) -> tuple:
    edits = (edits,) if isinstance(edits, (Swap, Define)) else tuple(edits)
    if not edits or not all(isinstance(e, (Swap, Define)) for e in edits):
        raise TypeError("edits must be one swap(...)/define(...) or a non-empty list of them")
    return edits


@dataclass(frozen=True)
class Alternative:
    name: str
    edits: tuple

    def __post_init__(self):
        object.__setattr__(self, "edits", _as_edits(self.edits))

    def notebook(self, solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """The solution notebook with this entry's edits applied."""
        try:
            return apply(solution, self.edits)
        except CatalogueError as exc:
            raise CatalogueError(f"{self.name!r}: {exc}") from None


@dataclass(frozen=True)
class Mutant(Alternative):
    fails: frozenset = field(default_factory=frozenset)
    demo: bool = False
    why: Misconception | None = None
    probe: bool = False

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "fails", frozenset(self.fails))
        if not self.fails:
            raise ValueError(f"mutant {self.name!r} names no test cell that must catch it")
        if self.why is not None and not isinstance(self.why, Misconception):
            raise TypeError(f"mutant {self.name!r}: why must be a Misconception constant")


def catalogue(assignment: str) -> tuple[list[Mutant], list[Alternative]]:
    """The mutants and alternatives of ``assignment`` (empty lists when it has no catalogue yet)."""
    try:
        module = importlib.import_module(f"instructor.mutants.m{assignment}")
    except ModuleNotFoundError as exc:
        if exc.name != f"instructor.mutants.m{assignment}":
            raise
        return [], []
    for name, value in vars(module).items():
        if isinstance(value, Misconception) and not value.key:
            object.__setattr__(value, "key", f"{assignment}.{name}")
    return list(module.MUTANTS), list(getattr(module, "ALTERNATIVES", []))


def section(solution: nbformat.NotebookNode, entry: Alternative) -> str:
    """The notebook section that explains ``entry``'s mistake: its misconception's own ``section``, else the
    title of the last heading above the first solution cell its edits change."""
    why = getattr(entry, "why", None)
    if why is not None and why.section:
        return why.section
    from instructor.mutants.edits import cells_touched
    try:
        touched = cells_touched(solution, entry.edits)
    except CatalogueError:
        return ""
    heading = ""
    for cell in solution.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        elif cell.metadata.get("nbgrader", {}).get("grade_id") in touched:
            return heading
    return heading
