"""Grading on Dask ``distributed`` (instructor/dask_grading.py) into a PostgreSQL gradebook (instructor/postgres.py).

One PostgreSQL server and one LocalCluster (2 worker processes) serve the whole module (one of each per
pytest-xdist worker that runs its tests); each test has a database of its own. The class of most tests
grades one assignment (01_perceptron, the quickest): the solution, the untouched release notebook, a
catalogued mistake, code listed for review and a file that is not a notebook. Every other assignment is
graded once more with one catalogued mistake each, on Dask and serially, and compared cell by cell.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from instructor import classroom, postgres
from instructor.autograde import _prepare_gradebook, report_path
from instructor.coursedir import assignments, nbgrader_env, run_nbgrader
from instructor.mutants import catalogue
from instructor.scores import cell_scores

pytestmark = [pytest.mark.nbgrader,
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own session use
              pytest.mark.skipif(not postgres.available(), reason="PostgreSQL is not installed "
                                                                   "(apt-get install postgresql)")]
dask_grading = pytest.importorskip("instructor.dask_grading")

A = "01_perceptron"
CLASS = ["ada", "ben", "cyd", "dan", "eve"]


@pytest.fixture(scope="module")
def pg():
    datadir = tempfile.mkdtemp(prefix="course-pg-")  # traversable by the server's unprivileged user
    server = postgres.PostgresServer(datadir)
    server.start(database=None)
    yield server
    server.stop()
    shutil.rmtree(datadir, ignore_errors=True)


@pytest.fixture
def gradebook(pg, request):
    """A fresh database on the module's server, named after the test."""
    return pg.create_database(request.node.name.lower()[:40].replace("[", "_").replace("]", ""))


@pytest.fixture(scope="module")
def client():
    from distributed import Client
    with dask_grading.local_cluster(2) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = classroom.new_course(tmp_path_factory.mktemp("dask") / "course", [A])
    solution = classroom.solution_notebook(A)
    mutant = catalogue(A)[0][0]
    suspicious = nbformat.from_dict(solution)
    suspicious.cells.append(nbformat.v4.new_code_cell("import numpy as np\nnp.allclose = lambda *a, **k: True"))
    classroom.submit(course, "ada", A, solution)
    classroom.submit(course, "ben", A, classroom.release_notebook(A))
    classroom.submit(course, "cyd", A, mutant.notebook(solution))
    classroom.submit(course, "dan", A, b"this is not a notebook")
    classroom.submit(course, "eve", A, suspicious)
    for student in CLASS:
        (course / "submitted" / student / A / "timestamp.txt").write_text("2026-11-20 15:00:00.000000 UTC")
    return course


def _fresh_output(course: Path) -> None:
    shutil.rmtree(course / "autograded", ignore_errors=True)


