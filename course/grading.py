"""Checks used by the notebooks' test cells.

Every check raises ``AssertionError`` with a message written for the student: what was expected (a type,
a shape, a key) and where the answer went wrong (the first mismatching index), never the hidden expected
values unless the test asks to ``reveal`` them.

The checks are written so that a submission cannot talk its way past them: the numpy functions and
builtins they use are bound when this module is imported (before any student code runs), types are
compared exactly (a subclass of ``numpy.ndarray`` or ``float`` with a generous ``__eq__`` is rejected),
and values are compared with ufuncs, which student code cannot patch. Gradients are checked with
``course.gradcheck``'s functions, bound here on import in the same way.
"""
from __future__ import annotations

import builtins as _builtins
import copy as _copy

import numpy as _np

from course.gradcheck import EPS as _EPS, TOLERANCE as _TOLERANCE
from course.gradcheck import numerical_gradient_at as _numerical_gradient, relative_error as _relative_error

# Bound at import time, before any student code runs.
_ndarray = _np.ndarray
_asarray = _np.asarray
_array = _np.array
_subtract = _np.subtract
_absolute = _np.absolute
_less_equal = _np.less_equal
_multiply = _np.multiply
_add = _np.add
_isfinite = _np.isfinite
_isnan = _np.isnan
_logical_or = _np.logical_or
_logical_not = _np.logical_not
_argwhere = _np.argwhere
_float64 = _np.float64
_floating = _np.floating
_integer = _np.integer
_bool_ = _np.bool_
_issubdtype = _np.issubdtype
_errstate = _np.errstate
_type = _builtins.type
_isinstance = _builtins.isinstance
_len = _builtins.len
_repr = _builtins.repr
_float = _builtins.float
_int = _builtins.int
_bool = _builtins.bool
_dict = _builtins.dict
_tuple = _builtins.tuple
_sorted = _builtins.sorted
_deepcopy = _copy.deepcopy
_AssertionError = _builtins.AssertionError
_str = _builtins.str
_list = _builtins.list
_zip = _builtins.zip
_all = _builtins.all
_any = _builtins.any
_enumerate = _builtins.enumerate
_getattr = _builtins.getattr
_min = _builtins.min
_max = _builtins.max
_range = _builtins.range
_Exception = _builtins.Exception
_zeros = _np.zeros
_maximum = _np.maximum
_amax = _np.max
_nditer = _np.nditer
_ndim = _np.ndim
_divide = _np.divide
_KEY_TYPES = (_str, _int)

_DTYPE_KINDS = {
    "float": (_floating, "a float dtype (float32 or float64)"),
    "float64": (_float64, "dtype float64 (numpy's default float: do not convert to float32)"),
    "int": (_integer, "an integer dtype"),
    "bool": (_bool_, "a boolean dtype"),
}


def fail(message: str):
    """Raise the AssertionError a student sees."""
    raise _AssertionError(message)


def _safe_repr(value) -> str:
    """repr of a value the checks already know to be a plain float, int, bool or numpy scalar."""
    if _type(value) is _int and value.bit_length() > 200:
        return "a very large integer"
    text = _repr(value)
    return text if _len(text) <= 80 else text[:77] + "..."


# How a test describes a value of a type that stands for the student's object in another process
# (registered by grader.isolation: {type: function(value) -> text}).
describers: dict = {}


def _describe_type(value) -> str:
    t = _type(value)
    if t is _ndarray:
        return f"a numpy array of dtype {value.dtype} and shape {value.shape}"
    if t in describers:
        return describers[t](value)
    # type.__dict__ lookups, so that a class with a hostile metaclass cannot run code here
    module = _type.__dict__["__module__"].__get__(t)
    qualname = _type.__dict__["__qualname__"].__get__(t)
    if _type(module) is not _str or _type(qualname) is not _str:
        return "an object of an unusual type"
    return qualname if module == "builtins" else f"{module}.{qualname}"


