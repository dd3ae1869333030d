"""Plain data on the wire between the student's process and the tests' process.

Values cross as JSON-able trees of tagged nodes. Only plain data has a tag: ``None``, ``bool``, ``int``,
``float``, ``str``, ``list``, ``tuple``, ``dict`` (str or int keys), numpy arrays and numpy scalars of a
numeric or boolean dtype (sent as dtype, shape and base64 bytes; rebuilt with ``numpy.frombuffer``, never
unpickled, always exactly ``numpy.ndarray``). Anything else is refused with `WireError` on the side that
encodes, and a node that is not exactly of this form is refused with `WireError` on the side that decodes.

Two more tags carry no data: ``ref`` (a part of the call's own arguments: returning an argument, or a
piece of one, keeps its identity) and ``handle`` (an object of the student's code that stays in the
student's process, such as an instance of a student's class, see `grader.isolation.proxy`).

This module is used by both processes: the tests' process imports it, and its source is sent to the
student's kernel with the server (`grader.isolation.server`), so it imports nothing of the course.
"""
from __future__ import annotations

import base64
import hashlib

import numpy as np

MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_STRING = 1_000_000
MAX_INT_DIGITS = 400
MAX_ARRAY_BYTES = 256 * 2**20
# Exactly these dtypes travel (little-endian): bool, signed and unsigned integers, floats.
DTYPES = {np.dtype(t).str: np.dtype(t) for t in
          (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
           np.float16, np.float32, np.float64)}
SCALAR_TYPES = {np.dtype(t).type for t in DTYPES.values()}


class WireError(Exception):
    """A value that cannot cross between the processes (the message says which and why)."""


def type_name(value) -> str:
    """``module.QualName`` of ``value``'s type, read without running any of its code."""
    t = type(value)
    module = type.__dict__["__module__"].__get__(t)
    qualname = type.__dict__["__qualname__"].__get__(t)
    if type(module) is not str or type(qualname) is not str:
        return "an unusual type"
    return qualname if module in ("builtins", "__main__") else f"{module}.{qualname}"


# --------------------------------------------------------------------------------------------------------
# encoding (both sides)
# --------------------------------------------------------------------------------------------------------

def encode(value, *, refs: dict | None = None, handle=None) -> dict:
    """The wire node of ``value``.

    ``refs`` maps ``id()`` of objects that the receiver already has (the call's arguments) to their path;
    ``handle(value)`` returns a handle node for a value that is not data, or None (then it is refused).
    """
    counter = [0]

    def node(v, depth):
        counter[0] += 1
        if counter[0] > MAX_NODES:
            raise WireError(f"the value has more than {MAX_NODES:,} parts")
        if depth > MAX_DEPTH:
            raise WireError(f"the value is nested more than {MAX_DEPTH} levels deep")
        if refs and id(v) in refs and type(v) in (list, dict, np.ndarray):
            return {"t": "ref", "path": refs[id(v)]}
        t = type(v)
        if v is None:
            return {"t": "none"}
        if t is bool:
            return {"t": "bool", "v": v}
        if t is int:
            text = int.__repr__(v) if abs(v) < 10 ** MAX_INT_DIGITS else None
            if text is None:
                raise WireError(f"an integer with more than {MAX_INT_DIGITS} digits")
            return {"t": "int", "v": text}
        if t is float:
            return {"t": "float", "v": float.__repr__(v)}
        if t is str:
            if len(v) > MAX_STRING:
                raise WireError(f"a string of more than {MAX_STRING:,} characters")
            return {"t": "str", "v": v}
        if t in (list, tuple):
            return {"t": "list" if t is list else "tuple", "v": [node(x, depth + 1) for x in v]}
        if t is dict:
            items = []
            for k, x in dict.items(v):
                if type(k) not in (str, int):
                    raise WireError(f"a dict with a key of type {type_name(k)} (keys must be str or int)")
                items.append([node(k, depth + 1), node(x, depth + 1)])
            return {"t": "dict", "v": items}
        if t is np.ndarray:
            dtype = v.dtype.newbyteorder("<") if v.dtype.byteorder == ">" else v.dtype
            if dtype.str not in DTYPES:
                raise WireError(f"a numpy array of dtype {v.dtype} (only numbers and booleans)")
            if v.nbytes > MAX_ARRAY_BYTES:
                raise WireError(f"a numpy array of {v.nbytes:,} bytes (at most {MAX_ARRAY_BYTES:,})")
            data = np.ascontiguousarray(v, dtype=dtype).tobytes()
            return {"t": "nd", "dtype": dtype.str, "shape": [int(n) for n in v.shape],
                    "b64": base64.b64encode(data).decode("ascii")}
        if t in SCALAR_TYPES:
            dtype = np.dtype(t)
            return {"t": "npscalar", "dtype": dtype.str, "b64": base64.b64encode(np.array(v, dtype).tobytes()).decode()}
        made = handle(v) if handle is not None else None
        if made is not None:
            return made
        raise WireError(f"an object of type {type_name(v)}")

    return node(value, 0)


