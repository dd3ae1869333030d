"""Which assignments the course has, and how nbgrader is run on it.

``COURSE_ROOT`` (this checkout's course, defined in ``course.paths``) is the default course directory of
every function here.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from course.paths import COURSE_ROOT

# Notebooks are graded and tested in parallel, one process per core: a multi-threaded BLAS in each would
# oversubscribe the cores and run many times slower than one thread each.
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def assignments(root: Path = COURSE_ROOT) -> list[str]:
    """Assignment names in course order (the folders of source/, sorted: 01_..., 02_...)."""
    return sorted(p.name for p in (Path(root) / "source").iterdir() if p.is_dir() and not p.name.startswith("."))


def notebooks(assignment: str, root: Path = COURSE_ROOT, kind: str = "source") -> list[Path]:
    """The notebooks of one assignment in source/ or release/."""
    return sorted((Path(root) / kind / assignment).glob("*.ipynb"))


def nbgrader_env() -> dict:
    """The environment nbgrader needs: this Python's bin first on PATH (nbgrader shells out to alembic)."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("PYTHONNOUSERSITE", "1")
    # Headless and quiet: no figure windows, no progress bars fighting over a terminal.
    env.setdefault("MPLBACKEND", "Agg")
    for var in BLAS_THREAD_VARS:
        env.setdefault(var, "1")
    return env


def run_nbgrader(*args: str, root: Path = COURSE_ROOT, check: bool = True,
                 capture: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course directory ``root`` with the course's environment."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    result = subprocess.run(cmd, cwd=root, env=nbgrader_env(), text=True,
                            capture_output=capture)
    if check and result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n"
                           f"{result.stdout or ''}{result.stderr or ''}")
    return result


def gradebook_url(root: Path = COURSE_ROOT) -> str:
    """The gradebook's database URL: what the course directory's nbgrader_config.py sets (its one home)."""
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(Path(root).resolve())).load_config()
    return config.CourseDirectory.db_url