def _close_mask(got, expected, rtol: float, atol: float):
    """Elementwise |got - expected| <= atol + rtol |expected|; equal infinities are close, NaN never is."""
    g = _asarray(got, dtype=_float64)
    e = _asarray(expected, dtype=_float64)
    with _errstate(invalid="ignore", over="ignore"):
        diff = _absolute(_subtract(g, e))
        close = _less_equal(diff, _add(atol, _multiply(rtol, _absolute(e))))
    # an infinite expected value is matched only by the same infinity (|inf - -inf| <= inf would pass)
    same_inf = _logical_not(_isfinite(e)) & (g == e)
    return ((close & _isfinite(e)) | same_inf) & _logical_not(_isnan(g))


def check_type(name: str, got, expected_type) -> None:
    """``got`` must be exactly of ``expected_type`` (no subclasses: ``bool`` is not an ``int`` here)."""
    if _type(got) is not expected_type:
        fail(f"{name} should be a {expected_type.__qualname__}, but it is {_describe_type(got)}.")


def check_array(name: str, got, expected, *, dtype: str | None = "float", rtol: float = 1e-5,
                atol: float = 1e-8, reveal: bool = False) -> None:
    """``got`` must be a real ``numpy.ndarray`` with ``expected``'s shape, the given dtype kind and close values.

    Args:
        name: what the student knows the value as, e.g. ``"dW1"`` or ``"forward(X)[0]"``.
        got: the student's value.
        expected: the reference value (array-like).
        dtype: ``"float"``, ``"int"``, ``"bool"`` or None (any numeric dtype).
        rtol, atol: tolerance, as in ``numpy.isclose``.
        reveal: whether the message may show the expected values (visible tests only).
    """
    expected = _asarray(expected)
    if _type(got) is not _ndarray:
        fail(f"{name} should be a numpy array (numpy.ndarray), but it is {_describe_type(got)}.")
    if dtype is not None:
        kind, wording = _DTYPE_KINDS[dtype]
        if not (got.dtype == kind if dtype == "float64" else _issubdtype(got.dtype, kind)):
            fail(f"{name} should have {wording}, but its dtype is {got.dtype}.")
    elif not (_issubdtype(got.dtype, _floating) or _issubdtype(got.dtype, _integer)
              or _issubdtype(got.dtype, _bool_)):
        fail(f"{name} should hold numbers, but its dtype is {got.dtype}.")
    if got.shape != expected.shape:
        hint = ""
        if got.size == expected.size:
            hint = " (same number of entries: check for a missing keepdims=True, a reshape or a transpose)"
        fail(f"{name} should have shape {expected.shape}, but it has shape {got.shape}{hint}.")
    close = _close_mask(got, expected, rtol, atol)
    if not close.all():
        bad = _argwhere(_logical_not(close))
        first = _tuple(_int(i) for i in bad[0])
        where = f"at index {first}" if got.ndim else "in its value"
        count = f"{_len(bad)} of {got.size} entries differ"
        message = f"{name} has wrong values: {count}, the first {where} (got {got[first].item()!r}"
        message += f", expected {expected[first].item()!r})." if reveal else ")."
        fail(message + _why_values_differ(got, expected) + _known_mistake(name, got, rtol, atol))


# Set while a test cell runs: what the student's functions changed in place (grading in two processes
# sees it; see grader.isolation.proxy). A wrong value computed from a modified input says so.
modified_inputs: list = []


def _why_values_differ(got, expected) -> str:
    """A hint when wrong values have a cause other than the formula: low precision, or a modified input."""
    hints = []
    low = got.dtype.kind == "f" and got.dtype.itemsize < 8 and expected.dtype.itemsize >= 8
    if low and _bool(_close_mask(got, expected, 1e-3, 1e-6).all()):
        hints.append(f" Your result is {got.dtype}, which keeps only about {7 if got.dtype.itemsize == 4 else 3} "
                     "significant digits: compute in float64 (do not convert to float32).")
    if modified_inputs:
        hints.append(f" Note: {modified_inputs[0]}: if the test's expected values were computed from that input "
                     "afterwards, they differ for that reason: leave the inputs unchanged.")
    return "".join(hints)


