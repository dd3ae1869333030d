"""Publish a student-only copy of the course: what students and Binder need, and nothing that gives answers away.

    ./run python -m instructor.publish DEST [--force] [--branch NAME]

writes to DEST:

* ``release/`` (the student notebooks nbgrader generated: no solutions, no hidden tests),
* ``course/`` (the helpers the notebooks import, and ``course/lab.py``, the launcher ``./run student`` starts),
  ``docs/screenshots/``,
* ``requirements.txt``, ``pyproject.toml``, ``binder/`` (Binder / repo2docker), ``run`` (``./run student``),
  ``nbgrader_config.py`` (so Validate checks a notebook the way the grader runs it), ``LICENSE``,
* a student README.

Never ``source/``, ``tests/``, ``bench/``, ``tools/``, ``instructor/`` (grading tools, mutant catalogues with
their correct alternatives), nor a gradebook or submissions. Before it returns, the copy is checked: no file
may hold an nbgrader solution or hidden-test marker, nor any solution or hidden-test code of the source
notebooks, verbatim or rewritten (``instructor.giveaways``: a graded answer with other names or numbers is
still that answer); a failed check removes nothing but raises, and DEST must not be pushed.

``--branch NAME`` makes DEST a Git repository (``git init`` when it is not one yet), stages the copy and
commits it on branch NAME, ready for ``git -C DEST push REMOTE NAME`` to a separate student repository (or an
orphan branch of this one). Files of DEST that are not part of the copy are deleted first when ``--force``
is given (``.git`` is kept), so a removed notebook disappears from the next publication.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from grader.feedback import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION
from instructor.coursedir import COURSE_ROOT
from instructor.giveaways import giveaways, public_code

# What is copied (paths relative to the course root); folders are copied whole, minus IGNORED.
FILES = ["requirements.txt", "pyproject.toml", "run", "nbgrader_config.py", "LICENSE", ".gitignore"]
FOLDERS = ["release", "course", "binder", "docs/screenshots"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".cache", "*.egg-info")

# Text that must never be in a student copy.
MARKERS = [BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN]

STUDENT_README = """\
# Neural networks from scratch, in Jupyter

{badge}Build neural networks with numpy, one derivation at a time, from a single perceptron to a network that
reads handwritten digits. Each chapter is a Jupyter notebook with exercises (cells marked `YOUR CODE HERE`)
and tests under each exercise that tell you whether your answer is right.

## Start

* **In the browser, nothing to install:** the Binder badge above opens JupyterLab on the first notebook.
  Binder sessions are temporary: download your notebooks (File > Download) before you leave.
* **On your computer** (Python 3.10 or newer): `./run student` installs the pinned requirements in `.venv/`
  the first time, then opens JupyterLab on the notebooks. `./run student --headless --port 8888` prints the
  address (with its token) instead of opening a browser.

Before handing a notebook in, use the **Validate** button of the notebook's toolbar: it runs the notebook
from top to bottom the way the grader does.

## Chapters

{chapters}

## License

MIT ([LICENSE](LICENSE)): the notebooks and the code.
"""


class PublishError(RuntimeError):
    """The student copy could not be made, or it would give answers away."""


def _assignments(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "release").iterdir() if p.is_dir() and not p.name.startswith("."))


def binder_badge(repo: str | None, ref: str = "HEAD", notebook: str | None = None) -> str:
    """Markdown of a Binder badge opening JupyterLab on ``notebook`` in GitHub repository ``repo``."""
    if not repo:
        return ""
    from urllib.parse import quote

    url = f"https://mybinder.org/v2/gh/{repo}/{ref}"
    if notebook:
        url += "?urlpath=" + quote(f"lab/tree/{notebook}", safe="")
    return f"[![Binder](https://mybinder.org/badge_logo.svg)]({url})\n\n"


def student_readme(root: Path, repo: str | None = None, ref: str = "HEAD") -> str:
    names = _assignments(root)
    chapters = "\n".join(f"{i}. [`{a}`](release/{a}/{a}.ipynb)" for i, a in enumerate(names, 1))
    first = f"release/{names[0]}/{names[0]}.ipynb" if names else None
    shots = root / "docs" / "screenshots"
    if shots.is_dir() and any(shots.glob("*.png")):
        chapters += "\n\nWhat the notebooks look like: [docs/screenshots/](docs/screenshots/)."
    return STUDENT_README.format(badge=binder_badge(repo, ref, first), chapters=chapters)


# ------------------------------------------------------------------------------------------------ checks

def _cell_blocks(source: str, begin: str, end: str) -> list[str]:
    """The text between ``### BEGIN X`` and ``### END X`` lines, stripped, per block."""
    pattern = re.compile(rf"^[ \t]*#+[ \t]*{begin}[^\n]*\n(.*?)^[ \t]*#+[ \t]*{end}", re.M | re.S)
    return [m.group(1) for m in pattern.finditer(source)]


