"""The tests' side of isolated grading: runs in the trusted kernel that executes the test cells.

`install` connects this kernel to the student's kernel (as a second Jupyter client, for the comm that
starts the student's `serve` loop and for interrupts, and to the loop's own socket, which carries the
requests) and arranges that every cell run here first binds the student's names it uses (`bind`): a name the student's code binds to a
callable becomes a `StudentFunction`, a name bound to data becomes a copy of that data, and a name the
student's code no longer binds is removed, so using it raises ``NameError`` as it would in the notebook.

Calling a `StudentFunction` (or a method of a `StudentObject`) sends the arguments to the student's
process as plain data (`grader.isolation.wire`), waits for the reply within the cell's time limit, and
returns the result as plain data:

- what the student's code prints during the call is printed here, as plain stream text;
- an exception of the student's code is raised here as the same built-in exception type (or as
  `StudentCodeError`), with the student's traceback as a note;
- arguments the call changed in place are changed here in the same way, so ``call_without_mutation``
  and the tests' own values see what a single process would;
- a result that is not plain data, a reply that does not come in time, a dead student process or a
  malformed message each raise `IsolationError` (a test failure with a message for the student).

Nothing the student's process sends is executed, unpickled or trusted as a type here.
"""
from __future__ import annotations

import ast
import builtins
import re
import sys
import time

import numpy as np

from grader.isolation import behaviour
from grader.isolation.server import TARGET
from grader.isolation.wire import WireError, decode, encode

MAX_MESSAGE_BYTES = 512 * 2**20  # a larger reply is dropped by zmq (and the call times out)
MAX_PRINTED_CHARS = 100_000  # per call
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_channel = None


class IsolationError(Exception):
    """A call into the student's process that could not give a plain-data answer."""


class TimeLimitError(IsolationError):
    """The student's code did not answer a test within the cell's time limit."""


class StudentCodeError(Exception):
    """An exception of the student's code whose type is not a built-in one (its name and message kept)."""


def _compile_raiser():
    namespace: dict = {}
    exec(compile("def student_process(exc):\n    exc.__suppress_context__ = True\n    raise exc\n", "<the student's process>", "exec"), namespace)
    return namespace["student_process"]


# Raising through this function ends a test's traceback in "<the student's process>", not in this module.
_raise = _compile_raiser()


def _clean(text, limit: int) -> str:
    text = _CONTROL.sub("", _ANSI.sub("", str(text)))
    return text if len(text) <= limit else text[:limit] + " ..."


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return False


class Channel:
    """The connection to the student's kernel: a Jupyter comm that starts its `serve` loop, and the loop's
    own socket, which carries one request at a time while a test cell runs."""

    def __init__(self, connection_info: dict, pid: int | None, cell_timeout: float, address: str):
        import uuid

        import zmq
        from jupyter_client.blocking import BlockingKernelClient
        self.context = zmq.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        self.context.setsockopt(zmq.LINGER, 0)
        self.kc = BlockingKernelClient(context=self.context)
        self.kc.load_connection_info(connection_info)
        self.kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=True)
        self.socket = self.context.socket(zmq.PAIR)
        self.socket.connect(address)
        self.address = address
        self.pid = pid
        self.cell_timeout = cell_timeout
        self.deadline = time.monotonic() + cell_timeout
        self.dead = None
        self.comm_id = uuid.uuid4().hex
        self.generation = 0  # of the student's serve loop; 0: none running
        self.last_id = 0
        self.kc.shell_channel.send(self.kc.session.msg("comm_open", {"comm_id": self.comm_id, "target_name": TARGET,
                                                                     "data": {}}))

    def start_cell(self) -> None:
        self.deadline = time.monotonic() + self.cell_timeout

    def end_cell(self) -> None:
        """Give the student's kernel back (its serve loop ends) when a test cell is done."""
        import zmq
        if self.generation:
            self.generation = 0
            try:
                self.socket.send(b'{"op": "end"}', zmq.NOBLOCK)
            except zmq.ZMQError:
                pass

    def _serve(self) -> None:
        self.generation = self.last_id + 1
        self.kc.shell_channel.send(self.kc.session.msg("comm_msg", {"comm_id": self.comm_id, "data": {
            "serve": self.address, "generation": self.generation}}))

    def _interrupt(self) -> None:
        try:
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        except Exception:  # noqa: BLE001
            pass

    def request(self, payload: dict, what: str) -> dict:
        """Send one request; return its answer's ``reply`` (see `grader.isolation.server`)."""
        __tracebackhide__ = True
        import json
        if self.dead:
            _raise(IsolationError(f"{what} could not run: {self.dead}"))
        self.last_id += 1
        request_id = self.last_id
        if not self.generation:
            self._serve()
        self.socket.send(json.dumps({**payload, "id": request_id}).encode())
        try:
            while True:
                if time.monotonic() > self.deadline:
                    self._interrupt()
                    self.generation = 0  # the interrupt may end the loop: ask again next time
                    _raise(TimeLimitError(f"{what} did not return within the time limit "
                                          f"({self.cell_timeout:.0f} s per test cell)"))
                if not self.socket.poll(100):
                    if not _process_alive(self.pid):
                        self.dead = "the student's kernel died (os._exit, a crash or out of memory)"
                        _raise(IsolationError(f"{what}: {self.dead}"))
                    continue
                try:
                    answer = json.loads(self.socket.recv())
                except ValueError:
                    _raise(IsolationError(f"{what}: the student's process sent a malformed message"))
                if type(answer) is not dict:
                    _raise(IsolationError(f"{what}: the student's process sent a malformed message"))
                if "bye" in answer:  # that loop ended (idle, or interrupted): our request waits for the next
                    if answer["bye"] == self.generation:
                        self._serve()
                    continue
                if answer.get("id") == request_id:
                    break  # (an answer of another id is a late one, to a request that timed out)
        except KeyboardInterrupt:  # the test cell itself was interrupted: stop the student's code too
            self._interrupt()
            self.generation = 0
            raise
        for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
            text = answer.get(name)
            if type(text) is str and text:
                stream.write(_clean(text, MAX_PRINTED_CHARS))
                if len(text) > MAX_PRINTED_CHARS:
                    stream.write("\n... output of your code truncated ...\n")
        if type(answer.get("error")) is dict:
            _raise(_student_exception(answer["error"], what))
        reply = answer.get("reply")
        if type(reply) is not dict:
            _raise(IsolationError(f"{what}: the student's process gave a malformed answer"))
        if "refused" in reply:
            _raise(IsolationError(f"{what} {_clean(reply['refused'], 300)}"))
        return reply


