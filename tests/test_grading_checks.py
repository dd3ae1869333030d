"""course/grading.py against hostile and wrong values: every check fails with a student-facing message,
accepts exactly the right answers, and never reveals hidden expected values."""
import math

import numpy as np
import pytest

import course.grading as g


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class EqualArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)


class EqualFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class FakeKey(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def fails(fn, *args, match=None, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    if match:
        assert match in message, message
    return message


# --- check_array -----------------------------------------------------------------------------------------

def test_check_array_accepts_right_answers():
    g.check_array("x", np.array([1.0, 2.0]), [1.0, 2.0])
    g.check_array("x", np.array([1.0, 2.0], dtype=np.float32), [1.0, 2.0])
    g.check_array("x", np.array([1, 2]), [1, 2], dtype="int")
    g.check_array("x", np.array([True]), [True], dtype="bool")
    g.check_array("x", np.zeros((0, 3)), np.zeros((0, 3)))
    g.check_array("x", np.array([np.inf, -np.inf]), [np.inf, -np.inf])
    g.check_array("x", np.array(3.0), 3.0)


@pytest.mark.parametrize("got, words", [
    (AlwaysEqual(), "should be a numpy array"),
    ([1.0, 2.0], "should be a numpy array (numpy.ndarray), but it is list"),
    (np.array([1.0, 2.0]).view(EqualArray), "should be a numpy array"),
    (np.ma.masked_array([1.0, 2.0]), "should be a numpy array"),
    (np.matrix([[1.0, 2.0]]), "should be a numpy array"),
    (np.array([1, 2]), "should have a float dtype"),
    (np.array([1.0, 2.0], dtype=object), "should have a float dtype"),
    (np.array([1 + 0j, 2 + 0j]), "should have a float dtype"),
    (np.array(["1.0", "2.0"]), "should have a float dtype"),
    (np.float64(1.0), "should be a numpy array"),
])
def test_check_array_rejects_impostors(got, words):
    fails(g.check_array, "x", got, np.array([1.0, 2.0]), match=words)


def test_check_array_shape_message_says_expected_and_got():
    message = fails(g.check_array, "out", np.zeros((3, 1)), np.zeros((1, 3)))
    assert "shape (1, 3)" in message and "shape (3, 1)" in message and "transpose" in message
    fails(g.check_array, "out", np.zeros(3), np.zeros((3, 1)), match="keepdims")
    fails(g.check_array, "out", np.zeros(4), np.zeros(3), match="should have shape (3,)")


def test_check_array_values_first_mismatch_hidden_and_revealed():
    secret = np.array([[0.123456, 0.5], [0.25, 0.75]])
    got = secret.copy()
    got[1, 0] = 9.0
    message = fails(g.check_array, "W", got, secret)
    assert "index (1, 0)" in message and "1 of 4 entries differ" in message and "9.0" in message
    assert "0.25" not in message and "0.123456" not in message  # hidden expected values stay hidden
    revealed = fails(g.check_array, "W", got, secret, reveal=True)
    assert "expected 0.25" in revealed


def test_check_array_nan_and_inf_never_pass():
    fails(g.check_array, "x", np.array([np.nan]), [np.nan], match="wrong values")
    fails(g.check_array, "x", np.array([np.nan]), [1.0], match="wrong values")
    fails(g.check_array, "x", np.array([np.inf]), [1e308], match="wrong values")
    fails(g.check_array, "x", np.array([-np.inf]), [np.inf], match="wrong values")


def test_check_array_tolerances():
    g.check_array("x", np.array([1.0 + 1e-7]), [1.0])
    fails(g.check_array, "x", np.array([1.001]), [1.0])
    g.check_array("x", np.array([1.001]), [1.0], rtol=1e-2)
    g.check_array("x", np.array([1e-9]), [0.0])
    fails(g.check_array, "x", np.array([1e-6]), [0.0])


def test_check_array_survives_monkeypatched_numpy(monkeypatch):
    """The comparisons are bound at import: a student's np.allclose/isclose/array_equal changes nothing."""
    for name in ("allclose", "isclose", "array_equal", "asarray", "abs", "all", "any", "argwhere", "issubdtype"):
        monkeypatch.setattr(np, name, lambda *a, **k: True)
    fails(g.check_array, "x", np.array([1.0, 2.0]), np.array([1.0, 3.0]), match="wrong values")
    fails(g.check_array, "x", np.array([1, 2]), np.array([1.0, 2.0]), match="float dtype")


def test_check_array_survives_monkeypatched_builtins():
    """Builtins patched after import (type, isinstance, all, len...) do not change the verdicts.
    Run in a fresh interpreter: patching builtins here would break pytest itself."""
    import subprocess
    import sys
    script = """
import builtins, numpy as np
import course.grading as g
builtins.isinstance = lambda *a: True
builtins.all = lambda *a: True
builtins.any = lambda *a: False
builtins.sorted = lambda *a, **k: []
builtins.type = lambda *a: np.ndarray
verdicts = []
for call in (lambda: g.check_array("x", [1.0], np.array([1.0])),
             lambda: g.check_array("x", np.array([1.0, 2.0]), np.array([1.0, 3.0])),
             lambda: g.check_keys("d", {"a": 1}, ["b"]),
             lambda: g.check_scalar("s", np.float64(1.0), 1.0)):
    try:
        call()
        verdicts.append("passed")
    except AssertionError:
        verdicts.append("failed")
print(verdicts)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(["failed"] * 4)


# --- check_scalar ----------------------------------------------------------------------------------------

def test_check_scalar_types():
    g.check_scalar("loss", 0.5, 0.5)
    g.check_scalar("n", 3, 3, kind=int)
    fails(g.check_scalar, "loss", np.float64(0.5), 0.5, match="should be a Python float, but it is numpy.float64")
    fails(g.check_scalar, "loss", np.array(0.5), 0.5, match="convert with float(...)")
    fails(g.check_scalar, "loss", EqualFloat(1.0), 0.5, match="should be a Python float")
    fails(g.check_scalar, "loss", AlwaysEqual(), 0.5, match="should be a Python float")
    fails(g.check_scalar, "loss", 1, 1.0, match="should be a Python float, but it is int")
    fails(g.check_scalar, "n", True, 1, kind=int, match="should be a Python int, but it is bool")
    fails(g.check_scalar, "n", 3.0, 3, kind=int, match="should be a Python int")


def test_check_scalar_values_hidden_unless_revealed():
    message = fails(g.check_scalar, "loss", 0.7, 0.693147)
    assert "0.693147" not in message and "0.7" in message
    assert "expected 0.693147" in fails(g.check_scalar, "loss", 0.7, 0.693147, reveal=True)
    fails(g.check_scalar, "loss", math.nan, math.nan)
    fails(g.check_scalar, "n", 4, 3, kind=int)


def test_check_scalar_huge_int_message():
    message = fails(g.check_scalar, "n", 10 ** 5000, 3, kind=int)
    assert "very large integer" in message


# --- dicts -----------------------------------------------------------------------------------------------

def test_check_keys():
    g.check_keys("grads", {"dW": 1, "db": 2}, ["dW", "db"])
    fails(g.check_keys, "grads", {"dW": 1}, ["dW", "db"], match="missing the key(s) ['db']")
    fails(g.check_keys, "grads", {"dW": 1, "db": 2, "x": 3}, ["dW", "db"], match="unexpected key(s)")
    fails(g.check_keys, "grads", [("dW", 1)], ["dW"], match="should be a dict, but it is list")
    fails(g.check_keys, "grads", {FakeKey("zz"): 1}, ["dW"], match="string keys")


def test_check_dict_of_arrays():
    expected = {"W": np.array([[1.0, 2.0]]), "b": 0.5}
    g.check_dict_of_arrays("p", {"W": np.array([[1.0, 2.0]]), "b": 0.5}, expected)
    fails(g.check_dict_of_arrays, "p", {"W": np.array([[1.0, 2.5]]), "b": 0.5}, expected, match="p['W']")
    fails(g.check_dict_of_arrays, "p", {"W": np.array([[1.0, 2.0]]), "b": np.float64(0.5)}, expected,
          match="p['b'] should be a Python float")
    g.check_dict_of_arrays("p", {"W": np.array([[1.0, 2.0]]), "b": 0.5, "extra": 1}, expected, extra_keys_ok=True)
    fails(g.check_dict_of_arrays, "p", {"W": np.array([[1.0, 2.0]]), FakeKey("q"): 0.5}, expected,
          extra_keys_ok=True, match="string keys")


# --- mutation --------------------------------------------------------------------------------------------

def test_call_without_mutation():
    x = np.array([1.0, -2.0])
    assert g.call_without_mutation(lambda a: np.maximum(a, 0), x).tolist() == [1.0, 0.0]

    def relu_in_place(a):
        a[a < 0] = 0
        return a
    fails(g.call_without_mutation, relu_in_place, np.array([1.0, -2.0]), match="argument 1 of relu_in_place")

    def pops(d):
        d.pop("W")
        return d
    fails(g.call_without_mutation, pops, {"W": np.zeros(2)}, match="was modified")
    fails(g.call_without_mutation, lambda d, lr: d["b"].__iadd__(lr), {"b": np.zeros(1)}, lr=1.0)
    g.call_without_mutation(lambda a: a, np.array([np.nan]))  # NaN inputs left alone are unchanged


def test_call_without_mutation_hostile_name():
    class Weird:
        __name__ = AlwaysEqual()

        def __call__(self, a):
            a[0] = 5.0
    fails(g.call_without_mutation, Weird(), np.zeros(2), match="argument 1 of the function")


# --- gradients -------------------------------------------------------------------------------------------

def _loss(p):
    return float(np.sum(p["W"] ** 2) + 3.0 * p["b"])


def test_check_gradient_accepts_right_and_rejects_wrong():
    params = {"W": np.array([[1.0, -2.0]]), "b": 0.5}
    right = {"W": 2 * params["W"], "b": 3.0}
    g.check_gradient("grads", _loss, params, right)
    fails(g.check_gradient, "grads", _loss, params, {"W": params["W"], "b": 3.0}, match="grads['W'] does not match")
    fails(g.check_gradient, "grads", _loss, params, {"W": 2 * params["W"]}, match="missing the gradient")
    fails(g.check_gradient, "grads", _loss, params, {"W": (2 * params["W"]).T, "b": 3.0}, match="shape")
    fails(g.check_gradient, "grads", _loss, params, {"W": 2 * params["W"], "b": np.float64(3.0)},
          match="Python float")
    fails(g.check_gradient, "grads", _loss, params, {"W": np.full((1, 2), np.nan), "b": 3.0})
    fails(g.check_gradient, "grads", _loss, params, {"W": (2 * params["W"]).view(EqualArray), "b": 3.0},
          match="numpy array")
    assert params["W"].tolist() == [[1.0, -2.0]]  # the point is not moved


def test_check_gradient_ignores_patched_gradcheck(monkeypatch):
    import course.gradcheck as gc
    monkeypatch.setattr(gc, "relative_error", lambda a, b: 0.0)
    monkeypatch.setattr(gc, "numerical_gradient_dict", lambda *a, **k: {"W": np.zeros((1, 2)), "b": 0.0})
    params = {"W": np.array([[1.0, -2.0]]), "b": 0.5}
    fails(g.check_gradient, "grads", _loss, params, {"W": np.zeros((1, 2)), "b": 0.0})


# --- messages --------------------------------------------------------------------------------------------

def test_describe_type_of_hostile_class():
    hostile = type("Hostile", (), {"__module__": AlwaysEqual()})
    message = fails(g.check_array, "x", hostile(), np.zeros(1))
    assert "should be a numpy array" in message and "unusual type" in message


def test_fail_raises_the_real_assertion_error():
    import subprocess
    import sys
    script = ("import builtins, course.grading as g\n"
              "real = builtins.AssertionError\n"
              "builtins.AssertionError = type('Fake', (Exception,), {})\n"
              "try:\n    g.fail('x')\nexcept real:\n    print('real')\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "real"


def test_check_array_says_when_float32_is_the_cause():
    expected = np.random.default_rng(0).normal(size=(3, 4))
    with pytest.raises(AssertionError, match="float32, which keeps only about 7 significant digits"):
        g.check_array("A", expected.astype(np.float32), expected, rtol=1e-10, atol=0)
    with pytest.raises(AssertionError) as wrong:  # wrong values in float32: no precision hint
        g.check_array("A", (expected + 1).astype(np.float32), expected)
    assert "float32" not in str(wrong.value)


def test_check_array_float64_kind():
    g.check_array("W", np.zeros(2), np.zeros(2), dtype="float64")
    with pytest.raises(AssertionError, match="dtype float64.*its dtype is float32"):
        g.check_array("W", np.zeros(2, dtype=np.float32), np.zeros(2), dtype="float64")


def test_check_array_says_when_an_input_was_modified():
    g.modified_inputs.append("forward(...) modified its argument 1 in place")
    try:
        with pytest.raises(AssertionError, match="forward.*modified its argument 1 in place.*leave the inputs"):
            g.check_array("A", np.ones(2), np.zeros(2))
    finally:
        g.modified_inputs.clear()


def test_replaced_functions_in_one_process():
    """course.grading.replaced in a single process (the student's own Lab): the notebook's namespace."""
    import sys
    main = sys.modules["__main__"].__dict__
    main["_gate_for_test"] = lambda a, b: a and b
    main["_uses_gate_for_test"] = lambda a, b: main["_gate_for_test"](a, b)
    try:
        with g.replaced(_gate_for_test=g.spy()) as calls:
            assert main["_uses_gate_for_test"](1, 1) == 1
        assert calls == {"_gate_for_test": 1}
        with g.replaced(_gate_for_test=g.constant(7)):
            assert main["_uses_gate_for_test"](0, 0) == 7
        with g.replaced(_gate_for_test=g.table_gate([0, 1, 1, 0])):
            assert [main["_uses_gate_for_test"](a, b) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1))] == [0, 1, 1, 0]
        assert main["_uses_gate_for_test"](1, 0) == 0  # restored
    finally:
        del main["_gate_for_test"], main["_uses_gate_for_test"]
