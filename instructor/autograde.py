"""Autograde a class in parallel with nbgrader's own autograder.

``nbgrader autograde`` grades one student after another. Here the students of an assignment are dealt
out to ``--jobs`` worker processes; each worker imports nbgrader once and grades its share through
nbgrader's Python API (the same code path as the command), writing to the one shared gradebook
(SQLite, with a busy timeout so concurrent writers wait for each other instead of failing).
A submission that cannot be graded fails alone: its reason is reported, the others are graded.

The course's nbgrader_config.py makes every grading run (this one and plain ``nbgrader autograde``)
run the tests apart from the student's code, sandbox it, survive a dead kernel, bound outputs and list
suspicious code for review; this command then reports per student: graded, FLAGGED (graded, with code
listed for the instructor's review: the scores are not changed) or FAILED (could not be
graded: the reason in one line), and writes the same to ``autograded/<assignment>.grading.json``.

    python -m instructor.autograde ASSIGNMENT [--jobs N] [--student ID ...] [--verbose] [--resume] [--course DIR]
    python -m instructor.autograde ASSIGNMENT --cluster local:N | --scheduler tcp://HOST:PORT --gradebook URL [--feedback]

``--resume`` grades only the students whose current submission is not graded yet. ``--cluster`` and
``--scheduler`` grade on Dask ``distributed`` instead of local processes, into a PostgreSQL gradebook
(instructor/dask_grading.py, instructor/postgres.py).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from instructor.coursedir import COURSE_ROOT, assignments, gradebook_url, nbgrader_env


@dataclass
class Outcome:
    """What happened to one student's submission.

    ``success``: nbgrader graded it (scores are in the gradebook). ``flagged``: suspicious code
    listed for review (grader/integrity.py; the scores are not changed). ``notes``: other things the
    instructor should know (the kernel died, cells timed out, output was truncated). ``error``: why it
    could not be graded, in one line first (``reason``), then nbgrader's log.
    """
    student: str
    success: bool
    seconds: float
    error: str = ""
    log: str = field(default="", repr=False)
    flagged: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.success:
            return "FAILED"
        return "FLAGGED" if self.flagged else "graded"

    @property
    def reason(self) -> str:
        """One line for the instructor: why grading failed or was flagged."""
        if not self.success:
            return _failure_reason(self.error or self.log)
        if self.flagged:
            return self.flagged[0] + (f" (+{len(self.flagged) - 1} more)" if len(self.flagged) > 1 else "")
        return "; ".join(self.notes)


def _failure_reason(log: str) -> str:
    """The most telling line of nbgrader's error log."""
    patterns = [
        (r"connection to server at|could not connect to server|server closed the connection unexpectedly|"
         r"terminating connection due to administrator command|Connection refused.*\s+Is the server running",
         "the gradebook's database is unreachable (PostgreSQL stopped?): nothing was recorded for this "
         "submission; grade it again once the database is back"),
        (r"NotJSONError|Notebook does not appear to be JSON|JSONDecodeError|Expecting value",
         "the submitted file is not a valid notebook (not JSON)"),
        (r"No notebooks found|No submitted file", "no notebook was submitted"),
        (r"MissingEntry|No grade cell|No cell with|grade_id",
         "the notebook's graded cells do not match this assignment (another assignment's notebook?)"),
        (r"UnresponsiveKernelError|became unresponsive", "the kernel became unresponsive (an infinite loop in C code?)"),
        (r"DeadKernelError|Kernel died", "the kernel died"),
        (r"ValidationError|is not valid under any of the given schemas|NotebookValidation",
         "the notebook file is not a valid notebook (schema)"),
        (r"SandboxUnavailable", "the sandbox is required (COURSE_SANDBOX=require) but unavailable"),
    ]
    import re
    for pattern, reason in patterns:
        if re.search(pattern, log or ""):
            return reason
    # (nbgrader ends a failed conversion with a line of its own that says only "see the above traceback")
    lines = [line.strip() for line in (log or "").splitlines() if line.strip() and "see the the above" not in line
             and "see the above" not in line]
    errors = [line for line in lines if "Error" in line or "error" in line]
    return (errors or lines or ["unknown error"])[-1][:300]


