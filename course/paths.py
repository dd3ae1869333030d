"""Where this copy of the course is: ``COURSE_ROOT``, the folder holding ``course/``.

The one definition of the course root: the launcher (``course.lab``), the MNIST loader, the instructor tools,
the grader's review scan and the benchmarks import it from here. It lives in ``course/`` because that is the
package every copy of the course has, the published student copy included.

A course directory nbgrader runs on may be another folder (``instructor.classroom`` makes temporary ones):
``nbgrader_config.py`` and ``grader.sources.course_root`` name that one.
"""
from __future__ import annotations

from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent.parent
