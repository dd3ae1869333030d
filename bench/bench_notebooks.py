"""Student wait: wall time of each source notebook executed top to bottom, and the course total.

Each notebook in source/ is executed with nbclient (kernel start and shutdown included), once as a
student runs it and once as the grader does (NBGRADER_EXECUTION=autograde, heavy cells do less).
The peers, measured in the same run and interleaved with the notebooks so that load hits them alike:

* bare kernel: a notebook whose only cell is ``pass`` (start a kernel, run nothing, shut it down);
* imports: the notebook's own first code cell alone (the imports and ``interactive_figures()``).

"x imports" = notebook time / imports time: what the notebook's content costs on top of the floor every
notebook pays. The slowest cells (by grade_id, or "cell N") say where the time goes.

    python bench/bench_notebooks.py                     # every assignment, both modes, best of 1
    python bench/bench_notebooks.py --repeat 3          # best of 3 (less noise, 3x the time)
    python bench/bench_notebooks.py --assignment 01_perceptron --mode grader
    python bench/bench_notebooks.py --quick             # first assignment, first notebook only (smoke run)
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Stopwatch, log, table  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from instructor.coursedir import assignments, notebooks  # noqa: E402

MODES = {"student": {}, "grader": {"NBGRADER_EXECUTION": "autograde"}}


@contextlib.contextmanager
def environ(overrides: dict):
    """Set environment variables for the kernels started inside the block (they inherit os.environ)."""
    old = {k: os.environ.get(k) for k in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _stamp(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def cell_seconds(nb) -> list[tuple[str, float]]:
    """(label, seconds) for each executed code cell, from the timing nbclient records in cell metadata."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if not (start and end):
            continue
        label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if not label:
            first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
            label = f"cell {i} `{first[:28]}{'...' if len(first) > 28 else ''}`"
        out.append((label, (_stamp(end) - _stamp(start)).total_seconds()))
    return out


def run(nb, path: Path, env: dict, timeout: int) -> tuple[float, str | None]:
    """Execute ``nb`` in place from ``path``'s folder; (wall seconds, error summary or None)."""
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    error = None
    with environ(env), Stopwatch() as sw:
        try:
            client.execute()
        except Exception as exc:  # a failing notebook is a figure too, not a crash of the benchmark
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:120] if str(exc).strip() else ''}"
    return sw.seconds, error


def bare_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("pass")]
    return nb


def imports_notebook(nb):
    """A notebook made of ``nb``'s first code cell only (the imports and ``interactive_figures()``)."""
    first = next(c for c in nb.cells if c.cell_type == "code")
    out = nbformat.v4.new_notebook()
    out.cells = [nbformat.v4.new_code_cell(first.source)]
    return out


def measure(paths: list[Path], modes: list[str], repeat: int, timeout: int) -> dict:
    """Best-of-``repeat`` wall times; peers and notebooks interleaved within each round."""
    results = {"bare": [], "notebooks": {}}
    for r in range(repeat):
        log(f"round {r + 1}/{repeat}: bare kernel")
        results["bare"].append(run(bare_notebook(), ROOT / "source" / "x.ipynb", {}, timeout)[0])
        for path in paths:
            name = path.stem
            entry = results["notebooks"].setdefault(name, {"imports": [], "cells": {}, "errors": {},
                                                           **{m: [] for m in modes}})
            source = nbformat.read(path, as_version=4)
            entry["n_cells"] = sum(c.cell_type == "code" for c in source.cells)
            log(f"round {r + 1}/{repeat}: {name} imports")
            entry["imports"].append(run(imports_notebook(source), path, {}, timeout)[0])
            for mode in modes:
                log(f"round {r + 1}/{repeat}: {name} {mode}")
                nb = nbformat.read(path, as_version=4)
                seconds, error = run(nb, path, MODES[mode], timeout)
                entry[mode].append(seconds)
                if error:
                    entry["errors"][mode] = error
                cells = cell_seconds(nb)
                best = entry["cells"].get(mode)
                if best is None or seconds <= min(entry[mode]):
                    entry["cells"][mode] = cells
    return results


def report(results: dict, modes: list[str], repeat: int) -> str:
    bare = min(results["bare"])
    header = ["notebook", "code cells", "imports s"]
    for m in modes:
        header += [f"{m} s", "x imports"]
    rows, totals = [], {m: 0.0 for m in modes + ["imports"]}
    for name, e in results["notebooks"].items():
        imp = min(e["imports"])
        totals["imports"] += imp
        row = [name, e["n_cells"], f"{imp:.1f}"]
        for m in modes:
            t = min(e[m])
            totals[m] += t
            row += [f"{t:.1f}" + (" FAILED" if m in e["errors"] else ""), f"{t / imp:.1f}"]
        rows.append(row)
    total_row = ["course total", sum(e["n_cells"] for e in results["notebooks"].values()),
                 f"{totals['imports']:.1f}"]
    for m in modes:
        total_row += [f"{totals[m]:.1f}", f"{totals[m] / totals['imports']:.1f}" if totals["imports"] else "-"]
    rows.append(total_row)

    lines = [f"Source notebooks top to bottom with nbclient (kernel start and shutdown included), "
             f"best of {repeat}:", "", table(header, rows), "",
             f"peer: bare kernel (start, run `pass`, shut down): {bare:.1f} s; "
             f"imports = the notebook's first code cell alone."]
    slow = []
    for name, e in results["notebooks"].items():
        for m in modes:
            cells = sorted(e["cells"].get(m, []), key=lambda c: -c[1])[:3]
            if cells:
                slow.append(f"  {name} ({m}): " + ", ".join(f"{label} {s:.2f} s" for label, s in cells))
    if slow:
        lines += ["slowest cells:"] + slow
    for name, e in results["notebooks"].items():
        for m, err in e["errors"].items():
            lines.append(f"FAILED {name} ({m}): {err}")
    return "\n".join(lines)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    ap.add_argument("--mode", action="append", choices=list(MODES), help="only this mode (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; the best time of each is reported")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell before giving up")
    ap.add_argument("--quick", action="store_true", help="first assignment's first notebook only (smoke run)")
    ap.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = ap.parse_args(argv)
    # Stopped from outside (run_all.py's --timeout): unwind, so that nbclient shuts its kernel down.
    signal.signal(signal.SIGTERM, _interrupt)

    names = args.assignment or assignments()
    unknown = set(names) - set(assignments())
    if unknown:
        ap.error(f"no such assignment: {', '.join(sorted(unknown))}")
    paths = [p for a in names for p in notebooks(a)]
    if args.quick:
        paths, args.repeat = paths[:1], 1
    modes = args.mode or list(MODES)
    results = measure(paths, modes, args.repeat, args.timeout)
    print(report(results, modes, args.repeat))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