def _reports(root: Path, assignment: str, student: str) -> tuple[list[str], list[str]]:
    """(findings for review, notes) from the grading reports of one student's notebooks (grader.report)."""
    from grader.report import read_reports
    findings, notes = [], []
    for report in read_reports(root, assignment, student):
        findings += report.findings
        notes += report.notes
    return findings, notes


def submitted_students(assignment: str, root: Path = COURSE_ROOT) -> list[str]:
    """Students with a folder ``submitted/<student>/<assignment>/``."""
    base = Path(root) / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / assignment).is_dir())


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def nbgrader_api(root: str, db_url: str | None = None):
    """nbgrader's API on the course directory ``root``, configured by its own nbgrader_config.py
    (``db_url``, when given, replaces the gradebook that file names)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=root).load_config()
    if db_url:
        config.CourseDirectory.db_url = db_url
    coursedir = CourseDirectory(config=config)
    coursedir.root = root
    return NbGraderAPI(coursedir=coursedir, config=config)


def grade_one(api, root: str, assignment: str, student: str) -> dict:
    """Grade one student's submission with nbgrader's autograder (``api``); the outcome as a dict (Outcome's fields)."""
    start = time.perf_counter()
    try:
        outcome = api.autograde(assignment, student, force=True, create=True)
    except Exception as exc:  # nbgrader's API catches most errors itself; this is the backstop
        outcome = {"success": False, "error": f"{type(exc).__name__}: {exc}", "log": ""}
    success = bool(outcome.get("success"))
    flagged, notes = _reports(Path(root), assignment, student) if success else ([], [])
    return {"student": student, "success": success,
            "seconds": time.perf_counter() - start,
            "error": "" if success else "\n".join(
                x for x in (outcome.get("log"), outcome.get("error")) if x)[-20000:],
            "log": (outcome.get("log") or "")[-20000:], "flagged": flagged, "notes": notes}


def _worker(root: str, assignment: str, students: list[str]) -> list[dict]:
    """Grade ``students`` one by one in this process (nbgrader imported once). Runs in a subprocess."""
    os.chdir(root)
    api = nbgrader_api(root)
    return [grade_one(api, root, assignment, student) for student in students]


def _deal(students: list[str], jobs: int) -> list[list[str]]:
    shares = [students[i::jobs] for i in range(jobs)]
    return [s for s in shares if s]


def autograde(assignment: str, students: list[str] | None = None, *, jobs: int | None = None,
              root: Path = COURSE_ROOT, resume: bool = False) -> list[Outcome]:
    """Autograde ``students`` (default: everyone who submitted) with ``jobs`` parallel workers.

    Returns one Outcome per student, in the order of ``students`` (``resume``: only those whose current
    submission is not graded yet, see `missing_students`).
    """
    root = Path(root).resolve()
    if assignment not in assignments(root):
        raise ValueError(f"unknown assignment {assignment!r}; the course has {assignments(root)}")
    students = submitted_students(assignment, root) if students is None else list(students)
    if resume:
        students = missing_students(assignment, students, root)
    if not students:
        return []
    jobs = min(jobs or default_jobs(), len(students))
    _prepare_gradebook(assignment, students, root)
    procs = []
    with tempfile.TemporaryDirectory(prefix="autograde-") as tmp:
        for i, share in enumerate(_deal(students, jobs)):
            result_file = Path(tmp) / f"worker{i}.json"
            cmd = [sys.executable, "-m", "instructor.autograde", "--worker", str(result_file), assignment, *share]
            # kernels inherit the worker's stdout: results go to a file, never through a pipe they could fill
            # (and their stderr to a file: a pipe read one worker after the other could fill and stall one)
            err_file = open(Path(tmp) / f"worker{i}.err", "w+")
            procs.append((subprocess.Popen(cmd, cwd=root, env=nbgrader_env(), stdout=subprocess.DEVNULL,
                                           stderr=err_file, text=True), share, result_file, err_file))
        by_student: dict[str, Outcome] = {}
        for proc, share, result_file, err_file in procs:
            proc.wait()
            err_file.seek(0)
            err = err_file.read()[-100_000:]
            err_file.close()
            try:
                for r in json.loads(result_file.read_text()):
                    by_student[r["student"]] = Outcome(**r)
            except (OSError, ValueError):
                reason = f"grading worker exited with code {proc.returncode}: {err.strip()[-2000:]}"
                for student in share:
                    by_student.setdefault(student, Outcome(student, False, 0.0, reason))
    outcomes = [by_student[s] for s in students]
    write_report(assignment, outcomes, root)
    return outcomes


def report_path(assignment: str, root: Path = COURSE_ROOT) -> Path:
    return Path(root) / "autograded" / f"{assignment}.grading.json"


def write_report(assignment: str, outcomes: list[Outcome], root: Path = COURSE_ROOT) -> Path:
    """Merge this run's outcomes into ``autograded/<assignment>.grading.json`` (one entry per student;
    students graded in an earlier run keep theirs)."""
    path = report_path(assignment, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        entries = json.loads(path.read_text())
    except (OSError, ValueError):
        entries = {}
    for o in outcomes:
        entries[o.student] = {"status": o.status, "reason": o.reason, "flagged": o.flagged, "notes": o.notes,
                              "seconds": round(o.seconds, 2)}
    path.write_text(json.dumps(dict(sorted(entries.items())), indent=1))
    return path


def _prepare_gradebook(assignment: str, students: list[str], root: Path, db_url: str | None = None) -> None:
    """Create the gradebook rows that workers would otherwise race to create (assignment, students).

    A gradebook other than the course directory's own (``db_url``: the PostgreSQL one of distributed
    grading) that does not know the assignment yet gets it the way nbgrader's gradebook gets it, from
    ``nbgrader generate_assignment`` (its student version written to a scratch folder, not release/).
    """
    from nbgrader.api import Gradebook, MissingEntry

    env = nbgrader_env()
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = env["PATH"]  # Gradebook() shells out to alembic for a new database
    try:
        url = db_url or gradebook_url(root)
        with _schema_lock(url), Gradebook(url, _course_id(root)) as gb:
            try:
                gb.find_assignment(assignment)  # raises if generate_assignment was never run
            except MissingEntry:
                if not db_url:
                    raise
                _generate_into(assignment, root, db_url)
            for student in students:
                gb.update_or_create_student(student)
    finally:
        os.environ["PATH"] = old_path


@contextlib.contextmanager
def _schema_lock(url: str):
    """Serialise the set-up of a shared PostgreSQL gradebook between instructors' runs (other processes).

    A fresh database gets nbgrader's tables and types on first use; two runs starting at once would both
    try to create them and one would fail. A PostgreSQL advisory lock makes the second wait for the first.
    SQLite gradebooks are one course directory's own: nothing to do.
    """
    if not url.startswith("postgresql"):
        yield
        return
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SCHEMA_LOCK_KEY})
    finally:
        engine.dispose()


