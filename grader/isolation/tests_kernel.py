"""The tests' kernel: a plain (trusted, unsandboxed) Jupyter kernel that runs the test cells.

One per grading process, kept between notebooks: its namespace is reset for every notebook (so nothing of
one submission reaches the next: the student's values only ever arrive as plain data, and the reset drops
them), while the modules it imported (numpy, the course's helpers) stay loaded, so the next notebook does
not pay for a new kernel and its imports. A kernel that died, or that a notebook left in doubt, is
replaced; the last one is stopped when the process exits.
"""
from __future__ import annotations

import atexit
import inspect

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute

from grader.isolation import server, wire

_spare = None  # the kernel a finished notebook left ready for the next one, in this process
# Empties the namespace for the next notebook (IPython's reset() does more, and collects garbage: slower).
RESET = ("(lambda ns, hidden: [ns.pop(k) for k in [k for k in ns if k not in hidden and not k.startswith('__')]])"
         "(get_ipython().user_ns, get_ipython().user_ns_hidden)\n")


def server_installer() -> str:
    """Code that makes the student's side of the channel the module ``_course_isolation`` in a kernel."""
    source = inspect.getsource(wire) + "\n" + inspect.getsource(server)
    return ("import sys as _s, types as _t\n"
            "_m = _t.ModuleType('_course_isolation')\n"
            f"exec(compile({source!r}, '<course-isolation>', 'exec'), _m.__dict__)\n"
            "_s.modules['_course_isolation'] = _m\n"
            "_m.register()\n"
            "del _s, _t, _m\n")


class TestsKernel:
    """The tests' kernel for one notebook: `acquire`, then `connect`, `run_quietly`, `execute_cell`, `release`."""

    def __init__(self, client: Execute, reused: bool):
        self.client = client
        self.reused = reused
        self.connected = False

    @classmethod
    def acquire(cls, nb, resources: dict, parent: Execute) -> "TestsKernel":
        """The spare kernel of this process, else a new one (launched now: it boots while the student's starts)."""
        global _spare
        spare, _spare = _spare, None
        kernel_name = nb.get("metadata", {}).get("kernelspec", {}).get("name") or parent.kernel_name
        if spare is not None and spare.kernel_name == kernel_name and spare.km is not None:
            spare.nb, spare.resources = nb, resources
            spare.timeout = parent.timeout + 30 if parent.timeout else None
            return cls(spare, reused=True)
        if spare is not None:
            _stop(spare)
        client = Execute(kernel_manager_class=AsyncKernelManager, kernel_name=kernel_name,
                         timeout=parent.timeout + 30 if parent.timeout else None, interrupt_on_timeout=True,
                         allow_errors=True, startup_timeout=parent.startup_timeout, log=parent.log,
                         extra_arguments=list(parent.extra_arguments), resources=resources,
                         shutdown_kernel="immediate")  # nothing in it is needed once the notebook is graded
        client.nb = nb  # execute_cell stores each cell back into it
        client.km = client.create_kernel_manager()
        client.start_new_kernel()
        return cls(client, reused=False)

    def connect(self, student_km, student_names, cell_timeout: float) -> None:
        """Connect to the student's kernel (which must run `server_installer`'s code first)."""
        if hasattr(student_km, "channel_address"):
            address = student_km.channel_address()
        else:  # another kernel manager: a private folder of this process (the kernel is not sandboxed)
            import tempfile
            address = f"ipc://{tempfile.mkdtemp(prefix='grading-channel-')}/isolation"
        client = self.client
        if client.kc is None:
            client.start_new_kernel_client()
        info = dict(student_km.get_connection_info(session=False))
        info["key"] = info["key"].decode() if isinstance(info.get("key"), bytes) else info.get("key")
        pid = getattr(getattr(student_km, "provisioner", None), "pid", None)
        cwd = (client.resources or {}).get("metadata", {}).get("path")
        setup = (RESET if self.reused else "") + (
            "import grader.isolation.proxy as _proxy\n"
            f"_proxy.install({info!r}, {pid!r}, {sorted(student_names)!r}, {cell_timeout!r}, {address!r}, {cwd!r})\n"
            "del _proxy\n")
        self.run_quietly(setup, must_succeed=True)
        self.connected = True

    def run_quietly(self, code: str, must_succeed: bool = False, as_cell: bool = False) -> None:
        """Run ``code`` without keeping its output: setup, or (``as_cell``) a given cell the tests need, which
        runs as a cell does (its own time limit for calls into the student's code) but is not numbered."""
        from nbclient.exceptions import CellTimeoutError
        client = self.client
        try:
            reply = client.wait_for_reply(client.kc.execute(code, silent=not as_cell, store_history=False))
        except CellTimeoutError:  # a given cell that hangs in the student's code: the test will say so
            reply = None
        if must_succeed and (not reply or reply["content"].get("status") != "ok"):
            content = reply["content"] if reply else {}
            raise RuntimeError(f"the tests' kernel could not be set up: {content.get('ename')}: {content.get('evalue')}")

    def execute_cell(self, cell, index: int):
        return self.client.execute_cell(cell, index, store_history=True)

    def release(self, healthy: bool) -> None:
        """Keep the kernel for the next notebook when it is ``healthy``, else stop it."""
        global _spare
        client = self.client
        if healthy and self.connected:
            try:
                self.run_quietly("import grader.isolation.proxy as _proxy\n_proxy.uninstall()\ndel _proxy\n",
                                 must_succeed=True)
                _spare = client
                return
            except Exception:  # noqa: BLE001 - then it is not fit for another notebook
                pass
        _stop(client)


def spare():
    """The kernel the last notebook graded in this process left (its recorded calls still there), or None."""
    return _spare


def evaluate(client, expression: str):
    """The repr of ``expression`` evaluated in the kernel of ``client`` (a spare one), or None; a kernel that
    does not answer within its time limit is stopped (not kept for the next notebook)."""
    global _spare
    try:
        reply = client.wait_for_reply(client.kc.execute("", silent=True, store_history=False,
                                                        user_expressions={"r": expression}))
    except Exception:  # noqa: BLE001 - a timeout, a dead kernel
        reply = None
    if not reply:
        if _spare is client:
            _spare = None
        _stop(client)
        return None
    value = reply["content"].get("user_expressions", {}).get("r", {})
    return value.get("data", {}).get("text/plain") if value.get("status") == "ok" else None


def _stop(client) -> None:
    try:
        client._cleanup_kernel()
    except Exception:  # noqa: BLE001 - grading is done; a stuck shutdown must not lose it
        pass


@atexit.register
def _stop_spare() -> None:
    global _spare
    spare, _spare = _spare, None
    if spare is not None:
        _stop(spare)