# ---------------------------------------------------------------------------------------------------------
# Known mistakes: what a catalogued wrong answer gives on a visible test's own inputs
# ---------------------------------------------------------------------------------------------------------

MISTAKE_PREFIX = "This looks like a known mistake: "

# check name -> [(misconception text, the wrong value on that check's visible input), ...]; set by
# `known_mistakes` at the top of a visible test cell, cleared when the cell ends.
_known: dict = {}


def known_mistakes(table: dict) -> None:
    """Name the misconceptions a visible test recognises (called by a generated block of the test cell).

    Args:
        table: {check name: [(text, value), ...]}: when the check called with that ``name`` fails on values
            close to ``value`` (within the check's own tolerance; an array of the same shape for
            `check_array`, a float for `check_scalar`), its message adds "This looks like a known mistake:
            <text>". The values are what catalogued wrong answers compute on the visible inputs (written by
            ``python -m instructor.probes``): never a hidden value, and never the right answer.

    The table holds until the cell ends (in IPython), or until the next call. While grading, the cell's
    note comes from ``grader.diagnosis`` instead (see `_known_mistake`).
    """
    _known.clear()
    if _type(table) is not _dict:
        return
    for name, entries in _dict.items(table):
        if _type(name) is _str and _type(entries) is _list:
            _known[name] = [(entry[0], entry[1]) for entry in entries
                            if _type(entry) is _tuple and _len(entry) == 2 and _type(entry[0]) is _str]
    _forget_at_cell_end()


def _forget_at_cell_end() -> None:
    """Clear the table after the running IPython cell (a later cell must not use this cell's values)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        return
    shell = get_ipython()
    if shell is None:
        return

    def forget(*_args):
        _known.clear()
        try:
            shell.events.unregister("post_run_cell", forget)
        except ValueError:
            pass

    shell.events.register("post_run_cell", forget)


def _known_mistake(name: str, got, rtol: float, atol: float) -> str:
    """A new line "This looks like a known mistake: ..." when ``got`` (a checked ndarray or Python float) is
    close to a known wrong value of the check ``name``; "" otherwise (a failing check never fails here).

    Not while grading (the tests in a process of their own): there ``grader.diagnosis`` names the cell's
    mistake from every call the cell made, once, and counts it in the grading report."""
    if notebook_functions is not None:
        return ""
    for text, value in _known.get(name, ()):
        try:
            wrong = _asarray(value, dtype=_float64)
            if _type(got) is _ndarray and got.shape != wrong.shape:
                continue
            with _errstate(all="ignore"):
                if _bool(_close_mask(got, wrong, rtol, atol).all()):
                    return "\n" + MISTAKE_PREFIX + text
        except _Exception:
            continue
    return ""


def check_scalar(name: str, got, expected, *, kind=float, rtol: float = 1e-6, atol: float = 1e-9,
                 reveal: bool = False) -> None:
    """``got`` must be a real Python ``float`` (or ``int`` when ``kind=int``) close to ``expected``."""
    if _type(got) is not kind:
        extra = ""
        if _isinstance(got, (_ndarray, _floating, _integer)):
            extra = f" (convert with {kind.__qualname__}(...))"
        fail(f"{name} should be a Python {kind.__qualname__}, but it is {_describe_type(got)}{extra}.")
    if kind is _int:
        ok = _int.__eq__(got, _int(expected)) is True
    else:
        ok = _bool(_close_mask(_asarray(got, dtype=_float64), _asarray(_float(expected)), rtol, atol))
    if not ok:
        fail(f"{name} is {_safe_repr(got)}"
             + (f", expected {_safe_repr(expected)}." if reveal else ", which is not the expected value.")
             + (_known_mistake(name, got, rtol, atol) if kind is _float else ""))


def check_keys(name: str, got, expected_keys) -> None:
    """``got`` must be a real ``dict`` with exactly ``expected_keys`` (missing and unexpected ones are named)."""
    if _type(got) is not _dict:
        fail(f"{name} should be a dict, but it is {_describe_type(got)}.")
    _check_key_types(name, got)
    expected_keys = _list(expected_keys)
    present = _dict.keys(got)
    missing = [k for k in expected_keys if k not in present]
    if missing:
        fail(f"{name} is missing the key(s) {_sorted(missing)!r}.")
    extra = [k for k in present if k not in expected_keys]
    if extra:
        fail(f"{name} has unexpected key(s) {_sorted(_repr(k) for k in extra)}; "
             f"expected exactly {_sorted(expected_keys)!r}.")


def _check_key_types(name: str, got: dict) -> None:
    """Keys must be plain str or int: a key object with a generous __eq__ could pose as any name."""
    for key in _dict.keys(got):
        if _type(key) not in _KEY_TYPES:
            fail(f"{name} should have string keys, but one key is {_describe_type(key)}.")


def check_dict_of_arrays(name: str, got, expected: dict, *, extra_keys_ok: bool = False, **array_options) -> None:
    """A dict whose values are checked key by key with `check_array` (or `check_scalar` for float entries)."""
    if extra_keys_ok:
        if _type(got) is not _dict:
            fail(f"{name} should be a dict, but it is {_describe_type(got)}.")
        _check_key_types(name, got)
        missing = [k for k in expected if k not in got]
        if missing:
            fail(f"{name} is missing the key(s) {_sorted(missing)!r}.")
    else:
        check_keys(name, got, _tuple(expected))
    for key, value in expected.items():
        if _type(value) is _float:
            scalar_options = {k: v for k, v in array_options.items() if k in ("rtol", "atol", "reveal")}
            check_scalar(f"{name}[{key!r}]", got[key], value, **scalar_options)
        else:
            check_array(f"{name}[{key!r}]", got[key], value, **array_options)


def snapshot(value):
    """A deep copy of a function's arguments, for `check_unchanged`."""
    return _deepcopy(value)


