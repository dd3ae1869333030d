"""The review scan lists code that reaches for the grader, and nothing in honest code or the course's own
notebooks; the sandbox hides the course from the student's grading kernel."""
import nbformat
import pytest
from nbclient import NotebookClient

from instructor import classroom
from instructor.coursedir import COURSE_ROOT, assignments
from grader.integrity import instructor_bindings, scan_notebook, scan_source
from grader.sandbox import SandboxedKernelManager, bwrap_status

PROTECTED = {"np": "numpy", "check_array": "course.grading.check_array", "call_without_mutation":
             "course.grading.call_without_mutation"}

TAMPERING = {
    "np.allclose = lambda *a, **k: True": "changes the module 'numpy'",
    "import numpy\nnumpy.isclose = lambda *a, **k: True": "changes the module 'numpy'",
    "setattr(np, 'array_equal', lambda *a: True)": "setattr() on 'np'",
    "import builtins\nbuiltins.isinstance = lambda *a: True": "imports builtins",
    "__builtins__.len = lambda x: 0": "__builtins__",
    "ip = get_ipython()\nip.input_transformers_cleanup.append(lambda lines: lines)": "input_transformers_cleanup",
    "get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)": "set_custom_exc",
    "get_ipython().showtraceback = lambda *a, **k: None": "showtraceback",
    "import sys\nsys.modules['course.grading'] = None": "sys.modules",
    "import os\nos._exit(0)": "os._exit",
    "from os import _exit as bye\nbye(0)": "os._exit",
    "import os\ngetattr(os, '_' + 'exit')(0)": "computed name",
    "text = open('../../../source/01_perceptron/01_perceptron.ipynb').read()": "path of the grader",
    "open('gradebook.db', 'rb')": "path of the grader",
    "import sqlite3": "sqlite3",
    "!cat ../../../source/*/*.ipynb": "shell command",
    "%%bash\nls": "magic",
    "check_array = lambda *a, **k: None": "rebinds 'check_array'",
    "def call_without_mutation(f, *a):\n    return f(*a)": "rebinds 'call_without_mutation'",
    "import numpy as np2\nnp = np2.ma": "rebinds 'np'",
    "def step(z):\n    import inspect\n    return inspect.stack()[1].frame.f_locals['_want']": "f_locals",
    "def step(z):\n    import sys\n    return sys._getframe(1).f_locals['_want']": "_getframe",
    "def f(x):\n    return x.__globals__": "__globals__",
    "exec('np.allclose = None')": "exec",
    "x = eval('1')": "eval",
    "import ctypes": "ctypes",
    "import gc\ngc.get_objects()": "gc",
    "import threading": "threading",
    "In[3]": "input history",
    "from course import grading\ngrading.fail = print": "changes the module 'course",
    "import importlib\nimportlib.reload(np)": "importlib",
    "from unittest import mock": "unittest",
}

HONEST = [
    "%matplotlib widget\nimport numpy as np\nimport matplotlib.pyplot as plt",
    "import numpy as np\n\ndef step(z):\n    return (np.asarray(z) > 0).astype(int)",
    "def sigmoid(z):\n    out = np.empty_like(z)\n    out[...] = 1 / (1 + np.exp(-z))\n    return out",
    "class Layer:\n    def __init__(self):\n        self.W = np.zeros((2, 2))\n    def __eq__(self, other):\n"
    "        return True",
    "params = {'W1': 1}\nparams['W1'] -= 0.1\nfor key in params:\n    print(key)",
    "from IPython.display import display\nfrom math import *\nimport math\nprint(math.pi)",
    "%time x = np.ones(3).sum()",
    "def f(x):\n    if x is None:\n        raise ValueError('x is missing')\n    return x",
    "np.random.seed(0)\nrng = np.random.default_rng(1)\nx = rng.normal(size=3)",
    "with open('my_notes.txt', 'w') as f:\n    f.write('hello')",
    "import time\nstart = time.perf_counter()",
    "this is not python (",  # a syntax error runs nothing: not a finding
    'def f(x):\n    """Graded by nbgrader; see ../notes, source/ and the gradebook."""\n    return x',
    # strings that name course words without being paths, and a module that honest code may use
    "kinds = ['source', 'feedback', 'gradebook']\nname = 'my_results.ipynb'",
    "import inspect\nprint(inspect.signature(print))",
]


@pytest.mark.parametrize("source, words", list(TAMPERING.items()))
def test_static_scan_flags_tampering(source, words):
    findings = scan_source(source, PROTECTED)
    assert findings, f"not flagged: {source!r}"
    assert any(words in reason for _, reason in findings), findings


@pytest.mark.parametrize("source", HONEST)
def test_static_scan_leaves_honest_code_alone(source):
    assert scan_source(source, PROTECTED) == []


def test_course_notebooks_have_no_findings(assignment):
    """The instructor's own notebooks, and the release notebooks submitted as they are, are clean."""
    source = classroom.solution_notebook(assignment)
    assert scan_notebook(source, source) == []
    assert scan_notebook(classroom.release_notebook(assignment), source) == []
    solutions_only = [str(f) for f in scan_notebook(source, None)
                      if not f.cell.startswith("cell ")]  # without the source: the solution cells alone
    assert solutions_only == []


def test_instructor_bindings_of_the_first_notebook():
    protected = instructor_bindings(classroom.solution_notebook("01_perceptron"))
    assert protected["np"] == "numpy"
    assert protected["check_array"] == "course.grading.check_array"


