"""The student-only copy of the course (instructor/publish.py) holds what students need and no answers."""
from __future__ import annotations

import json
import shutil
import subprocess

import nbformat
import pytest

from instructor.coursedir import COURSE_ROOT
from instructor.publish import MARKERS, PublishError, leaks, publish, secret_lines


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    return publish(tmp_path_factory.mktemp("pub") / "student", repo="example/nn-student", ref="term-2027a")


def all_text(root):
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def test_copy_has_what_students_need(copy):
    released = sorted(p.name for p in (COURSE_ROOT / "release").iterdir() if p.is_dir())
    for a in released:
        assert (copy / "release" / a / f"{a}.ipynb").read_bytes() == (
            COURSE_ROOT / "release" / a / f"{a}.ipynb").read_bytes()
    for rel in ("course/__init__.py", "course/grading.py", "course/lab.py", "course/paths.py", "requirements.txt",
                "pyproject.toml", "run", "binder/postBuild", "binder/requirements.txt", "binder/overrides.json",
                "README.md"):
        assert (copy / rel).is_file(), rel
    assert json.loads((copy / "PUBLISHED.json").read_text())["assignments"] == released


def test_copy_is_licensed(copy):
    assert (copy / "LICENSE").read_bytes() == (COURSE_ROOT / "LICENSE").read_bytes()
    assert (copy / "LICENSE").read_text().startswith("MIT License\n")
    assert "[LICENSE](LICENSE)" in (copy / "README.md").read_text()


def test_copy_has_its_own_launcher(copy, tmp_path):
    """``./run student`` of the copy runs the copy's ``course.lab``, which serves the copy's release/ and needs
    nothing of instructor/."""
    import sys

    code = ("import course.lab as lab, sys; print(lab.__file__); print(lab.COURSE_ROOT); "
            "print('instructor' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=copy, capture_output=True, text=True, check=True)
    module, root, instructor = out.stdout.split("\n")[:3]
    assert (module, root, instructor) == (str(copy / "course" / "lab.py"), str(copy), "False")
    assert "-m course.lab" in (copy / "run").read_text()
    written = subprocess.run([sys.executable, "-m", "course.lab", "--write-binder", str(tmp_path)], cwd=copy,
                             capture_output=True, text=True)
    assert written.returncode == 0, written.stderr
    for name in ("postBuild", "overrides.json"):
        assert (tmp_path / name).read_bytes() == (copy / "binder" / name).read_bytes(), name


def test_copy_has_no_instructor_material(copy):
    for rel in ("source", "tests", "bench", "tools", "instructor", "gradebook.db", "autograded"):
        assert not (copy / rel).exists(), f"{rel} must not be published"


def test_copy_contains_no_solution_or_hidden_test_text(copy):
    """No nbgrader marker, and not one distinctive line of any solution or hidden test of source/."""
    secrets = secret_lines(COURSE_ROOT)
    assert len(secrets) > 20, "the check found too few solution lines to mean anything"
    for path, text in all_text(copy):
        for marker in MARKERS:
            assert marker not in text, f"{path.relative_to(copy)} contains {marker!r}"
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        lines = {line.strip() for line in text.splitlines()}
        leaked = [where for line, where in secrets.items() if line in lines]
        assert not leaked, f"{path.relative_to(copy)} holds solution/hidden-test code of {leaked[:3]}"
    assert leaks(copy) == []


def test_leak_check_catches_a_solution(copy, tmp_path):
    """The check is not vacuous: a copy with a source notebook in it is refused."""
    bad = tmp_path / "bad"
    shutil.copytree(copy, bad)
    a = sorted(p.name for p in (COURSE_ROOT / "source").iterdir() if p.is_dir())[0]
    shutil.copy2(COURSE_ROOT / "source" / a / f"{a}.ipynb", bad / "release" / a / "answers.ipynb")
    problems = leaks(bad)
    assert any("BEGIN SOLUTION" in p for p in problems)
    assert any("solution/hidden-test code" in p for p in problems)


def test_student_readme_has_a_binder_badge_on_the_first_notebook(copy):
    readme = (copy / "README.md").read_text()
    first = sorted(p.name for p in (COURSE_ROOT / "release").iterdir() if p.is_dir())[0]
    assert "https://mybinder.org/v2/gh/example/nn-student/term-2027a?urlpath=lab%2Ftree%2Frelease%2F" \
           f"{first}%2F{first}.ipynb" in readme


def test_refuses_a_non_empty_destination_and_replaces_with_force(tmp_path):
    dest = tmp_path / "student"
    dest.mkdir()
    (dest / "stale.txt").write_text("from an older publication")
    with pytest.raises(PublishError):
        publish(dest)
    publish(dest, force=True)
    assert not (dest / "stale.txt").exists()
    with pytest.raises(PublishError):
        publish(COURSE_ROOT / "student-copy-inside")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_cli_commits_the_copy_on_a_branch(tmp_path):
    import sys

    dest = tmp_path / "student-repo"
    result = subprocess.run([sys.executable, "-m", "instructor.publish", str(dest), "--branch", "student"],
                            cwd=COURSE_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    branch = subprocess.run(["git", "-C", str(dest), "branch", "--show-current"], capture_output=True, text=True)
    assert branch.stdout.strip() == "student"
    files = subprocess.run(["git", "-C", str(dest), "ls-files"], capture_output=True, text=True).stdout.split()
    assert "course/grading.py" in files and not [f for f in files if f.startswith("source/")]
    status = subprocess.run(["git", "-C", str(dest), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""