def _student_exception(content: dict, what: str) -> Exception:
    ename = _clean(content.get("ename", "Exception"), 80)
    evalue = _clean(content.get("evalue", ""), 2000)
    cls = getattr(builtins, ename, None) if ename.isidentifier() else None
    exc = None
    if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, (StopIteration,
                                                                                    StopAsyncIteration)):
        try:
            exc = cls(evalue)
        except Exception:  # noqa: BLE001 - e.g. UnicodeError's constructor wants more arguments
            exc = None
    if ename == "KeyboardInterrupt":
        exc = IsolationError(f"{what} was interrupted (the time limit)")
    if exc is None:
        exc = StudentCodeError(f"{ename}: {evalue}")
    frames = [_clean(entry, 3000) for entry in content.get("traceback") or [] if isinstance(entry, str)]
    frames = [f for f in frames if "_course_isolation" not in f and "<course-isolation>" not in f]
    if frames:
        exc.add_note(f"(raised in your code, called as {what})\n" + "\n".join(frames[-6:])[-4000:])
    return exc


# ------------------------------------------------------------------------------------------------------
# proxies
# ------------------------------------------------------------------------------------------------------

def _argument_node(value):
    if type(value) is StudentFunction:
        return {"t": "handle", "name": value.__name__}
    if type(value) is StudentObject:
        return {"t": "handle", "id": value._id}
    return None


def _write_back(target, new):
    """Make ``target`` (a test's argument) equal to ``new`` (the argument after the student's call)."""
    t = type(target)
    if t is np.ndarray and type(new) is np.ndarray and target.shape == new.shape:
        if target.flags.writeable:
            np.copyto(target, new, casting="unsafe")
        return target
    if t is dict and type(new) is dict:
        for key in [k for k in target if k not in new]:
            del target[key]
        for key, value in new.items():
            target[key] = _write_back(target[key], value) if key in target else value
        return target
    if t is list and type(new) is list:
        if len(target) == len(new):
            for i, value in enumerate(new):
                target[i] = _write_back(target[i], value)
        else:
            target[:] = new
        return target
    if t is tuple and type(new) is tuple and len(target) == len(new):
        for old, value in zip(target, new):
            _write_back(old, value)
        return target
    return new  # not changeable in place (a number, a reshaped array): the container gets the new value


