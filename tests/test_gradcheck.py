"""course.gradcheck: the one central-difference gradient and relative error of the course."""
import inspect

import numpy as np
import pytest

from course import grading
from course.gradcheck import (EPS, TOLERANCE, gradient_check, numerical_gradient, numerical_gradient_at,
                              numerical_gradient_dict, relative_error)


def loss(params):
    W, b = params["W"], params["b"]
    return float(np.sum(np.tanh(W @ np.array([0.3, -1.2]) + b) ** 2))


def analytic(params):
    W, b = params["W"], params["b"]
    x = np.array([0.3, -1.2])
    t = np.tanh(W @ x + b)
    dz = 2 * t * (1 - t ** 2)
    return {"W": np.outer(dz, x), "b": float(np.sum(dz))}


PARAMS = {"W": np.array([[0.5, -0.25], [1.5, 0.75]]), "b": 0.1}


def test_a_right_derivation_is_far_below_the_threshold_and_a_wrong_one_far_above():
    numerical = numerical_gradient_dict(loss, PARAMS)
    right = analytic(PARAMS)
    assert max(relative_error(right[k], numerical[k]) for k in PARAMS) < TOLERANCE / 100
    wrong = {**right, "W": right["W"] * 1.01}  # one term off by 1%
    assert relative_error(wrong["W"], numerical["W"]) > TOLERANCE * 100


def test_numerical_gradient_leaves_its_input_alone_and_needs_floats():
    x = np.array([1.0, -2.0, 0.5])
    before = x.copy()
    seen = []
    grad = numerical_gradient(lambda v: seen.append(v) or float(np.sum(v ** 3)), x)
    assert np.array_equal(x, before) and all(v is not x for v in seen)
    np.testing.assert_allclose(grad, 3 * before ** 2, rtol=1e-8)
    with pytest.raises(TypeError, match="float array"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))
    assert isinstance(numerical_gradient_at(loss, PARAMS, "b"), float)


def test_relative_error_is_scale_free_and_strict_about_nan():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1e-3, 2e-3], [1.001e-3, 2e-3]) == pytest.approx(0.001 / 2.001, rel=1e-6)
    assert relative_error([1.0, np.nan], [1.0, 1.0]) == float("inf")
    assert relative_error(np.zeros(0), np.zeros(0)) == 0.0


def test_gradient_check_prints_one_verdict_per_parameter(capsys):
    wrong = {**analytic(PARAMS), "b": 0.0}
    errors = gradient_check(loss, PARAMS, wrong)
    out = capsys.readouterr().out.splitlines()
    assert errors["W"] < TOLERANCE and errors["b"] > TOLERANCE
    assert out[0].strip().startswith("W") and "ok" in out[0] and "WRONG" in out[1]


def test_grading_checks_use_the_same_implementation_and_threshold():
    assert grading._numerical_gradient is numerical_gradient_at
    defaults = inspect.signature(grading.check_gradient).parameters
    assert defaults["tol"].default == TOLERANCE and defaults["eps"].default == EPS
    grading.check_gradient("grads", loss, PARAMS, analytic(PARAMS))
    with pytest.raises(AssertionError, match=r"grads\['W'\] does not match the numerical gradient"):
        grading.check_gradient("grads", loss, PARAMS, {**analytic(PARAMS), "W": np.zeros((2, 2))})


def test_patching_numpy_later_does_not_change_the_check(monkeypatch):
    monkeypatch.setattr(np, "absolute", lambda *a, **k: np.zeros(1))
    monkeypatch.setattr(np, "max", lambda *a, **k: 0.0)
    assert relative_error([1.0], [2.0]) == pytest.approx(1 / 3)
