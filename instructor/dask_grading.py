"""Autograde a class on Dask ``distributed``: the same code on a laptop (a LocalCluster) and on a cluster.

``python -m instructor.autograde ASSIGNMENT --cluster local:N`` starts a Dask LocalCluster of N worker
processes; ``--scheduler tcp://HOST:PORT`` uses a running cluster (``dask scheduler`` and ``dask worker``
by hand, dask-jobqueue on SLURM/PBS, dask-kubernetes, an SSHCluster...). Either way:

- one task per (student, assignment), which carries everything the grading needs: the course's
  ``nbgrader_config.py``, the assignment's ``source/`` folder (sent once to every worker) and the
  student's ``submitted/`` folder (timestamp included). Workers never see the instructor's course
  directory: each task builds a scratch course directory on its worker (in the worker's local directory)
  and runs nbgrader's autograder there with the course's own configuration, unchanged (tests in a
  kernel of their own, sandbox, review scan, output limits);
- scores go to the shared PostgreSQL gradebook (``--gradebook URL``, see `instructor.postgres`): a SQLite
  gradebook is a file on the instructor's machine, so Dask engines refuse it;
- the graded notebook and its grading report come back into the instructor's ``autograded/``, as each
  task finishes, so what was graded is kept whatever happens next (and with ``--feedback`` the feedback
  nbgrader generates on the worker, into ``feedback/``);
- a progress bar, the dashboard's address, and the per-student summary and
  ``autograded/<assignment>.grading.json`` of ``instructor.autograde``.

Faults: a worker that dies mid-task has its task run again elsewhere (Dask's retries: grading is
idempotent, the gradebook holds one submission per student); a submission that crashes or hangs its
kernel fails alone (nbgrader's timeouts, as with the local engine); when the scheduler goes away the run
stops with `SchedulerGone` and ``--resume`` grades only what is missing (`instructor.autograde.missing_students`);
a task finding a later submission of the same student in the gradebook leaves it alone (the latest
timestamp wins, as in nbgrader).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from instructor.autograde import (Outcome, _prepare_gradebook, grade_one, missing_students, nbgrader_api,
                                  submission_timestamp, submitted_students, write_report)
from instructor.coursedir import BLAS_THREAD_VARS, COURSE_ROOT, assignments

GRADEBOOK_ENV = "COURSE_GRADEBOOK_URL"


class SchedulerGone(RuntimeError):
    """The Dask scheduler went away during grading (what was graded until then is kept)."""


class GradebookRefused(ValueError):
    """A Dask engine was asked to grade into a gradebook its workers cannot share (SQLite)."""


def check_gradebook(url: str) -> str:
    if not url or url.split(":", 1)[0].split("+", 1)[0] in ("sqlite", ""):
        raise GradebookRefused(
            "distributed grading needs a gradebook every worker can reach: a SQLite gradebook is a file on "
            "this machine. Start PostgreSQL (`python -m instructor.postgres start DATADIR` prints its URL) and "
            "pass --gradebook URL (or the file DATADIR/gradebook.url)")
    return url


def resolve_gradebook(value: str | None) -> str:
    """``--gradebook`` as given (a URL, or a file holding one), else $COURSE_GRADEBOOK_URL, which is then
    removed from this process's environment (grading kernels inherit the environment)."""
    value = value or os.environ.pop(GRADEBOOK_ENV, "")
    if value and "://" not in value and Path(value).is_file():
        value = Path(value).read_text().strip()
    return check_gradebook(value)


# -- what a task carries ------------------------------------------------------------------------------------

def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def course_payload(assignment: str, root: Path) -> dict:
    """What every task of ``assignment`` needs from the course: its nbgrader_config.py and source/ folder."""
    return {"assignment": assignment, "config": (root / "nbgrader_config.py").read_bytes(),
            "source": _files(root / "source" / assignment)}


def submission_payload(assignment: str, student: str, root: Path) -> dict:
    return {"student": student, "files": _files(root / "submitted" / student / assignment),
            "timestamp": submission_timestamp(assignment, student, root)}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# -- on the worker ------------------------------------------------------------------------------------------