def _call(target: dict, args: tuple, kwargs: dict, what: str, attr: str | None = None):
    __tracebackhide__ = True
    try:
        wire_args = encode(tuple(args), handle=_argument_node)
        wire_kwargs = encode(dict(kwargs), handle=_argument_node)
    except WireError as exc:
        raise TypeError(f"a test passed {exc} to {what}: tests pass data (and your own functions) only") from None
    payload = {"op": "call", "target": target, "args": wire_args, "kwargs": wire_kwargs,
               "errstate": dict(np.geterr())}
    if attr is not None:
        payload["attr"] = attr
    event = behaviour.record_call(target, attr, wire_args, wire_kwargs)  # for the diagnosis (grader.diagnosis)
    try:
        answer = _channel.request(payload, what)
    except BaseException as exc:
        behaviour.raised(event, exc)
        raise
    roots = {"args": args, "kwargs": kwargs}
    try:
        for path, node in answer.get("changed") or []:
            _note_modified(what, path)
            if type(path) is not list or len(path) != 2 or path[0] not in roots:
                raise WireError("a malformed change")
            container, key = roots[path[0]], path[1]
            if path[0] == "args" and not (type(key) is int and 0 <= key < len(args)):
                raise WireError("a malformed change")
            if path[0] == "kwargs" and key not in kwargs:
                raise WireError("a malformed change")
            new = _write_back(container[key], _decode(node))
            if path[0] == "kwargs":
                kwargs[key] = new
        value = _decode(answer.get("value"), roots)
        behaviour.returned(event, value, args, kwargs, bool(answer.get("changed")))
        return value
    except WireError as exc:
        _raise(IsolationError(f"{what} returned {exc}, which a test cannot check: return numbers, strings, "
                             "numpy arrays of numbers or booleans, or lists, tuples and dicts of these"))


def _note_modified(what: str, path) -> None:
    import course.grading
    if type(path) is list and len(path) == 2:
        which = f"argument {path[1] + 1}" if path[0] == "args" and type(path[1]) is int else f"argument {path[1]!r}"
        course.grading.modified_inputs.append(f"{what} modified its {which} in place")


def _start_cell(*_info) -> None:
    """Before each cell of the tests' kernel (and each given cell it replays): a new time limit."""
    import course.grading
    course.grading.modified_inputs.clear()
    _channel.start_cell()


def _end_cell(*_info) -> None:
    _channel.end_cell()


def _decode(node, roots: dict | None = None):
    def ref(path):
        if not roots or not path or path[0] not in roots:
            raise WireError("a malformed reference")
        value = roots[path[0]]
        for step in path[1:]:
            if type(value) in (list, tuple) and type(step) is int and 0 <= step < len(value):
                value = value[step]
            elif type(value) is dict and type(step) in (str, int) and step in value:
                value = value[step]
            else:
                raise WireError("a malformed reference")
        return value

    def handle(n):
        if type(n.get("id")) is not int:
            raise WireError("a malformed handle")
        return StudentObject(n["id"], _clean(n.get("type") or "object", 80), bool(n.get("callable")),
                             _clean(n.get("name") or "", 80) or None)

    return decode(node, ref=ref, handle=handle)


class StudentFunction:
    """A name of the student's notebook bound to a callable; calling it runs it in the student's process."""

    __slots__ = ("__name__",)

    def __init__(self, name: str):
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        __tracebackhide__ = True
        return _call({"name": self.__name__}, args, kwargs, f"{self.__name__}(...)")

    def __repr__(self) -> str:
        return f"<your function {self.__name__}>"


class StudentObject:
    """An object of the student's code that stays in the student's process (an instance of their class)."""

    __slots__ = ("_id", "_type", "_callable", "_name")

    def __init__(self, handle_id: int, type_name: str, is_callable: bool, name: str | None):
        object.__setattr__(self, "_id", handle_id)
        object.__setattr__(self, "_type", type_name)
        object.__setattr__(self, "_callable", is_callable)
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr: str):
        __tracebackhide__ = True
        what = f"{self._type}.{attr}"
        event = behaviour.record_call({"id": self._id}, attr, None, None)
        try:
            answer = _channel.request({"op": "getattr", "target": {"id": self._id}, "attr": attr}, what)
        except BaseException as exc:
            behaviour.raised(event, exc)
            raise
        try:
            value = _decode(answer.get("value"))
        except WireError as exc:
            _raise(IsolationError(f"{what} is {exc}, which a test cannot check"))
        behaviour.returned(event, value, (), {}, False)
        return value

    def __setattr__(self, attr, value):
        raise TypeError(f"a test cannot set attributes of your {self._type} object")

    def __call__(self, *args, **kwargs):
        __tracebackhide__ = True
        if not self._callable:
            raise TypeError(f"your {self._type} object is not callable")
        return _call({"id": self._id}, args, kwargs, f"{self._name or self._type}(...)")

    def __repr__(self) -> str:
        return f"<your {self._type} object>"


