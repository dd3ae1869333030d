"""Shared fixtures: the course's assignments, and the mutation-testing summary."""
from __future__ import annotations

import os
import time

import pytest

# Tests never download: MNIST comes from ../shared/mnist when it exists, else the embedded fallback.
# Set before any notebook kernel or nbgrader process starts, so they inherit it.
os.environ.setdefault("MNIST_OFFLINE", "1")
from instructor.coursedir import BLAS_THREAD_VARS, assignments  # noqa: E402

# Tests run notebooks and graders in parallel on few cores: one BLAS thread per process avoids oversubscription.
for _var in BLAS_THREAD_VARS:
    os.environ.setdefault(_var, "1")

ASSIGNMENTS = assignments()
SESSION_START = pytest.StashKey[float]()


@pytest.fixture(params=ASSIGNMENTS)
def assignment(request) -> str:
    return request.param


def mutation_reports(config):
    """Folder where tests/test_mutants.py leaves one verdict file per catalogue shard (shared by xdist workers).

    None when pytest runs without its cache (-p no:cacheprovider): then no summary is printed.
    """
    cache = getattr(config, "cache", None)
    return cache.mkdir("mutation") if cache is not None else None


# The scheduler (pytest-xdist, --dist loadgroup) hands tests to the workers in collection order, so the
# longest go first and the two workers finish together: the mutation shards (the costliest assignments
# first), then the modules that grade whole classes. Measured with --durations on two cores.
LONGEST_FIRST = ("test_mutants.py", "test_demo.py", "test_distributed_grading.py", "tests/browser/",
                 "test_isolation.py", "test_bad_submissions.py", "test_assignment_grading.py", "test_hub.py",
                 "test_parallel_grading.py", "test_notebooks_run.py", "test_foreign_conventions.py",
                 "test_diagnosis.py")
COSTLIEST_ASSIGNMENTS_FIRST = ("05_", "04_", "06_", "03_", "02_", "01_")


def _rank(item) -> tuple[int, int]:
    nodeid = item.nodeid
    module = next((i for i, part in enumerate(LONGEST_FIRST) if part in nodeid), len(LONGEST_FIRST))
    assignment = next((i for i, prefix in enumerate(COSTLIEST_ASSIGNMENTS_FIRST) if f"[{prefix}" in nodeid),
                      len(COSTLIEST_ASSIGNMENTS_FIRST))
    return module, assignment


# Modules whose tests share a module-scoped fixture (a graded class, a hub) run on one worker, so that the
# fixture is made once rather than once per worker.
SHARED_MODULE_FIXTURES = ("test_assignment_grading.py", "test_bad_submissions.py", "test_demo.py",
                          "test_diagnosis.py", "test_distributed_grading.py", "test_feedback.py",
                          "test_foreign_conventions.py", "test_hub.py", "test_isolation.py", "test_publish.py")


@pytest.hookimpl(tryfirst=True)  # (before xdist reads the groups)
def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_rank)  # (stable: within a rank, the usual order)
    for item in items:
        module = item.path.name
        if module in SHARED_MODULE_FIXTURES and item.path.parent.name == "tests":
            item.add_marker(pytest.mark.xdist_group(module.removesuffix(".py")))


def pytest_sessionstart(session):
    session.config.stash[SESSION_START] = time.time()


def pytest_terminal_summary(terminalreporter, config):
    """Print the mutation score (wrong answers caught / tried, false failures of correct alternatives) and
    the diagnosis's recall and precision on the same graded notebooks."""
    from instructor.mutation import diagnosis_summary, load_report, summary

    folder = mutation_reports(config)
    since = config.stash.get(SESSION_START, 0.0)
    reports = sorted(p for p in folder.glob("*.json") if p.stat().st_mtime >= since) if folder is not None else []
    if not reports:
        return
    terminalreporter.section("mutation testing of the hidden tests")
    by_assignment: dict[str, list] = {}
    for path in reports:  # one file per shard: <assignment>-<shard>.json
        by_assignment.setdefault(path.stem.rsplit("-", 1)[0], []).extend(load_report(path))
    for assignment, verdicts in sorted(by_assignment.items()):
        terminalreporter.write_line(f"{assignment:<22} {summary(verdicts)}")
        terminalreporter.write_line(f"{'':<22} {diagnosis_summary(verdicts)}")
    everything = [v for verdicts in by_assignment.values() for v in verdicts]
    terminalreporter.write_line(f"{'whole course':<22} {summary(everything)}")
    terminalreporter.write_line(f"{'':<22} {diagnosis_summary(everything)}")


@pytest.fixture
def in_a_thread_of_its_own():
    """Run ``function()`` in a new thread; its result is returned or its exception raised in the test. No asyncio
    loop runs in a new thread, whereas the main thread of an xdist worker that ran a browser test has one marked
    as running for the rest of the session (the session-scoped Playwright of tests/browser)."""
    import threading

    def run(function):
        outcome = {}

        def target():
            try:
                outcome["value"] = function()
            except BaseException as exc:  # re-raised in the test's thread
                outcome["error"] = exc

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    return run
