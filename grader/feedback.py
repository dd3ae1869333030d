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

The graded notebooks in ``autograded/`` are not changed, so the instructor still sees everything.
"""
from __future__ import annotations

import re

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
