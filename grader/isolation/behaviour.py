"""The tests' side of the diagnosis (`grader.diagnosis`): recording the calls a test cell makes into the
student's code, and replaying them with the catalogue's wrong answers, in the tests' kernel.

Recording: `grader.isolation.proxy` reports each call (`record_call`, then `returned` or `raised`) and each
data name a cell reads (`record_data`); `begin_cell` says which test cell runs. Arguments and answers are
kept as wire nodes (plain data, snapshots), at most `MAX_RECORDED_BYTES` per notebook.

Replaying: `diagnose` builds, once per grading process, the namespace of the instructor's solution and of
each catalogue entry (its edits applied; the given cells the solution cells need run first) and calls them
with copies of the recorded arguments, each call under a time limit, the whole under a budget. Nothing here
calls the student's process.
"""
from __future__ import annotations

import functools
import io
import json
import signal
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

from grader.isolation import wire
from grader.isolation.plan import is_test_cell

MAX_RECORDED_BYTES = 64 * 2**20  # of arguments and answers, per notebook
MAX_CALL_BYTES = 8 * 2**20
CALL_SECONDS = 3.0  # one wrong answer on one recorded call
MESSAGE_CHARS = 300  # of an exception's message, compared with a wrong answer's
MAX_NAMED = 2  # misconceptions named for one cell when the hidden tests cannot tell them apart

# ------------------------------------------------------------------------------------------------------
# recording (tests' kernel, during the test cells)
# ------------------------------------------------------------------------------------------------------

_events: dict = {}  # test cell label -> [event, ...]
_state = {"cell": None, "bytes": 0}


class Handle:
    """An object of the student's process in a recorded answer (an instance of their class)."""
    __slots__ = ("id",)

    def __init__(self, handle_id):
        self.id = handle_id


def reset() -> None:
    """Forget the previous notebook's calls (when the tests' kernel is set up for a new notebook)."""
    _events.clear()
    _state.update(cell=None, bytes=0)


def begin_cell(label: str) -> None:
    _state["cell"] = label
    _events[label] = []


def replacing(specs=None, calls=None) -> None:
    """`course.grading.replaced` starts (``specs``: name -> stand-in spec) or ends (``calls``: the student's
    call counts); replayed with the same stand-ins in each version's namespace."""
    events = _recording()
    if events is None:
        return
    try:
        if specs is not None:
            events.append({"kind": "replace", "specs": wire.encode(specs)})
        else:
            events.append({"kind": "restore", "calls": wire.encode(calls)})
    except Exception:  # noqa: BLE001
        events.append({"kind": "unrecorded"})


def _size(node) -> int:
    if type(node) is dict:
        return sum(_size(v) for v in node.values()) if node.get("t") != "nd" else len(node.get("b64", ""))
    if type(node) is list:
        return sum(_size(v) for v in node) + len(node)
    return 8


def _recording():
    label = _state["cell"]
    if label is None or _state["bytes"] > MAX_RECORDED_BYTES:
        return None
    return _events.get(label)


def record_call(target: dict, attr, wire_args, wire_kwargs):
    """A call about to be sent to the student's process; returns the event to complete (or None).
    Without arguments (None) it is the lookup of the attribute ``attr`` of an object of the student's."""
    events = _recording()
    if events is None:
        return None
    size = _size(wire_args) + _size(wire_kwargs)
    if size > MAX_CALL_BYTES:
        events.append({"kind": "unrecorded"})
        return None
    _state["bytes"] += size
    event = {"kind": "call", "target": dict(target), "attr": attr, "args": wire_args, "kwargs": wire_kwargs,
             "outcome": None, "errstate": dict(np.geterr())}  # (the call runs under the test's errstate)
    events.append(event)
    return event


def _snapshot(value):
    from grader.isolation.proxy import StudentFunction, StudentObject

    def handle(v):
        if type(v) is StudentObject:
            return {"t": "handle", "id": object.__getattribute__(v, "_id")}
        if type(v) is StudentFunction:
            return {"t": "handle", "name": v.__name__}
        return None

    node = wire.encode(value, handle=handle)
    _state["bytes"] += _size(node)
    return node


def returned(event, value, args, kwargs, changed: bool) -> None:
    if event is None:
        return
    try:
        event["outcome"] = ("value", _snapshot(value))
        if changed:
            event["after"] = (_snapshot(tuple(args)), _snapshot(dict(kwargs)))
    except Exception:  # noqa: BLE001 - not comparable: the call counts as unknown
        event["outcome"] = None


