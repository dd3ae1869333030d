"""The plain-data codec between the student's process and the tests' process (grader.isolation.wire)."""
import base64

import numpy as np
import pytest

from grader.isolation.wire import MAX_ARRAY_BYTES, WireError, decode, encode, paths


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 10 ** 50, 1.5, float("inf"), -0.0, "text \x00 with \x1b controls", [], (),
    [1, (2.0, "x"), {"a": None}], {"W1": np.ones((2, 3)), 3: [np.int64(4)]},
    np.arange(6, dtype=np.float32).reshape(2, 3), np.array(True), np.zeros((0, 4)),
    np.array([1, 2], dtype=np.uint8), np.float64(0.25), np.int32(-3), np.bool_(True),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(10.0)[::3],
])
def test_round_trip_keeps_values_and_exact_types(value):
    back = decode(encode(value))
    _same(back, value)


def _same(a, b):
    assert type(a) is type(b), (type(a), type(b))
    if type(a) is np.ndarray:
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b) and a.flags.writeable
    elif type(a) in (list, tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif type(a) is dict:
        assert list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    elif a == a:  # NaN aside
        assert a == b


@pytest.mark.parametrize("value, words", [
    (np.zeros(3).view(np.matrix), "numpy.matrix"),
    (np.zeros(2, dtype=object), "dtype object"),
    (np.zeros(2, dtype=[("a", "f8")]), "dtype"),
    (np.zeros(2, dtype=complex), "complex"),
    ({(1, 2): 3}, "key of type tuple"),
    ({1.5: 3}, "key of type float"),
    (object(), "object"),
    (1j, "complex"),
    (lambda: 0, "function"),
    ({1, 2}, "set"),
    (10 ** 500, "digits"),
])
def test_refuses_what_is_not_plain_data(value, words):
    with pytest.raises(WireError, match=words):
        encode(value)


def test_refuses_huge_and_deep_values_without_building_them():
    huge = np.broadcast_to(np.zeros(1), (MAX_ARRAY_BYTES,))  # 2 GB that take no memory
    with pytest.raises(WireError, match="bytes"):
        encode(np.lib.stride_tricks.as_strided(huge))
    deep = 0
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(WireError, match="nested"):
        encode(deep)


def _nd(dtype="<f8", shape=(2,), data=b"\0" * 16):
    return {"t": "nd", "dtype": dtype, "shape": list(shape), "b64": base64.b64encode(data).decode()}


@pytest.mark.parametrize("node", [
    None, 3, "x", [], {"t": "pickle", "v": "gASV"}, {"t": "int", "v": "1" * 5000}, {"t": "int", "v": "0x10"},
    {"t": "float", "v": "1" * 100}, {"t": "float", "v": "nope"}, {"t": "bool", "v": 1}, {"t": "str", "v": 3},
    {"t": "list", "v": {"a": 1}}, {"t": "dict", "v": [[{"t": "float", "v": "1.0"}, {"t": "none"}]]},
    {"t": "dict", "v": [[{"t": "none"}]]}, _nd(dtype="|O"), _nd(dtype=">f8"), _nd(dtype="<c16"),
    _nd(shape=(3,)), _nd(shape=(-2,)), _nd(shape=(10 ** 12,)), {**_nd(), "b64": "!!"}, {**_nd(), "shape": "2"},
    {"t": "ref", "path": ["args", 0]}, {"t": "handle", "id": 1},
])
def test_decode_refuses_malformed_nodes(node):
    with pytest.raises(WireError):
        decode(node)


def test_decode_refuses_deep_trees():
    node = {"t": "none"}
    for _ in range(1000):
        node = {"t": "list", "v": [node]}
    with pytest.raises(WireError, match="deeply"):
        decode(node)


def test_references_keep_identity_with_the_arguments():
    args = ([1.0], {"W": np.ones(2)})
    refs = paths(list(args), ["args"])
    node = encode({"same": args[1], "part": args[1]["W"], "new": [1.0]}, refs=refs)
    assert node["v"][0][1] == {"t": "ref", "path": ["args", 1]}
    assert node["v"][1][1] == {"t": "ref", "path": ["args", 1, "W"]}
    assert node["v"][2][1]["t"] == "list"  # equal to args[0] but another object: a copy