def _superseded(assignment: str, student: str, timestamp, db_url: str, course_id: str) -> bool:
    """Whether the gradebook already holds a later submission of ``student`` than this task's."""
    from nbgrader.api import Gradebook, MissingEntry
    if timestamp is None:
        return False
    with Gradebook(db_url, course_id) as gb:
        try:
            stored = gb.find_submission(assignment, student).timestamp
        except MissingEntry:
            return False
    stored = stored.replace(tzinfo=None) if stored is not None and stored.tzinfo is not None else stored
    return stored is not None and stored > timestamp


def grade_task(course: dict, submission: dict, db_url: str, scratch: str | None = None,
               feedback: bool = False) -> dict:
    """Grade one submission on this worker, in a scratch course directory; returns the outcome (Outcome's
    fields), ``files``, the student's autograded folder (graded notebook, grading report), and with
    ``feedback`` ``feedback_files``, the student's feedback folder (nbgrader generate_feedback)."""
    assignment, student = course["assignment"], submission["student"]
    if scratch is None:
        try:
            from distributed import get_worker
            scratch = get_worker().local_directory
        except (ImportError, ValueError):
            scratch = None
    for var in BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    bindir = str(Path(sys.executable).parent)  # nbgrader shells out to alembic and jupyter
    if not os.environ.get("PATH", "").startswith(bindir):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    root = Path(tempfile.mkdtemp(prefix=f"grade-{student}-", dir=scratch))
    cwd = os.getcwd()
    try:
        (root / "nbgrader_config.py").write_bytes(course["config"])
        _write(root / "source" / assignment, course["source"])
        _write(root / "submitted" / student / assignment, submission["files"])
        os.chdir(root)
        if _worker_address():
            _quiet_stdout()
        api = nbgrader_api(str(root), db_url)
        if _superseded(assignment, student, submission["timestamp"], db_url, api.coursedir.course_id):
            return {"student": student, "success": True, "seconds": 0.0, "error": "", "log": "", "flagged": [],
                    "notes": ["a later submission was graded instead"], "files": None}
        result = grade_one(api, str(root), assignment, student)
        graded = root / "autograded" / student / assignment
        result["files"] = _files(graded) if graded.is_dir() else None
        if feedback and result["success"]:
            done = api.generate_feedback(assignment, student, force=True)
            folder = root / "feedback" / student / assignment
            result["feedback_files"] = _files(folder) if done.get("success") and folder.is_dir() else None
            if not done.get("success"):
                result["notes"] = result["notes"] + ["feedback could not be generated: "
                                                     + _last_line(done.get("error") or done.get("log"))]
        result["worker"] = _worker_address()
        return result
    finally:
        os.chdir(cwd)
        shutil.rmtree(root, ignore_errors=True)


def _last_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return (lines or ["unknown error"])[-1][:300]