def test_edited_instructor_cell_is_scanned():
    source = classroom.solution_notebook("01_perceptron")
    nb = nbformat.from_dict(source)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    first_code.source += "\nnp.allclose = lambda *a, **k: True"
    findings = scan_notebook(nb, source)
    assert findings and "numpy" in findings[0].reason and findings[0].cell.startswith("cell ")


# --- the sandbox ------------------------------------------------------------------------------------------

@pytest.mark.skipif(not bwrap_status()[0], reason=f"no sandbox here: {bwrap_status()[1]}")
def test_sandboxed_kernel_cannot_see_the_course(tmp_path):
    course = tmp_path / "course"
    work = course / "autograded" / "s1" / "a1"
    work.mkdir(parents=True)
    (course / "gradebook.db").write_text("secret")
    (course / "source").mkdir()
    (course / "submitted" / "s2").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    probes = {"course source": COURSE_ROOT / "source", "course gradebook": COURSE_ROOT / "gradebook.db",
              "class gradebook": course / "gradebook.db", "class source": course / "source",
              "other student": course / "submitted" / "s2", "tests": COURSE_ROOT / "tests"}
    (work / "graded.ipynb").write_text("the notebook being graded, hidden tests restored")
    (work / "data.csv").write_text("1,2")
    nb.cells = [nbformat.v4.new_code_cell(
        "import os, numpy, course.grading\n"
        f"print({ {k: str(v) for k, v in probes.items()} !r})\n"
        f"print([k for k, v in { {k: str(v) for k, v in probes.items()} !r}.items() if os.path.exists(v)])\n"
        "open('written.txt', 'w').write('ok')\n"
        "print(sorted(p for p in os.listdir('/proc') if p.isdigit()))\n"
        "print(sorted(os.listdir('.')))")]
    import os
    old = os.getcwd()
    os.chdir(course)  # nbgrader runs from the course root
    try:
        NotebookClient(nb, timeout=60, kernel_name="python3", kernel_manager_class=SandboxedKernelManager,
                       resources={"metadata": {"path": str(work)}}).execute()
    finally:
        os.chdir(old)
    lines = nb.cells[0].outputs[0]["text"].splitlines()
    assert lines[1] == "[]", f"the sandboxed kernel sees {lines[1]}"
    assert eval(lines[3]) == ["data.csv", "written.txt"]  # its folder: writable, with the files but no notebook
    assert not (work / "written.txt").exists()  # (a private copy: the graded folder is not changed)
    assert len(eval(lines[2])) <= 3  # its own PID namespace: no other kernel's /proc/<pid>/cwd


def test_all_assignments_known():
    assert "01_perceptron" in assignments()


def test_scan_command(tmp_path, capsys):
    from grader.integrity import main
    source = classroom.solution_notebook("01_perceptron")
    bad = classroom.replace_cell(source, "step", "def step(z):\n    return 0\n\nnp.isclose = lambda *a, **k: True")
    nbformat.write(bad, tmp_path / "bad.ipynb")
    nbformat.write(source, tmp_path / "source.ipynb")
    assert main(["--scan", str(tmp_path / "bad.ipynb"), "--source", str(tmp_path / "source.ipynb")]) == 1
    out = capsys.readouterr().out
    assert "step, line 4: changes the module 'numpy' (np.isclose)" in out and "1 finding(s)" in out
    assert main(["--scan", str(tmp_path / "source.ipynb"), "--source", str(tmp_path / "source.ipynb")]) == 0


def _kernel_command(monkeypatch, tmp_path, status, mode):
    import grader.sandbox as sandbox
    monkeypatch.setattr(sandbox, "bwrap_status", lambda: status)
    monkeypatch.setenv("COURSE_SANDBOX", mode)
    km = SandboxedKernelManager(kernel_name="python3")
    km.connection_file = str(tmp_path / "kernel.json")
    km._launch_args = {"cwd": str(tmp_path)}
    return km.format_kernel_cmd()


def test_sandbox_falls_back_with_a_warning(monkeypatch, tmp_path):
    import grader.sandbox as sandbox
    sandbox._warn_once.cache_clear()
    with pytest.warns(RuntimeWarning, match="WITHOUT a sandbox: no bwrap here"):
        cmd = _kernel_command(monkeypatch, tmp_path, (None, "no bwrap here"), "auto")
    assert "bwrap" not in cmd[0] and "ipykernel_launcher" in " ".join(cmd)
    with pytest.raises(sandbox.SandboxUnavailable):
        _kernel_command(monkeypatch, tmp_path, (None, "no bwrap here"), "require")
    assert "bwrap" not in _kernel_command(monkeypatch, tmp_path, ("/usr/bin/bwrap", ""), "off")[0]
    wrapped = _kernel_command(monkeypatch, tmp_path, ("/usr/bin/bwrap", ""), "auto")
    assert wrapped[0] == "/usr/bin/bwrap" and "--unshare-pid" in wrapped and "--tmpfs" in wrapped
    from pathlib import Path
    emptied = [Path(wrapped[i + 1]) for i, arg in enumerate(wrapped) if arg == "--tmpfs"]
    assert any(p == COURSE_ROOT or p in COURSE_ROOT.parents for p in emptied)  # the checkout is hidden ...
    binds = [wrapped[i + 2] for i, arg in enumerate(wrapped) if arg == "--bind"]
    assert str(tmp_path.resolve()) in binds  # ... and the student's folder is writable (a private copy of it)
