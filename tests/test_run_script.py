"""The ./run entry point works the documented way, with nothing activated by hand."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from instructor.coursedir import COURSE_ROOT

VENV = Path(sys.prefix)


def bare_env():
    """The environment of a user who has activated nothing: the venv's bin is not on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if Path(p).resolve() != (VENV / "bin").resolve())
    env["COURSE_VENV"] = str(VENV)  # reuse the installed environment instead of installing again
    return env


def set_up_by_run() -> bool:
    """Whether ./run has installed the current requirement files into this venv (so it will not reinstall)."""
    import hashlib

    files = sorted(COURSE_ROOT.glob("requirements*.txt")) + [COURSE_ROOT / "pyproject.toml"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / ".course-installed"
    return stamp.exists() and any(line.startswith(digest + " ") for line in stamp.read_text().splitlines())


def test_help_lists_the_commands():
    out = subprocess.run([str(COURSE_ROOT / "run"), "help"], capture_output=True, text=True, check=True).stdout
    for command in ("student", "instructor", "test", "grade-demo", "nbgrader"):
        assert f"./run {command}" in out


@pytest.mark.nbgrader
@pytest.mark.skipif(shutil.which("alembic", path=bare_env()["PATH"]) is not None,
                    reason="alembic is on the bare PATH already; the test would prove nothing")
@pytest.mark.skipif(not set_up_by_run(), reason="this environment was not set up by ./run (use ./run test)")
def test_nbgrader_finds_alembic_without_activation(tmp_path):
    for name in ("run", "nbgrader_config.py", "requirements.txt", "requirements-hub.txt", "requirements-dev.txt",
                 "pyproject.toml"):
        shutil.copy2(COURSE_ROOT / name, tmp_path / name)
    shutil.copytree(COURSE_ROOT / "source", tmp_path / "source")
    result = subprocess.run([str(tmp_path / "run"), "nbgrader", "db", "student", "add", "zoe"],
                            cwd=tmp_path, env=bare_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "gradebook.db").exists()
    assert "installing" not in result.stderr, "./run reinstalled into an environment that was already set up"
    where = subprocess.run([sys.executable, "-c", "import instructor; print(instructor.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert Path(where).resolve().is_relative_to(COURSE_ROOT), f"the course package now points at {where}"


@pytest.mark.skipif(not set_up_by_run(), reason="this environment was not set up by ./run (use ./run test)")
def test_instructor_refuses_a_folder_that_is_not_a_course_directory(tmp_path):
    result = subprocess.run([str(COURSE_ROOT / "run"), "instructor", "--root", str(tmp_path), "--no-browser"],
                            env=bare_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a course directory (no nbgrader_config.py)" in result.stderr
