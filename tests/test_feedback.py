"""Feedback shows which tests failed and their messages, never the hidden tests' source (nor in tracebacks),
and its math renders offline (MathML, no MathJax from a CDN)."""
import html
import re
import sys
from pathlib import Path

import nbformat
import pytest

import grader
from grader.mathml import Math, render_math, split_math
from instructor import classroom
from instructor.coursedir import COURSE_ROOT, assignments
from instructor.autograde import autograde
from instructor.coursedir import run_nbgrader
from grader.feedback import FRAME_NOTE, HIDDEN_NOTE, clean_traceback, hidden_start, strip_hidden

A = "01_perceptron"

# Right on the visible checks (scalars, 1-D and 2-D arrays), wrong on a hidden one (a 3-D array).
STEP_WRONG_IN_3D = '''
def step(z):
    z = np.asarray(z)
    out = (z > 0).astype(int)
    if z.ndim >= 3:
        out[...] = 0
    return out
'''


def test_strip_hidden():
    source = "visible()\n### BEGIN HIDDEN TESTS\nsecret = 42\nassert f(secret) == 7\n### END HIDDEN TESTS\nafter()"
    out = strip_hidden(source)
    assert "secret" not in out and "42" not in out and "BEGIN" not in out
    assert out.splitlines() == ["visible()", HIDDEN_NOTE, "after()"]
    indented = strip_hidden("for x in y:\n    ### BEGIN HIDDEN TESTS\n    check(x)\n    ### END HIDDEN TESTS\n")
    assert indented.splitlines() == ["for x in y:", "    " + HIDDEN_NOTE]
    assert hidden_start(source) == 2 and hidden_start("no hidden") is None


def test_clean_traceback_keeps_visible_lines_and_student_frames():
    tb = [
        "\x1b[0;31m----\x1b[0m",
        "Cell In[7], line 3\n      1 visible()\n      2 more()\n----> 3 secret_call(_hidden_value)\n      4 x",
        "Cell In[5], line 2, in step(z)\n      1 def step(z):\n----> 2     return z[99]",
        "Cell In[8], line 1\n----> 1 check(step(1))\n      2 ok()\n      3 hidden_line()",
        "IndexError: index 99 is out of bounds",
    ]
    out = clean_traceback(tb, {7: 3, 8: 3})
    text = "\n".join(out)
    assert "secret_call" not in text and "_hidden_value" not in text and FRAME_NOTE in text
    assert "return z[99]" in text  # the student's own code
    assert "check(step(1))" in text and "ok()" in text and "hidden_line" not in text
    assert out[-1] == "IndexError: index 99 is out of bounds"


@pytest.fixture(scope="module")
def feedback_course(tmp_path_factory):
    """A class of two graded students of `A` (wrong on a hidden test; wrong on a visible one), with feedback."""
    course = classroom.new_course(tmp_path_factory.mktemp("feedback") / "course", [A])
    solution = classroom.solution_notebook(A)
    classroom.submit(course, "wrong3d", A, classroom.replace_cell(solution, "step", STEP_WRONG_IN_3D))
    classroom.submit(course, "visible", A, classroom.replace_cell(
        solution, "step", "def step(z):\n    return (np.asarray(z) >= 0).astype(int)"))
    outcomes = autograde(A, ["wrong3d", "visible"], jobs=2, root=course)
    assert all(o.success for o in outcomes), [o.reason for o in outcomes]
    run_nbgrader("generate_feedback", A, "--force", root=course)
    return course


