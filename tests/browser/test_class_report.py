"""The class report (instructor.report) of a small demo class, opened in Chromium.

A demo class of one assignment (the three named students and synthetic ones drawn from the catalogue) is
graded end to end by ``python -m instructor.demo`` (the session's ``demo_class``, tests/browser/conftest.py),
which ends with the report. In the browser the page logs no console error, every figure is a non-empty
image, each student's score and the class's summary equal the gradebook's, the misconceptions listed are
those the grading reports diagnosed, and each student links to formgrader.
"""
from __future__ import annotations

from collections import Counter

import pytest

from grader.report import read_reports
from harness import DEMO_ASSIGNMENT as A
from harness import DEMO_CLASS_SIZE as CLASS_SIZE
from harness import offline_page
from instructor.coursedir import gradebook_url

# One worker grades the demo class (a session fixture) for both files: see `run test`'s --dist loadgroup.
pytestmark = [pytest.mark.browser, pytest.mark.nbgrader, pytest.mark.xdist_group("demo_class")]


def gradebook_scores(root):
    from nbgrader.api import Gradebook
    with Gradebook(gradebook_url(root)) as gb:
        return {s.student_id: (float(s.score), float(s.max_score)) for s in gb.assignment_submissions(A)}


def test_report_in_chromium_matches_the_gradebook(demo_class, browser):
    report = demo_class / "reports" / A / "report.html"
    assert report.exists() and sorted(p.name for p in report.parent.glob("*.png")) == [
        f"{A}-pass-rates.png", f"{A}-scores.png"]
    page, errors = offline_page(browser)
    try:
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        sizes = page.eval_on_selector_all("img.figure", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
        assert len(sizes) == 2 and all(w > 100 and h > 100 for w, h in sizes), sizes

        scores = gradebook_scores(demo_class)
        assert len(scores) == CLASS_SIZE
        shown = dict(page.eval_on_selector_all(
            "table.students tbody tr", "rows => rows.map(r => [r.dataset.student, "
            "parseFloat(r.querySelector('td.score').dataset.value)])"))
        assert shown == {student: score for student, (score, _) in scores.items()}
        mean = sum(s for s, _ in scores.values()) / len(scores)
        assert page.text_content("section b.submissions").strip() == str(CLASS_SIZE)
        assert page.text_content("section b.mean").strip() == f"{mean:.2f}"
        assert float(page.text_content("section b.max")) == max(m for _, m in scores.values())

        diagnosed = Counter(n["key"] for r in read_reports(demo_class, A) for d in r.diagnoses
                            for n in d.get("named") or [])
        listed = page.eval_on_selector_all("ol.mistakes li", "items => items.map(i => i.dataset.key)")
        assert sorted(listed) == sorted(diagnosed), (listed, diagnosed)
        assert diagnosed, "the demo class should show at least one diagnosed misconception"

        links = page.eval_on_selector_all("table.students tbody a", "as => as.map(a => a.href)")
        assert len(links) == CLASS_SIZE and all("/formgrader/submissions/" in link for link in links)

        page.click("table.students th:nth-child(3)")  # sort by score, highest first
        ordered = page.eval_on_selector_all("table.students tbody td.score",
                                            "cells => cells.map(c => parseFloat(c.dataset.value))")
        assert ordered == sorted(ordered, reverse=True)
    finally:
        page.close()
    assert not errors, errors
