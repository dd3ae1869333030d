"""Grading by isolation: the student's code never runs in the process that holds the tests and scores.

During ``nbgrader autograde`` a notebook runs in two kernels (`grader.execute.IsolatedExecute`):

    student's kernel (sandboxed)                      tests' kernel (trusted)
    solution cells, given cells, new cells            test cells (and the given cells they need)
         ^                                                  |
         |   request: call NAME with plain data             |
         +--------------------------------------------------+
             answer: the result as plain data, or the student's exception
             (a Jupyter comm starts the student's serve loop; requests go over a private ipc socket)

- `plan`: from the instructor's notebook, which names are the student's and which given cells a test needs;
- `wire`: the plain-data codec both sides use (numbers, strings, numpy arrays, lists/tuples/dicts);
- `server`: the student's side (its source is sent to the student's kernel);
- `proxy`: the tests' side: the student's names as proxies, the channel, timeouts and a dead kernel;
- `tests_kernel`: the tests' kernel itself, kept between the notebooks of one grading process.

Expected values, hidden-test source and scores never exist in the student's process; a test cell's
outputs come from the tests' kernel only, so nothing the student's code prints can become a score.
"""