_SCHEMA_LOCK_KEY = 0x6E6E6673  # any constant shared by every run of this course's tools


def _course_id(root: Path) -> str:
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(Path(root).resolve())).load_config()
    return config.CourseDirectory.course_id or "default_course"


def _generate_into(assignment: str, root: Path, db_url: str) -> None:
    """``nbgrader generate_assignment`` into the gradebook ``db_url``, its release copy thrown away."""
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        cwd = os.getcwd()
        os.chdir(root)
        try:
            api = nbgrader_api(str(root), db_url)
            api.coursedir.release_directory = tmp
            result = api.generate_assignment(assignment, force=True, create=True)
        finally:
            os.chdir(cwd)
    if not result.get("success"):
        raise RuntimeError(f"could not add {assignment} to the gradebook: {result.get('error') or result.get('log')}")


def submission_timestamp(assignment: str, student: str, root: Path):
    """The submission's timestamp (``submitted/<student>/<assignment>/timestamp.txt``, naive UTC), or None."""
    from nbgrader.coursedir import CourseDirectory
    folder = Path(root) / "submitted" / student / assignment
    stamp = CourseDirectory().get_existing_timestamp(str(folder))
    return stamp.replace(tzinfo=None) if stamp is not None and stamp.tzinfo is not None else stamp