def _unchanged(before, after) -> bool:
    if _type(before) is not _type(after):
        return False
    if _type(before) is _ndarray:
        return before.shape == after.shape and before.dtype == after.dtype and _bool(
            ((before == after) | (_isnan(before) & _isnan(after)) if before.dtype.kind in "fc"
             else (before == after)).all())
    if _type(before) is _dict:
        return before.keys() == after.keys() and _all(_unchanged(before[k], after[k]) for k in before)
    if _type(before) in (_list, _tuple):
        return _len(before) == _len(after) and _all(_unchanged(b, a) for b, a in _zip(before, after))
    if _type(before) is _float:
        return before == after or (before != before and after != after)  # NaN stays NaN
    return _bool(before == after)


def check_unchanged(name: str, before, after) -> None:
    """``after`` (an argument after the student's function ran) must equal ``before`` (its snapshot)."""
    if not _unchanged(before, after):
        fail(f"{name} was modified by your function; it must return new values and leave its inputs unchanged "
             "(copy an array or dict before changing it, and avoid in-place operators like -= on inputs).")


def call_without_mutation(function, *args, **kwargs):
    """Call ``function(*args, **kwargs)`` and fail if it modified any argument. Returns its result."""
    before = snapshot((args, kwargs))
    result = function(*args, **kwargs)
    fname = _getattr(function, "__name__", None)
    if _type(fname) is not _str:
        fname = "the function"
    for i, (old, new) in _enumerate(_zip(before[0], args)):
        check_unchanged(f"argument {i + 1} of {fname}", old, new)
    for key in kwargs:
        check_unchanged(f"argument {key!r} of {fname}", before[1][key], kwargs[key])
    return result


def _is_scalar(value) -> bool:
    return _type(value) is not _ndarray and _ndim(value) == 0