def raised(event, exc: BaseException) -> None:
    """The student's code raised ``exc`` (a built-in type, or StudentCodeError); not a time limit."""
    if event is None:
        return
    from grader.isolation.proxy import IsolationError, StudentCodeError
    if isinstance(exc, (IsolationError, KeyboardInterrupt)):
        event["outcome"] = None
    elif isinstance(exc, StudentCodeError):  # (its message is the exception's own type name: its message)
        name, _, message = str(exc).partition(": ")
        event["outcome"] = ("raise", name, message[:MESSAGE_CHARS])
    else:
        message = exc.args[0] if len(exc.args) == 1 and type(exc.args[0]) is str else str(exc)  # (as sent)
        event["outcome"] = ("raise", type(exc).__name__, message[:MESSAGE_CHARS])


def record_data(name: str, value) -> None:
    """A name the student's notebook binds to data, as a test cell read it."""
    events = _recording()
    if events is None:
        return
    try:
        events.append({"kind": "data", "name": name, "value": _snapshot(value)})
    except Exception:  # noqa: BLE001
        pass


# ------------------------------------------------------------------------------------------------------
# comparing with the catalogue (tests' kernel, after the notebook ran)
# ------------------------------------------------------------------------------------------------------

class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout()


def _same(a, b, rtol=1e-6, atol=1e-9) -> bool:
    """Equal as a test would see them: same types (exactly), same shapes and dtypes, values within tolerance."""
    if type(a) is Handle or type(b) is Handle:
        return True  # both answered with an object (checked where it is used)
    if type(a) is not type(b):
        return False
    if type(a) is np.ndarray:
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
        return bool(np.array_equal(a, b))
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is float or isinstance(a, np.floating):
        return bool(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001
        return False


def _plain(value, objects: dict):
    """``value`` (an answer of a catalogue entry's code) as the wire would carry it: plain data, with each
    object of the entry's own classes as the `Handle` the student's answer holds at that place."""
    reverse = {id(v): k for k, v in objects.items()}

    def handle(v):
        return {"t": "handle", "id": reverse.get(id(v), -1)}

    return _decode_node(wire.encode(value, handle=handle), None)


def _decode_node(node, namespace, objects=None):
    def handle(n):
        if namespace is None:
            return Handle(n.get("id", n.get("name")))
        if "name" in n:
            if n["name"] not in namespace:
                raise wire.WireError("unknown function")
            return namespace[n["name"]]
        if objects is not None and n.get("id") in objects:
            return objects[n["id"]]
        return Handle(n.get("id"))

    return wire.decode(node, handle=handle)


class _Behaviour:
    """One version of the solution (the instructor's, or a catalogue entry's): its namespace, built once."""

    def __init__(self, base: list[str], solution_cells: list[str]):
        self.namespace: dict = {"__name__": "__diagnosis__"}
        self.error = None
        try:
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                for code in [*base, *solution_cells]:
                    exec(compile(code, "<solution>", "exec"), self.namespace)
        except BaseException as exc:  # noqa: BLE001 - an entry whose code does not run matches nothing
            self.error = f"{type(exc).__name__}: {exc}"

    def replay(self, events: list, until: float):
        """The outcome of each recorded event with this version's code, one at a time: ("value", v, after) or
        ("raise", name); None where it could not be worked out in time. (A generator: the caller may stop at
        the first outcome that settles its question; the version's names are put back either way.)"""
        objects: dict = {}
        ns = self.namespace
        replaced: dict = {}  # name -> the version's own function, while a stand-in takes its place
        counts: dict = {}
        try:
            for event in events:
                yield self._replay_one(event, ns, objects, replaced, counts, until)
        finally:
            for name, original in replaced.items():
                ns[name] = original

    def _replay_one(self, event, ns, objects, replaced, counts, until):
        if self.error is not None or time.monotonic() > until:
            return None
        if event["kind"] == "replace":
            from course.grading import make_replacement
            try:
                for name, spec in wire.decode(event["specs"]).items():
                    replaced.setdefault(name, ns.get(name))
                    ns[name] = make_replacement(tuple(spec), replaced[name], counts, name)
            except Exception:  # noqa: BLE001
                return None
            return ("value", None, None)
        if event["kind"] == "restore":
            for name, original in replaced.items():
                ns[name] = original
            replaced.clear()
            made = dict(counts)
            counts.clear()
            return ("value", made, None)
        if event["kind"] == "data":
            return ("value", ns[event["name"]], None) if event["name"] in ns else ("raise", "NameError", "")
        if event["kind"] != "call":
            return None
        try:
            args = _decode_node(event["args"], ns, objects) if event["args"] is not None else ()
            kwargs = _decode_node(event["kwargs"], ns, objects) if event["kwargs"] is not None else {}
            target = event["target"]
            if "name" in target:
                function = ns[target["name"]]
            else:
                function = objects[target["id"]]
            if event.get("attr") is not None:
                function = getattr(function, event["attr"])
        except Exception:  # noqa: BLE001
            return None
        if event["args"] is None:  # an attribute lookup, not a call
            self._keep(event, function, objects)
            return ("value", function, ((), {}))
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, max(0.01, min(CALL_SECONDS, until - time.monotonic())))
        try:
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), \
                    np.errstate(**event.get("errstate", {"all": "ignore"})), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = function(*args, **kwargs)
            outcome = ("value", value, (args, kwargs))
        except _Timeout:
            outcome = None
        except Exception as exc:  # noqa: BLE001 - a wrong answer may well raise: that is its behaviour
            outcome = ("raise", type(exc).__name__, str(exc)[:MESSAGE_CHARS])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if outcome is not None and outcome[0] == "value":
            self._keep(event, value, objects)
        return outcome

    @staticmethod
    def _keep(event, value, objects) -> None:
        """Where the student's answer is one of their objects, this version's answer stands for it."""
        student = event.get("outcome")
        if student and student[0] == "value" and student[1].get("t") == "handle" and "id" in student[1]:
            objects[student[1]["id"]] = value


