"""Grading throughput: notebooks per minute, isolated vs one kernel, serial vs parallel, against nbclient alone.

A demo class (``--students`` students, default 50, a third each handing in the solution, the release
notebook and the catalogue's demo mutants) submits every assignment into a throwaway course directory
made with the course's own nbgrader_config.py. Measured in the same run:

* floor: the same notebooks executed with nbclient alone (kernel start, cells, shutdown: no nbgrader, no
  sandbox, no tests' kernel), one after the other;
* sandbox floor: the same with the grading kernel under bubblewrap (what the sandbox costs);
* nbgrader serial: plain ``nbgrader autograde ASSIGNMENT`` (the documented serial command), every
  assignment, with the course's pipeline (tests in a kernel of their own: grader.isolation) and with one
  kernel for everything (``IsolatedExecute.isolate = False``: how grading ran before isolation);
* parallel: ``python -m instructor.autograde ASSIGNMENT -j N`` for each N in ``--jobs`` (default 2), the
  same two ways.

"x floor" = time / floor time: what nbgrader and the course's grading pipeline add; "isolated / one
kernel" = what isolation costs per notebook; "serial / -j N" = what parallel grading gains.

    python bench/bench_grading.py                          # 50 students x every assignment (long: ~60 min on 2 cores)
    python bench/bench_grading.py --students 6             # a smaller class
    python bench/bench_grading.py --assignment 01_perceptron --students 10 --jobs 2 4
    python bench/bench_grading.py --quick                  # 2 students, first assignment (smoke run)
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, load, log, table  # noqa: E402

import nbformat  # noqa: E402

from instructor import classroom  # noqa: E402
from instructor.coursedir import assignments, nbgrader_env  # noqa: E402
from instructor.demo import buggy_notebook  # noqa: E402


def demo_submissions(course: Path, names: list[str], students: int) -> list[str]:
    ids = [f"student{i:03d}" for i in range(students)]
    for assignment in names:
        kinds = [classroom.solution_notebook(assignment), classroom.release_notebook(assignment),
                 buggy_notebook(assignment, ROOT)[0]]
        for i, student in enumerate(ids):
            classroom.submit(course, student, assignment, kinds[i % 3])
    return ids


def floor(course: Path, names: list[str], ids: list[str], sandboxed: bool) -> float:
    """Seconds to execute every submitted notebook with nbclient alone, serially."""
    from nbclient import NotebookClient

    manager = None
    if sandboxed:
        from grader.sandbox import SandboxedKernelManager
        manager = SandboxedKernelManager
    start = time.perf_counter()
    old = os.getcwd()
    os.chdir(course)
    sys.stdout.flush()
    saved_stdout = os.dup(1)  # kernels inherit fd 1 and print banners on it: keep stdout for the figures
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        for assignment in names:
            for student in ids:
                (path,) = (course / "submitted" / student / assignment).glob("*.ipynb")
                nb = nbformat.read(path, as_version=4)
                work = Path(tempfile.mkdtemp(dir=course / "autograded"))
                kwargs = {"kernel_manager_class": manager} if manager else {}
                os.environ["NBGRADER_EXECUTION"] = "autograde"
                try:
                    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                                   resources={"metadata": {"path": str(work)}}, **kwargs).execute()
                finally:
                    os.environ.pop("NBGRADER_EXECUTION", None)
                    shutil.rmtree(work, ignore_errors=True)
    finally:
        os.chdir(old)
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)
        os.close(devnull)
    return time.perf_counter() - start


def reset(course: Path) -> None:
    shutil.rmtree(course / "autograded", ignore_errors=True)
    (course / "autograded").mkdir()


def nbgrader_serial(course: Path, names: list[str]) -> float:
    start = time.perf_counter()
    for assignment in names:
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"], cwd=course,
                       env=nbgrader_env(), capture_output=True, text=True)
    return time.perf_counter() - start


def parallel(course: Path, names: list[str], jobs: int) -> tuple[float, int]:
    from instructor.autograde import autograde
    start = time.perf_counter()
    failed = 0
    for assignment in names:
        failed += sum(not o.success for o in autograde(assignment, jobs=jobs, root=course))
    return time.perf_counter() - start, failed


class one_kernel:
    """While active, the course directory grades with one kernel for the student's code and the tests."""

    def __init__(self, course: Path):
        self.config = course / "nbgrader_config.py"

    def __enter__(self):
        self.saved = self.config.read_text()
        self.config.write_text(self.saved + "\nc.IsolatedExecute.isolate = False\n")

    def __exit__(self, *exc):
        self.config.write_text(self.saved)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--assignment", action="append", help="only these assignments (repeatable)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--quick", action="store_true", help="2 students, the first assignment")
    args = parser.parse_args(argv)
    names = args.assignment or assignments()
    students = args.students
    if args.quick:
        names, students = names[:1], 2
    from grader.sandbox import describe

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        log(f"building a class of {students} students x {len(names)} assignment(s)")
        course = classroom.new_course(Path(tmp) / "course", names)
        ids = demo_submissions(course, names, students)
        (course / "autograded").mkdir(exist_ok=True)
        count = len(ids) * len(names)
        rows = []

        def row(label, seconds, base, note=""):
            rows.append([label, f"{seconds:.1f}", f"{60 * count / seconds:.1f}",
                         f"{seconds / base:.2f}" if base else "1.00", note])

        log("floor: nbclient alone")
        base = floor(course, names, ids, sandboxed=False)
        row("floor: nbclient alone", base, None)
        from grader.sandbox import bwrap_status
        if bwrap_status()[0]:
            log("floor with the sandboxed kernel")
            row("floor, sandboxed kernel", floor(course, names, ids, sandboxed=True), base)
        timings = {}
        for isolated in (True, False):
            how = "isolated" if isolated else "one kernel"
            with (contextlib.nullcontext() if isolated else one_kernel(course)):
                reset(course)
                log(f"nbgrader autograde (serial), {how}")
                timings["serial", isolated] = nbgrader_serial(course, names)
                row(f"nbgrader autograde (serial), {how}", timings["serial", isolated], base)
                for jobs in args.jobs:
                    reset(course)
                    log(f"instructor.autograde -j {jobs}, {how}")
                    seconds, failed = parallel(course, names, jobs)
                    timings[jobs, isolated] = seconds
                    row(f"instructor.autograde -j {jobs}, {how}", seconds, base, f"{failed} failed" if failed else "")

    print(f"class: {students} demo students x {len(names)} assignment(s) = {count} notebooks; "
          f"{os.cpu_count()} cores; load {load()}")
    print(describe())
    print(table(["run", "seconds", "notebooks/min", "x floor", "note"], rows, align="lrrrl"))
    for key in ["serial", *args.jobs]:
        label = "nbgrader serial" if key == "serial" else f"-j {key}"
        print(f"isolation, {label}: isolated / one kernel = {timings[key, True] / timings[key, False]:.2f} per notebook")
    for jobs in args.jobs:
        print(f"parallel grading, isolated: serial / -j {jobs} = {timings['serial', True] / timings[jobs, True]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
