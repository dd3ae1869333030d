"""The nbgrader extensions the course installs: how a submission is executed, graded and fed back.

Configured in ``nbgrader_config.py`` (so plain ``nbgrader autograde`` and ``generate_feedback`` use them):

- `grader.execute`: runs a submission with the student's code and the tests in two processes
  (`grader.isolation`), the student's kernel sandboxed (`grader.sandbox`), surviving dead kernels and
  runaway output;
- `grader.integrity`: lists suspicious code for the instructor's review (it does not change scores);
- `grader.report`: one grading report per notebook, read by the course's commands;
- `grader.feedback`: feedback without hidden tests.
"""