def _matches(event, outcome) -> bool | None:
    """Whether a version's ``outcome`` of ``event`` equals the student's; None when either is unknown."""
    if outcome is None:
        return None
    if event["kind"] == "replace":
        return True
    if event["kind"] == "restore":
        try:
            return _same(wire.decode(event["calls"]), outcome[1])
        except Exception:  # noqa: BLE001
            return None
    if event["kind"] == "data":
        if outcome[0] != "value":
            return False
        try:
            student = _decode_node(event["value"], None)
            return _same(student, outcome[1])
        except Exception:  # noqa: BLE001
            return None
    student = event.get("outcome")
    if student is None:
        return None
    if student[0] == "raise" or outcome[0] == "raise":
        return tuple(student) == tuple(outcome)  # the same exception, with the same message
    try:
        value = _plain(outcome[1], {})
        if not _same(_decode_node(student[1], None), value):
            return False
        if event["args"] is None:  # an attribute lookup
            return True
        if "after" in event:
            args, kwargs = outcome[2]
            return _same(_decode_node(event["after"][0], None), _plain(tuple(args), {})) and \
                _same(_decode_node(event["after"][1], None), _plain(dict(kwargs), {}))
        args, kwargs = outcome[2]
        return _same(_decode_node(event["args"], None), _plain(tuple(args), {})) and \
            _same(_decode_node(event["kwargs"], None), _plain(dict(kwargs), {}))
    except Exception:  # noqa: BLE001 - not comparable (an object answer, say)
        return None


_cache: dict = {}  # (source path, mtime) -> {"base": [...], "cells": ..., "versions": {name: _Behaviour}}


def _needed_given_cells(nb) -> tuple[list[str], list[str]]:
    """(given cells the solution cells need, in notebook order; the solution cells), as Python source."""
    from grader.isolation.plan import _parse, _without_magics, bound_names, is_solution_cell, used_names
    given, solutions, needed = [], [], set()
    for cell in nb.cells:
        if cell.cell_type != "code" or is_test_cell(cell):
            continue
        if is_solution_cell(cell):
            solutions.append(cell.source)
            needed |= used_names(cell.source)
        else:
            tree = _parse(cell.source)
            if tree is not None:
                given.append((cell.source, *bound_names(tree), used_names(cell.source)))
    chosen: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, (source, bound, _imported, star, used) in enumerate(given):
            if i not in chosen and (star or bound & needed):
                chosen.add(i)
                needed |= used
                changed = True
    base = [_without_magics(given[i][0]) for i in sorted(chosen)]
    return base, solutions


@functools.lru_cache(maxsize=4096)
def _python(source: str) -> str:
    """A cell's Python (IPython's syntax turned into calls). Cached: the versions of a catalogue share most cells."""
    from grader.isolation.plan import _without_magics, python_source
    return python_source(_without_magics(source))


