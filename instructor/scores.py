"""Scores as nbgrader's gradebook records them."""
from __future__ import annotations

from pathlib import Path

from instructor.coursedir import COURSE_ROOT, gradebook_url


def cell_scores(assignment: str, root: Path = COURSE_ROOT,
                db_url: str | None = None) -> dict[str, dict[str, tuple[float, float]]]:
    """``{student: {grade_id: (score, max_score)}}`` for every graded submission of ``assignment``
    (in the course directory's gradebook, or the one at ``db_url``)."""
    from nbgrader.api import Gradebook

    scores: dict[str, dict[str, tuple[float, float]]] = {}
    with Gradebook(db_url or gradebook_url(root)) as gb:
        for submission in gb.assignment_submissions(assignment):
            cells = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = (float(grade.score), float(grade.max_score))
            scores[submission.student_id] = cells
    return scores


def totals(assignment: str, root: Path = COURSE_ROOT) -> dict[str, tuple[float, float]]:
    """``{student: (score, max_score)}`` for ``assignment``."""
    return {student: (sum(s for s, _ in cells.values()), sum(m for _, m in cells.values()))
            for student, cells in cell_scores(assignment, root).items()}