@pytest.mark.nbgrader
def test_generated_feedback_hides_hidden_tests(feedback_course):
    course = feedback_course
    solution = classroom.solution_notebook(A)
    source_text = "\n".join(c.source for c in solution.cells)
    hidden_blocks = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", source_text, re.S)
    hidden_lines = {line.strip() for block in hidden_blocks for line in block.splitlines()
                    if len(line.strip()) > 25}  # distinctive lines only (short ones like ")" repeat elsewhere)
    assert hidden_lines
    for student in ("wrong3d", "visible"):
        page = (course / "feedback" / student / A / f"{A}.html").read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"
        assert "BEGIN HIDDEN TESTS" not in text and "hidden tests ran here" in text
        assert re.search(r"test_step.{0,40}Score: 0\.0 / 2\.0", text, re.S) or "0.0 / 2.0" in text

    wrong = html.unescape(re.sub(r"<[^>]+>", "", (course / "feedback" / "wrong3d" / A / f"{A}.html").read_text()))
    assert "step(z) for a random 3-D z has wrong values" in wrong  # the hidden check's message, for the student
    assert FRAME_NOTE in wrong
    visible = html.unescape(re.sub(r"<[^>]+>", "", (course / "feedback" / "visible" / A / f"{A}.html").read_text()))
    assert "(got 1, expected 0)" in visible  # a visible check may reveal, and its line is quoted
    assert 'check_array("step(np.array([-2.0, 0.0, 3.0]))"' in visible
    # the graded notebook itself keeps everything for the instructor
    graded = (course / "autograded" / "wrong3d" / A / f"{A}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in graded


def course_math_page(path: Path) -> Path:
    """Every markdown cell of the course's notebooks as the feedback writes it (grader.mathml, then nbconvert's
    markdown), on one page with the feedback's math style: the formulas the feedback pages of the other
    assignments would hold, without grading them."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    style = (Path(grader.__file__).parent / "templates" / "feedback" / "mathjax.html.j2").read_text()
    style = style[style.index("<style"):style.index("</style>") + len("</style>")]
    cells = [markdown2html_mistune(render_math(c.source)) for name in assignments()
             for c in nbformat.read(COURSE_ROOT / "source" / name / f"{name}.ipynb", as_version=4).cells
             if c.cell_type == "markdown"]
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'>" + style + "</head><body>"
                    + "".join(f'<div class="text_cell_render">{c}</div>' for c in cells) + "</body></html>")
    return path


MATH_IN_THE_PAGE = r"""() => {
    const boxes = [...document.querySelectorAll('math')].map(m => m.getBoundingClientRect());
    const texts = [...document.querySelectorAll('.text_cell_render')].map(c => c.innerText);
    return {math: boxes.length, empty: boxes.filter(b => !(b.width > 0 && b.height > 0)).length,
            tex: texts.filter(t => /\$|\\\(|\\\[|\\begin\{/.test(t)).map(t => t.slice(0, 200)),
            tex_left: document.querySelectorAll('code.math-tex').length};
}"""


@pytest.mark.nbgrader
@pytest.mark.browser
def test_feedback_math_renders_offline_in_chromium(feedback_course, tmp_path, in_a_thread_of_its_own):
    """The feedback page is self-contained: no script or stylesheet from the network, its math MathML that
    Chromium draws with every request but file:/data: refused (as offline); so is every formula of the course."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
    harness = pytest.importorskip("harness")
    if not harness.chromium_available():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (./run test installs it with apt)")
    from playwright.sync_api import sync_playwright

    feedback = feedback_course / "feedback" / "wrong3d" / A / f"{A}.html"
    page_source = feedback.read_text()
    assert not re.findall(r"<(?:script|link|img)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//", page_source, re.I)
    assert "MathJax" not in page_source and "<math " in page_source  # (a comment of nbgrader's says "mathjax")
    source = classroom.solution_notebook(A)
    formulas = sum(len([p for p in split_math(c.source) if isinstance(p, Math)])
                   for c in source.cells if c.cell_type == "markdown")
    everything = course_math_page(tmp_path / "course-math.html")

    def browse():
        with sync_playwright() as playwright:
            browser = harness.launch_chromium(playwright)
            try:
                return {path.name: in_chromium(browser, path) for path in (feedback, everything)}
            finally:
                browser.close()

    seen = in_a_thread_of_its_own(browse)
    assert seen[feedback.name] == {"math": formulas, "empty": 0, "tex": [], "tex_left": 0, "errors": []}
    assert seen[everything.name]["math"] > 900
    assert seen[everything.name] == dict(seen[everything.name], empty=0, tex=[], tex_left=0, errors=[])


def in_chromium(browser, path: Path) -> dict:
    """What `MATH_IN_THE_PAGE` finds on ``path`` opened offline, with the console errors and refused requests."""
    from harness import offline_page

    page, errors = offline_page(browser)
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return dict(page.evaluate(MATH_IN_THE_PAGE), errors=errors)
    finally:
        page.close()


def test_renumber_reads_coloured_frame_headers():
    """IPython colours "Cell" and "In[7]" apart; the renumbered header must still name the test cell, or the
    feedback would not recognise the frame as a test cell's and would quote its hidden lines."""
    import nbformat

    from grader.execute import renumber

    student = nbformat.v4.new_code_cell("x = 1", execution_count=1)
    test = nbformat.v4.new_code_cell("assert x", execution_count=1,
                                     metadata={"nbgrader": {"grade": True, "grade_id": "t", "points": 1}})
    header = "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[1]\x1b[39m\x1b[32m, line 1\x1b[39m"
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=[header])]
    nb = nbformat.v4.new_notebook()
    nb.cells = [student, test]
    renumber(nb)
    assert test.execution_count == 2
    assert "In[2]" in test.outputs[0].traceback[0] and "In[1]" not in test.outputs[0].traceback[0]
