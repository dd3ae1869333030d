"""Mutation testing of the hidden tests: grade wrong and alternative answers with real nbgrader.

Every mutant and alternative of an assignment becomes one student of a throwaway class; the class is
autograded in parallel once, and each student's per-cell scores are compared with what the catalogue says.

    python -m instructor.mutation [ASSIGNMENT ...] [--jobs N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from instructor import classroom
from grader.report import read_reports
from instructor.autograde import autograde
from instructor.coursedir import assignments
from instructor.mutants import catalogue
from instructor.scores import cell_scores


@dataclass
class Verdict:
    assignment: str
    kind: str  # "mutant" or "alternative"
    name: str
    expected_failing: frozenset
    failing: frozenset | None  # None when the submission could not be graded
    error: str = ""
    misconception: str = ""  # the mutant's Misconception key ("" for an alternative)
    diagnoses: list = field(default_factory=list)  # the grading report's (grader.diagnosis)

    @property
    def named(self) -> list[str]:
        """The misconceptions grading showed this submission (one per diagnosed cell)."""
        return [key for d in self.diagnoses for key in d.get("mistakes") or []]

    @property
    def ok(self) -> bool:
        return self.failing == self.expected_failing

    def describe(self) -> str:
        if self.failing is None:
            reason, _, log = self.error.partition("\n")
            return f"{self.kind} {self.name!r}: could not be graded: {reason}\n{log[-1500:]}"
        flag = f" [{self.error[-300:]}]" if self.error else ""
        return (f"{self.kind} {self.name!r}: failing cells {sorted(self.failing)}, "
                f"expected {sorted(self.expected_failing)}{flag}")


def _student_id(kind: str, index: int, name: str) -> str:
    return f"{kind[:3]}{index:02d}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]


def run(assignment: str, workdir: Path, *, jobs: int | None = None,
        shard: tuple[int, int] = (0, 1)) -> list[Verdict]:
    """Grade the mutants and alternatives of ``assignment`` in a class built under ``workdir``.

    ``shard=(i, n)`` grades only every n-th entry starting at the i-th, so a long catalogue can be split
    across parallel test workers.
    """
    mutants, alternatives = catalogue(assignment)
    entries = [("mutant", i, m) for i, m in enumerate(mutants)] + [("alternative", i, a)
                                                                   for i, a in enumerate(alternatives)]
    entries = entries[shard[0]::shard[1]]
    if not entries:
        return []
    course = classroom.new_course(Path(workdir) / assignment, [assignment])
    solution = classroom.solution_notebook(assignment)
    cases = {}
    for kind, index, item in entries:
        student = _student_id(kind, index, item.name)
        classroom.submit(course, student, assignment, item.notebook(solution))
        cases[student] = (kind, item)
    outcomes = {o.student: o for o in autograde(assignment, list(cases), jobs=jobs, root=course)}
    # A submission that could not be graded at all (a kernel that did not start in time on a loaded machine,
    # say) is graded once more: the catalogue's verdicts are about the tests, not the machine.
    first_failures = {student: outcome.reason for student, outcome in outcomes.items() if not outcome.success}
    if first_failures:
        outcomes.update({o.student: o for o in autograde(assignment, list(first_failures), jobs=jobs, root=course)})
    scores = cell_scores(assignment, course)
    diagnoses = {r.student: r.diagnoses for r in read_reports(course, assignment)}
    verdicts = []
    for student, (kind, item) in cases.items():
        expected = getattr(item, "fails", frozenset())
        why = getattr(item, "why", None)
        key = (why.key if why is not None else item.name) if kind == "mutant" else ""
        if student in scores and outcomes[student].success:
            failing = frozenset(cell for cell, (score, top) in scores[student].items() if score < top)
            flagged = outcomes[student].flagged  # code listed for review (scores unchanged): worth knowing
            verdicts.append(Verdict(assignment, kind, item.name, expected, failing,
                                    "for review: " + "; ".join(flagged) if flagged else "", key,
                                    diagnoses.get(student, [])))
        else:
            outcome = outcomes[student]
            reason = f"{first_failures.get(student)}; graded again: {outcome.reason}" if not outcome.success else ""
            verdicts.append(Verdict(assignment, kind, item.name, expected, None, f"{reason}\n{outcome.error}", key))
    return verdicts


def save_report(verdicts: list[Verdict], path: Path) -> None:
    """Write verdicts as JSON (for a test-run summary assembled from parallel workers)."""
    Path(path).write_text(json.dumps([{**asdict(v), "expected_failing": sorted(v.expected_failing),
                                       "failing": None if v.failing is None else sorted(v.failing)}
                                      for v in verdicts], indent=1))


def load_report(path: Path) -> list[Verdict]:
    return [Verdict(**{**v, "expected_failing": frozenset(v["expected_failing"]),
                       "failing": None if v["failing"] is None else frozenset(v["failing"])})
            for v in json.loads(Path(path).read_text())]


def summary(verdicts: list[Verdict]) -> str:
    mutants = [v for v in verdicts if v.kind == "mutant"]
    alternatives = [v for v in verdicts if v.kind == "alternative"]
    caught = sum(bool(v.failing) for v in mutants)
    exact = sum(v.ok for v in mutants)
    false_failures = sum(not v.ok for v in alternatives)
    return (f"mutation score {caught}/{len(mutants)} wrong answers caught "
            f"({exact}/{len(mutants)} by exactly the intended cells); "
            f"{false_failures} false failure(s) among {len(alternatives)} correct alternatives")


def diagnosis_counts(verdicts: list[Verdict]) -> dict:
    """How well grading names the mistakes (grader.diagnosis), measured on graded catalogue entries.

    recall: mutants shown their own misconception (or an equivalent entry's: the same constant) in at least
    one failed cell; precision: diagnosed cells that name the submission's own misconception (a diagnosis
    of an alternative or an unrelated answer is wrong by definition; ``two_way`` of them name it with one
    other that the hidden tests cannot tell apart from it); leave-one-out: mutants whose cells,
    with their own entry taken out of the catalogue, are matched by equivalent entries only (recognised),
    or by one other misconception only (would be misnamed).
    """
    mutants = [v for v in verdicts if v.kind == "mutant"]
    shown = [(v, d) for v in verdicts for d in v.diagnoses if d.get("mistakes")]
    recognised = misnamed = 0
    for v in mutants:
        others = [{key for name, key in d.get("entries") or [] if name != v.name} for d in v.diagnoses]
        singles = [keys for keys in others if len(keys) == 1]
        if any(keys == {v.misconception} for keys in singles):
            recognised += 1
        elif singles:
            misnamed += 1
    return {"mutants": len(mutants), "recalled": sum(v.misconception in v.named for v in mutants),
            "shown": len(shown), "right": sum(v.misconception in d["mistakes"] for v, d in shown),
            "two_way": sum(len(d["mistakes"]) > 1 for v, d in shown),
            "alternatives_diagnosed": sum(bool(v.named) for v in verdicts if v.kind != "mutant"),
            "loo_recognised": recognised, "loo_misnamed": misnamed}


def diagnosis_summary(verdicts: list[Verdict]) -> str:
    c = diagnosis_counts(verdicts)
    if not c["mutants"]:
        return "no wrong answers graded"
    precision = f"{c['right']}/{c['shown']}" if c["shown"] else "-"
    return (f"diagnosis recall {c['recalled']}/{c['mutants']} wrong answers named, precision {precision} named "
            f"cells right ({c['two_way']} naming two), {c['alternatives_diagnosed']} diagnosed correct answer(s); "
            "leave-one-out "
            f"{c['loo_recognised']} recognised through an equivalent entry, {c['loo_misnamed']} misnamed")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--jobs", "-j", type=int)
    args = parser.parse_args(argv)
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        for assignment in args.assignments or assignments():
            verdicts += run(assignment, Path(tmp), jobs=args.jobs)
    for v in verdicts:
        print(("ok    " if v.ok else "WRONG ") + v.describe())
    print(summary(verdicts))
    print(diagnosis_summary(verdicts))
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