def secret_lines(source_root: Path = COURSE_ROOT, min_length: int = 20) -> dict[str, str]:
    """Distinctive lines of the source notebooks' solutions and hidden tests: {line: where it comes from}.

    A line counts when it is long enough to be distinctive and does not appear in the student version
    anyway (the release notebooks and course/, which students get by design)."""
    import nbformat

    public = []
    for path in sorted((source_root / "release").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        public += [c.source for c in nb.cells]
    for path in sorted((source_root / "course").rglob("*.py")):
        public.append(path.read_text(encoding="utf-8", errors="replace"))
    public_lines = {line.strip() for text in public for line in text.splitlines()}

    secrets: dict[str, str] = {}
    for path in sorted((source_root / "source").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "?")
            blocks = (_cell_blocks(cell.source, BEGIN_SOLUTION, END_SOLUTION)
                      + _cell_blocks(cell.source, BEGIN_HIDDEN, END_HIDDEN))
            for block in blocks:
                for line in block.splitlines():
                    line = line.strip()
                    if len(line) >= min_length and not line.startswith("#") and line not in public_lines:
                        secrets.setdefault(line, f"{path.parent.name}:{grade_id}")
    return secrets


def _text_files(dest: Path):
    for path in sorted(dest.rglob("*")):
        if ".git" in path.relative_to(dest).parts or not path.is_file():
            continue
        try:
            yield path, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images
            continue


def leaks(dest: Path, source_root: Path = COURSE_ROOT) -> list[str]:
    """Everything in ``dest`` that gives answers away: markers, solution or hidden-test code, instructor files."""
    dest = Path(dest)
    found = []
    for forbidden in ("source", "tests", "bench", "tools", "instructor", "autograded", "submitted",
                      "feedback", "gradebook.db"):
        if (dest / forbidden).exists():
            found.append(f"{forbidden}: instructor material in the student copy")
    secrets = secret_lines(source_root)
    for path, text in _text_files(dest):
        rel = path.relative_to(dest).as_posix()
        for marker in MARKERS:
            if marker in text:
                found.append(f"{rel}: contains the marker {marker!r}")
        if path.suffix == ".ipynb":  # compare code, not JSON-escaped text
            import nbformat

            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        lines = {line.strip() for line in text.splitlines()}
        for line, where in secrets.items():
            if line in lines:
                found.append(f"{rel}: holds solution/hidden-test code of {where}: {line[:60]!r}")
    found += giveaways(public_code(dest), source_root)  # the same answers rewritten (names, numbers, layout)
    return found


# ------------------------------------------------------------------------------------------------ publish

def _clear(dest: Path) -> None:
    for child in dest.iterdir():
        if child.name == ".git":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def publish(dest: Path, *, root: Path = COURSE_ROOT, force: bool = False, repo: str | None = None,
            ref: str = "HEAD") -> Path:
    """Write the student-only copy of the course at ``root`` to ``dest``, check it, and return ``dest``.

    ``repo`` (GitHub ``owner/name``) and ``ref`` make the README's Binder badge point at the published copy.
    Raises PublishError when ``dest`` is not empty (and not ``force``) or when the copy would leak answers.
    """
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if dest == root or root in dest.parents:
        raise PublishError(f"{dest} is inside the course; publish to a folder outside it")
    if dest.exists() and any(p.name != ".git" for p in dest.iterdir()):
        if not force:
            raise PublishError(f"{dest} is not empty (use --force to replace its contents)")
        _clear(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if not (root / "release").is_dir() or not _assignments(root):
        raise PublishError(f"{root / 'release'} has no assignment: run nbgrader generate_assignment first")

    for rel in FILES:
        if (root / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, dest / rel)
    for rel in FOLDERS:
        if (root / rel).is_dir():
            shutil.copytree(root / rel, dest / rel, ignore=IGNORED, dirs_exist_ok=True)
    (dest / "README.md").write_text(student_readme(dest, repo, ref), encoding="utf-8")
    (dest / "PUBLISHED.json").write_text(json.dumps({
        "published": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "assignments": _assignments(dest),
    }, indent=2) + "\n", encoding="utf-8")

    problems = leaks(dest, root)
    if problems:
        raise PublishError("the student copy would give answers away:\n  " + "\n  ".join(problems))
    return dest


def commit(dest: Path, branch: str, message: str | None = None) -> str:
    """Make ``dest`` a Git repository on ``branch`` (created if needed) and commit the copy. Returns the commit."""
    def git(*args, check=True):
        return subprocess.run(["git", "-C", str(dest), *args], capture_output=True, text=True, check=check)

    if not (dest / ".git").exists():
        git("init", "-q")
    git("checkout", "-q", "-B", branch)
    git("add", "-A")
    message = message or f"Publish the student copy ({_dt.date.today().isoformat()})"
    env_id = ["-c", "user.name=" + os.environ.get("GIT_AUTHOR_NAME", "course publisher"),
              "-c", "user.email=" + os.environ.get("GIT_AUTHOR_EMAIL", "publisher@localhost")]
    result = subprocess.run(["git", *env_id, "-C", str(dest), "commit", "-q", "--allow-empty", "-m", message],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"git commit failed in {dest}:\n{result.stdout}{result.stderr}")
    return git("rev-parse", "HEAD").stdout.strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m instructor.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write the student copy to (outside the course)")
    parser.add_argument("--force", action="store_true", help="replace the contents of a non-empty DEST")
    parser.add_argument("--branch", help="commit the copy on this branch of a Git repository in DEST")
    parser.add_argument("--repo", help="GitHub owner/name of the student repository (for the Binder badge)")
    parser.add_argument("--ref", default=None, help="branch or tag Binder builds (default: --branch or HEAD)")
    args = parser.parse_args(argv)
    try:
        dest = publish(args.dest, force=args.force, repo=args.repo, ref=args.ref or args.branch or "HEAD")
        print(f"student copy written to {dest} ({', '.join(_assignments(dest))}); checked: no solutions, "
              "no hidden tests")
        if args.branch:
            sha = commit(dest, args.branch)
            print(f"committed {sha[:10]} on branch {args.branch}: git -C {dest} push REMOTE {args.branch}")
    except PublishError as exc:
        raise SystemExit(f"publish: {exc}")


if __name__ == "__main__":
    main()
