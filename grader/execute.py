"""How nbgrader executes a submission: two processes, sandboxed, surviving dead kernels, bounded outputs.

Configured in ``nbgrader_config.py`` (so plain ``nbgrader autograde`` uses them):

- `IsolatedExecute` replaces nbgrader's ``Execute``. The student's cells (solution, given and new cells)
  run in the student's kernel, started by `grader.sandbox.SandboxedKernelManager`; the test cells run in
  a second, trusted kernel that reaches the student's functions only through `grader.isolation` (plain
  data in, plain data out). A kernel that dies (``os._exit``, a segfault, the memory limit) no longer
  aborts the whole submission: the cell that killed it and every later cell get an error output (their
  tests score 0, the cells before keep their points) and the grading completes; a notebook that runs past
  ``notebook_timeout`` seconds in total has its remaining cells marked the same way.
- `SafeOverwriteCells` replaces nbgrader's OverwriteCells (sanitize stage), which crashes on a duplicated
  graded cell or on a notebook of another assignment.
- `LimitOutputSize` cuts every output to a size the gradebook and feedback can hold: nbgrader's own
  ``LimitOutput`` counts lines, so one 20 MB line would pass it.
"""
from __future__ import annotations

import re
import time

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Integer

from grader import report
from grader.isolation import plan as planning
from grader.isolation.tests_kernel import TestsKernel, server_installer
from grader.sandbox import SandboxedKernelManager
from grader.sources import instructor_path


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


class IsolatedExecute(Execute):
    """nbgrader's Execute with the tests in a kernel of their own (see the module docstring)."""

    isolate = Bool(True, help="Run test cells in a second, trusted kernel (grader.isolation). False: one "
                              "kernel for everything, as plain nbgrader (for comparisons only: the "
                              "student's code can then reach the tests).").tag(config=True)
    notebook_timeout = Integer(600, help="Seconds the whole notebook may run; later cells are not run.").tag(config=True)
    startup_retries = Integer(2, help="Times to start the kernel again when it dies while starting, before any "
                                      "cell ran (a busy machine, not the submission).").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        resources = resources if resources is not None else {}
        self._plan = None
        if self.isolate:
            self._plan = planning.plan_for(instructor_path(resources, self.config))
            if self._plan is None:
                raise RuntimeError("cannot grade in isolation: the instructor's notebook was not found in source/")
        for attempt in range(self.startup_retries + 1):
            self._dead = None
            self._ran_cell = False
            self._tests = None
            healthy = False
            try:
                # (the tests' kernel too may die while starting: two kernels started at once on a busy machine
                # can be given the same free port)
                self._tests = TestsKernel.acquire(nb, resources, self) if self._plan is not None else None
                self._started = time.monotonic()
                nb, resources = super().preprocess(nb, resources, km)
                healthy = not self._dead
                break
            except RuntimeError as exc:  # e.g. "Kernel died before replying to kernel_info"
                if self._ran_cell or attempt == self.startup_retries:
                    raise
                self.log.warning("the kernel died while starting (%s); starting it again", exc)
            finally:
                if self._tests is not None:
                    self._tests.release(healthy)
        if self._plan is not None:
            renumber(nb)
        if self._dead:
            report.note(resources, self._dead)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        self._ran_cell = True
        if self._dead:
            cell.outputs = [_error_output("KernelNotRunning", f"not run: {self._dead}")]
            return cell, resources
        if self.notebook_timeout and time.monotonic() - self._started > self.notebook_timeout:
            self._dead = f"the notebook ran longer than {self.notebook_timeout} s in total"
            cell.outputs = [_error_output("NotebookTimeout", f"not run: {self._dead}")]
            return cell, resources
        if self._plan is not None and planning.is_test_cell(cell):
            return self._run_test_cell(cell, resources, index)
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._dead = f"the kernel died while running {_label(cell, index)} (os._exit, a crash or out of memory)"
        except CellTimeoutError:  # the reply came, its outputs never finished: the kernel is broken
            self._dead = f"the kernel stopped answering while running {_label(cell, index)}"
        self.log.warning("%s", self._dead)
        cell.outputs.append(_error_output("KernelNotRunning", self._dead))
        return cell, resources

    def _in_student_kernel(self, code: str) -> bool:
        """Run ``code`` quietly in the student's kernel; False (and the kernel given up) when it fails."""
        try:
            reply = self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
        except (CellTimeoutError, DeadKernelError, RuntimeError):
            reply = None
        if not reply or reply["content"].get("status") != "ok":
            self._dead = self._dead or "the student's kernel stopped answering (its state is broken)"
            return False
        return True

    def _run_test_cell(self, cell, resources, index):
        label = _label(cell, index)
        if not self._tests.connected:
            if self._in_student_kernel(server_installer()):
                self._tests.connect(self.km, self._plan.student_names, self.timeout or 600)
            else:
                cell.outputs = [_error_output("KernelNotRunning", f"not run: {self._dead}")]
                return cell, resources
        self._tests.run_quietly(f"__import__('grader.isolation.behaviour', fromlist=['x']).begin_cell({label!r})")
        for source in self._plan.given_before.get(label, []):
            self._tests.run_quietly(source, as_cell=True)
        try:
            cell = self._tests.execute_cell(cell, index)
        except (DeadKernelError, CellTimeoutError) as exc:
            self._dead = f"the tests' kernel failed while running {label} ({type(exc).__name__})"
            cell.outputs.append(_error_output("KernelNotRunning", self._dead))
            return cell, resources
        if not run_sync(self.km.is_alive)():
            self._dead = f"the kernel died while {label} called the student's code (os._exit, a crash or out of memory)"
        return cell, resources


