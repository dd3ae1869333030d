"""Build nbgrader course directories and student submissions from the source notebooks.

Used by the demo class, the mutation tests and the grading tests: a course directory here is a real
one (``nbgrader_config.py``, ``source/``, ``release/``, ``gradebook.db``), graded by real nbgrader.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import nbformat

from instructor.coursedir import COURSE_ROOT, assignments, notebooks, run_nbgrader


def new_course(path: Path, names: list[str] | None = None, *, root: Path = COURSE_ROOT) -> Path:
    """Copy the course's config and source notebooks to ``path`` and release ``names`` there.

    Returns the new course root (``path``), ready for submissions. A process that makes several courses of
    the same assignments (the mutation tests: one per shard) runs ``nbgrader generate_assignment`` once and
    copies its result, gradebook included, as long as the source notebooks and the config are unchanged.
    """
    path = Path(path)
    names = assignments(root) if names is None else names
    key = (str(Path(root).resolve()), tuple(names), _sources_stamp(root, names))
    made = _generated.get(key)
    if made is not None and made.is_dir():
        shutil.copytree(made, path, dirs_exist_ok=True)
        return path
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(root) / "nbgrader_config.py", path / "nbgrader_config.py")
    for name in names:
        shutil.copytree(Path(root) / "source" / name, path / "source" / name, dirs_exist_ok=True)
        run_nbgrader("generate_assignment", name, "--force", root=path)
    if not _generated:
        atexit.register(_forget_generated)
    _generated[key] = Path(tempfile.mkdtemp(prefix="generated-course-"))
    shutil.copytree(path, _generated[key], dirs_exist_ok=True)
    return path


_generated: dict[tuple, Path] = {}  # (root, assignments, sources' stamp) -> a copy of a course made here


def _sources_stamp(root: Path, names: list[str]) -> tuple:
    files = [Path(root) / "nbgrader_config.py", *(f for name in names
                                                  for f in sorted((Path(root) / "source" / name).rglob("*"))
                                                  if f.is_file())]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)


def _forget_generated() -> None:
    for folder in _generated.values():
        shutil.rmtree(folder, ignore_errors=True)
    _generated.clear()


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def solution_notebook(assignment: str, root: Path = COURSE_ROOT) -> nbformat.NotebookNode:
    """The instructor's notebook of ``assignment`` (one notebook per assignment)."""
    (path,) = notebooks(assignment, root, "source")
    return read(path)


def release_notebook(assignment: str, root: Path = COURSE_ROOT) -> nbformat.NotebookNode:
    """The student's starting notebook of ``assignment``, as committed in release/."""
    (path,) = notebooks(assignment, root, "release")
    return read(path)


def cell_by_grade_id(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {grade_id!r}")


def replace_cell(nb: nbformat.NotebookNode, grade_id: str, source: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose cell ``grade_id`` holds ``source`` instead."""
    nb = nbformat.from_dict(nb)  # deep copy
    cell_by_grade_id(nb, grade_id).source = source.strip("\n")
    return nb


def submit(course: Path, student: str, assignment: str, nb: nbformat.NotebookNode | bytes | str,
           filename: str | None = None) -> Path:
    """Place a submission at ``submitted/<student>/<assignment>/<filename>``.

    ``nb`` is a notebook, or raw bytes/text for submissions that are not valid notebooks.
    """
    if filename is None:
        (release,) = notebooks(assignment, course, "release")
        filename = release.name
    folder = Path(course) / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    if isinstance(nb, bytes):
        target.write_bytes(nb)
    elif isinstance(nb, str):
        target.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, target)
    return target
