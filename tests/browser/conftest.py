"""Fixtures of the browser tests: Debian's Chromium, student JupyterLab servers on the course and on a
published student-only copy of it, each serving the student notebooks with the solutions filled in, and a
graded demo class for the instructor's pages (the class report, formgrader)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (DEMO_ASSIGNMENT, DEMO_CLASS_SIZE, InstructorLab, StudentLab,  # noqa: E402
                     assignments_with_release, chromium_available, launch_chromium, solved_release)

from instructor.coursedir import COURSE_ROOT  # noqa: E402

BROWSER_ASSIGNMENTS = assignments_with_release(COURSE_ROOT)


def pytest_addoption(parser):
    parser.addoption("--screenshots", default=None, metavar="DIR",
                     help="save one screenshot per notebook there (docs/screenshots in the README)")


@pytest.fixture(scope="session")
def screenshot_dir(request, tmp_path_factory) -> Path:
    """Where each notebook's screenshot goes: --screenshots DIR, else a temporary folder."""
    chosen = request.config.getoption("--screenshots")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    if not folder.is_absolute():
        folder = Path(request.config.invocation_params.dir) / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (./run test installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def lab_env(tmp: Path) -> dict:
    """The server's environment: no downloads, and a JupyterLab workspace and user settings of its own (a
    workspace remembered from another server would reopen notebooks that are not there)."""
    env = dict(os.environ)
    env.update(MNIST_OFFLINE="1", JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    for name in ("MPLBACKEND", "NBGRADER_EXECUTION", "JUPYTER_CONFIG_PATH"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="session")
def course_lab(tmp_path_factory):
    """``course.lab`` of this course, serving a solved copy of release/."""
    tmp = tmp_path_factory.mktemp("course-lab")
    root = solved_release(COURSE_ROOT / "release", COURSE_ROOT / "source", tmp / "notebooks", BROWSER_ASSIGNMENTS)
    with StudentLab(COURSE_ROOT, root, tmp / "lab.log", lab_env(tmp)) as lab:
        yield lab


@pytest.fixture(scope="session")
def published_copy(tmp_path_factory) -> Path:
    from instructor.publish import publish

    return publish(tmp_path_factory.mktemp("published") / "student-course")


@pytest.fixture(scope="session")
def published_lab(published_copy, tmp_path_factory):
    """The published copy's own ``course.lab``, its kernel importing the copy's ``course``."""
    tmp = tmp_path_factory.mktemp("published-lab")
    names = [a for a in BROWSER_ASSIGNMENTS if (published_copy / "release" / a).is_dir()]
    root = solved_release(published_copy / "release", COURSE_ROOT / "source", tmp / "notebooks", names)
    with StudentLab(published_copy, root, tmp / "lab.log", lab_env(tmp)) as lab:
        yield lab


@pytest.fixture(scope="session")
def demo_class(tmp_path_factory) -> Path:
    """A demo class of one assignment graded end to end by ``python -m instructor.demo`` (release, collect,
    autograde, feedback, export, class report): its course directory. Tests that change its gradebook put it
    back."""
    root = tmp_path_factory.mktemp("report-demo") / "course"
    result = subprocess.run([sys.executable, "-m", "instructor.demo", "--root", str(root), "--jobs", "2",
                             "--class-size", str(DEMO_CLASS_SIZE), "--assignment", DEMO_ASSIGNMENT],
                            cwd=COURSE_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return root


@pytest.fixture
def instructor_lab(demo_class, tmp_path):
    """``./run instructor`` (instructor.lab) on the demo class's course directory, on a free loopback port;
    stopped after the test."""
    with InstructorLab(COURSE_ROOT, demo_class, tmp_path / "lab.log", lab_env(tmp_path)) as lab:
        yield lab