def diagnose(source_path: str, assignment: str, failed: list, budget: float = 20.0) -> dict:
    """For each failed test cell label in ``failed``: the catalogue entries that behave like the student on
    the cell's recorded calls, and the misconception to show (None when none, or more than one, matches)."""
    import os

    import nbformat

    from instructor.mutants import catalogue, section
    from instructor.mutants.edits import apply
    until = time.monotonic() + budget
    key = (source_path, os.stat(source_path).st_mtime_ns)
    if key not in _cache:
        nb = nbformat.read(source_path, as_version=4)
        mutants, _ = catalogue(assignment)
        base, _solutions = _needed_given_cells(nb)
        _cache.clear()
        _cache[key] = {"nb": nb, "base": [_python(s) for s in base], "mutants": mutants, "versions": {},
                       "sections": {}, "outcomes": {}}
    entry = _cache[key]
    nb, mutants = entry["nb"], entry["mutants"]

    def version(name, edits):
        if name not in entry["versions"]:
            try:
                edited = apply(nb, edits) if edits else nb
                cells = [_python(c.source) for c in edited.cells if c.cell_type == "code"
                         and c.metadata.get("nbgrader", {}).get("solution")]
                entry["versions"][name] = _Behaviour(entry["base"], cells)
            except Exception as exc:  # noqa: BLE001 - a stale entry matches nothing
                behaviour = _Behaviour([], [])
                behaviour.error = str(exc)
                entry["versions"][name] = behaviour
        return entry["versions"][name]

    def first_difference(name, edits, label, events, unknown_differs: bool):
        """The index of the first event on which this version's outcome differs from the student's (with
        ``unknown_differs``, also one that cannot be compared), or None. Replaying stops there: most versions
        part from the student within a call or two, and the cell's later calls need not be run. The version's
        outcomes are kept for the next notebook whose tests make the same calls (the hidden tests' inputs)."""
        def differs(event, outcome):
            same = _matches(event, outcome)
            return same is False or (unknown_differs and same is not True)

        stamp = hash((name, label, json.dumps([[e["kind"], e.get("target"), e.get("attr"), e.get("args"),
                                                 e.get("kwargs"), e.get("specs"), e.get("name")] for e in events],
                                               sort_keys=True, default=str)))
        known = entry["outcomes"].get(stamp, [])  # the outcomes of the first events (of all, once complete)
        for index, (event, outcome) in enumerate(zip(events, known)):
            if differs(event, outcome):
                return index
        if len(known) == len(events):
            return None
        outcomes, found_at = [], None
        replay = version(name, edits).replay(events, until)
        try:
            for index, (event, outcome) in enumerate(zip(events, replay)):
                outcomes.append(outcome)
                if index >= len(known) and differs(event, outcome):
                    found_at = index
                    break
        finally:
            replay.close()
        if time.monotonic() < until:  # (outcomes cut short by the budget are not kept)
            entry["outcomes"][stamp] = outcomes
        return found_at

    results, found = {}, {}
    for label in failed:
        events = [e for e in _events.get(label, []) if e["kind"] in ("call", "data", "replace", "restore")]
        if not events or any(e["kind"] == "call" and e["outcome"] is None for e in events[-1:]):
            results[label] = {"entries": [], "mistake": None, "why": "no comparable calls"}
            continue
        if first_difference("", (), label, events, unknown_differs=False) is None:
            results[label] = {"entries": [], "mistake": None, "why": "agrees with the solution"}
            continue
        found[label] = []
        for mutant in mutants:
            # (an entry whose mistake would also fail a cell the student passed is not theirs)
            if label not in mutant.fails or not mutant.fails <= set(failed) or time.monotonic() > until:
                continue
            if first_difference(mutant.name, mutant.edits, label, events, unknown_differs=True) is None:
                found[label].append(mutant)
        results[label] = {"entries": [[m.name, _key(m)] for m in found[label]], "mistake": None,
                          "why": "no catalogued mistake matches" if not found[label] else ""}
    # A cell where several misconceptions fit is settled by the ones another cell settles alone (a wrong
    # step also fails the cells that use it, where more wrong answers look alike), else by the ones that fit
    # every diagnosed cell; two that the hidden tests cannot tell apart are both named.
    keys_of = {label: {_key(m) for m in ms} for label, ms in found.items() if ms}
    alone = {next(iter(keys)) for keys in keys_of.values() if len(keys) == 1}
    everywhere = set.intersection(*keys_of.values()) if keys_of else set()
    for label, keys in keys_of.items():
        if len(keys) > 1:
            keys = (keys & alone) or (keys & everywhere) or keys
        if len(keys) > MAX_NAMED:
            results[label]["why"] = "several misconceptions match"
            continue
        named = []
        for mistake in sorted(keys):
            mutant = next(m for m in found[label] if _key(m) == mistake)
            if mutant.why is None:
                continue
            if mutant.name not in entry["sections"]:
                entry["sections"][mutant.name] = section(nb, mutant)
            named.append({"key": mistake, "text": mutant.why.text, "section": entry["sections"][mutant.name]})
        results[label]["named"] = named
        results[label]["mistake"] = named[0]["key"] if len(named) == 1 else None
    if time.monotonic() > until:
        for result in results.values():
            result.setdefault("incomplete", True)
    return results


def _key(mutant) -> str:
    return mutant.why.key if mutant.why is not None else mutant.name


def diagnose_json(source_path: str, assignment: str, failed: list, budget: float = 20.0) -> str:
    """`diagnose`'s answer as JSON text (what the grading process reads back)."""
    try:
        return json.dumps(diagnose(source_path, assignment, failed, budget))
    except Exception as exc:  # noqa: BLE001 - no diagnosis rather than a broken grading
        return json.dumps({"error": f"{type(exc).__name__}: {exc}"})