def _grade_rows(url: str) -> dict[str, int]:
    """``{student: number of grade rows}`` straight from the database (a duplicate would show)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT sa.student_id, count(g.id) FROM submitted_assignment sa "
                "JOIN submitted_notebook sn ON sn.assignment_id = sa.id JOIN grade g ON g.notebook_id = sn.id "
                "GROUP BY sa.student_id")).all()
            submissions = conn.execute(text("SELECT student_id, count(*) FROM submitted_assignment "
                                            "GROUP BY student_id")).all()
    finally:
        engine.dispose()
    assert all(n == 1 for _, n in submissions), submissions  # one submission per student
    return dict(rows)


def test_sqlite_gradebook_is_refused_for_dask_engines(course):
    with pytest.raises(dask_grading.GradebookRefused, match="PostgreSQL"):
        dask_grading.autograde_dask(A, gradebook="sqlite:///gradebook.db", cluster="local:1", root=course)


def test_command_refuses_sqlite_and_takes_the_url_from_a_file_not_the_environment(tmp_path, monkeypatch, capsys):
    from instructor.autograde import main
    assert main([A, "--cluster", "local:2", "--gradebook", "sqlite:///gradebook.db"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    url = "postgresql+psycopg2://nbgrader:secret@127.0.0.1:5432/gradebook"
    (tmp_path / "gradebook.url").write_text(url + "\n")
    assert dask_grading.resolve_gradebook(str(tmp_path / "gradebook.url")) == url
    monkeypatch.setenv(dask_grading.GRADEBOOK_ENV, url)
    assert dask_grading.resolve_gradebook(None) == url
    assert dask_grading.GRADEBOOK_ENV not in os.environ  # grading kernels inherit the environment
    with pytest.raises(ValueError, match="local:N"):
        dask_grading.parse_cluster("ssh:4")


def test_local_cluster_grades_like_serial_nbgrader_cell_by_cell(course, client, gradebook):
    _fresh_output(course)
    outcomes = dask_grading.autograde_dask(A, CLASS, gradebook=gradebook, client=client, root=course,
                                           progress=False)
    status = {o.student: o.status for o in outcomes}
    assert status == {"ada": "graded", "ben": "graded", "cyd": "graded", "dan": "FAILED", "eve": "FLAGGED"}, \
        [(o.student, o.reason) for o in outcomes]
    assert "not a valid notebook" in outcomes[CLASS.index("dan")].reason
    # the graded notebooks and their reports came back to the instructor's course directory
    for student in ("ada", "ben", "cyd", "eve"):
        assert (course / "autograded" / student / A / f"{A}.ipynb").exists()
        assert (course / "autograded" / student / A / f"{A}.grading.json").exists()
    report = __import__("json").loads(report_path(A, course).read_text())
    assert {s: e["status"] for s, e in report.items()} == status
    distributed = cell_scores(A, course, gradebook)
    flagged = {o.student: o.flagged for o in outcomes if o.success}

    # nbgrader's own serial command on the same class, into the course directory's SQLite gradebook
    _fresh_output(course)
    run_nbgrader("autograde", A, "--force", root=course, check=False)
    serial = cell_scores(A, course)
    graded = ["ada", "ben", "cyd", "eve"]
    assert {s: distributed[s] for s in graded} == {s: serial[s] for s in graded}
    assert not (course / "autograded" / "dan" / A / f"{A}.ipynb").exists()  # fails under nbgrader too
    from grader.report import read_reports
    serial_flags = {r.student: r.findings for r in read_reports(course, A)}
    assert serial_flags == flagged and flagged["eve"] and not flagged["ada"]
    # the local engine's --resume, on the SQLite gradebook nbgrader just filled: only dan is missing (no graded
    # notebook, and no class report saying he failed: serial nbgrader writes none); graded, he fails again
    from instructor.autograde import autograde, missing_students
    assert missing_students(A, CLASS, course) == ["dan"]
    assert [(o.student, o.status) for o in autograde(A, CLASS, jobs=2, root=course, resume=True)] == [("dan", "FAILED")]
    assert missing_students(A, CLASS, course) == []
    total = {s: sum(x for x, _ in cells.values()) for s, cells in distributed.items()}
    top = sum(m for _, m in distributed["ada"].values())
    assert total["ada"] == top and total["ben"] == 0 and 0 < total["cyd"] < top


OTHERS = [a for a in assignments() if a != A]


def test_every_other_assignment_grades_like_serial_nbgrader(client, pg, tmp_path):
    """A class of every other assignment, one catalogued mistake each (partial marks): graded on Dask, then
    by serial nbgrader, equal cell by cell."""
    course = classroom.new_course(tmp_path / "course", OTHERS)
    mutants = {a: catalogue(a)[0][0] for a in OTHERS}
    for a in OTHERS:
        classroom.submit(course, "mia", a, mutants[a].notebook(classroom.solution_notebook(a)))
    gradebook = pg.create_database("every_other_assignment")
    outcomes = {a: dask_grading.autograde_dask(a, ["mia"], gradebook=gradebook, client=client, root=course,
                                               progress=False) for a in OTHERS}
    for a in OTHERS:
        assert [(o.student, o.status) for o in outcomes[a]] == [("mia", "graded")], (a, outcomes[a][0].reason)
    distributed = {a: cell_scores(a, course, gradebook)["mia"] for a in OTHERS}
    _fresh_output(course)
    for a in OTHERS:
        run_nbgrader("autograde", a, "--force", root=course, check=False)
        assert distributed[a] == cell_scores(a, course)["mia"], a
        assert {cell for cell, (score, top) in distributed[a].items() if score < top} == mutants[a].fails, a


def test_two_runs_setting_up_a_fresh_gradebook_at_once_both_succeed(course, pg):
    """Two instructors' runs start together on an empty PostgreSQL gradebook: the schema is created once."""
    url = pg.create_database("fresh_gradebook_race")
    code = ("import sys; from pathlib import Path; from instructor.autograde import _prepare_gradebook; "
            "_prepare_gradebook(sys.argv[1], [sys.argv[2]], Path(sys.argv[3]), sys.argv[4])")
    runs = [subprocess.Popen([sys.executable, "-c", code, A, student, str(course), url], env=nbgrader_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for student in ("ada", "ben")]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    from nbgrader.api import Gradebook
    with Gradebook(url) as gb:
        assert [a.name for a in gb.assignments] == [A]
        assert sorted(s.id for s in gb.students) == ["ada", "ben"]


def test_worker_killed_mid_task_every_student_graded_exactly_once(course, client, gradebook):
    _fresh_output(course)
    students = ["ada", "ben", "cyd", "eve"]
    killed = []

    def kill_a_busy_worker():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy:
                time.sleep(1.5)  # well into the task: the kernels are up, nbgrader is grading
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    killer.start()
    outcomes = dask_grading.autograde_dask(A, students, gradebook=gradebook, client=client, root=course,
                                           progress=False)
    killer.join()
    assert killed, "no worker was busy"
    assert sorted(o.student for o in outcomes) == sorted(students)
    assert all(o.success for o in outcomes), [(o.student, o.reason) for o in outcomes]
    cells = len(classroom.solution_notebook(A).cells and cell_scores(A, course, gradebook)["ada"])
    assert _grade_rows(gradebook) == {s: cells for s in students}
    scores = cell_scores(A, course, gradebook)
    assert sum(x for x, _ in scores["ada"].values()) == sum(m for _, m in scores["ada"].values())
    client.wait_for_workers(2, timeout=120)  # the nanny brought the worker back


def test_postgres_gradebook_with_8_concurrent_writers_loses_and_duplicates_nothing(course, gradebook):
    from nbgrader.api import Gradebook

    writers = [f"w{i}" for i in range(8)]
    _prepare_gradebook(A, writers, course, gradebook)
    start = threading.Barrier(len(writers))
    errors = []

    def write(student: str, rounds: int = 3):
        try:
            start.wait()
            for round_ in range(rounds):  # a retried task writes the same student again
                with Gradebook(gradebook) as gb:
                    submission = gb.update_or_create_submission(A, student)
                    for notebook in submission.notebooks:
                        for grade in notebook.grades:
                            grade.auto_score = min(grade.max_score, round_ + len(grade.name) % 2)
                    gb.db.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(f"{student}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=write, args=(s,)) for s in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rows = _grade_rows(gradebook)
    scores = cell_scores(A, course, gradebook)
    assert sorted(rows) == writers and len(set(rows.values())) == 1
    assert all(len(scores[s]) == rows[s] for s in writers)
    expected = {name: min(top, 2 + len(name) % 2) for name, (_, top) in scores["w0"].items()}  # the last round's
    assert all({c: x for c, (x, _) in scores[s].items()} == expected for s in writers)


def test_a_task_for_an_older_submission_leaves_the_later_one_alone(course, gradebook, tmp_path):
    import datetime as dt

    from nbgrader.api import Gradebook
    _prepare_gradebook(A, ["ada"], course, gradebook)
    later = dt.datetime(2026, 11, 22, 10, 0, 0)
    with Gradebook(gradebook, "nn-from-scratch") as gb:
        gb.update_or_create_submission(A, "ada", timestamp=later)
    payload = dask_grading.submission_payload(A, "ada", course)
    assert payload["timestamp"] < later
    result = dask_grading.grade_task(dask_grading.course_payload(A, course), payload, gradebook, str(tmp_path))
    assert result["success"] and result["files"] is None and "later submission" in result["notes"][0]
    with Gradebook(gradebook, "nn-from-scratch") as gb:
        assert gb.find_submission(A, "ada").timestamp.replace(tzinfo=None) == later
    assert not list(tmp_path.iterdir())  # the scratch course directory is gone


def _spawn(cmd: list[str], cwd: Path, log: Path) -> subprocess.Popen:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(cmd, cwd=cwd, env=nbgrader_env(), stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _scheduler_and_workers(base: Path, workers: int = 2) -> tuple[str, list[subprocess.Popen]]:
    """``dask scheduler`` and ``dask worker`` processes on loopback, each in a scratch folder of its own."""
    from distributed import Client
    bindir = Path(sys.executable).parent
    scheduler_file = base / f"scheduler-{time.time_ns()}.json"
    procs = [_spawn([str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard", "--scheduler-file", str(scheduler_file)], base / "scheduler", base / "s.log")]
    deadline = time.monotonic() + 60
    while not scheduler_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    import json
    address = json.loads(scheduler_file.read_text())["address"]
    for i in range(workers):
        own = base / f"worker{i}-{time.time_ns()}"
        procs.append(_spawn([str(bindir / "dask"), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                             "--no-nanny", "--no-dashboard", "--local-directory", str(own / "scratch")],
                            own, base / f"w{i}.log"))
    with Client(address, timeout="60s") as c:
        c.wait_for_workers(workers, timeout=120)
    return address, procs


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def test_scheduler_and_workers_over_tcp_then_scheduler_gone_and_resume(course, gradebook, tmp_path):
    """Separate processes over TCP on loopback; the scheduler dies after the first result; --resume grades the rest."""
    _fresh_output(course)
    students = ["ada", "ben", "cyd"]
    address, procs = _scheduler_and_workers(tmp_path)
    try:
        def kill_scheduler_after_first_result():
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and not report_path(A, course).exists():
                time.sleep(0.1)
            os.killpg(procs[0].pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_scheduler_after_first_result, daemon=True)
        killer.start()
        with pytest.raises(dask_grading.SchedulerGone, match="--resume"):
            dask_grading.autograde_dask(A, students, gradebook=gradebook, scheduler=address, root=course,
                                        progress=False)
        killer.join()
    finally:
        _stop(procs)
    import json
    first = json.loads(report_path(A, course).read_text())
    assert 1 <= len(first) < len(students)

    address, procs = _scheduler_and_workers(tmp_path)
    try:
        outcomes = dask_grading.autograde_dask(A, students, gradebook=gradebook, scheduler=address, root=course,
                                               progress=False, resume=True, feedback=True)
    finally:
        _stop(procs)
    assert sorted(o.student for o in outcomes) == sorted(set(students) - set(first))  # only what was missing
    assert all(o.success for o in outcomes), [(o.student, o.reason) for o in outcomes]
    for o in outcomes:  # feedback generated on the worker with the course's preprocessors: hidden tests left out
        html = (course / "feedback" / o.student / A / f"{A}.html").read_text()
        assert "hidden tests ran here" in html and "BEGIN HIDDEN TESTS" not in html
    assert sorted(json.loads(report_path(A, course).read_text())) == sorted(students)
    assert sorted(_grade_rows(gradebook)) == sorted(students)
    # a later submission is graded again by --resume, the others are left alone
    (course / "submitted" / "ben" / A / "timestamp.txt").write_text("2026-11-21 09:00:00.000000 UTC")
    try:
        from instructor.autograde import missing_students
        assert missing_students(A, students, course, gradebook) == ["ben"]
    finally:
        (course / "submitted" / "ben" / A / "timestamp.txt").write_text("2026-11-20 15:00:00.000000 UTC")
