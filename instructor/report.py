"""The class report: what an instructor reads in a minute after autograding.

    python -m instructor.report ASSIGNMENT [ASSIGNMENT ...] [--root DIR] [--out DIR] [--formgrader URL]
    python -m instructor.report --all

writes ``reports/<name>/report.html`` (``<name>`` is the assignment, or ``all``) and one PNG per figure next
to it. The HTML is self-contained (figures embedded, no script or style from the network) and opens in any
browser offline. For each assignment:

- the score distribution (histogram) and the pass rate of every test cell (bar chart, hardest first);
- the misconceptions grading diagnosed (``grader.diagnosis``), most frequent first, with the cells they
  failed and the notebook section that explains them;
- the students whose code was flagged for review (``grader.integrity``), and the submissions that timed
  out, crashed or could not be graded;
- every student's total (a sortable table), each linked to their submission in formgrader, which stays
  the place to review one student's work.

Scores are the gradebook's own (nbgrader's ``submission.score``), the grading reports are those in
``autograded/`` (``grader.report``, ``instructor.autograde``).
"""
from __future__ import annotations

import argparse
import base64
import io
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from instructor.coursedir import COURSE_ROOT, assignments, gradebook_url
from instructor.lab import DEFAULT_URL

TEMPLATE = Path(__file__).with_name("templates") / "class_report.html.j2"
# Formgrader's pages on the server `./run instructor` starts on its default port.
DEFAULT_FORMGRADER = DEFAULT_URL


@dataclass
class StudentRow:
    student: str
    name: str
    score: float
    max_score: float
    cells: dict  # grade_id -> (score, max)
    link: str
    status: str = "graded"
    flagged: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    mistakes: list = field(default_factory=list)  # misconception keys, one per diagnosed cell


@dataclass
class Misconception:
    key: str
    text: str
    section: str
    count: int = 0  # diagnosed cells
    students: set = field(default_factory=set)
    cells: Counter = field(default_factory=Counter)