# "Cell In[7]" in a traceback frame's header; IPython may colour the words apart ("Cell" ESC[39m ESC[36m " "
# ESC[32m "In[7]"), so colour codes may stand between them.
_CELL_IN = re.compile(r"(Cell(?:\x1b\[[0-9;]*m|\s)*In\s*\[)(\d+)(\])")


def renumber(nb) -> None:
    """One numbering for the notebook's cells, whichever of the two kernels ran them (each counts its own),
    tracebacks included: the feedback tells test-cell frames apart by these numbers."""
    numbers: dict = {}
    count = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count"):
            count += 1
            numbers[planning.is_test_cell(cell), cell.execution_count] = count
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kernel = planning.is_test_cell(cell)

        def number(match, kernel=kernel):
            new = numbers.get((kernel, int(match.group(2))))
            return f"{match.group(1)}{new or '?'}{match.group(3)}"

        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output.traceback = [_CELL_IN.sub(number, line) for line in output.get("traceback", [])]
        if cell.get("execution_count"):
            cell.execution_count = numbers[kernel, cell.execution_count]


def _label(cell, index: int) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... Output truncated ({len(text) - limit:,} more characters) ...\n"


class LimitOutputSize(NbGraderPreprocessor):
    """Bound the characters of every output (stream text, rich data, error values, tracebacks)."""

    max_chars = Integer(20_000, help="Characters kept of one output's text (-1: no limit)").tag(config=True)
    max_cell_chars = Integer(100_000, help="Characters kept of all of one cell's stream outputs").tag(config=True)
    max_data_bytes = Integer(2_000_000, help="Largest rich output (an image, HTML) kept, in bytes").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or self.max_chars < 0:
            return cell, resources
        budget = self.max_cell_chars
        outputs = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                if budget <= 0:
                    if outputs and outputs[-1].get("output_type") == "stream" \
                            and outputs[-1].get("name") == output.get("name"):
                        continue
                    output.text = "... Output truncated ...\n"
                else:
                    text = output.get("text", "")
                    if isinstance(text, list):
                        text = "".join(text)
                    output.text = _truncate(text, min(self.max_chars, budget))
                    budget -= len(output.text)
            elif kind == "error":
                output.evalue = _truncate(str(output.get("evalue", "")), self.max_chars)
                output.traceback = [_truncate(str(line), self.max_chars) for line in output.get("traceback", [])]
            elif kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                for mime in list(data):
                    value = data[mime]
                    size = len(value) if isinstance(value, str) else len(str(value))
                    if mime.startswith("text/") and mime != "text/html":
                        data[mime] = _truncate(value if isinstance(value, str) else "".join(value), self.max_chars)
                    elif size > self.max_data_bytes:
                        del data[mime]
                if not data:
                    data["text/plain"] = "(output too large to keep)"
            outputs.append(output)
        cell.outputs = outputs
        return cell, resources



def _drop_empty_nbgrader_metadata(nb) -> None:
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        if "nbgrader" in meta and (not isinstance(meta["nbgrader"], dict) or "grade_id" not in meta["nbgrader"]):
            del meta["nbgrader"]


class SafeOverwriteCells(OverwriteCells):
    """nbgrader's OverwriteCells, minus its crash on cells whose nbgrader metadata was emptied.

    DeduplicateIds empties the metadata of a duplicated graded cell, and OverwriteCells itself empties that
    of a cell whose grade_id the gradebook does not know (a notebook of another assignment); OverwriteCells
    then fails with ``KeyError: 'grade_id'`` while adding back missing cells, and the submission is not
    graded at all. Here such cells become plain cells first: the missing graded cells are added back and the
    notebook is graded (a notebook of another assignment scores 0).
    """

    def add_missing_grade_cells(self, nb, resources):
        """Put each missing graded cell back after the nearest earlier source cell the notebook still has
        (nbgrader assumes the one just before it is there, and crashes when the student deleted it too)."""
        from nbgrader import utils
        _drop_empty_nbgrader_metadata(nb)
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_ids = [cell.name for cell in source_nb.source_cells]
        source_by_id = {cell.name: cell for cell in source_nb.source_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}

        def positions():
            return {c["metadata"]["nbgrader"]["grade_id"]: i for i, c in enumerate(nb.cells)
                    if (utils.is_grade(c) or utils.is_solution(c)) and "grade_id" in c["metadata"].get("nbgrader", {})}

        for grade_cell in source_nb.grade_cells:
            present = positions()
            if grade_cell.name in present:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", grade_cell.name)
            cell = self.missing_cell_transform(source_by_id[grade_cell.name], grade_cell.max_score,
                                               is_solution=grade_cell.name in solution_ids)
            earlier = [present[i] for i in source_ids[:source_ids.index(grade_cell.name)] if i in present]
            nb.cells.insert(max(earlier) + 1 if earlier else 0, cell)
        return nb, resources

    def add_missing_task_cells(self, nb, resources):
        _drop_empty_nbgrader_metadata(nb)
        return super().add_missing_task_cells(nb, resources)
