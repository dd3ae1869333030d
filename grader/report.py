"""One grading report per graded notebook: the single channel from the grading run to the course's tools.

The preprocessors add to it while a notebook is graded (`add_findings`, `note`); `WriteReport`, the last
autograde preprocessor, writes it next to the graded notebook as
``autograded/<student>/<assignment>/<notebook>.grading.json``:

    {"student": ..., "assignment": ..., "notebook": ...,
     "findings": [suspicious code, for the instructor's review: it does not change the score],
     "notes": [what else happened: a dead kernel, cells stopped by the time limit, truncated output],
     "diagnoses": [per failed test cell: the catalogued misconception it looks like, see grader.diagnosis]}

`read_reports` gives them back to ``python -m instructor.autograde`` and ``python -m grader.integrity``.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

SUFFIX = ".grading.json"


@dataclass
class NotebookReport:
    student: str = ""
    assignment: str = ""
    notebook: str = ""
    findings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    diagnoses: list = field(default_factory=list)


def _report(resources: dict) -> NotebookReport:
    if "grading_report" not in resources:
        info = resources.get("nbgrader", {})
        resources["grading_report"] = NotebookReport(info.get("student", ""), info.get("assignment", ""),
                                                     info.get("notebook", ""))
    return resources["grading_report"]


def add_findings(resources: dict, findings: list[str]) -> None:
    _report(resources).findings.extend(findings)


def note(resources: dict, text: str) -> None:
    notes = _report(resources).notes
    if text not in notes:
        notes.append(text)


def diagnosed(resources: dict, entry: dict) -> None:
    _report(resources).diagnoses.append(entry)


def execution_notes(nb) -> list[str]:
    """What the graded notebook's outputs say happened: cells stopped by the time limit, truncated output."""
    notes = []
    timeouts = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {i + 1}"
                for i, c in enumerate(nb.cells) if c.get("cell_type") == "code" and
                any(o.get("ename") in ("CellTimeoutError", "NotebookTimeout", "KeyboardInterrupt", "TimeLimitError")
                    for o in c.get("outputs", []))]
    if timeouts:
        notes.append("cells stopped by the time limit: " + ", ".join(timeouts[:10]))
    truncated = sum(1 for c in nb.cells if c.get("cell_type") == "code" and any(
        "Output truncated" in str(o.get("text", "")) for o in c.get("outputs", [])))
    if truncated:
        notes.append(f"output truncated in {truncated} cell(s)")
    return notes


class WriteReport(NbGraderPreprocessor):
    """Last autograde preprocessor: writes the notebook's grading report next to the graded notebook."""

    def preprocess(self, nb, resources):
        report = _report(resources)
        for text in execution_notes(nb):
            note(resources, text)
        folder = resources.get("metadata", {}).get("path")
        if folder:
            path = Path(folder) / f"{report.notebook or 'notebook'}{SUFFIX}"
            path.write_text(json.dumps(asdict(report), indent=1))
        for finding in report.findings:
            self.log.warning("for review: %s/%s %s", report.student, report.notebook, finding)
        return nb, resources


def read_reports(root: Path, assignment: str, student: str = "*") -> list[NotebookReport]:
    """The reports of ``assignment`` (one student's, or everyone's) under ``root/autograded``."""
    out = []
    for path in sorted((Path(root) / "autograded").glob(f"{student}/{assignment}/*{SUFFIX}")):
        try:
            data = json.loads(path.read_text())
            out.append(NotebookReport(**{k: data.get(k, v) for k, v in asdict(NotebookReport()).items()}))
        except (OSError, ValueError, TypeError):
            continue
    return out
