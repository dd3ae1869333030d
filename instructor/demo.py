"""The instructor pipeline, end to end, on a demo class: release, collect, autograde, feedback, export, report.

Three named students hand in every assignment, their notebooks made from the source notebooks:

- ``ada``: the instructor's solutions (full marks);
- ``ben``: the release notebook, untouched (zero);
- ``cyd``: typical mistakes, the catalogue's mutants marked ``demo=True``; her work arrives the way an LMS
  delivers it, as a zip that ``nbgrader zip_collect`` unpacks.

The rest of the class (``--class-size``, 40 by default) are synthetic students drawn from the catalogues
with a fixed seed: for each assignment a student hands in the solution (about a third of the time) or the
solution with one catalogued wrong answer (the demo's own mutants more often than the others), so the
class report has a plausible mix of scores and misconceptions.

Every step is a standard nbgrader command (autograding is spread over parallel workers, each running
nbgrader's own autograder). The result is ``grades.csv`` from ``nbgrader export`` and the class report
(``instructor.report``) in ``reports/all/``; the run checks each student's totals against what the
catalogue predicts and exits non-zero on any difference.

    python -m instructor.demo [--root DIR] [--jobs N] [--class-size N] [--assignment A ...]   (./run grade-demo)
"""
from __future__ import annotations

import argparse
import csv
import io
import random
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
CLASS_SIZE = 40
SEED = 2026
FIRST = ["Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Nia",
         "Oli", "Pia", "Quin", "Ravi", "Sol", "Tam", "Uma", "Vic", "Wen", "Xia", "Yan", "Zoe"]
LAST = ["Abe", "Berg", "Costa", "Diaz", "Evans", "Fox", "Grant", "Hale", "Ito", "Jones", "Khan", "Lund",
        "Moss", "Novak", "Ortiz", "Park", "Reyes", "Sato", "Tran", "Vogel", "Wolf", "Young"]


def class_list(size: int = CLASS_SIZE) -> dict[str, tuple[str, str]]:
    """The named students, then synthetic ones (``s04``, ``s05``, ...) up to ``size`` in all."""
    rng = random.Random(SEED)
    students = dict(STUDENTS)
    for number in range(len(STUDENTS) + 1, size + 1):
        students[f"s{number:02d}"] = (rng.choice(FIRST), rng.choice(LAST))
    return students


def synthetic_choice(student: str, assignment: str):
    """The catalogue entry a synthetic student hands in for ``assignment`` (None: the solution)."""
    mutants, _ = catalogue(assignment)
    rng = random.Random(f"{SEED}/{student}/{assignment}")
    if not mutants or rng.random() < 0.3:
        return None
    weights = [4 if m.demo else 1 for m in mutants]
    return rng.choices(mutants, weights=weights)[0]


def submission(student: str, assignment: str, root: Path):
    """(notebook, failing cells) that ``student`` hands in for ``assignment``."""
    if student == "ada":
        return classroom.solution_notebook(assignment, root), None
    if student == "ben":
        return classroom.release_notebook(assignment, root), None
    if student == "cyd":
        return buggy_notebook(assignment, root)
    mutant = synthetic_choice(student, assignment)
    solution = classroom.solution_notebook(assignment, root)
    return (solution, set()) if mutant is None else (mutant.notebook(solution), set(mutant.fails))


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


def expected_scores(root: Path, students=None, names=None) -> dict[tuple[str, str], float]:
    """``{(student, assignment): score}`` that the demo must produce."""
    expected = {}
    for assignment in names or assignments(root):
        points = cell_points(assignment, root)
        _, failing = buggy_notebook(assignment, root)
        expected["ada", assignment] = sum(points.values())
        expected["ben", assignment] = 0.0
        expected["cyd", assignment] = sum(p for cell, p in points.items() if cell not in failing)
        for student in students or ():
            if student not in STUDENTS:
                mutant = synthetic_choice(student, assignment)
                fails = mutant.fails if mutant is not None else set()
                expected[student, assignment] = sum(p for cell, p in points.items() if cell not in fails)
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


def run_demo(root: Path, jobs: int, students: dict | None = None,
             names: list[str] | None = None) -> tuple[dict, dict]:
    """Run the pipeline in the course directory ``root``. Returns (expected, exported) scores."""
    students = students or dict(STUDENTS)
    names = names or assignments(root)
    step("nbgrader generate_assignment (release/ from source/)")
    for assignment in names:
        run_nbgrader("generate_assignment", assignment, "--force", root=root)

    step(f"nbgrader db student import ({len(students)} students)")
    roster = root / "students.csv"
    roster.write_text("id,first_name,last_name\n" + "".join(f"{s},{f},{l}\n" for s, (f, l) in students.items()))
    run_nbgrader("db", "student", "import", str(roster), root=root)

    step("submissions: into submitted/, cyd's as an LMS zip + nbgrader zip_collect")
    for assignment in names:
        for student in students:
            nb, _ = submission(student, assignment, root)
            if student == "cyd":
                lms_download(root, assignment, student, nb)
            else:
                classroom.submit(root, student, assignment, nb)
        run_nbgrader("zip_collect", assignment, "--force", root=root)

    step(f"autograde ({jobs} parallel workers running nbgrader's autograder)")
    for assignment in names:
        start = time.perf_counter()
        outcomes = autograde(assignment, list(students), jobs=jobs, root=root)
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

    step("class report (python -m instructor.report)")
    from instructor import report as class_report
    print(f"  {class_report.write(names, root)}")
    return expected_scores(root, students, names), exported


def report(expected: dict, exported: dict) -> bool:
    names = sorted({a for _, a in expected})
    out = io.StringIO()
    out.write(f"{'student':<8}" + "".join(f"{a:>22}" for a in names) + "\n")
    ok = True
    for student in sorted({s for s, _ in expected}, key=lambda s: (s not in STUDENTS, s)):
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
    parser.add_argument("--class-size", type=int, default=CLASS_SIZE,
                        help=f"students in the class (default {CLASS_SIZE}; 3: only ada, ben and cyd)")
    parser.add_argument("--assignment", action="append", help="only this assignment (repeatable; default: all)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "nbgrader_config.py").exists():
        classroom.new_course(root, args.assignment)
    start = time.perf_counter()
    expected, exported = run_demo(root, args.jobs, class_list(args.class_size), args.assignment)
    ok = report(expected, exported)
    print(f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}; class report: "
          f"{root / 'reports' / (args.assignment[0] if args.assignment and len(args.assignment) == 1 else 'all')}"
          f" ({time.perf_counter() - start:.0f} s in all)")
    if not ok:
        print("the exported grades differ from the expected ones (marked !!)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
