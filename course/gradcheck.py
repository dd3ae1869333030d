"""Numerical gradients by central differences, and the relative error used to compare them.

The numerical gradient of f at x, one coordinate at a time:

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

is accurate to O(eps^2). With ``EPS = 1e-5`` in float64 the numerical and the analytic gradient of a correct
derivation agree to a relative error far below ``TOLERANCE = 1e-5`` (typically 1e-8 to 1e-11); a wrong term of
the chain rule gives errors of order 1e-2 to 1. ``TOLERANCE`` is the one threshold of the course: the
notebooks' gradient checks and the grading checks (``course.grading.check_gradient``) both use it, with the
functions of this module.

The numpy functions used here are bound when the module is imported, so a grading check that calls them
keeps its meaning even if code run later replaces numpy's functions.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

EPS = 1e-5
TOLERANCE = 1e-5

_array = np.array
_asarray = np.asarray
_zeros = np.zeros
_nditer = np.nditer
_float64 = np.float64
_floating = np.floating
_issubdtype = np.issubdtype
_ndim = np.ndim
_ndarray = np.ndarray
_maximum = np.maximum
_absolute = np.absolute
_subtract = np.subtract
_add = np.add
_divide = np.divide
_amax = np.max
_errstate = np.errstate
_float = float
_type = type


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Central-difference gradient of a scalar function.

    Args:
        f: function of one array argument, shape s, returning a scalar.
        x: point to differentiate at, a float array of shape s. Not modified: f sees a perturbed copy.
    Returns:
        float64 array of shape s, the numerical gradient df/dx.
    """
    x = _asarray(x)
    if not _issubdtype(x.dtype, _floating):
        raise TypeError(f"numerical_gradient needs a float array, got dtype {x.dtype}")
    point = _array(x, dtype=_float64)
    grad = _zeros(point.shape, dtype=_float64)
    it = _nditer(point, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        original = _float(point[i])
        point[i] = original + eps
        f_plus = _float(f(point.copy()))
        point[i] = original - eps
        f_minus = _float(f(point.copy()))
        point[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numerical_gradient_at(f: Callable[[dict], float], params: Mapping, key, eps: float = EPS):
    """Central-difference derivative of ``f(params)`` with respect to ``params[key]`` alone.

    Returns:
        a Python float when ``params[key]`` is a number, else a float64 array of its shape.
    """
    value = params[key]
    if _type(value) is not _ndarray and _ndim(value) == 0:
        def at(v):
            return _float(f({**params, key: v}))
        return (at(_float(value) + eps) - at(_float(value) - eps)) / (2 * eps)
    return numerical_gradient(lambda v: f({**params, key: v}), _array(value, dtype=_float64), eps)


def numerical_gradient_dict(f: Callable[[dict], float], params: Mapping, eps: float = EPS) -> dict:
    """Central-difference gradient of f(params) with respect to every entry of a parameter dict.

    Args:
        f: function taking a dict like `params` and returning a scalar.
        params: maps names to Python floats or float arrays. Not modified.
    Returns:
        dict with the same keys: a float for scalar entries, a float64 array of the entry's shape otherwise.
    """
    return {key: numerical_gradient_at(f, params, key, eps) for key in params}


def relative_error(a, b) -> float:
    """The largest elementwise |a - b| / (|a| + |b|): a scale-free distance between two gradients.

    An entry where both are 0 counts as 0 (the denominator is floored at 1e-12); NaN anywhere counts as inf,
    and empty arrays are 0 apart.
    """
    a = _asarray(a, dtype=_float64)
    b = _asarray(b, dtype=_float64)
    if a.size == 0:
        return 0.0
    with _errstate(invalid="ignore", divide="ignore", over="ignore"):
        scale = _maximum(_add(_absolute(a), _absolute(b)), 1e-12)
        error = _float(_amax(_divide(_absolute(_subtract(a, b)), scale)))
    return error if error == error else _float("inf")


def gradient_check(f: Callable[[dict], float], params: Mapping, grads: Mapping, eps: float = EPS,
                   verbose: bool = True) -> dict:
    """Compare analytic gradients with numerical ones for every parameter.

    Args:
        f: loss as a function of a parameter dict.
        params: the parameters (floats or arrays).
        grads: the analytic gradients, same keys and shapes as params.
    Returns:
        dict mapping each key to the relative error between analytic and numerical gradient.
    """
    numerical = numerical_gradient_dict(f, params, eps)
    errors = {key: relative_error(grads[key], numerical[key]) for key in params}
    if verbose:
        width = max(len(str(k)) for k in errors)
        for key, err in errors.items():
            verdict = "ok" if err < TOLERANCE else "WRONG"
            print(f"{key:>{width}}  relative error {err:.2e}  {verdict} (threshold {TOLERANCE:.0e})")
    return errors