def missing_students(assignment: str, students: list[str], root: Path = COURSE_ROOT,
                     db_url: str | None = None) -> list[str]:
    """``students`` whose current submission is not graded yet (what ``--resume`` grades).

    Done means: the gradebook holds a submission of this student with the same timestamp as the one in
    submitted/ (a later submission is graded again: the latest timestamp wins), and either its graded
    notebooks are in autograded/ or the class report says it could not be graded.
    """
    from nbgrader.api import Gradebook, MissingEntry

    try:
        report = json.loads(report_path(assignment, root).read_text())
    except (OSError, ValueError):
        report = {}
    missing = []
    with Gradebook(db_url or gradebook_url(root), _course_id(root)) as gb:
        for student in students:
            try:
                submission = gb.find_submission(assignment, student)
                stored = submission.timestamp
            except MissingEntry:
                missing.append(student)
                continue
            stored = stored.replace(tzinfo=None) if stored is not None and stored.tzinfo is not None else stored
            graded_here = any((Path(root) / "autograded" / student / assignment).glob("*.ipynb"))
            failed = report.get(student, {}).get("status") == "FAILED"
            if stored != submission_timestamp(assignment, student, root) or not (graded_here or failed):
                missing.append(student)
    return missing


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        _, result_file, assignment, *students = argv
        Path(result_file).write_text(json.dumps(_worker(os.getcwd(), assignment, students)))
        return 0
    parser = argparse.ArgumentParser(description="Autograde an assignment, students graded in parallel.")
    parser.add_argument("assignment")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="parallel workers (default: cores)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print nbgrader's log of failed submissions")
    parser.add_argument("--resume", action="store_true",
                        help="grade only the students whose current submission is not graded yet")
    parser.add_argument("--course", type=Path, default=COURSE_ROOT,
                        help="the course directory (default: this checkout; e.g. the instructor's on the hub)")
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="grade on this Dask cluster")
    engine.add_argument("--cluster", metavar="local:N", help="grade on a Dask LocalCluster of N worker processes")
    parser.add_argument("--gradebook", metavar="URL|FILE",
                        help="with --scheduler/--cluster: the PostgreSQL gradebook's URL, or a file holding it "
                             "(default: $COURSE_GRADEBOOK_URL; see python -m instructor.postgres)")
    parser.add_argument("--feedback", action="store_true",
                        help="with --scheduler/--cluster: generate each student's feedback on the worker too")
    args = parser.parse_args(argv)
    if args.feedback and not (args.scheduler or args.cluster):
        parser.error("--feedback goes with --scheduler/--cluster (locally: nbgrader generate_feedback ASSIGNMENT)")
    from grader.sandbox import describe
    print(describe(), file=sys.stderr)
    start = time.perf_counter()
    if args.scheduler or args.cluster:
        from instructor import dask_grading
        try:
            gradebook = dask_grading.resolve_gradebook(args.gradebook)
            if args.cluster:
                dask_grading.parse_cluster(args.cluster)
            outcomes = dask_grading.autograde_dask(args.assignment, args.student, gradebook=gradebook,
                                                   scheduler=args.scheduler, cluster=args.cluster,
                                                   resume=args.resume, feedback=args.feedback)
        except (dask_grading.GradebookRefused, dask_grading.SchedulerGone, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        engine_name = f"Dask {args.scheduler or 'LocalCluster ' + args.cluster}"
    else:
        outcomes = autograde(args.assignment, args.student, jobs=args.jobs, resume=args.resume, root=args.course)
        engine_name = f"{args.jobs} worker(s)"
    failed = [o for o in outcomes if not o.success]
    flagged = [o for o in outcomes if o.flagged]
    for o in outcomes:
        print(f"{o.student:<24} {o.status:<7} {o.seconds:6.1f} s  {o.reason}")
    if args.verbose:
        for o in failed:
            print(f"\n--- {o.student}: could not be graded ---\n{o.error.strip()[-3000:]}", file=sys.stderr)
    print(f"{args.assignment}: {len(outcomes) - len(failed)} graded ({len(flagged)} with code to review, "
          f"scores unchanged), {len(failed)} could not be graded, {time.perf_counter() - start:.1f} s with "
          f"{engine_name}; report: {report_path(args.assignment, args.course).relative_to(args.course)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
