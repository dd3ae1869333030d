"""Open the course in JupyterLab the way students get it (``./run student``, or ``python -m course.lab``).

    ./run student [--headless] [--port N] [--ip ADDR] [--token TOKEN] [--root DIR]

starts JupyterLab on ``release/`` (or ``--root``) with the student setup:

* nbgrader's instructor extensions are off: the formgrader (server and lab parts), "create assignment"
  (the cell toolbar that edits nbgrader metadata) and the course list. Validate stays on, so students can
  check a notebook the way the grader runs it, and the assignment list stays as nbgrader ships it.
* JupyterLab does not fetch news or check for updates, and sends widget messages to the kernel's main
  thread, not to a subshell (the same settings overrides Binder installs, ``binder/overrides.json``).
* the kernel imports ``course`` from this copy of the course (its root is put on ``PYTHONPATH``).

Nothing is changed in the Python environment: the student setup lives in a small Jupyter configuration
folder that is put first on ``JUPYTER_CONFIG_PATH`` for this server only, so an instructor's formgrader in the
same environment keeps working. ``--headless`` serves without opening a browser and prints the URL with its
token; the server listens on loopback (127.0.0.1) unless ``--ip`` says otherwise.

This module is the one description of the student setup. Binder's ``binder/postBuild`` and
``binder/overrides.json`` are generated from it:

    python -m course.lab --write-binder [DIR]     (DIR: default binder/ of this course)
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import sys
import tempfile
from pathlib import Path

from course.paths import COURSE_ROOT

# nbgrader's JupyterLab plugins students must not see, and the server extensions behind them.
DISABLED_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
DISABLED_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)
# Kept on purpose: students validate their notebook before handing it in.
KEPT_LAB_PLUGINS = ("@jupyter/nbgrader:validate-assignment",)
KEPT_SERVER_EXTENSIONS = ("nbgrader.server_extensions.validate_assignment",)

# JupyterLab settings overrides (the format of <prefix>/share/jupyter/lab/settings/overrides.json):
# no news feed, no update check, no request to the internet on start; and widget messages run in the kernel's
# main thread, one at a time with the cells. JupyterLab 4.6 sends them, by default, to a kernel subshell: a
# second thread, where a widget's callbacks (an explorer's redraw, the playground's training) would run while
# a cell runs. Matplotlib is not thread-safe: two figures drawn at once break each other's text (FreeType's
# "raster overflow"), and a figure is left showing only what was drawn before it.
SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
    "@jupyterlab/apputils-extension:kernels-settings": {
        "commsOverSubshells": "disabled",
    },
}


def student_config(folder: Path) -> Path:
    """Write the student setup as a Jupyter configuration folder and return it.

    ``folder`` gets ``jupyter_server_config.json`` (server extensions off), ``labconfig/page_config.json``
    (lab plugins off) and ``labconfig/default_setting_overrides.json`` (no news, no update check, widget
    messages in the kernel's main thread).
    """
    folder = Path(folder)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    server = {"ServerApp": {"jpserver_extensions": {
        **{name: False for name in DISABLED_SERVER_EXTENSIONS},
        **{name: True for name in KEPT_SERVER_EXTENSIONS},
    }}}
    (folder / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    page = {"disabledExtensions": {name: True for name in DISABLED_LAB_PLUGINS}}
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")
    (folder / "labconfig" / "default_setting_overrides.json").write_text(
        json.dumps(SETTINGS_OVERRIDES, indent=2) + "\n")
    return folder


def student_env(config_dir: Path, course_root: Path = COURSE_ROOT, base: dict | None = None) -> dict:
    """The environment of the student server: student config first, this course importable."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(config_dir), *[p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]])
    env["PYTHONPATH"] = os.pathsep.join(
        [str(course_root), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
    env.setdefault("PYTHONNOUSERSITE", "1")
    env.pop("MPLBACKEND", None)  # the notebooks choose their backend (%matplotlib widget)
    env.pop("NBGRADER_EXECUTION", None)  # a student's kernel runs the full, interactive cells
    # The venv's bin first on PATH: nbgrader's Validate runs the notebook with this Python's jupyter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def lab_command(root: Path, port: int, token: str, ip: str = "127.0.0.1", headless: bool = False,
                start: str | None = None) -> list[str]:
    """The ``jupyter lab`` command line of the student server (this Python's JupyterLab)."""
    cmd = [sys.executable, "-m", "jupyterlab",
           f"--ServerApp.root_dir={root}", f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate"]
    if headless:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        cmd.append("--allow-root")
    if start:
        cmd.append(f"--LabApp.default_url=/lab/tree/{start}")
    return cmd


def first_notebook(root: Path) -> str | None:
    """The first notebook under ``root`` (course order), as a path relative to root, or None."""
    found = sorted(Path(root).glob("*/*.ipynb"))
    return found[0].relative_to(root).as_posix() if found else None


# ------------------------------------------------------------------------------------------------ Binder

POSTBUILD_HEADER = """\
#!/usr/bin/env bash
# Binder (repo2docker) runs this once, when it builds the image, from the repository root.
# Generated from course/lab.py by `python -m course.lab --write-binder`: change the student setup there and
# regenerate, rather than editing this file.
set -euo pipefail

# The student setup (the same as ./run student): nbgrader's instructor tools off, Validate kept.
"""

POSTBUILD_FOOTER = """\

# JupyterLab settings overrides: no news feed, no update check.
settings="$(python -c 'import sys; print(sys.prefix)')/share/jupyter/lab/settings"
mkdir -p "$settings"
cp binder/overrides.json "$settings/overrides.json"

# MNIST into the image's cache (~/.cache/nn-from-scratch/mnist.npz), so students never wait on Binder's slow
# network; a failed download is reported and does not break the build (the notebook retries at run time).
python - <<'PY' || echo "postBuild: MNIST could not be pre-fetched; the notebook will download it" >&2
from course.mnist import cache_path, load_mnist
data = load_mnist(progress=False)
print(f"postBuild: MNIST {data.source}, {len(data.x_train)} training images, cache {cache_path()}")
PY

# Figures render with ipympl; build matplotlib's font cache now rather than in a student's first cell.
python -c "import matplotlib.pyplot"
"""


def binder_files() -> dict[str, str]:
    """Binder's files for the student setup, ``{name in binder/: text}``.

    ``postBuild`` turns off, in the image's environment (``sys.prefix``), what ``student_config`` turns off
    for one server, and installs ``overrides.json`` (``SETTINGS_OVERRIDES``) as JupyterLab's settings
    overrides; then it pre-fetches MNIST and builds matplotlib's font cache.
    """
    disable = [f"jupyter labextension disable --level=sys_prefix {shlex.quote(name)}"
               for name in DISABLED_LAB_PLUGINS]
    disable += [f"jupyter server extension disable --sys-prefix {shlex.quote(name)}"
                for name in DISABLED_SERVER_EXTENSIONS]
    return {
        "postBuild": POSTBUILD_HEADER + "\n".join(disable) + "\n" + POSTBUILD_FOOTER,
        "overrides.json": json.dumps(SETTINGS_OVERRIDES, indent=2) + "\n",
    }


def write_binder(folder: Path) -> list[Path]:
    """Write ``binder_files()`` into ``folder`` (``postBuild`` executable) and return the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in binder_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (folder / "postBuild").chmod(0o755)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="./run student", description=__doc__.split("\n\n")[0])
    parser.add_argument("--headless", action="store_true", help="do not open a browser; print the URL")
    parser.add_argument("--port", type=int, default=8888, help="port to serve on (default 8888)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--token", default=os.environ.get("JUPYTER_TOKEN") or None,
                        help="access token (default: $JUPYTER_TOKEN, else a random one)")
    parser.add_argument("--root", type=Path, default=COURSE_ROOT / "release",
                        help="folder to serve (default: release/)")
    parser.add_argument("--config-dir", type=Path, default=None,
                        help="where to write the student Jupyter configuration (default: a temporary folder)")
    parser.add_argument("--write-binder", type=Path, nargs="?", const=COURSE_ROOT / "binder", default=None,
                        metavar="DIR", help="write Binder's postBuild and overrides.json for this setup into DIR "
                                            "(default: binder/) and exit, without starting JupyterLab")
    args = parser.parse_args(argv)

    if args.write_binder is not None:
        for path in write_binder(args.write_binder):
            print(f"[student] wrote {path}", file=sys.stderr)
        return

    root = args.root.resolve()
    if not root.is_dir():
        parser.error(f"{root} is not a folder")
    config_dir = student_config(args.config_dir or Path(tempfile.mkdtemp(prefix="nn-student-jupyter-")))
    token = args.token or secrets.token_hex(24)
    cmd = lab_command(root, args.port, token, args.ip, args.headless, first_notebook(root))
    print(f"[student] JupyterLab on {root}\n[student] open http://{args.ip}:{args.port}/lab?token={token}",
          file=sys.stderr, flush=True)
    os.execve(sys.executable, cmd, student_env(config_dir))


if __name__ == "__main__":
    main()
