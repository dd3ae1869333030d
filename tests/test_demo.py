"""The documented instructor pipeline on the demo class produces the grades anyone can check."""
import csv
import subprocess
import sys

import pytest

from instructor.coursedir import COURSE_ROOT, assignments
from instructor.demo import STUDENTS, expected_scores, cell_points

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def demo_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "course"
    result = subprocess.run([sys.executable, "-m", "instructor.demo", "--root", str(root), "--jobs", "2",
                             "--class-size", str(len(STUDENTS))],  # (the synthetic students: tests/browser)
                            cwd=COURSE_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return root


def exported(root):
    with open(root / "grades.csv", newline="") as f:
        return {(r["student_id"], r["assignment"]): (float(r["score"]), float(r["max_score"]))
                for r in csv.DictReader(f)}


def test_demo_grades_match_the_students(demo_course):
    grades = exported(demo_course)
    expected = expected_scores(COURSE_ROOT)
    for assignment in assignments():
        full = sum(cell_points(assignment, COURSE_ROOT).values())
        assert grades["ada", assignment] == (full, full)
        assert grades["ben", assignment] == (0.0, full)
        assert grades["cyd", assignment][0] == expected["cyd", assignment]
        assert 0 < grades["cyd", assignment][0] < full, "the buggy student should lose some points, not all"
    assert len(grades) == len(STUDENTS) * len(assignments())


def test_demo_collects_lms_zip_and_writes_feedback(demo_course):
    for assignment in assignments():
        assert list((demo_course / "submitted" / "cyd" / assignment).glob("*.ipynb")), "zip_collect placed nothing"
        for student in STUDENTS:
            html = list((demo_course / "feedback" / student / assignment).glob("*.html"))
            assert html, f"no feedback for {student}/{assignment}"
