"""The student's side of isolated grading: runs in the student's (sandboxed) kernel, on request.

`grader.execute.IsolatedExecute` sends this module's source, after `grader.isolation.wire`'s, to the
student's kernel before the first test cell; it becomes the module ``_course_isolation`` and registers the
Jupyter comm target `TARGET`. The tests' process (`grader.isolation.proxy`) opens one comm; a message on it
makes the kernel `serve` requests on a socket of their own (a zmq PAIR socket on an ipc path that only
the two processes can reach) until the test cell ends: a call then costs about 0.3 ms with its data's
encoding (0.03 ms of it the transport), where a Jupyter message alone costs more than 1 ms. Requests:

- ``bind``: how each of some names of the notebook is bound now: missing, callable, or its value as data;
- ``call``: call a name or a handle with arguments (data or handles) under the tests' numpy error state;
  the result goes back as data or as a handle, with the arguments the call changed in place;
- ``getattr``: an attribute of a handle, as data or as a handle;
- ``replace`` / ``restore``: replace some of the notebook's functions by `course.grading.spy`,
  `~course.grading.constant` or `~course.grading.table_gate` stand-ins while a test runs, then put them
  back and answer how often each was called (`course.grading.replaced`).

An exception raised by the student's code (or an interrupt at the time limit) is answered as ``error``
with its name, message and IPython traceback, which the tests' process raises as that call's exception.
Nothing here is secret: the student's kernel can read and change all of it, and all it could gain is to
answer its own calls differently.
"""
try:  # in the tests' process and in an unsandboxed kernel; in the sandbox the wire's source came first
    from grader.isolation.wire import WireError, decode, encode, fingerprint, paths, type_name
except ImportError:  # pragma: no cover - exercised inside the sandboxed kernel
    pass

from IPython import get_ipython

TARGET = "course_isolation"
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
_MISSING = object()  # a replaced name the notebook did not bind: removed again afterwards


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
        _REPLACED.setdefault(name, user_ns.get(name, _MISSING))
        user_ns[name] = make_replacement(spec, _REPLACED[name], _CALLS, name)
    return {}


def _restore() -> dict:
    user_ns = get_ipython().user_ns
    for name, original in _REPLACED.items():
        if original is _MISSING:
            user_ns.pop(name, None)
        else:
            user_ns[name] = original
    _REPLACED.clear()
    return {"calls": encode(dict(_CALLS))}


def _answer(request) -> dict:
    op = request.get("op") if type(request) is dict else None
    try:
        if op == "bind":
            return {"names": _bind(request.get("names") or [])}
        if op == "call":
            return _call(request)
        if op == "getattr":
            return _getattr(request)
        if op == "replace":
            return _replace(request)
        if op == "restore":
            return _restore()
        return {"refused": "an unknown request"}
    except WireError as exc:
        return {"refused": str(exc)}


class _Capture:
    """What the student's code prints during a call: sent back with the answer, at most `MAX_PRINTED` characters."""

    def __init__(self, name: str):
        self.name, self.parts, self.size = name, [], 0

    def write(self, text) -> int:
        text = str(text)
        if self.size < MAX_PRINTED:
            self.parts.append(text[: MAX_PRINTED - self.size])
            self.size += len(self.parts[-1])
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        return "".join(self.parts)


MAX_PRINTED = 100_000
IDLE_SECONDS = 0.5  # a loop with no request for this long gives the kernel back (and says "bye")
_SOCKET = None


def _answer_one(request) -> dict:
    """One request from the loop's socket, answered with what the call printed."""
    import sys
    out, err = _Capture("stdout"), _Capture("stderr")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        answer = {"reply": _answer(request)}
    except BaseException as exc:  # noqa: BLE001 - the student's code raised, or the time limit interrupted it
        answer = {"error": _describe(exc)}
    finally:
        sys.stdout, sys.stderr = saved
    answer["stdout"], answer["stderr"] = out.text(), err.text()
    return answer


def serve(address: str, generation: int = 0) -> None:
    """Answer requests on a socket of its own (``address``, an ipc path only the two processes can reach)
    until told to stop or idle for `IDLE_SECONDS`: a call then costs a few hundredths of a millisecond
    instead of a Jupyter message's millisecond. Runs in the kernel's main thread, so the time limit's
    interrupt stops the student's code as in a cell."""
    import json

    import zmq
    global _SOCKET
    if _SOCKET is None:
        _SOCKET = zmq.Context.instance().socket(zmq.PAIR)
        _SOCKET.setsockopt(zmq.LINGER, 0)
        _SOCKET.bind(address)
    try:
        while _SOCKET.poll(int(IDLE_SECONDS * 1000)):
            try:
                request = json.loads(_SOCKET.recv())
            except ValueError:
                request = None
            if type(request) is dict and request.get("op") == "end":
                return
            answer = _answer_one(request)
            answer["id"] = request.get("id") if type(request) is dict else None
            try:
                data = json.dumps(answer).encode()
            except (TypeError, ValueError):
                data = json.dumps({"id": answer["id"], "reply": {"refused": "an answer that is not data"}}).encode()
            _SOCKET.send(data)
    finally:
        try:
            _SOCKET.send(json.dumps({"bye": generation}).encode(), zmq.NOBLOCK)
        except Exception:  # noqa: BLE001
            pass


def handle(comm, msg) -> None:
    """The comm's one message: serve requests on the socket it names (see `serve`)."""
    data = (msg.get("content") or {}).get("data")
    if type(data) is dict and type(data.get("serve")) is str:
        try:
            serve(data["serve"], data.get("generation") if type(data.get("generation")) is int else 0)
        except BaseException:  # noqa: BLE001 - interrupted while idle: the tests' side asks again
            pass


def _describe(exc) -> dict:
    import sys
    etype, value, tb = sys.exc_info()
    try:
        frames = get_ipython().InteractiveTB.structured_traceback(etype, value, tb)
    except Exception:  # noqa: BLE001
        import traceback
        frames = traceback.format_exception(etype, value, tb)
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001
        text = ""
    return {"ename": type(exc).__name__, "evalue": text, "traceback": [str(f) for f in frames]}


def register() -> None:
    """Accept the tests' process's comm."""
    get_ipython().kernel.comm_manager.register_target(TARGET, lambda comm, _: comm.on_msg(
        lambda msg: handle(comm, msg)))
