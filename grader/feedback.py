"""Feedback that says which tests failed and why, without showing the hidden tests.

``nbgrader generate_feedback`` renders the autograded notebook, whose test cells hold the hidden tests
again (nbgrader restores them before grading), and IPython tracebacks quote the failing line of a test
cell with its neighbours. `HideHiddenTests` (configured in ``nbgrader_config.py`` for GenerateFeedback)
runs before the HTML is written:

- in every test cell, the lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` become one
  comment line saying that hidden tests ran there;
- in error outputs, the traceback frames that quote a test cell are replaced by a one-line note; the frames
  in the student's own functions and in ``course/`` (public code) stay, and the last line (``AssertionError:
  <the check's message>``) stays: the checks' messages are written for students and never reveal hidden
  expected values.

`ReadableTracebacks` (configured after it) makes what is left read like a tutor's remark rather than a
stack dump: the frames inside the course's own checking code (``course/``, ``grader/``) go, since the
student cannot act on them (the test line that failed and the check's message stay), and machine paths
(the course directory, the Python installation, temporary folders) are shortened.

The graded notebooks in ``autograded/`` are not changed, so the instructor still sees everything.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile

from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions, NbGraderPreprocessor
from traitlets import Unicode

from grader.isolation.plan import is_test_cell

# The markers, as nbgrader itself defines them (its ClearSolutions and ClearHiddenTests defaults).
BEGIN_SOLUTION = ClearSolutions.begin_solution_delimeter.default_value
END_SOLUTION = ClearSolutions.end_solution_delimeter.default_value
BEGIN_HIDDEN = ClearHiddenTests.begin_test_delimeter.default_value
END_HIDDEN = ClearHiddenTests.end_test_delimeter.default_value

HIDDEN_NOTE = "# (hidden tests ran here; they are not shown)"
FRAME_NOTE = "(a hidden test called your code here: the test's source is not shown)"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_hidden(source: str, begin: str = f"### {BEGIN_HIDDEN}", end: str = f"### {END_HIDDEN}") -> str:
    """``source`` with every hidden-test block (delimiters included) replaced by `HIDDEN_NOTE`."""
    out, hidden = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(begin):
            hidden = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + HIDDEN_NOTE)
            continue
        if stripped.startswith(end):
            hidden = False
            continue
        if not hidden:
            out.append(line)
    return "\n".join(out)




def hidden_start(source: str, begin: str = f"### {BEGIN_HIDDEN}") -> int | None:
    """1-based line number of the first hidden-test delimiter in ``source`` (None without one)."""
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip().startswith(begin):
            return number
    return None


_FRAME_LINE = re.compile(r"^(\s*(?:---->|-->)?\s*)(\d+)(\s.*|)$")


def _visible_frame(entry: str, first_hidden: int | None) -> str | None:
    """A test-cell frame cut to its visible lines, or None when the failing line itself is hidden."""
    plain = _ANSI.sub("", entry)
    match = re.match(r"\s*Cell In\s*\[\d+\], line (\d+)", plain)
    if first_hidden is None:
        first_hidden = 10 ** 9
    if not match or int(match.group(1)) >= first_hidden:
        return None
    kept = []
    for line in plain.splitlines():
        numbered = _FRAME_LINE.match(line)
        if numbered and int(numbered.group(2)) >= first_hidden:
            continue
        kept.append(line)
    return "\n".join(kept)


def clean_traceback(traceback: list[str], test_cells: dict[int, int | None]) -> list[str]:
    """Cut an IPython traceback so that it quotes no hidden test.

    ``test_cells`` maps the execution count of each test cell to the line where its hidden tests start.
    A frame in a test cell keeps its lines above the hidden tests if the failing line is visible, else it
    becomes `FRAME_NOTE`; frames elsewhere (the student's functions, course/ helpers) and the final
    ``Error: message`` line stay.
    """
    out = []
    for i, entry in enumerate(traceback):
        plain = _ANSI.sub("", entry)
        match = re.match(r"\s*Cell In\s*\[(\d+)\]", plain)
        in_test = bool(match) and int(match.group(1)) in test_cells
        is_last = i == len(traceback) - 1
        if in_test and not is_last:
            frame = _visible_frame(entry, test_cells[int(match.group(1))])
            if frame is None:
                if not out or out[-1] != FRAME_NOTE:
                    out.append(FRAME_NOTE)
            else:
                out.append(frame)
        elif "HIDDEN TESTS" in plain:
            out.append(FRAME_NOTE if not is_last else plain.splitlines()[0])
        else:
            out.append(entry)
    return out


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback preprocessor: hidden-test source and test-cell traceback frames removed (see module)."""

    begin_test_delimeter = Unicode(BEGIN_HIDDEN).tag(config=True)
    end_test_delimeter = Unicode(END_HIDDEN).tag(config=True)

    def preprocess(self, nb, resources):
        begin = f"### {self.begin_test_delimeter}"
        counts = {c.get("execution_count"): hidden_start(c.source, begin)
                  for c in nb.cells if is_test_cell(c) and c.get("execution_count")}
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            if is_test_cell(cell):
                cell.source = strip_hidden(cell.source, f"### {self.begin_test_delimeter}",
                                           f"### {self.end_test_delimeter}")
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output.traceback = clean_traceback(list(output.get("traceback", [])), counts)
        return nb, resources


_FRAME_FILE = re.compile(r"^\s*File\s+(?P<path>[^\n]+?\.py)[:,]")
COURSE_PACKAGES = ("course", "grader")


def _own_helper(path: str) -> bool:
    """Whether ``path`` is a module of the course's own packages (``course/``, ``grader/`` and below)."""
    parts = path.replace("\\", "/").split("/")
    return any(part in COURSE_PACKAGES for part in parts[-3:-1]) and "site-packages" not in parts


def _machine_prefixes() -> list[tuple[str, str]]:
    from course.paths import COURSE_ROOT
    prefixes = [(os.path.join(sys.prefix, "lib"), "<python>"), (str(COURSE_ROOT), "<course>"),
                (sys.prefix, "<python>"), (tempfile.gettempdir(), "<tmp>"), (os.path.expanduser("~"), "~")]
    return [(p.rstrip("/") + "/", short + "/") for p, short in prefixes if p and p != "/"]


def readable_traceback(traceback: list[str], prefixes: list[tuple[str, str]] | None = None) -> list[str]:
    """``traceback`` without frames in the course's helpers, machine paths shortened."""
    prefixes = _machine_prefixes() if prefixes is None else prefixes
    out = []
    for entry in traceback:
        match = _FRAME_FILE.match(_ANSI.sub("", entry))
        if match and _own_helper(match.group("path")):
            continue
        for prefix, short in prefixes:
            entry = entry.replace(prefix, short)
        entry = re.sub(r"<python>/python3\.\d+/site-packages/", "", entry)
        out.append(entry)
    return out


class ReadableTracebacks(NbGraderPreprocessor):
    """Feedback preprocessor: tracebacks without the course's own helper frames or machine paths."""

    def preprocess(self, nb, resources):
        prefixes = _machine_prefixes()
        for cell in nb.cells:
            for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
                if output.get("output_type") == "error":
                    output.traceback = readable_traceback(list(output.get("traceback", [])), prefixes)
        return nb, resources
