"""nbgrader configuration for the course (read by every `nbgrader` command run from this folder)."""
import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

# The course directory is the folder of this file, not the checkout's course.paths.COURSE_ROOT: a course
# directory made elsewhere (instructor.classroom, the tests) holds a copy of this file and its own gradebook.
COURSE_DIR = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "nn-from-scratch"
c.CourseDirectory.root = COURSE_DIR
# Parallel graders share the gradebook: a writer waits up to a minute for another to finish.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_DIR, "gradebook.db") + "?timeout=60"
# Notebook-run caches and checkpoints are never part of an assignment.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".cache"]

# The assignment is created in the gradebook by `generate_assignment` itself.
c.GenerateAssignment.create_assignment = True

# Autograding a class: a stuck cell is interrupted after a minute, not waited on forever.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# nbgrader gives zero to a test cell that wrote anything to stderr. A warning that numpy or a library
# emits while a correct answer runs (overflow in exp, a deprecation) must not cost the student the cell,
# so stderr output made only of Python warnings is dropped before grading.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"\A(?:[^\n]*:\d+: (?:Runtime|Deprecation|PendingDeprecation|Future|User)Warning: [^\n]*\n"
    r"(?:[ \t]+[^\n]*(?:\n|\Z))*)+\Z"
)

# A student who deleted a graded cell gets it back (and its tests run) instead of crashing the run.
c.OverwriteCells.add_missing_cells = True

# Runaway printing is cut short in the graded notebook and in feedback: at most 1000 lines per cell
# (nbgrader's LimitOutput), and characters and image bytes per output and per cell (the course's
# LimitOutputSize, whose defaults are in grader/execute.py: one 20 MB line passes a line limit).
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100
# A notebook whose cells all time out stops after 10 minutes in total (its remaining cells score 0).
c.IsolatedExecute.notebook_timeout = 600

# Grading that instructors can trust (the package grader/, see ARCHITECTURE.md):
# - the student's cells run in one kernel, sandboxed by bubblewrap (no source/, gradebook or other
#   students; COURSE_SANDBOX=off|require), and the test cells in a second kernel that reaches the
#   student's functions only with plain data (grader/isolation): expected values, hidden tests and scores
#   never exist in the student's process;
# - a kernel killed by the submission (os._exit) costs only the cells from there on;
# - suspicious code is listed for the instructor's review in each notebook's grading report (scores unchanged);
# - feedback shows the failed tests' messages but neither hidden-test source nor its traceback lines, and
#   its math as MathML (no MathJax from a CDN: it renders offline);
# - a failed test cell whose calls behave like a catalogued wrong answer names the misconception
#   (grader.diagnosis: compared in the tests' kernel with the instructor's solution and catalogue edits).
# Without the course's package (an incomplete checkout) autograding is refused rather than done without
# these; COURSE_GRADING_EXTENSIONS=off grades with plain nbgrader instead, at the instructor's own risk.
try:
    from grader.execute import IsolatedExecute, LimitOutputSize, SafeOverwriteCells
    from grader.diagnosis import Diagnose
    from grader.feedback import HideHiddenTests, ReadableTracebacks
    from grader.mathml import MathToMathML, template_basedirs
    from grader.integrity import ScanForReview
    from grader.report import WriteReport
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                        GetGrades, IgnorePattern, LimitOutput, OverwriteKernelspec,
                                        SaveAutoGrades)
except ImportError as exc:
    if os.environ.get("COURSE_GRADING_EXTENSIONS", "").strip().lower() != "off":
        from nbgrader.preprocessors import NbGraderPreprocessor

        _reason = str(exc)

        class RefuseToGrade(NbGraderPreprocessor):
            def preprocess(self, nb, resources):
                raise RuntimeError(f"the course's grading extensions cannot be imported ({_reason}): refusing to "
                                   "grade without isolation and sandbox; run `./run setup`, or set "
                                   "COURSE_GRADING_EXTENSIONS=off to grade with plain nbgrader")

        c.Autograde.sanitize_preprocessors = [RefuseToGrade]
else:
    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, SafeOverwriteCells,
                                          CheckCellMetadata]
    c.Autograde.autograde_preprocessors = [
        ScanForReview, IsolatedExecute, Diagnose, LimitOutputSize, IgnorePattern, ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata, WriteReport,
    ]
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, ReadableTracebacks, MathToMathML,
                                        CSSHTMLHeaderPreprocessor]
    # The feedback page is one self-contained file that works offline: its math is MathML (MathToMathML) and
    # the feedback template's MathJax-from-a-CDN macro is replaced by grader/templates/feedback/mathjax.html.j2.
    c.HTMLExporter.extra_template_basedirs = template_basedirs()
    # (IsolatedExecute is a subclass of nbgrader's Execute: the Execute settings above apply to it.)

# `nbgrader zip_collect ASSIGNMENT` reads an LMS download placed in downloaded/<assignment>/archive/
# (zip files or notebooks) whose files are named <student>_attempt_<YYYYMMDDTHHMMSS>_<notebook>.ipynb.
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\](?P<student_id>[A-Za-z0-9-]+)_attempt_(?P<timestamp>[0-9]{8}T[0-9]{6})_(?P<file_id>[^/\\]+\.ipynb)$"
)