@dataclass
class AssignmentReport:
    assignment: str
    max_score: float
    rows: list
    pass_rates: list  # (grade_id, passed, graded, points), hardest first
    misconceptions: list
    figures: dict = field(default_factory=dict)  # name -> (file name, data URL)

    @property
    def mean(self) -> float:
        return sum(r.score for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def median(self) -> float:
        scores = sorted(r.score for r in self.rows)
        if not scores:
            return 0.0
        mid = len(scores) // 2
        return scores[mid] if len(scores) % 2 else (scores[mid - 1] + scores[mid]) / 2


def gradebook_rows(assignment: str, root: Path, formgrader: str) -> list[StudentRow]:
    """One row per graded submission, with the gradebook's scores and the formgrader link."""
    from nbgrader.api import Gradebook
    rows = []
    with Gradebook(gradebook_url(root)) as gb:
        for submission in gb.assignment_submissions(assignment):
            student = gb.find_student(submission.student_id)
            name = " ".join(n for n in (student.first_name, student.last_name) if n) or submission.student_id
            cells, link = {}, f"{formgrader}/formgrader/manage_students/{submission.student_id}/{assignment}"
            for notebook in submission.notebooks:
                link = f"{formgrader}/formgrader/submissions/{notebook.id}/"
                for grade in notebook.grades:
                    cells[grade.name] = (float(grade.score), float(grade.max_score))
            rows.append(StudentRow(submission.student_id, name, float(submission.score),
                                   float(submission.max_score), cells, link))
    return sorted(rows, key=lambda r: r.student)


def _catalogue_texts(assignment: str) -> dict:
    from instructor import classroom
    from instructor.mutants import catalogue, section
    out = {}
    try:
        mutants, _ = catalogue(assignment)
        nb = classroom.solution_notebook(assignment)
    except Exception:  # noqa: BLE001 - a report without catalogue texts still has the counts
        return out
    for mutant in mutants:
        if mutant.why is not None and mutant.why.key not in out:
            out[mutant.why.key] = (mutant.why.text, section(nb, mutant))
    return out


def assignment_report(assignment: str, root: Path, formgrader: str) -> AssignmentReport:
    from grader.report import read_reports
    rows = gradebook_rows(assignment, root, formgrader)
    by_student = {r.student: r for r in rows}
    texts = _catalogue_texts(assignment)
    misconceptions: dict[str, Misconception] = {}
    for report in read_reports(root, assignment):
        row = by_student.get(report.student)
        if row is None:
            continue
        row.flagged += report.findings
        row.notes += report.notes
        for diagnosis in report.diagnoses:
            for named in diagnosis.get("named") or []:
                text, where = texts.get(named["key"], (named.get("text", ""), named.get("section", "")))
                m = misconceptions.setdefault(named["key"], Misconception(named["key"], text, where))
                m.count += 1
                m.students.add(report.student)
                m.cells[diagnosis.get("cell", "")] += 1
                row.mistakes.append(named["key"])
    try:  # the autograde run's own record: submissions that could not be graded at all
        outcomes = json.loads((Path(root) / "autograded" / f"{assignment}.grading.json").read_text())
    except (OSError, ValueError):
        outcomes = {}
    for student, outcome in outcomes.items():
        if student in by_student and outcome.get("status") == "FAILED":
            by_student[student].status = "not graded"
            by_student[student].notes.append(outcome.get("reason", ""))
    cells: dict[str, list] = {}
    for row in rows:
        for cell, (score, top) in row.cells.items():
            entry = cells.setdefault(cell, [cell, 0, 0, top])
            if top > 0:
                entry[1] += score >= top
                entry[2] += 1
    pass_rates = sorted((tuple(v) for v in cells.values() if v[3] > 0),
                        key=lambda v: (v[1] / v[2] if v[2] else 1.0, v[0]))
    max_score = max((r.max_score for r in rows), default=0.0)
    ranked = sorted(misconceptions.values(), key=lambda m: (-len(m.students), -m.count, m.key))
    return AssignmentReport(assignment, max_score, rows, pass_rates, ranked)


# ----------------------------------------------------------------------------------------------- figures

def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def draw_figures(report: AssignmentReport, out: Path) -> None:
    """The histogram of scores and the pass-rate bars, as PNG files in ``out`` and data URLs."""
    from matplotlib.figure import Figure
    a = report.assignment
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    scores = [r.score for r in report.rows]
    top = report.max_score or 1.0
    bins = min(20, max(5, int(top))) if top >= 1 else 10
    ax.hist(scores, bins=bins, range=(0, top), color="#4477aa", edgecolor="white")
    ax.set_xlabel(f"score (out of {top:g})")
    ax.set_ylabel("students")
    ax.set_title(f"{a}: score distribution ({len(scores)} students)")
    _keep(report, "scores", fig, out / f"{a}-scores.png")

    fig = Figure(figsize=(6, 0.9 + 0.32 * max(1, len(report.pass_rates))))
    ax = fig.subplots()
    names = [cell for cell, *_ in report.pass_rates]
    rates = [100.0 * passed / graded if graded else 0.0 for _, passed, graded, _ in report.pass_rates]
    ax.barh(range(len(names)), rates, color=["#cc6677" if r < 50 else "#ddcc77" if r < 80 else "#117733"
                                              for r in rates])
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("students with full marks (%)")
    ax.set_title(f"{a}: pass rate per test cell (hardest first)")
    _keep(report, "pass_rates", fig, out / f"{a}-pass-rates.png")


def _keep(report: AssignmentReport, name: str, fig, path: Path) -> None:
    data = _png(fig)
    path.write_bytes(data)
    report.figures[name] = (path.name, "data:image/png;base64," + base64.b64encode(data).decode("ascii"))


# ----------------------------------------------------------------------------------------------- page

def render(reports: list[AssignmentReport], title: str, formgrader: str) -> str:
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    students = sorted({r.student for rep in reports for r in rep.rows})
    totals = []
    for student in students:
        row = {"student": student, "scores": {}, "total": 0.0, "max": 0.0, "name": student}
        for rep in reports:
            for r in rep.rows:
                if r.student == student:
                    row["scores"][rep.assignment] = r
                    row["total"] += r.score
                    row["name"] = r.name
        row["max"] = sum(rep.max_score for rep in reports)
        totals.append(row)
    return env.get_template(TEMPLATE.name).render(
        title=title, reports=reports, totals=totals, formgrader=formgrader,
        students_link=f"{formgrader}/formgrader/manage_students")


def write(names: list[str], root: Path = COURSE_ROOT, out: Path | None = None,
          formgrader: str = DEFAULT_FORMGRADER) -> Path:
    """Write the report of the assignments ``names``; returns the HTML file's path."""
    label = names[0] if len(names) == 1 else "all"
    out = Path(out) if out is not None else Path(root) / "reports" / label
    out.mkdir(parents=True, exist_ok=True)
    formgrader = formgrader.rstrip("/")
    reports = []
    for name in names:
        report = assignment_report(name, Path(root), formgrader)
        draw_figures(report, out)
        reports.append(report)
    title = f"Class report: {label if label != 'all' else 'all assignments'}"
    path = out / "report.html"
    path.write_text(render(reports, title, formgrader))
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--all", action="store_true", help="every assignment of the course, in one report")
    parser.add_argument("--root", type=Path, default=COURSE_ROOT, help="the course directory (default: this one)")
    parser.add_argument("--out", type=Path, help="folder for report.html and its PNGs "
                                                 "(default: <root>/reports/<assignment or all>)")
    parser.add_argument("--formgrader", default=DEFAULT_FORMGRADER,
                        help="URL of the Jupyter server running formgrader, for the links to each student")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    names = assignments(root) if args.all else args.assignments
    if not names:
        parser.error("name an assignment, or --all")
    path = write(names, root, args.out, args.formgrader)
    print(f"class report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
