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
  same two ways;
* Dask: ``python -m instructor.autograde ASSIGNMENT --cluster local:N`` for each N in ``--dask`` (default 2;
  ``--dask`` alone skips it), the course's grading as the course grades (isolated) into a PostgreSQL gradebook
  started for the run (instructor.postgres); the LocalCluster's start is included, as the command pays it.
  Also measured for the scaling model: the scheduler's round trip per task, the bytes a task carries each
  way, and one gradebook write per notebook (the submission row and its grades, committed) in PostgreSQL.

"x floor" = time / floor time: what nbgrader and the course's grading pipeline add; "isolated / one
kernel" = what isolation costs per notebook; "serial / -j N" = what parallel grading gains.

    python bench/bench_grading.py                          # 50 students x every assignment (long: ~60 min on 2 cores)
    python bench/bench_grading.py --students 6             # a smaller class
    python bench/bench_grading.py --assignment 01_perceptron --students 10 --jobs 2 4
    python bench/bench_grading.py --quick                  # 2 students, first assignment (smoke run)
    python bench/bench_grading.py --students 6 --dask 2    # with the Dask rows (needs PostgreSQL's server programs)
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


def dask_engine(course: Path, names: list[str], workers: int, url: str) -> tuple[float, float, int]:
    """(seconds in all, seconds of them starting the LocalCluster, failed) for every assignment on Dask."""
    from distributed import Client

    from instructor.dask_grading import autograde_dask, local_cluster
    start = time.perf_counter()
    failed = 0
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        started = time.perf_counter() - start
        for assignment in names:
            failed += sum(not o.success for o in autograde_dask(assignment, gradebook=url, client=client,
                                                                root=course, progress=False))
    return time.perf_counter() - start, started, failed


def scaling_inputs(course: Path, names: list[str], ids: list[str], url: str) -> dict:
    """What the scaling model needs, measured here: scheduler round trip per task, bytes per task each way,
    one gradebook write (submission row and grades, committed) in PostgreSQL."""
    from distributed import Client
    from nbgrader.api import Gradebook

    from instructor.dask_grading import _files, course_payload, local_cluster, submission_payload
    out = {}
    with local_cluster(1) as cluster, Client(cluster) as client:
        client.submit(int, 0, pure=False).result()
        n = 200
        start = time.perf_counter()
        client.gather([client.submit(int, i, pure=False) for i in range(n)])
        out["task_ms"] = 1000 * (time.perf_counter() - start) / n
    sizes_in = [len(pickle_size(submission_payload(a, s, course))) for a in names for s in ids]
    sizes_out = [sum(map(len, _files(course / "autograded" / s / a).values()))
                 for a in names for s in ids if (course / "autograded" / s / a).is_dir()]
    out["in_kib"] = sum(sizes_in) / len(sizes_in) / 1024
    out["out_kib"] = sum(sizes_out) / max(1, len(sizes_out)) / 1024
    out["course_kib"] = sum(len(pickle_size(course_payload(a, course))) for a in names) / len(names) / 1024
    writes = []
    for i in range(20):
        student = f"bench-writer-{i}"
        with Gradebook(url) as gb:
            gb.update_or_create_student(student)
        begin = time.perf_counter()
        with Gradebook(url) as gb:
            submission = gb.update_or_create_submission(names[0], student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = grade.max_score
            gb.db.commit()
        writes.append(time.perf_counter() - begin)
    out["write_ms"] = 1000 * sorted(writes)[len(writes) // 2]
    return out


def pickle_size(obj) -> bytes:
    import pickle
    return pickle.dumps(obj)


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
    parser.add_argument("--dask", type=int, nargs="*", default=[2],
                        help="Dask LocalCluster sizes (default 2; none: no Dask rows)")
    parser.add_argument("--quick", action="store_true", help="2 students, the first assignment")
    args = parser.parse_args(argv)
    names = args.assignment or assignments()
    students = args.students
    if args.quick:  # (no Dask rows: a smoke run starts no cluster or database)
        names, students = names[:1], 2
        args.dask = []
    from grader.sandbox import describe

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        log(f"building a class of {students} students x {len(names)} assignment(s)")
        course = classroom.new_course(Path(tmp) / "course", names)
        ids = demo_submissions(course, names, students)
        (course / "autograded").mkdir(exist_ok=True)
        count = len(ids) * len(names)
        rows = []
        scaling = {}

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
                if isolated and args.dask:
                    from instructor import postgres
                    from instructor.autograde import _prepare_gradebook
                    if not postgres.available():
                        log("no PostgreSQL server programs: Dask rows skipped")
                        continue
                    datadir = tempfile.mkdtemp(prefix="bench-pg-")
                    server = postgres.PostgresServer(datadir)
                    try:
                        url = server.start()
                        for assignment in names:
                            _prepare_gradebook(assignment, ids, course, url)
                        for workers in args.dask:
                            reset(course)
                            log(f"instructor.autograde --cluster local:{workers}, {how}")
                            seconds, started, failed = dask_engine(course, names, workers, url)
                            timings["dask", workers] = seconds
                            row(f"instructor.autograde --cluster local:{workers}, {how}", seconds, base,
                                f"cluster start {started:.1f} s" + (f"; {failed} failed" if failed else ""))
                        log("scaling model inputs")
                        scaling = scaling_inputs(course, names, ids, url)
                    finally:
                        server.stop()
                        shutil.rmtree(datadir, ignore_errors=True)

    print(f"class: {students} demo students x {len(names)} assignment(s) = {count} notebooks; "
          f"{os.cpu_count()} cores; load {load()}")
    print(describe())
    print(table(["run", "seconds", "notebooks/min", "x floor", "note"], rows, align="lrrrl"))
    for key in ["serial", *args.jobs]:
        label = "nbgrader serial" if key == "serial" else f"-j {key}"
        print(f"isolation, {label}: isolated / one kernel = {timings[key, True] / timings[key, False]:.2f} per notebook")
    for jobs in args.jobs:
        print(f"parallel grading, isolated: serial / -j {jobs} = {timings['serial', True] / timings[jobs, True]:.2f}")
    for workers in args.dask:
        if ("dask", workers) in timings and workers in args.jobs:
            print(f"Dask overhead, isolated: --cluster local:{workers} / -j {workers} = "
                  f"{timings['dask', workers] / timings[workers, True]:.2f}")
    if scaling:
        print(f"scaling model inputs: scheduler round trip {scaling['task_ms']:.1f} ms per task; a task carries "
              f"{scaling['in_kib']:.0f} KiB in and {scaling['out_kib']:.0f} KiB back (plus {scaling['course_kib']:.0f} "
              f"KiB of source/ and config, sent once per worker); one gradebook write (submission and its grades, "
              f"committed) {scaling['write_ms']:.0f} ms in PostgreSQL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