# ------------------------------------------------------------------------------------------------------
# binding the student's names into the tests' namespace
# ------------------------------------------------------------------------------------------------------

def bind(names, namespace: dict) -> None:
    """Bind ``names`` in ``namespace`` as the student's notebook binds them now (see the module docstring)."""
    __tracebackhide__ = True
    answer = _channel.request({"op": "bind", "names": list(names)}, "looking up " + ", ".join(names))
    described = answer.get("names")
    if type(described) is not dict:
        _raise(IsolationError("the student's process gave a malformed answer"))
    for name in names:
        entry = described.get(name)
        kind = entry.get("kind") if type(entry) is dict else None
        if kind == "callable":
            current = namespace.get(name)
            namespace[name] = current if type(current) is StudentFunction else StudentFunction(name)
        elif kind == "data":
            try:
                namespace[name] = _decode(entry.get("value"))
            except WireError as exc:
                _raise(IsolationError(f"{name} is {exc}, which a test cannot check"))
            behaviour.record_data(name, namespace[name])
        elif kind == "refused":
            _raise(IsolationError(f"{name} is {_clean(entry.get('why'), 200)}, which a test cannot check: use "
                                  "numbers, strings, numpy arrays of numbers or booleans, or lists, tuples and "
                                  "dicts of these"))
        else:
            namespace.pop(name, None)


class _NotebookFunctions:
    """`course.grading.replaced` in the tests' process: the replacing happens in the student's process."""

    def replace(self, specs: dict) -> None:
        __tracebackhide__ = True
        _channel.request({"op": "replace", "specs": encode(specs)}, "replacing " + ", ".join(specs))
        behaviour.replacing(specs=specs)

    def restore(self) -> dict:
        __tracebackhide__ = True
        answer = _channel.request({"op": "restore"}, "restoring the replaced functions")
        try:
            calls = _decode(answer.get("calls"))
        except WireError:
            calls = None
        if type(calls) is not dict or not all(type(v) is int for v in calls.values()):
            _raise(IsolationError("the student's process gave a malformed answer"))
        behaviour.replacing(calls=calls)
        return calls


BIND = "__course_bind_student_names__"


class _BindStudentNames(ast.NodeTransformer):
    """IPython AST transformer: each cell starts by binding the student's names it uses."""

    def __init__(self, student_names: frozenset):
        self.student_names = student_names

    def visit_Module(self, node):
        try:
            used = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & self.student_names)
            if used:
                call = ast.parse(f"{BIND}({used!r}, globals())").body[0]
                for sub in ast.walk(call):
                    sub.lineno, sub.col_offset = 1, 0
                    sub.end_lineno, sub.end_col_offset = 1, 0
                node.body.insert(0, call)
        except Exception:  # noqa: BLE001 - an AST transformer that raises is dropped by IPython
            pass
        return node


def install(connection_info: dict, pid: int | None, student_names, cell_timeout: float, address: str,
            cwd: str | None = None) -> None:
    """Set up this (the tests') kernel for one notebook: connect to the student's kernel, bind names before
    every cell, and show no cell's last expression as a result (a test cell's outcome is its errors only)."""
    global _channel
    import os

    import course.grading
    from IPython import get_ipython
    uninstall()
    behaviour.reset()
    ip = get_ipython()
    if cwd:
        os.chdir(cwd)
    _channel = Channel(connection_info, pid, cell_timeout, address)
    ip.user_ns[BIND] = bind
    ip.ast_transformers.append(_BindStudentNames(frozenset(student_names)))
    ip.ast_node_interactivity = "none"
    ip.events.register("pre_run_cell", _start_cell)
    ip.events.register("post_run_cell", _end_cell)
    course.grading.notebook_functions = _NotebookFunctions()
    course.grading.describers[StudentObject] = lambda v: f"an object of your {object.__getattribute__(v, '_type')}"
    course.grading.describers[StudentFunction] = lambda v: f"your function {v.__name__}"


def uninstall() -> None:
    """Undo `install` (the kernel is kept for the next notebook)."""
    global _channel
    import course.grading
    from IPython import get_ipython
    ip = get_ipython()
    ip.ast_transformers[:] = [t for t in ip.ast_transformers if not isinstance(t, _BindStudentNames)]
    for event, callback in (("pre_run_cell", _start_cell), ("post_run_cell", _end_cell)):
        if callback in ip.events.callbacks[event]:
            ip.events.unregister(event, callback)
    course.grading.notebook_functions = None
    course.grading.modified_inputs.clear()
    if _channel is not None:
        try:
            _channel.end_cell()
            _channel.kc.stop_channels()
            _channel.context.destroy(linger=0)
        except Exception:  # noqa: BLE001
            pass
        _channel = None
