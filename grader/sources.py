"""The instructor's files a grading run reads: the course root and the instructor's notebook."""
from __future__ import annotations

import os
from pathlib import Path


def course_root(config=None) -> Path:
    """The course directory being graded: nbgrader's ``CourseDirectory.root`` (else the working directory)."""
    root = None
    if config is not None and "CourseDirectory" in config and "root" in config.CourseDirectory:
        root = config.CourseDirectory.root
    return Path(root or os.getcwd()).resolve()


def instructor_path(resources: dict, config=None) -> Path:
    """Where the instructor's notebook (``source/<assignment>/<notebook>.ipynb``) of the notebook being graded is."""
    info = resources.get("nbgrader", {})
    return course_root(config) / "source" / info.get("assignment", "") / f"{info.get('notebook', '')}.ipynb"


def instructor_notebook(resources: dict, config=None):
    """The instructor's notebook of the notebook being graded (None when it cannot be read)."""
    import nbformat
    path = instructor_path(resources, config)
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - missing or unreadable: the caller says what that means
        return None
