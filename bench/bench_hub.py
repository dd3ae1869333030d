"""A class on JupyterHub (./run hub): how long each step takes, against the same grading on one machine.

A hub is started for the run (instructor.hub: real accounts with a random prefix, removed at the end; JupyterHub
and its proxy on loopback; the gradebook in PostgreSQL) with ``--students`` students (default 6) handing in
01_perceptron (a third each: the solution, the untouched notebook, a catalogued mistake). Measured:

* hub start: accounts, exchange, PostgreSQL, the instructor's course directory, JupyterHub up;
* the class's servers: every user's server started at once, as a class logging in;
* per student, through their own server's API: fetch, fill in (the contents API), submit (mean and max);
* the instructor, through formgrader's API or as their account: release, collect, autograde the class
  (``python -m instructor.autograde --jobs 2``, into PostgreSQL), generate and release feedback; each
  student fetching their feedback;
* peer, in the same run: the same submissions graded by the same command on one machine, as root, in a
  course directory of its own with the SQLite gradebook (``hub / local``: what the hub's accounts and
  PostgreSQL add to grading).

Run as root (accounts), with Node.js and ``./run setup --hub`` done.

    python bench/bench_hub.py                 # 6 students
    python bench/bench_hub.py --students 12
    python bench/bench_hub.py --quick         # 2 students (smoke run)
"""
from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Stopwatch, log, table  # noqa: E402

sys.path.insert(0, str(ROOT))
A = "01_perceptron"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--quick", action="store_true", help="2 students")
    args = parser.parse_args(argv)
    n = 2 if args.quick else args.students

    from instructor import classroom, hub as hub_module
    from instructor.autograde import autograde
    from instructor.mutants import catalogue

    prefix = f"nnfs-b{secrets.token_hex(3)}-"
    students = [f"{prefix}s{i:02d}" for i in range(1, n + 1)]
    solution = classroom.solution_notebook(A)
    kinds = [solution, None, catalogue(A)[0][0].notebook(solution)]
    answers = {s: kinds[i % 3] for i, s in enumerate(students)}
    state = Path(tempfile.mkdtemp(prefix="course-hub-bench-"))
    hub = hub_module.Hub(state)
    rows, per = [], {"fetch": [], "fill": [], "submit": [], "fetch_feedback": []}
    try:
        with Stopwatch() as sw:
            spec = hub.start(students, instructor=prefix + "instructor", graders_group=prefix + "graders",
                             assignments=[A], log=log)
        rows.append(["hub start (accounts, exchange, PostgreSQL, course directory, JupyterHub)", sw.seconds, ""])
        with Stopwatch() as sw:
            for name in spec.accounts:
                hub.api("POST", f"/users/{name}/server")
            users = {name: hub_module.UserClient(hub, name) for name in spec.accounts}
        rows.append([f"{len(users)} servers started at once (instructor + {n} students)", sw.seconds, ""])
        instructor = users[spec.instructor]
        with Stopwatch() as sw:
            assert instructor.post(f"formgrader/api/assignment/{A}/release")["success"]
        rows.append(["release (formgrader)", sw.seconds, ""])
        path = f"{A}/{A}.ipynb"
        for name in students:
            user = users[name]
            with Stopwatch() as sw:
                user.action("fetch", A)
            per["fetch"].append(sw.seconds)
            with Stopwatch() as sw:
                if answers[name] is not None:
                    user.put_notebook(path, hub_module.answered(user.notebook(path), answers[name]))
            per["fill"].append(sw.seconds)
            with Stopwatch() as sw:
                user.action("submit", A)
            per["submit"].append(sw.seconds)
        for step in ("fetch", "fill", "submit"):
            rows.append([f"per student: {step} (mean / max)", statistics.mean(per[step]), f"max {max(per[step]):.2f}"])
        with Stopwatch() as sw:
            assert instructor.post(f"formgrader/api/assignment/{A}/collect")["success"]
        rows.append(["collect (formgrader)", sw.seconds, ""])
        with Stopwatch() as hub_grading:
            hub_module.as_user(spec.instructor, [spec.users_python, "-m", "instructor.autograde", A, "--course", ".",
                                                 "--jobs", "2"], cwd=spec.course_dir, python=spec.users_python)
        rows.append([f"autograde {n} students (instructor's account, PostgreSQL, -j 2)", hub_grading.seconds, ""])
        with Stopwatch() as sw:
            assert instructor.post(f"formgrader/api/assignment/{A}/generate_feedback")["success"]
            assert instructor.post(f"formgrader/api/assignment/{A}/release_feedback")["success"]
        rows.append(["generate + release feedback (formgrader)", sw.seconds, ""])
        for name in students:
            with Stopwatch() as sw:
                users[name].action("fetch_feedback", A)
            per["fetch_feedback"].append(sw.seconds)
        rows.append(["per student: fetch feedback (mean / max)", statistics.mean(per["fetch_feedback"]),
                     f"max {max(per['fetch_feedback']):.2f}"])

        # peer: the same submissions, graded by the same command on one machine (root, SQLite)
        with tempfile.TemporaryDirectory(prefix="course-hub-peer-") as tmp:
            course = classroom.new_course(Path(tmp) / "course", [A])
            for name in students:
                shutil.copytree(Path(spec.course_dir) / "submitted" / name, course / "submitted" / name)
            with Stopwatch() as local:
                outcomes = autograde(A, students, jobs=2, root=course)
            assert all(o.success for o in outcomes), [o.reason for o in outcomes]
        rows.append([f"peer: autograde {n} students on one machine (root, SQLite, -j 2)", local.seconds,
                     f"hub / local {hub_grading.seconds / local.seconds:.2f}"])
    finally:
        with Stopwatch() as sw:
            hub.stop(remove_accounts=True, log=log)
        shutil.rmtree(state, ignore_errors=True)
    rows.append(["./run hub stop (everything, accounts removed)", sw.seconds, ""])
    print(f"{n} students, {A}; seconds of wall time")
    print(table(["step", "s", ""], [[r[0], f"{r[1]:.2f}", r[2]] for r in rows], align="lrl"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
