"""``./run instructor`` (instructor.lab) on a graded demo class, used in Chromium the way an instructor grades.

The server is started by the project's own module on a free loopback port, on the course directory of the
session's ``demo_class`` (tests/browser/conftest.py). In JupyterLab, Nbgrader -> Formgrader opens formgrader in
its frame; it lists the class's submissions; its autograde button regrades one with the course's pipeline (the
grading report only the course's ``WriteReport`` writes is rewritten, with its diagnosis); a manual score and a
comment entered on one submission's page are stored in the gradebook; the feedback generated from there carries
them and no hidden test; the class report's link to that submission opens the same page. The gradebook and the
feedback file are put back afterwards, so the class report's test sees the class as graded.
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from grader.feedback import HIDDEN_NOTE
from harness import DEMO_ASSIGNMENT as A, DEMO_CLASS_SIZE, VIEWPORT
from instructor.coursedir import gradebook_url
from instructor.lab import DEFAULT_URL

# One worker grades the demo class (a session fixture) for both files: see `run test`'s --dist loadgroup.
pytestmark = [pytest.mark.browser, pytest.mark.nbgrader, pytest.mark.xdist_group("demo_class")]

STUDENT, CELL, SOLUTION_CELL = "ben", "test_step", "step"   # ben handed in the blank notebook: 0 / 2 there
MANUAL_SCORE = 1.5
COMMENT = "Right idea in the markdown; the code was never written."


def gradebook(root):
    from nbgrader.api import Gradebook
    return Gradebook(gradebook_url(root))


def report_link(root, student: str) -> str:
    """The class report's link to ``student``'s submission (instructor.report, made by the demo)."""
    import re
    html = (root / "reports" / A / "report.html").read_text()
    row = re.search(rf'<tr[^>]*data-student="{student}".*?</tr>', html, re.S).group(0)
    return re.search(r'href="([^"]+/formgrader/submissions/[^"]+)"', row).group(1)


def put_back(root, feedback: bytes) -> None:
    """The demo's grades and feedback for STUDENT, as they were before the test."""
    with gradebook(root) as gb:
        gb.find_grade(CELL, A, A, STUDENT).manual_score = None
        gb.find_comment(SOLUTION_CELL, A, A, STUDENT).manual_comment = None
        gb.db.commit()
    path = root / "feedback" / STUDENT / A / f"{A}.html"
    path.unlink(missing_ok=True)
    path.write_bytes(feedback)


def in_row(frame, student: str):
    return frame.locator("tbody tr", has=frame.locator("td.student-id", has_text=student))


def close_modal(frame, text: str) -> str:
    """Wait for formgrader's result dialog saying ``text``; close it and return what it said."""
    dialog = frame.locator(".modal-dialog", has_text=text)
    dialog.wait_for(timeout=120_000)
    said = dialog.inner_text()
    frame.locator(".modal-footer button", has_text="OK").click()
    dialog.wait_for(state="detached")
    return said


def test_instructor_grades_the_demo_class_in_formgrader(demo_class, instructor_lab, browser, screenshot_dir):
    lab = instructor_lab
    feedback = (demo_class / "feedback" / STUDENT / A / f"{A}.html").read_bytes()
    report = demo_class / "autograded" / "s04" / A / f"{A}.grading.json"
    report_before = (report.stat().st_mtime_ns, report.read_text())
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(lab.url("lab"))
        page.locator(".lm-MenuBar-item", has_text="Nbgrader").first.click()
        page.locator('.lm-Menu-item[data-command="nbgrader:open-formgrader"]').click()
        frame = page.frame_locator("iframe").first
        frame.locator("text=Manage Assignments").first.wait_for(timeout=60_000)

        # the demo class: every submission listed, graded
        frame.locator(f"a[href*='manage_submissions/{A}']").first.dispatch_event("click")
        in_row(frame, STUDENT).wait_for(timeout=60_000)
        with gradebook(demo_class) as gb:
            students = sorted(s.student_id for s in gb.assignment_submissions(A))
        assert len(students) == DEMO_CLASS_SIZE
        assert sorted(frame.locator("td.student-id").all_text_contents()) == students
        assert frame.locator("td.status").all_text_contents() == ["graded"] * DEMO_CLASS_SIZE
        page.screenshot(path=str(screenshot_dir / "instructor-formgrader.png"))

        # formgrader's autograde button: the course's pipeline, in the server (its grading report rewritten)
        with page.expect_response(lambda r: r.url.endswith(f"/{A}/s04/autograde"), timeout=120_000) as done:
            in_row(frame, "s04").locator("td.autograde a").click()
        assert done.value.json()["success"], done.value.json()
        close_modal(frame, "Successfully autograded")
        assert report.stat().st_mtime_ns > report_before[0] and report.read_text() == report_before[1]

        # a manual score and a comment on ben's submission
        in_row(frame, STUDENT).locator("td.student-name a").dispatch_event("click")
        frame.locator("a[href*='/formgrader/submissions/']").first.dispatch_event("click")
        score = frame.locator(f"input#{CELL}")
        score.wait_for(timeout=60_000)
        submission_url = next(f.url for f in page.frames if "/formgrader/submissions/" in f.url)
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT"):
            score.fill(str(MANUAL_SCORE))
            score.press("Tab")
        comment = frame.locator(f"textarea#{SOLUTION_CELL}-comment")
        with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.request.method == "PUT"):
            comment.fill(COMMENT)
            comment.press("Tab")
        page.screenshot(path=str(screenshot_dir / "instructor-manual-grade.png"))

        with gradebook(demo_class) as gb:
            grade = gb.find_grade(CELL, A, A, STUDENT)
            assert (grade.auto_score, grade.manual_score, grade.score) == (0, MANUAL_SCORE, MANUAL_SCORE)
            assert gb.find_comment(SOLUTION_CELL, A, A, STUDENT).manual_comment == COMMENT
            assert gb.find_submission(A, STUDENT).score == MANUAL_SCORE

        # the class report's link to ben's submission is that page, on this server
        assert report_link(demo_class, STUDENT).replace(DEFAULT_URL, lab.base) == submission_url
        direct = context.new_page()
        direct.goto(submission_url)
        expect(direct.locator(f"input#{CELL}")).to_have_value(str(MANUAL_SCORE))
        direct.close()

        # feedback generated from formgrader: the manual score and comment, no hidden test
        next(f for f in page.frames if "/formgrader/" in f.url).goto(f"{lab.base}/formgrader/manage_submissions/{A}")
        started = time.time()
        with page.expect_response(lambda r: r.url.endswith(f"/{STUDENT}/generate_feedback"), timeout=120_000):
            in_row(frame, STUDENT).locator("td.generate-feedback a").click()
        close_modal(frame, "Successfully generated feedback")
        html = (demo_class / "feedback" / STUDENT / A / f"{A}.html").read_text()
        assert f"Score: {MANUAL_SCORE} / 11.0" in html and COMMENT in html and HIDDEN_NOTE in html
        assert "BEGIN HIDDEN TESTS" not in html
        print(f"feedback generated from formgrader in {time.time() - started:.1f} s")
    finally:
        context.close()
        put_back(demo_class, feedback)