def _quiet_stdout() -> None:
    """Kernels inherit the worker's stdout and print their banners on it (a LocalCluster's workers share the
    instructor's terminal): point the worker's file descriptor 1 at /dev/null, as the local engine does."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stdout.flush()
        os.dup2(devnull, 1)
    finally:
        os.close(devnull)


def _worker_address() -> str:
    try:
        from distributed import get_worker
        return get_worker().address
    except (ImportError, ValueError):
        return ""


# -- on the instructor's machine ----------------------------------------------------------------------------

def parse_cluster(spec: str) -> int:
    """``local:N`` -> N."""
    kind, _, n = spec.partition(":")
    if kind != "local" or not n.isdigit() or int(n) < 1:
        raise ValueError(f"--cluster takes local:N (N worker processes on this machine), not {spec!r}")
    return int(n)


def local_cluster(workers: int, **kwargs):
    """A LocalCluster of ``workers`` processes with one thread each, on loopback, its dashboard too (on a
    free port): grading is CPU-bound and each task runs two kernels of its own."""
    from distributed import LocalCluster
    options = dict(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                   dashboard_address="127.0.0.1:0")
    options.update(kwargs)
    return LocalCluster(**options)


def _dashboard(client) -> str:
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001
        services = {}
    if "dashboard" in services:
        return f"dashboard: {client.dashboard_link}"
    return "dashboard: not served (the scheduler's environment has no bokeh: pip install bokeh)"


def _scheduler_gone(client, done: int, total: int, exc: BaseException) -> SchedulerGone:
    return SchedulerGone(
        f"the Dask scheduler at {client.scheduler.address if client.scheduler else '?'} is gone "
        f"({type(exc).__name__}: {exc}); {done} of {total} submissions were graded and kept; "
        "start the scheduler again and rerun with --resume to grade only what is missing")


def autograde_dask(assignment: str, students: list[str] | None = None, *, gradebook: str,
                   scheduler: str | None = None, cluster: str | None = None, client=None,
                   root: Path = COURSE_ROOT, resume: bool = False, progress: bool = True,
                   retries: int = 0, scratch: str | None = None, feedback: bool = False) -> list[Outcome]:
    """Grade ``students`` (default: everyone who submitted) of ``assignment`` on Dask, into ``gradebook``.

    The engine is ``client`` (a distributed.Client), else ``scheduler`` (an address), else ``cluster``
    (``local:N``). ``feedback``: each task also runs nbgrader generate_feedback, whose folder comes back
    into ``feedback/``. Returns one Outcome per student graded, in the order of ``students``; raises
    SchedulerGone (after saving what was graded) when the scheduler goes away.
    """
    from distributed import Client, as_completed
    from distributed.client import FutureCancelledError

    root = Path(root).resolve()
    gradebook = check_gradebook(gradebook)
    if assignment not in assignments(root):
        raise ValueError(f"unknown assignment {assignment!r}; the course has {assignments(root)}")
    students = submitted_students(assignment, root) if students is None else list(students)
    _prepare_gradebook(assignment, students, root, gradebook)
    if resume:
        students = missing_students(assignment, students, root, gradebook)
    if not students:
        return []

    own_cluster = own_client = None
    if client is None:
        if scheduler:
            client = own_client = Client(scheduler, timeout="30s")
        else:
            own_cluster = local_cluster(parse_cluster(cluster or f"local:{os.cpu_count() or 1}"))
            client = own_client = Client(own_cluster)
    by_student: dict[str, Outcome] = {}
    try:
        if progress:
            print(_dashboard(client), file=sys.stderr)
        course = client.scatter(course_payload(assignment, root), broadcast=True, hash=False)
        futures = {}
        for student in students:
            futures[client.submit(grade_task, course, submission_payload(assignment, student, root), gradebook,
                                  scratch, feedback, key=f"grade-{assignment}-{student}-{time.time_ns()}", retries=retries,
                                  pure=False)] = student
        bar = _progress_bar(len(futures), assignment) if progress else None
        try:
            for future in as_completed(futures):
                student = futures[future]
                try:
                    result = future.result()
                except (FutureCancelledError, OSError, TimeoutError) as exc:
                    if client.status not in ("running", "connecting") or "scheduler" in str(exc).lower() \
                            or isinstance(exc, (OSError, TimeoutError)):
                        raise _scheduler_gone(client, len(by_student), len(futures), exc) from exc
                    raise
                except Exception as exc:  # noqa: BLE001 - the task failed on every attempt (KilledWorker...)
                    result = {"student": student, "success": False, "seconds": 0.0,
                              "error": f"{type(exc).__name__}: {exc}", "log": "", "flagged": [], "notes": []}
                outcome = _keep(result, assignment, root)
                by_student[student] = outcome
                write_report(assignment, [outcome], root)
                if bar is not None:
                    bar.update(1)
                    if not outcome.success:
                        bar.write(f"{student}: FAILED {outcome.reason}", file=sys.stderr)
        finally:
            if bar is not None:
                bar.close()
    finally:
        if own_client is not None:
            try:
                own_client.close(timeout=10)
            except Exception:  # noqa: BLE001 - closing a client whose scheduler is gone
                pass
        if own_cluster is not None:
            own_cluster.close()
    return [by_student[s] for s in students]


def _keep(result: dict, assignment: str, root: Path) -> Outcome:
    """Put a task's graded folder into the instructor's autograded/ (replacing the old one) -> its Outcome."""
    files = result.pop("files", None)
    feedback = result.pop("feedback_files", None)
    result.pop("worker", None)
    folder = root / "autograded" / result["student"] / assignment
    if files is not None or not result["success"]:
        shutil.rmtree(folder, ignore_errors=True)
    if files:
        _write(folder, files)
    if feedback:
        shutil.rmtree(root / "feedback" / result["student"] / assignment, ignore_errors=True)
        _write(root / "feedback" / result["student"] / assignment, feedback)
    return Outcome(**result)


def _progress_bar(total: int, assignment: str):
    from tqdm import tqdm
    return tqdm(total=total, desc=f"grading {assignment}", unit="notebook", file=sys.stderr,
                dynamic_ncols=True, mininterval=0.5)

