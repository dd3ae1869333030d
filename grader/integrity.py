"""Suspicious code in a submission, listed for the instructor's review (scores are not changed).

Since grading runs the student's code and the tests in separate processes (`grader.isolation`), nothing a
submission does can change a score, so this is no longer a defence: it tells the instructor where to look.
Before execution, every code cell the student wrote or changed (solution cells, new cells, edited
instructor cells) is parsed, IPython syntax included, and scanned for code that reaches for the grader
(patching numpy, builtins or ``course``, IPython's hooks, ``sys.modules``, frames, ``os._exit``, paths of
the course such as ``../source/``). `ScanForReview` (configured in ``nbgrader_config.py``) adds the findings
to the notebook's grading report (`grader.report`); the autograde command prints them as "for review".

    python -m grader.integrity ASSIGNMENT        list the submissions with findings, and the findings
    python -m grader.integrity --scan NOTEBOOK   scan one notebook file
"""
from __future__ import annotations

import ast
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from course.paths import COURSE_ROOT
from grader.isolation.plan import python_source
from nbgrader.preprocessors import NbGraderPreprocessor

# ---------------------------------------------------------------------------------------------------------
# Static scan
# ---------------------------------------------------------------------------------------------------------

# Modules whose import alone is a finding: they exist to inspect or change the interpreter, the kernel or
# other processes, and no exercise of this course needs them.
FORBIDDEN_IMPORTS = {
    "ctypes": "imports ctypes (raw memory access)",
    "gc": "imports gc (reaches the grader's objects)",
    "importlib": "imports importlib (reloads or replaces modules)",
    "builtins": "imports builtins",
    "nbgrader": "imports nbgrader",
    "sqlite3": "imports sqlite3 (the gradebook is an SQLite file)",
    "IPython": "imports IPython (the shell runs the tests)",
    "ipykernel": "imports ipykernel",
    "subprocess": "imports subprocess",
    "pty": "imports pty",
    "signal": "imports signal",
    "threading": "imports threading (code that keeps running during the tests)",
    "_thread": "imports _thread",
    "multiprocessing": "imports multiprocessing",
    "asyncio": "imports asyncio (callbacks on the kernel's event loop)",
    "atexit": "imports atexit",
    "traceback": "imports traceback (reads the tests' source from the stack)",
    "linecache": "imports linecache (reads the tests' source)",
    "shutil": "imports shutil",
    "socket": "imports socket",
    "sysconfig": "imports sysconfig",
    "site": "imports site",
    "pickle": "imports pickle",
    "marshal": "imports marshal",
    "types": "imports types",
    "dis": "imports dis",
    "code": "imports code",
    "codeop": "imports codeop",
    "unittest": "imports unittest (mock.patch)",
}
# module.attribute uses that are findings, whatever is done with them.
FORBIDDEN_MODULE_ATTRIBUTES = {
    ("os", "_exit"): "calls os._exit (ends the kernel before the tests run)",
    ("os", "abort"): "calls os.abort",
    ("os", "kill"): "sends a signal (os.kill)",
    ("os", "killpg"): "sends a signal (os.killpg)",
    ("os", "fork"): "forks the kernel",
    ("os", "system"): "runs a shell command (os.system)",
    ("os", "popen"): "runs a shell command (os.popen)",
    ("os", "chdir"): "changes the working directory",
    ("os", "listdir"): "lists directories (os.listdir)",
    ("os", "scandir"): "lists directories (os.scandir)",
    ("os", "walk"): "walks directories (os.walk)",
    ("os", "remove"): "deletes files",
    ("os", "unlink"): "deletes files",
    ("os", "rename"): "renames files",
    ("os", "replace"): "replaces files",
    ("os", "environ"): "reads or changes the environment",
    ("sys", "modules"): "touches sys.modules",
    ("sys", "_getframe"): "reads the caller's frame (sys._getframe)",
    ("sys", "settrace"): "installs a tracer (sys.settrace)",
    ("sys", "setprofile"): "installs a profiler hook (sys.setprofile)",
    ("sys", "addaudithook"): "installs an audit hook",
    ("sys", "excepthook"): "touches sys.excepthook",
    ("sys", "displayhook"): "touches sys.displayhook",
    ("sys", "stdout"): "touches sys.stdout",
    ("sys", "stderr"): "touches sys.stderr",
    ("sys", "meta_path"): "touches the import machinery (sys.meta_path)",
    ("sys", "path_hooks"): "touches the import machinery (sys.path_hooks)",
    ("sys", "setrecursionlimit"): "changes the recursion limit",
    ("os", "exec"): "replaces the kernel process",
}
FORBIDDEN_OS_PREFIXES = ("exec", "spawn", "posix_spawn")
# Builtins whose use is a finding.
FORBIDDEN_NAMES = {
    "__builtins__": "touches __builtins__",
    "__import__": "imports through __import__",
    "exec": "runs generated code (exec)",
    "eval": "runs generated code (eval)",
    "compile": "compiles generated code",
    "globals": "reads or rewrites the notebook's namespace (globals())",
    "locals": "reads the namespace (locals())",
    "vars": "reads a namespace (vars())",
    "breakpoint": "calls breakpoint()",
    "exit": "stops the kernel (exit)",
    "quit": "stops the kernel (quit)",
    "In": "reads the input history (In), which holds the tests",
    "Out": "reads the output history (Out)",
    "_ih": "reads the input history (_ih), which holds the tests",
    "_oh": "reads the output history (_oh)",
    "_i": "reads the input history",
    "_ii": "reads the input history",
    "_iii": "reads the input history",
    "_dh": "reads the directory history",
}
# Attribute names that only interpreter or kernel surgery needs.
FORBIDDEN_ATTRIBUTES = {
    "f_locals", "f_globals", "f_back", "f_code", "f_builtins", "tb_frame", "gi_frame", "cr_frame",
    "ag_frame", "__globals__", "__code__", "__closure__", "__subclasses__", "__bases__", "__mro__",
    "__builtins__", "__import__", "__loader__", "__spec__", "input_transformers_cleanup",
    "input_transformers_post", "input_transformer_manager", "ast_transformers", "set_custom_exc",
    "custom_exceptions", "showtraceback", "_showtraceback", "showsyntaxerror", "InteractiveTB",
    "SyntaxTB", "run_cell", "run_code", "run_ast_nodes", "history_manager", "user_ns", "user_global_ns",
    "register_magic_function", "displayhook", "excepthook", "display_pub", "_exit",
}
# IPython magics a student cell may use (after IPython's transformation they are get_ipython() calls).
ALLOWED_MAGICS = {"matplotlib", "time", "timeit", "precision", "pprint", "who", "whos", "capture"}
# Path-like strings that point at the hidden tests, the gradebook or other students' work.
FORBIDDEN_PATH = re.compile(
    r"(?:^|[/\\])\.\.(?:[/\\]|$)|"  # a parent folder
    r"(?:^|[/\\])(?:source|submitted|autograded|feedback|release|downloaded)[/\\]|"  # a course folder
    r"gradebook\.db|[/\\*][^/\\]*\.ipynb\b",  # the gradebook, another notebook
    re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One reason to distrust a submission."""
    cell: str  # grade_id of the cell, or "cell N" (N counts code and markdown cells from 1)
    line: int  # line in the cell (of the cell as IPython runs it), 0 when not applicable
    reason: str

    def __str__(self) -> str:
        where = f"{self.cell}, line {self.line}" if self.line else self.cell
        return f"{where}: {self.reason}"


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


class _Scanner(ast.NodeVisitor):
    def __init__(self, protected: dict[str, str]):
        self.protected = protected  # name -> what the instructor's cells bind it to ("module" or "module.attr")
        self.aliases: dict[str, str] = {"np": "numpy", "os": "os", "sys": "sys"}  # name -> module
        self.findings: list[tuple[int, str]] = []

    def flag(self, node: ast.AST, reason: str) -> None:
        self.findings.append((getattr(node, "lineno", 0), reason))

    # -- bindings of names the tests rely on ------------------------------------------------------------
    def _bind(self, node: ast.AST, name: str, target: str | None = None) -> None:
        if name in self.protected and self.protected[name] != target:
            self.flag(node, f"rebinds {name!r}, which the tests use")

    def _bind_target(self, node: ast.AST, target: ast.AST) -> None:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                self._bind(node, sub.id)
            elif isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                root = _root_name(sub)
                if root in self.aliases and not self.aliases[root].startswith("matplotlib"):
                    self.flag(node, f"changes the module {self.aliases[root]!r} ({_dotted(sub) or root})")
                elif root in self.protected and isinstance(sub, ast.Attribute):
                    self.flag(node, f"changes {root!r}, which the tests use")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            if top in FORBIDDEN_IMPORTS:
                self.flag(node, FORBIDDEN_IMPORTS[top])
            bound = alias.asname or top
            self.aliases[bound] = alias.name if alias.asname else top
            self._bind(node, bound, alias.name if alias.asname else top)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        top = module.split(".")[0]
        if node.level:
            self.flag(node, "uses a relative import")
        harmless = module == "IPython.display" or (module == "IPython" and
                                                    all(a.name == "display" for a in node.names))
        if top in FORBIDDEN_IMPORTS and not harmless:
            self.flag(node, FORBIDDEN_IMPORTS[top])
        for alias in node.names:
            if alias.name == "*":
                continue
            if (top, alias.name) in FORBIDDEN_MODULE_ATTRIBUTES:
                self.flag(node, FORBIDDEN_MODULE_ATTRIBUTES[top, alias.name])
            if top == "os" and alias.name.startswith(FORBIDDEN_OS_PREFIXES):
                self.flag(node, f"imports os.{alias.name} (replaces or spawns processes)")
            bound = alias.asname or alias.name
            # a submodule or an object of a module: changing its attributes patches that module too
            self.aliases[bound] = f"{module}.{alias.name}"
            self._bind(node, bound, f"{module}.{alias.name}")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind_target(node, target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._bind_target(node, node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._bind_target(node, node.target)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._bind_target(node, target)
        self.generic_visit(node)

    def visit_For(self, node) -> None:
        self._bind_target(node, node.target)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._bind_target(node, item.optional_vars)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._bind_target(node, node.target)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.generic_visit(node)  # comprehension variables are local to the comprehension

    def _visit_def(self, node) -> None:
        self._bind(node, node.name)
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _visit_def

    def visit_Global(self, node) -> None:
        for name in node.names:
            if name in self.protected:
                self.flag(node, f"declares {name!r}, which the tests use, global in a function")
        self.generic_visit(node)

    # -- uses --------------------------------------------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_NAMES and node.id not in self.protected:
            self.flag(node, FORBIDDEN_NAMES[node.id])
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN_ATTRIBUTES:
            self.flag(node, f"uses .{node.attr} (interpreter or kernel internals)")
        root = node.value.id if isinstance(node.value, ast.Name) else None
        module = self.aliases.get(root) if root else None
        if module:
            top = module.split(".")[0]
            if (top, node.attr) in FORBIDDEN_MODULE_ATTRIBUTES:
                self.flag(node, FORBIDDEN_MODULE_ATTRIBUTES[top, node.attr])
            elif top == "os" and node.attr.startswith(FORBIDDEN_OS_PREFIXES):
                self.flag(node, f"calls os.{node.attr} (replaces or spawns processes)")
            if node.attr == "__dict__":
                self.flag(node, f"reaches into the module {module!r} (__dict__)")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("setattr", "delattr") and node.args:
            root = _root_name(node.args[0])
            if root in self.aliases or root in self.protected or root in ("__builtins__",):
                self.flag(node, f"{func.id}() on {root!r}")
            elif not isinstance(node.args[0], ast.Name) or node.args[0].id != "self":
                # setattr on anything but the student's own object is how modules get patched indirectly
                if isinstance(node.args[0], ast.Call):
                    self.flag(node, f"{func.id}() on a computed object")
        if isinstance(func, ast.Name) and func.id in ("getattr", "hasattr") and len(node.args) >= 2:
            root = _root_name(node.args[0])
            name = node.args[1].value if isinstance(node.args[1], ast.Constant) else None
            if root in self.aliases or root in self.protected:
                module = self.aliases.get(root, root).split(".")[0]
                if not isinstance(name, str):
                    self.flag(node, f"getattr() on {root!r} with a computed name")
                elif (module, name) in FORBIDDEN_MODULE_ATTRIBUTES or name in FORBIDDEN_ATTRIBUTES:
                    self.flag(node, f"getattr({root}, {name!r})")
            elif isinstance(name, str) and name in FORBIDDEN_ATTRIBUTES:
                self.flag(node, f"getattr(..., {name!r}) (interpreter or kernel internals)")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) \
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "get_ipython":
            args = node.args
            magic = args[0].value if args and isinstance(args[0], ast.Constant) else None
            if func.attr in ("run_line_magic", "magic") and magic in ALLOWED_MAGICS:
                pass
            elif func.attr in ("system", "getoutput"):
                self.flag(node, "runs a shell command (!)")
            elif func.attr in ("run_line_magic", "run_cell_magic"):
                self.flag(node, f"uses the magic %{magic}")
            else:
                self.flag(node, f"uses the IPython shell (get_ipython().{func.attr})")
            for arg in node.args[1:]:
                self.visit(arg)
            return
        if isinstance(func, ast.Name) and func.id == "get_ipython":
            self.flag(node, "uses the IPython shell (get_ipython())")
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a bare string: prose, not a path anything opens
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, (str, bytes)):
            text = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            if len(text) < 1000 and FORBIDDEN_PATH.search(text):
                self.flag(node, f"names a path of the grader ({text[:60]!r})")


def scan_source(cell_source: str, protected: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Findings ``[(line, reason)]`` in one cell's source (IPython syntax allowed). A cell that does not
    parse gives none (it raises a SyntaxError when graded and runs nothing)."""
    try:
        tree = ast.parse(python_source(cell_source))
    except (SyntaxError, ValueError):
        return []
    scanner = _Scanner(dict(protected or {}))
    scanner.visit(tree)
    seen, out = set(), []
    for item in scanner.findings:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _is_instructor_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked") or (meta.get("grade") and not meta.get("solution")))


def instructor_bindings(source_nb) -> dict[str, str]:
    """Names the instructor's non-solution cells bind by import (``{"np": "numpy", "check_array":
    "course.grading.check_array"}``): the names the tests rely on."""
    protected: dict[str, str] = {}
    cells = source_nb.cells if source_nb is not None else []
    for cell in cells:
        if cell.cell_type != "code" or cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        try:
            tree = ast.parse(python_source(cell.source))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    protected[name] = alias.name if alias.asname else alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if alias.name != "*":
                        protected[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    if source_nb is None:  # unknown notebook: numpy and the grading checks, under their usual names
        protected = {"np": "numpy", "numpy": "numpy"}
        protected.update({name: f"course.grading.{name}" for name in GRADING_CHECKS})
    return protected


GRADING_CHECKS = ("check_array", "check_scalar", "check_type", "check_keys", "check_dict_of_arrays",
                  "call_without_mutation", "check_unchanged", "check_gradient")


@functools.lru_cache(maxsize=8)
def course_instructor_sources(root: str) -> frozenset:
    """Sources of the non-solution code cells of every source notebook of the course at ``root``: a
    notebook of another assignment, handed in by mistake, is not flagged for that assignment's tests."""
    import nbformat
    sources = set()
    for path in sorted(Path(root).glob("source/*/*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        sources |= {c.source.strip() for c in nb.cells if c.cell_type == "code"
                    and not c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    return frozenset(sources)


def scan_notebook(nb, source_nb=None, known_sources: frozenset = frozenset()) -> list[Finding]:
    """Static findings in the cells of ``nb`` that the student wrote or changed.

    ``source_nb`` is the instructor's notebook: its unchanged non-solution cells are not scanned, and the
    names its cells import are protected. Locked and test cells are skipped (nbgrader restores them), and
    so are cells identical to one of ``known_sources`` (instructor cells of the course's other notebooks).
    """
    protected = instructor_bindings(source_nb)
    instructor_sources = set(known_sources)
    if source_nb is not None:
        instructor_sources |= {c.source.strip() for c in source_nb.cells
                              if c.cell_type == "code" and not c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    findings = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or _is_instructor_cell(cell):
            continue
        if cell.source.strip() in instructor_sources:
            continue
        label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index}"
        findings += [Finding(label, line, reason) for line, reason in scan_source(cell.source, protected)]
    return findings



class ScanForReview(NbGraderPreprocessor):
    """Autograde stage, before execution: the submission's findings go into its grading report."""

    def preprocess(self, nb, resources):
        from grader import report
        from grader.sources import course_root, instructor_notebook
        findings = scan_notebook(nb, instructor_notebook(resources, self.config),
                                 course_instructor_sources(str(course_root(self.config))))
        report.add_findings(resources, [str(f) for f in findings])
        return nb, resources


def for_review(assignment: str, root: Path = COURSE_ROOT) -> dict[str, list[str]]:
    """``{student: [findings]}`` for the submissions of ``assignment`` with findings (from the reports)."""
    from grader.report import read_reports
    out: dict[str, list[str]] = {}
    for r in read_reports(Path(root), assignment):
        if r.findings:
            out.setdefault(r.student, []).extend(r.findings)
    return out


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="List suspicious code in graded submissions, for review.")
    parser.add_argument("assignment", nargs="?")
    parser.add_argument("--scan", metavar="NOTEBOOK", help="scan one notebook file instead")
    parser.add_argument("--source", metavar="NOTEBOOK", help="the instructor's notebook, for --scan")
    args = parser.parse_args(argv)
    if args.scan:
        import nbformat
        nb = nbformat.read(args.scan, as_version=4)
        source = nbformat.read(args.source, as_version=4) if args.source else None
        findings = scan_notebook(nb, source)
        for f in findings:
            print(f)
        print(f"{len(findings)} finding(s)")
        return 1 if findings else 0
    if not args.assignment:
        parser.error("give an ASSIGNMENT or --scan NOTEBOOK")
    result = for_review(args.assignment)
    for student, why in result.items():
        print(f"{student}: for review")
        for reason in why:
            print(f"    {reason}")
    print(f"{args.assignment}: {len(result)} submission(s) with code to review (scores are not affected)")
    return 1 if result else 0


if __name__ == "__main__":
    sys.exit(main())