def fingerprint(value):
    """A small summary of ``value`` that changes when any of its data changes (arrays by digest)."""
    t = type(value)
    if t is np.ndarray:
        try:
            digest = hashlib.blake2b(np.ascontiguousarray(value).tobytes(), digest_size=16).hexdigest()
        except Exception:
            digest = None
        return ("nd", str(value.dtype), value.shape, digest)
    if t in (list, tuple):
        return (t.__name__, tuple(fingerprint(x) for x in value))
    if t is dict:
        return ("dict", tuple((repr(k) if type(k) in (str, int) else id(k), fingerprint(x))
                              for k, x in dict.items(value)))
    if t in (bool, int, float, str) or value is None or t in SCALAR_TYPES:
        return (t.__name__, repr(value))
    return ("object", id(value))


def paths(value, root: list) -> dict:
    """``{id(obj): path}`` of every list, dict and array inside ``value`` (for `encode`'s ``refs``)."""
    out = {}

    def walk(v, path, depth):
        if depth > MAX_DEPTH or len(out) > MAX_NODES:
            return
        t = type(v)
        if t in (list, dict, np.ndarray):
            out.setdefault(id(v), path)
        if t in (list, tuple):
            for i, x in enumerate(v):
                walk(x, path + [i], depth + 1)
        elif t is dict:
            for k, x in dict.items(v):
                if type(k) in (str, int):
                    walk(x, path + [k], depth + 1)

    walk(value, list(root), 0)
    return out


# --------------------------------------------------------------------------------------------------------
# decoding (strict: the other side may send anything)
# --------------------------------------------------------------------------------------------------------

def decode(tree, *, ref=None, handle=None):
    """The value of a wire node. ``ref(path)`` resolves a ``ref`` node, ``handle(node)`` a ``handle`` node
    (each None: such nodes are refused)."""
    counter = [0]
    budget = [MAX_ARRAY_BYTES]

    def field(n, key, kind):
        value = n.get(key) if type(n) is dict else None
        if type(value) is not kind:
            raise WireError(f"a malformed value ({key!r} is missing or not a {kind.__name__})")
        return value

    def value_of(n, depth):
        counter[0] += 1
        if counter[0] > MAX_NODES or depth > MAX_DEPTH:
            raise WireError("a value too large or too deeply nested")
        tag = field(n, "t", str)
        if tag == "none":
            return None
        if tag == "bool":
            return field(n, "v", bool)
        if tag == "int":
            text = field(n, "v", str)
            if len(text) > MAX_INT_DIGITS + 1 or not text.lstrip("-").isdigit() or not text.isascii():
                raise WireError("a malformed integer")
            return int(text)
        if tag == "float":
            text = field(n, "v", str)
            if len(text) > 40:
                raise WireError("a malformed float")
            try:
                return float(text)
            except ValueError:
                raise WireError("a malformed float") from None
        if tag == "str":
            text = field(n, "v", str)
            if len(text) > MAX_STRING:
                raise WireError("a string too long")
            return text
        if tag in ("list", "tuple"):
            items = [value_of(x, depth + 1) for x in field(n, "v", list)]
            return items if tag == "list" else tuple(items)
        if tag == "dict":
            out = {}
            for pair in field(n, "v", list):
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("a malformed dict")
                key = value_of(pair[0], depth + 1)
                if type(key) not in (str, int):
                    raise WireError(f"a dict with a key of type {type(key).__name__} (keys must be str or int)")
                out[key] = value_of(pair[1], depth + 1)
            return out
        if tag in ("nd", "npscalar"):
            dtype = DTYPES.get(field(n, "dtype", str))
            if dtype is None:
                raise WireError(f"an array of an unsupported dtype {n['dtype'][:20]!r}")
            shape = field(n, "shape", list) if tag == "nd" else []
            if len(shape) > 32 or any(type(s) is not int or s < 0 for s in shape):
                raise WireError("an array of a malformed shape")
            size = 1
            for s in shape:
                size *= s
            text = field(n, "b64", str)
            if size * dtype.itemsize > budget[0] or len(text) > (size * dtype.itemsize + 2) // 3 * 4 + 4:
                raise WireError("an array too large")
            try:
                data = base64.b64decode(text, validate=True)
            except ValueError:
                raise WireError("an array with malformed data") from None
            if len(data) != size * dtype.itemsize:
                raise WireError("an array whose data does not match its shape")
            budget[0] -= len(data)
            array = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
            return array if tag == "nd" else array[()]
        if tag == "ref" and ref is not None:
            return ref(field(n, "path", list))
        if tag == "handle" and handle is not None:
            return handle(n)
        raise WireError(f"a value of an unknown kind {tag[:20]!r}")

    return value_of(tree, 0)
