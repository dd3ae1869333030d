"""Open the course in JupyterLab the way the instructor grades it (``./run instructor``, ``python -m instructor.lab``).

    ./run instructor [--root COURSE_DIR] [--port N] [--no-browser] [--token TOKEN] [--ip ADDR]

starts JupyterLab on the course directory (this checkout, or ``--root``: a demo class made by
``./run grade-demo --root DIR``, a copy of the course) with the instructor setup, the opposite of the
student's (``course.lab``):

* every nbgrader extension is on, server and lab parts: formgrader (Nbgrader -> Formgrader: assignments,
  submissions, manual grading, feedback), create-assignment (the cell toolbar that edits nbgrader metadata),
  assignment list, validate and course list. They are switched on explicitly, so they are on even in an
  environment where they were switched off for students (Binder's ``postBuild``).
* the course directory's ``nbgrader_config.py`` is the one in force: formgrader reads it from the server's
  working directory (nbgrader's ``load_cwd_config``), so the server runs there. Formgrader's buttons call
  nbgrader's own apps in the server's process (``NbGraderAPI``: autograde, generate feedback, ...), with the
  course's grading extensions (``grader/``) exactly as ``nbgrader autograde`` on the command line; this
  checkout is put on ``PYTHONPATH`` so they import for a course directory elsewhere too.
* no news feed, no update check, widget messages in the kernel's main thread (``course.lab.SETTINGS_OVERRIDES``).

Like the student's, the setup is a small Jupyter configuration folder put first on ``JUPYTER_CONFIG_PATH``
for this server only: nothing in the Python environment changes. The server listens on loopback
(127.0.0.1) with a random token (``--token`` or ``$JUPYTER_TOKEN`` to choose it); the URL with the token is
printed. The class report's links to formgrader (``instructor.report``) point at ``DEFAULT_URL``, this
server on its default port.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

from course import lab
from course.paths import COURSE_ROOT

DEFAULT_IP = "127.0.0.1"
DEFAULT_PORT = 8888
DEFAULT_URL = f"http://{DEFAULT_IP}:{DEFAULT_PORT}"

# Every nbgrader part the student setup turns off or keeps, and the assignment list, switched on.
LAB_PLUGINS = (*lab.DISABLED_LAB_PLUGINS, *lab.KEPT_LAB_PLUGINS, "@jupyter/nbgrader:assignment-list",
               "@jupyter/nbgrader:menu")
SERVER_EXTENSIONS = (*lab.DISABLED_SERVER_EXTENSIONS, *lab.KEPT_SERVER_EXTENSIONS,
                     "nbgrader.server_extensions.assignment_list")


def instructor_config(folder: Path, frame_ancestors: str | None = None) -> Path:
    """Write the instructor setup as a Jupyter configuration folder and return it.

    ``folder`` gets ``jupyter_server_config.json`` (every nbgrader server extension on),
    ``labconfig/page_config.json`` (every nbgrader lab plugin on) and
    ``labconfig/default_setting_overrides.json`` (no news, no update check). ``frame_ancestors`` (e.g.
    ``"'self'"``), when given, is sent as the server's ``Content-Security-Policy: frame-ancestors``: a
    server behind JupyterHub forbids every frame, formgrader's included, unless it says otherwise.
    """
    folder = Path(folder)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    server: dict = {"ServerApp": {"jpserver_extensions": {name: True for name in SERVER_EXTENSIONS}}}
    if frame_ancestors:
        server["ServerApp"]["tornado_settings"] = {
            "headers": {"Content-Security-Policy": f"frame-ancestors {frame_ancestors}"}}
    (folder / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    page = {"disabledExtensions": {name: False for name in LAB_PLUGINS}}
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")
    (folder / "labconfig" / "default_setting_overrides.json").write_text(
        json.dumps(lab.SETTINGS_OVERRIDES, indent=2) + "\n")
    return folder


def course_directory(root: Path) -> Path:
    """``root`` resolved, if it is an nbgrader course directory (it holds ``nbgrader_config.py``)."""
    root = Path(root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ValueError(f"{root} is not a course directory (no nbgrader_config.py)")
    return root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="./run instructor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=COURSE_ROOT,
                        help="the course directory to grade (default: this course)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to serve on (default {DEFAULT_PORT})")
    parser.add_argument("--ip", default=DEFAULT_IP, help=f"address to listen on (default {DEFAULT_IP})")
    parser.add_argument("--token", default=os.environ.get("JUPYTER_TOKEN") or None,
                        help="access token (default: $JUPYTER_TOKEN, else a random one)")
    parser.add_argument("--no-browser", "--headless", dest="no_browser", action="store_true",
                        help="do not open a browser; print the URL")
    parser.add_argument("--config-dir", type=Path, default=None,
                        help="where to write the instructor's Jupyter configuration (default: a temporary folder)")
    args = parser.parse_args(argv)

    try:
        root = course_directory(args.root)
    except ValueError as exc:
        parser.error(str(exc))
    config_dir = instructor_config(args.config_dir or Path(tempfile.mkdtemp(prefix="nn-instructor-jupyter-")))
    token = args.token or secrets.token_hex(24)
    cmd = lab.lab_command(root, args.port, token, args.ip, args.no_browser)
    print(f"[instructor] JupyterLab with formgrader on {root}\n"
          f"[instructor] open http://{args.ip}:{args.port}/lab?token={token}  (Nbgrader -> Formgrader)",
          file=sys.stderr, flush=True)
    os.chdir(root)  # formgrader reads nbgrader_config.py from the working directory
    os.execve(sys.executable, cmd, lab.student_env(config_dir, COURSE_ROOT))


if __name__ == "__main__":
    main()