def check_gradient(name: str, loss, params: dict, grads: dict, *, eps: float = _EPS, tol: float = _TOLERANCE) -> None:
    """Analytic ``grads`` must match central-difference gradients of ``loss(params)`` (relative error < tol).

    The numerical gradient and the relative error are ``course.gradcheck``'s, the ones the notebooks' own
    gradient checks print, with the same threshold (``course.gradcheck.TOLERANCE``).

    Args:
        loss: function of a parameter dict (same keys as ``params``) returning a scalar.
        params: the point, a dict of floats or float64 arrays.
        grads: the student's gradients at that point: a dict with the keys of ``params``, each a Python
            float for a float parameter or a float numpy array of the parameter's shape.
    """
    if _type(grads) is not _dict:
        fail(f"{name} should be a dict of gradients, but it is {_describe_type(grads)}.")
    _check_key_types(name, grads)
    missing = [k for k in params if k not in _dict.keys(grads)]
    if missing:
        fail(f"{name} is missing the gradient(s) {_sorted(_repr(k) for k in missing)}.")
    for key in params:
        value, grad = params[key], grads[key]
        if _is_scalar(value):
            if _type(grad) is not _float:
                fail(f"{name}[{key!r}] should be a Python float, but it is {_describe_type(grad)}.")
        else:
            shape = _asarray(value).shape
            if _type(grad) is not _ndarray:
                fail(f"{name}[{key!r}] should be a numpy array (numpy.ndarray), but it is {_describe_type(grad)}.")
            if not _issubdtype(grad.dtype, _floating):
                fail(f"{name}[{key!r}] should have a float dtype, but its dtype is {grad.dtype}.")
            if grad.shape != shape:
                fail(f"{name}[{key!r}] should have the shape of the parameter, {shape}, but it has shape "
                     f"{grad.shape}.")
    for key in params:
        numerical = _numerical_gradient(loss, params, key, eps)
        error = _relative_error(grads[key], numerical)
        if not error < tol:
            fail(f"{name}[{key!r}] does not match the numerical gradient (relative error {error:.1e}, "
                 f"should be below {tol:.0e}): re-derive this term of the chain rule.")


# ---------------------------------------------------------------------------------------------------------
# Replacing a notebook's functions while a test runs (is XOR built from the gates?)
# ---------------------------------------------------------------------------------------------------------

def spy() -> tuple:
    """A replacement that calls the original function and counts the calls."""
    return ("spy",)


def constant(value) -> tuple:
    """A replacement that returns ``value`` whatever it is called with (and counts the calls)."""
    return ("constant", value)


def table_gate(outputs) -> tuple:
    """A replacement gate: ``outputs[2 * x1 + x2]`` for bits ``x1, x2`` (and counts the calls)."""
    return ("table", [_int(o) for o in outputs])


def make_replacement(spec: tuple, original, counts: dict, name: str):
    """The callable that stands in for ``name`` (see `spy`, `constant`, `table_gate`)."""
    kind = spec[0]

    def replacement(*args, **kwargs):
        counts[name] = counts.get(name, 0) + 1
        if kind == "spy":
            return original(*args, **kwargs)
        if kind == "constant":
            return spec[1]
        return spec[1][2 * _int(args[0]) + _int(args[1])]

    replacement.__name__ = name
    return replacement


_MISSING = object()  # a replaced name the notebook did not bind: removed again afterwards

# Where the notebook's functions live: this kernel's namespace, unless grading runs the tests in a process
# of their own (grader.isolation), which then sets this to an object with replace(specs) and restore().
notebook_functions = None


class replaced:
    """Context manager: while the block runs, the notebook's functions named in ``specs`` are replaced.

    ``with replaced(perceptron=spy()) as calls: AND(1, 0)`` leaves ``calls == {"perceptron": 1}`` when AND
    called perceptron once. Works the same when the notebook's code runs in another process.
    """

    def __init__(self, **specs):
        self.specs = specs
        self.calls: dict = {}

    def __enter__(self) -> dict:
        if notebook_functions is not None:
            notebook_functions.replace(self.specs)
            return self.calls
        namespace = _notebook_namespace()
        self._originals = {name: namespace.get(name, _MISSING) for name in self.specs}
        for name, spec in self.specs.items():
            namespace[name] = make_replacement(spec, self._originals[name], self.calls, name)
        return self.calls

    def __exit__(self, *exc) -> None:
        if notebook_functions is not None:
            self.calls.update(notebook_functions.restore())
            return
        namespace = _notebook_namespace()
        for name, original in self._originals.items():
            if original is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = original


def _notebook_namespace() -> dict:
    import sys
    return sys.modules["__main__"].__dict__
