"""The student setup (course/lab.py) is the same for ./run student and Binder, and Binder's files are what
repo2docker reads. (No browser: these run in the ordinary test suite.)"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from course import lab
from course.paths import COURSE_ROOT

BINDER = COURSE_ROOT / "binder"


def test_student_config_disables_instructor_tools_and_keeps_validate(tmp_path):
    folder = lab.student_config(tmp_path / "cfg")
    server = json.loads((folder / "jupyter_server_config.json").read_text())["ServerApp"]["jpserver_extensions"]
    assert server["nbgrader.server_extensions.formgrader"] is False
    assert server["nbgrader.server_extensions.course_list"] is False
    assert server["nbgrader.server_extensions.validate_assignment"] is True
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert set(page) == {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                         "@jupyter/nbgrader:course-list"}
    assert "@jupyter/nbgrader:validate-assignment" not in page
    overrides = json.loads((folder / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides == lab.SETTINGS_OVERRIDES


def test_student_env_puts_the_config_first_and_the_course_on_the_path(tmp_path):
    env = lab.student_env(tmp_path, COURSE_ROOT, {"PATH": "/usr/bin", "JUPYTER_CONFIG_PATH": "/x",
                                                           "MPLBACKEND": "Agg", "NBGRADER_EXECUTION": "autograde"})
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(tmp_path), "/x"]
    assert env["PYTHONPATH"].split(":")[0] == str(COURSE_ROOT)
    assert "MPLBACKEND" not in env and "NBGRADER_EXECUTION" not in env


def test_lab_command_serves_on_loopback_with_a_token():
    cmd = lab.lab_command(COURSE_ROOT / "release", 8899, "t0k3n", headless=True,
                                  start="01_perceptron/01_perceptron.ipynb")
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port=8899" in cmd
    assert "--IdentityProvider.token=t0k3n" in cmd and "--no-browser" in cmd
    assert "--LabApp.default_url=/lab/tree/01_perceptron/01_perceptron.ipynb" in cmd


def test_binder_files_are_generated_from_the_student_setup(tmp_path):
    """binder/postBuild and binder/overrides.json are exactly what course/lab.py generates now."""
    out = subprocess.run([sys.executable, "-m", "course.lab", "--write-binder", str(tmp_path)], cwd=COURSE_ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for name in ("postBuild", "overrides.json"):
        assert (BINDER / name).read_text() == (tmp_path / name).read_text(), (
            f"binder/{name} differs from what course/lab.py generates: regenerate it with "
            "`./run python -m course.lab --write-binder` and commit it")
    assert (BINDER / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_binder_overrides_match_the_student_setup():
    assert json.loads((BINDER / "overrides.json").read_text()) == lab.SETTINGS_OVERRIDES
    news = lab.SETTINGS_OVERRIDES["@jupyterlab/apputils-extension:notification"]
    assert news == {"checkForUpdates": False, "fetchNews": "false"}


def test_binder_postbuild_disables_what_the_student_setup_disables():
    script = lab.binder_files()["postBuild"]
    assert script.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in script
    plugins = re.findall(r"^jupyter labextension disable --level=sys_prefix (\S+)$", script, re.M)
    assert plugins == list(lab.DISABLED_LAB_PLUGINS)
    extensions = re.findall(r"^jupyter server extension disable --sys-prefix (\S+)$", script, re.M)
    assert extensions == list(lab.DISABLED_SERVER_EXTENSIONS)
    assert "validate" not in script
    assert "binder/overrides.json" in script and "load_mnist" in script and "import matplotlib.pyplot" in script
    if shutil.which("bash"):
        subprocess.run(["bash", "-n"], input=script, text=True, check=True)  # parses as bash


def test_binder_installs_the_pinned_root_requirements():
    lines = [x.strip() for x in (BINDER / "requirements.txt").read_text().splitlines()
             if x.strip() and not x.startswith("#")]
    assert lines == ["-r ../requirements.txt"]
    assert (BINDER / "runtime.txt").read_text().strip().startswith("python-3.")
    for line in (COURSE_ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^\s=]+", line), f"not pinned: {line}"


def test_launcher_documents_its_options():
    out = subprocess.run([sys.executable, "-m", "course.lab", "--help"], cwd=COURSE_ROOT,
                         capture_output=True, text=True, check=True).stdout
    for option in ("--headless", "--port", "--token", "--root", "--write-binder"):
        assert option in out
