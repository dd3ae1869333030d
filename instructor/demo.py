"""The instructor pipeline, end to end, on a demo class: release, collect, autograde, feedback, export.

Three synthetic students hand in every assignment, their notebooks made from the source notebooks:

- ``ada``: the instructor's solutions (full marks);
- ``ben``: the release notebook, untouched (zero);
- ``cyd``: typical mistakes, the catalogue's mutants marked ``demo=True``; her work arrives the way an LMS
  delivers it, as a zip that ``nbgrader zip_collect`` unpacks.

Every step is a standard nbgrader command (autograding is spread over parallel workers, each running
nbgrader's own autograder). The result is ``grades.csv`` from ``nbgrader export``; the run checks each
student's totals against what the catalogue predicts and exits non-zero on any difference.

    python -m instructor.demo [--root DIR] [--jobs N]      (./run grade-demo)
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import time
import zipfile
from pathlib import Path

from instructor import classroom
from instructor.autograde import autograde, default_jobs
from instructor.coursedir import COURSE_ROOT, assignments, run_nbgrader
from instructor.mutants import catalogue

STUDENTS = {
    "ada": ("Ada", "Lovelace"),
    "ben": ("Ben", "Blank"),
    "cyd": ("Cyd", "Buggy"),
}
LMS_TIMESTAMP = "20261120T150000"


def buggy_notebook(assignment: str, root: Path):
    """The solution notebook with the catalogue's demo mutants swapped in, and the cells they must fail."""
    nb = classroom.solution_notebook(assignment, root)
    failing: set[str] = set()
    mutants, _ = catalogue(assignment)
    for mutant in (m for m in mutants if m.demo):
        nb = mutant.notebook(nb)
        failing |= mutant.fails
    return nb, failing


def cell_points(assignment: str, root: Path) -> dict[str, float]:
    """``{grade_id: points}`` of the graded cells of ``assignment``."""
    nb = classroom.solution_notebook(assignment, root)
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"].get("points", 0))
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def expected_scores(root: Path) -> dict[tuple[str, str], float]:
    """``{(student, assignment): score}`` that the demo must produce."""
    expected = {}
    for assignment in assignments(root):
        points = cell_points(assignment, root)
        _, failing = buggy_notebook(assignment, root)
        expected["ada", assignment] = sum(points.values())
        expected["ben", assignment] = 0.0
        expected["cyd", assignment] = sum(p for cell, p in points.items() if cell not in failing)
    return expected


def lms_download(root: Path, assignment: str, student: str, nb) -> Path:
    """Write ``student``'s notebook into a zip as an LMS would, in downloaded/<assignment>/archive/."""
    import nbformat

    archive = root / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    (release,) = sorted((root / "release" / assignment).glob("*.ipynb"))
    target = archive / f"{assignment}_{student}.zip"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(f"{student}_attempt_{LMS_TIMESTAMP}_{release.name}", nbformat.writes(nb))
    return target


def step(message: str) -> None:
    print(f"\n== {message}", flush=True)


def run_demo(root: Path, jobs: int) -> tuple[dict, dict]:
    """Run the pipeline in the course directory ``root``. Returns (expected, exported) scores."""
    names = assignments(root)
    step("nbgrader generate_assignment (release/ from source/)")
    for assignment in names:
        run_nbgrader("generate_assignment", assignment, "--force", root=root)

    step("nbgrader db student add")
    for student, (first, last) in STUDENTS.items():
        run_nbgrader("db", "student", "add", student, f"--first-name={first}", f"--last-name={last}", root=root)

    step("submissions: ada and ben into submitted/, cyd as an LMS zip + nbgrader zip_collect")
    for assignment in names:
        classroom.submit(root, "ada", assignment, classroom.solution_notebook(assignment, root))
        classroom.submit(root, "ben", assignment, classroom.release_notebook(assignment, root))
        lms_download(root, assignment, "cyd", buggy_notebook(assignment, root)[0])
        run_nbgrader("zip_collect", assignment, "--force", root=root)

    step(f"autograde ({jobs} parallel workers running nbgrader's autograder)")
    for assignment in names:
        start = time.perf_counter()
        outcomes = autograde(assignment, list(STUDENTS), jobs=jobs, root=root)
        failed = [o for o in outcomes if not o.success]
        print(f"  {assignment}: {len(outcomes) - len(failed)} graded in {time.perf_counter() - start:.1f} s")
        for o in failed:
            print(f"  {assignment}: {o.student} could not be graded:\n{o.error[-2000:]}", file=sys.stderr)

    step("nbgrader generate_feedback")
    for assignment in names:
        run_nbgrader("generate_feedback", assignment, "--force", root=root)

    step("nbgrader export -> grades.csv")
    run_nbgrader("export", "--to=grades.csv", root=root)
    with open(root / "grades.csv", newline="") as f:
        exported = {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(f)}
    return expected_scores(root), exported


def report(expected: dict, exported: dict) -> bool:
    names = sorted({a for _, a in expected})
    out = io.StringIO()
    out.write(f"{'student':<8}" + "".join(f"{a:>22}" for a in names) + "\n")
    ok = True
    for student in STUDENTS:
        cells = []
        for a in names:
            got, want = exported.get((student, a)), expected[student, a]
            match = got is not None and abs(got - want) < 1e-9
            ok &= match
            cells.append(f"{got if got is not None else '-'!s:>12} / {want:<6}{'' if match else ' !!'}")
        out.write(f"{student:<8}" + "".join(f"{c:>22}" for c in cells) + "\n")
    print("\nexported score / expected score per assignment")
    print(out.getvalue())
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=COURSE_ROOT,
                        help="course directory to run in (default: this course); a new path gets a copy")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs())
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "nbgrader_config.py").exists():
        classroom.new_course(root)
    expected, exported = run_demo(root, args.jobs)
    ok = report(expected, exported)
    print(f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}")
    if not ok:
        print("the exported grades differ from the expected ones (marked !!)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
