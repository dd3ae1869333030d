"""The student's side of isolated grading: runs in the student's (sandboxed) kernel, on request.

`grader.execute.IsolatedExecute` sends this module's source, after `grader.isolation.wire`'s, to the
student's kernel before any cell runs; it becomes the module ``_course_isolation``. The tests' process
(`grader.isolation.proxy`) then sends Jupyter ``execute_request`` messages whose code is `SERVE` and
whose metadata carries the request; `serve` answers in the reply's payload. Requests:

- ``bind``: how each of some names of the notebook is bound now: missing, callable, or its value as data;
- ``call``: call a name or a handle with arguments (data or handles) under the tests' numpy error state;
  the result goes back as data or as a handle, with the arguments the call changed in place;
- ``getattr``: an attribute of a handle, as data or as a handle;
- ``replace`` / ``restore``: replace some of the notebook's functions by `course.grading.spy`,
  `~course.grading.constant` or `~course.grading.truth_table` stand-ins while a test runs, then put them
  back and answer how often each was called (`course.grading.replaced`).

An exception raised by the student's code is not caught: the ``execute_request`` fails with it, and the
tests' process sees it as that call's exception. Nothing here is secret: the student's kernel can read
and change all of it, and all it could gain is to answer its own calls differently.
"""
try:  # in the tests' process and in an unsandboxed kernel; in the sandbox the wire's source came first
    from grader.isolation.wire import WireError, decode, encode, fingerprint, paths, type_name
except ImportError:  # pragma: no cover - exercised inside the sandboxed kernel
    pass

from IPython import get_ipython

SERVE = "__import__('sys').modules['_course_isolation'].serve()"
PAYLOAD_SOURCE = "course_isolation"
_HANDLES: dict = {}
_ERRSTATE_VALUES = {"ignore", "warn", "raise", "call", "print", "log"}


def _is_students(value) -> bool:
    """Objects of the student's code: defined in the notebook (module ``__main__``)."""
    if type.__dict__["__module__"].__get__(type(value)) == "__main__":
        return True
    return callable(value) and getattr(value, "__module__", None) == "__main__"


def _handle(value):
    if not _is_students(value):
        return None
    _HANDLES[id(value)] = value  # kept alive while grading: the id stays unique
    name = getattr(value, "__name__", None)
    return {"t": "handle", "id": id(value), "type": type_name(value), "callable": callable(value),
            "name": name if type(name) is str else None}


def _resolve(node):
    """The object a handle node names: a handle's object, or a notebook name."""
    import builtins
    user_ns = get_ipython().user_ns
    if type(node) is dict and type(node.get("id")) is int:
        if node["id"] not in _HANDLES:
            raise WireError("an object of the notebook that no longer exists")
        return _HANDLES[node["id"]]
    name = node.get("name") if type(node) is dict else None
    if type(name) is not str:
        raise WireError("a malformed reference")
    if name in user_ns:
        return user_ns[name]
    if hasattr(builtins, name):
        return getattr(builtins, name)
    raise NameError(f"name '{name}' is not defined")


def _bind(names) -> dict:
    user_ns = get_ipython().user_ns
    out = {}
    for name in names:
        if type(name) is not str:
            continue
        if name not in user_ns:
            out[name] = {"kind": "missing"}
            continue
        value = user_ns[name]
        if callable(value):
            out[name] = {"kind": "callable", "type": type_name(value)}
            continue
        try:
            out[name] = {"kind": "data", "value": encode(value, handle=_handle)}
        except WireError as exc:
            out[name] = {"kind": "refused", "why": str(exc)}
    return out


def _call(request) -> dict:
    import numpy as np
    target = _resolve(request.get("target"))
    attr = request.get("attr")
    if type(attr) is str:
        target = getattr(target, attr)
    args = decode(request.get("args"), handle=_resolve)
    kwargs = decode(request.get("kwargs"), handle=_resolve)
    if type(args) is not tuple or type(kwargs) is not dict or not all(type(k) is str for k in kwargs):
        raise WireError("malformed arguments")
    errstate = request.get("errstate") or {}
    errstate = {k: v for k, v in errstate.items() if k in ("divide", "over", "under", "invalid")
                and v in _ERRSTATE_VALUES}
    before = [fingerprint(a) for a in args], {k: fingerprint(v) for k, v in kwargs.items()}
    with np.errstate(**errstate):
        result = target(*args, **kwargs)  # the student's code: its exceptions are the call's
    changed = []
    for i, a in enumerate(args):
        if fingerprint(a) != before[0][i]:
            changed.append([["args", i], encode(a, handle=_handle)])
    for k, v in kwargs.items():
        if fingerprint(v) != before[1][k]:
            changed.append([["kwargs", k], encode(v, handle=_handle)])
    refs = {**paths(list(args), ["args"]), **paths(kwargs, ["kwargs"])}
    return {"value": encode(result, refs=refs, handle=_handle), "changed": changed}


def _getattr(request) -> dict:
    target = _resolve(request.get("target"))
    attr = request.get("attr")
    if type(attr) is not str:
        raise WireError("a malformed attribute name")
    return {"value": encode(getattr(target, attr), handle=_handle)}


_REPLACED: dict = {}
_CALLS: dict = {}


def _replace(request) -> dict:
    from course.grading import make_replacement
    user_ns = get_ipython().user_ns
    specs = decode(request.get("specs"))
    if type(specs) is not dict:
        raise WireError("malformed replacements")
    _CALLS.clear()
    for name, spec in specs.items():
        if type(name) is not str or type(spec) is not tuple or not spec or spec[0] not in ("spy", "constant", "table"):
            raise WireError("a malformed replacement")
        _REPLACED.setdefault(name, user_ns.get(name))
        user_ns[name] = make_replacement(spec, _REPLACED[name], _CALLS, name)
    return {}


def _restore() -> dict:
    user_ns = get_ipython().user_ns
    for name, original in _REPLACED.items():
        user_ns[name] = original
    _REPLACED.clear()
    return {"calls": encode(dict(_CALLS))}


def serve() -> None:
    """Answer the request in the current ``execute_request``'s metadata (see the module docstring)."""
    ip = get_ipython()
    request = ip.kernel.get_parent("shell").get("metadata", {}).get(PAYLOAD_SOURCE)
    op = request.get("op") if type(request) is dict else None
    try:
        if op == "bind":
            reply = {"names": _bind(request.get("names") or [])}
        elif op == "call":
            reply = _call(request)
        elif op == "getattr":
            reply = _getattr(request)
        elif op == "replace":
            reply = _replace(request)
        elif op == "restore":
            reply = _restore()
        else:
            reply = {"refused": "an unknown request"}
    except WireError as exc:
        reply = {"refused": str(exc)}
    ip.payload_manager.write_payload({"source": PAYLOAD_SOURCE, "reply": reply})
