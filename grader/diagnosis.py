"""Name the mistake: a failed test cell whose calls behave like a catalogued wrong answer says which one.

Every wrong answer in ``instructor/mutants/`` is an edit of the instructor's solution and names its
misconception (`instructor.mutants.Misconception`). Grading compares the student's functions with them:

1. While a test cell runs in the tests' kernel, every call it makes into the student's code is recorded
   there (`grader.isolation.proxy` calls `record_call`, `returned`, `raised`; the data names the cell reads,
   `record_data`, in `grader.isolation.behaviour`): the arguments as the call got them, the answer, the arguments as the call left them.
   These are the hidden tests' own inputs and the student's own answers; they stay in the tests' kernel.
2. After the notebook is graded, `Diagnose` (an autograde preprocessor, after ``IsolatedExecute``) asks
   the tests' kernel, for each failed test cell, which catalogued wrong answers behave like the student on
   exactly those calls: each one's functions are the instructor's solution with the entry's edits, run in
   the tests' kernel (trusted code; never the student's), on copies of the recorded arguments. No call
   goes to the student's process, so a hostile or hanging function cannot slow or break the diagnosis.
3. A cell is diagnosed only when the student's answers differ from the instructor's solution on some call
   (a correct function is never diagnosed) and all the entries that match share one misconception (no
   guessing between two). The diagnosis is a note after the failure ("This looks like a known mistake:
   ..."), the misconception's text and its notebook section: never a value of the hidden tests. It is also
   written to the notebook's grading report (``diagnoses``), which the class report counts.

The cell keeps its error, so the score is unchanged (nbgrader scores a test cell by its errors).
"""
from __future__ import annotations

import ast
import json

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float

from grader import report
from grader.isolation.plan import is_test_cell

PREFIX = "This looks like a known mistake: "



def message(result: dict) -> str:
    """The note for a diagnosed cell: the misconception (or the two the tests cannot tell apart)."""
    def one(named):
        where = f" (see the notebook's section \u201c{named['section']}\u201d)" if named.get("section") else ""
        return f"{named['text']}{where}"

    named = result.get("named") or []
    if len(named) == 1:
        return PREFIX + one(named[0])
    return "This looks like one of two known mistakes: " + " Or: ".join(one(n) for n in named)


def _failed(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


class Diagnose(NbGraderPreprocessor):
    """Autograde preprocessor (after IsolatedExecute): a failed test cell that behaves like a catalogued
    wrong answer gets a note naming the misconception (see the module docstring)."""

    budget = Float(20.0, help="Seconds the diagnosis of one notebook may take (0: no diagnosis)").tag(config=True)

    def preprocess(self, nb, resources):
        from grader.isolation import tests_kernel
        from grader.sources import instructor_path
        failed = [c for c in nb.cells if is_test_cell(c) and _failed(c)]
        client = tests_kernel.spare()
        if not failed or client is None or self.budget <= 0:
            return nb, resources
        labels = [c.metadata["nbgrader"]["grade_id"] for c in failed]
        path = instructor_path(resources, self.config)
        assignment = resources.get("nbgrader", {}).get("assignment", "")
        expression = (f"__import__('grader.isolation.behaviour', fromlist=['x']).diagnose_json("
                      f"{str(path)!r}, {assignment!r}, {labels!r}, {self.budget!r})")
        answer = tests_kernel.evaluate(client, expression)
        try:
            results = json.loads(ast.literal_eval(answer)) if answer else {}
        except (ValueError, SyntaxError):
            results = {}
        if "error" in results:
            self.log.warning("no diagnosis: %s", results["error"])
            return nb, resources
        for cell in failed:
            result = results.get(cell.metadata["nbgrader"]["grade_id"])
            if not result:
                continue
            entry = {"cell": cell.metadata["nbgrader"]["grade_id"],
                     "mistakes": [n["key"] for n in result.get("named") or []],
                     **{k: result.get(k) for k in ("mistake", "named", "entries", "why")}}
            report.diagnosed(resources, entry)
            if result.get("named"):
                text = message(result)
                # (a stream, as the tests' own prints: a test cell never shows a result or display output)
                cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=text + "\n"))
        return nb, resources
