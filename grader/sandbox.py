"""Run the grading kernel in a sandbox: it cannot read source/, the gradebook or other students' work.

nbgrader starts one kernel per notebook through jupyter_client. `SandboxedKernelManager` (used by the
course's `grader.execute.IsolatedExecute`, configured in ``nbgrader_config.py``) starts that kernel under
bubblewrap (``bwrap``, Debian package ``bubblewrap``) with:

- the whole file system read-only (``--ro-bind / /``), a private ``/tmp``, ``/dev`` and ``/proc`` (its own
  PID namespace: the kernel sees no other process, so no other kernel's working directory either);
- the course directory being graded, the checkout the grader's code comes from and the checkout the
  kernel's ``course`` package is imported from (they may differ) replaced by empty folders, into which
  only what the kernel needs is mapped back: the virtual environment and the ``course/`` package
  read-only, and as its working directory a private, writable copy of the student's own
  ``autograded/<student>/<assignment>/`` folder without its notebooks (nbgrader writes the notebook being
  graded there, hidden tests restored, before it runs it);
- the Jupyter runtime folder (other kernels' connection files and keys) hidden, except its own
  connection file;
- the places where other copies of the course may lie (the folder around each checkout, and ``/home``,
  ``/root``, ``/srv``, ``/opt``, ...: `SandboxedKernelManager.private_roots`) hidden, except the Python
  installation itself.

The network is not unshared (the kernel talks to nbgrader over localhost). Interrupts (the per-cell
timeout) are sent as Jupyter ``interrupt_request`` messages, since a signal to the process group would stop
bubblewrap itself.

Where bubblewrap is missing or cannot create namespaces (some containers), the kernel runs unsandboxed and
a warning says so once per process; ``COURSE_SANDBOX=off`` turns the sandbox off, ``COURSE_SANDBOX=require``
makes its absence an error.

    python -m grader.sandbox      tells whether grading kernels will be sandboxed here, and why not
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, List, Type, Unicode

CHECKOUT_ROOT = Path(__file__).resolve().parent.parent  # where grader/ and instructor/ live


def course_package() -> Path:
    """Where the kernel's ``course`` package is imported from (the same environment as this process):
    the checkout around it holds source/ too, whichever checkout that is."""
    import importlib.util
    spec = importlib.util.find_spec("course")
    return Path(spec.origin).resolve().parent if spec and spec.origin else CHECKOUT_ROOT / "course"


class SandboxUnavailable(RuntimeError):
    pass


@functools.lru_cache(maxsize=None)
def bwrap_status() -> tuple[str | None, str]:
    """``(path to bwrap, "")`` when bubblewrap works here, else ``(None, reason)``."""
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return None, "bubblewrap is not installed (Debian: apt-get install bubblewrap)"
    try:
        probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                                "--unshare-pid", "--tmpfs", "/tmp", "true"],
                               capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"bubblewrap does not run: {exc}"
    if probe.returncode != 0:
        return None, f"bubblewrap cannot create a sandbox here: {probe.stderr.strip()[:300]}"
    return bwrap, ""


def sandbox_mode() -> str:
    """``auto`` (default), ``off`` or ``require``, from the environment variable COURSE_SANDBOX."""
    mode = os.environ.get("COURSE_SANDBOX", "auto").strip().lower()
    return mode if mode in ("auto", "off", "require") else "auto"


@functools.lru_cache(maxsize=None)
def _warn_once(reason: str) -> None:
    message = f"grading kernels run WITHOUT a sandbox: {reason}"
    warnings.warn(message, RuntimeWarning, stacklevel=3)
    print(f"[sandbox] WARNING: {message}", file=sys.stderr)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def bwrap_command(bwrap: str, *, hidden: list[Path], readonly: list[Path], writable: list[Path],
                  files: list[Path], extra_binds: list[tuple[Path, str]] | None = None,
                  chdir: Path | None = None) -> list[str]:
    """The bubblewrap prefix: ``hidden`` folders emptied, then ``readonly``, ``writable`` and ``files``
    (read-only single files) mapped back into them."""
    args = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid",
            "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--tmpfs", "/tmp"]
    hidden = sorted({Path(p).resolve() for p in hidden}, key=lambda p: len(p.parts))
    kept = []
    for p in hidden:  # a folder inside another hidden one is already hidden
        if not any(_inside(p, q) for q in kept):
            kept.append(p)
    for p in kept:
        if p.exists():
            args += ["--tmpfs", str(p)]
    for p in readonly:
        p = Path(p).resolve()
        if p.exists() and any(_inside(p, q) for q in kept):
            args += ["--ro-bind", str(p), str(p)]
    for p in writable:
        p = Path(p).resolve()
        if p.exists():
            args += ["--bind", str(p), str(p)]
    for p in files:
        p = Path(p).resolve()
        if p.exists():
            args += ["--ro-bind", str(p), str(p)]
    # ipykernel would take bubblewrap's init (PID 1 in the namespace) for a dead parent and exit;
    # --die-with-parent ends the kernel with its grader instead.
    args += ["--unsetenv", "JPY_PARENT_PID", "--setenv", "IPYTHONDIR", "/tmp/ipython",
             "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib"]
    for source, target in (extra_binds or []):
        args += ["--bind", str(source), str(target)]
    workdir = chdir or (Path(writable[0]).resolve() if writable else "/")
    return args + ["--chdir", str(workdir), "--"]


class _TolerantChannel(AsyncZMQSocketChannel):
    """A channel that drops a message it cannot read (the student's kernel can send anything, signed with
    the key it was given) instead of failing the grading of the whole notebook."""

    async def get_msg(self, timeout=None):
        while True:
            try:
                return await super().get_msg(timeout)
            except (ValueError, IndexError, KeyError, TypeError):
                continue


class TolerantKernelClient(AsyncKernelClient):
    """The grader's client of a student's kernel: unreadable messages are dropped (`_TolerantChannel`)."""

    shell_channel_class = Type(_TolerantChannel)
    iopub_channel_class = Type(_TolerantChannel)
    stdin_channel_class = Type(_TolerantChannel)
    control_channel_class = Type(_TolerantChannel)


class SandboxedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernel runs under bubblewrap (see the module's docstring)."""

    client_class = DottedObjectName("grader.sandbox.TolerantKernelClient")
    client_factory = Type(TolerantKernelClient)

    hidden_paths = List(Unicode(), help="Folders the kernel must not see (besides the course root and the "
                                        "checkout, which are always hidden).").tag(config=True)
    private_roots = List(Unicode(), ["/home", "/root", "/srv", "/opt", "/mnt", "/media"],
                         help="Where other copies of the course may lie: hidden too, except the Python "
                              "installation the kernel runs on.").tag(config=True)
    readonly_paths = List(Unicode(), help="Folders inside hidden ones that the kernel may read.").tag(config=True)

    sandboxed = False
    _mpl_dir = None

    def _private_matplotlib_dir(self) -> str:
        """A writable copy of matplotlib's font cache for this kernel alone (a shared writable cache could be
        poisoned by one student for the next; an empty one makes matplotlib rebuild it and say so on stderr)."""
        self._mpl_dir = tempfile.mkdtemp(prefix="grading-mpl-")
        cache = Path(os.environ.get("MPLCONFIGDIR") or
                     Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib")
        for font_list in cache.glob("fontlist-*.json"):
            shutil.copy2(font_list, self._mpl_dir)
        return self._mpl_dir

    _work_dir = None
    _channel_dir = None

    def channel_address(self) -> str:
        """An ipc address that this kernel and the tests' kernel can reach, and no other student's kernel:
        in a private folder of this grading process, mapped into the sandbox (grader.isolation's socket)."""
        if self._channel_dir is None:
            self._channel_dir = tempfile.mkdtemp(prefix="grading-channel-")
        return f"ipc://{self._channel_dir}/isolation"

    def _working_copy(self, folder: Path) -> str:
        """The student's folder as the kernel sees it: a private copy without notebooks. nbgrader writes the
        notebook being graded there, with the hidden tests restored, before running it."""
        self._work_dir = tempfile.mkdtemp(prefix="grading-work-")
        for item in Path(folder).iterdir():
            if item.suffix == ".ipynb" or item.name.startswith(".ipynb_checkpoints"):
                continue
            try:
                if item.is_dir() and not item.is_symlink():
                    shutil.copytree(item, Path(self._work_dir) / item.name, symlinks=True,
                                    ignore=shutil.ignore_patterns("*.ipynb"))
                elif item.is_file():
                    shutil.copy2(item, self._work_dir)
            except OSError:
                continue
        return self._work_dir

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        for attr in ("_mpl_dir", "_work_dir", "_channel_dir"):
            if getattr(self, attr):
                shutil.rmtree(getattr(self, attr), ignore_errors=True)
                setattr(self, attr, None)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        mode = sandbox_mode()
        if mode == "off":
            return cmd
        bwrap, reason = bwrap_status()
        if not bwrap:
            if mode == "require":
                raise SandboxUnavailable(reason)
            _warn_once(reason)
            return cmd
        cwd = Path(self._launch_args.get("cwd") or os.getcwd()).resolve()
        from jupyter_core.paths import jupyter_runtime_dir
        course = course_package()
        # the checkouts, and the folder around each (where other copies of the course may sit beside them)
        checkouts = {CHECKOUT_ROOT, course.parent}
        around = {p.parent for p in checkouts if p.parent != Path(p.anchor)}
        hidden = [Path(os.getcwd()), *checkouts, *around, Path(jupyter_runtime_dir()),
                  *map(Path, self.hidden_paths), *map(Path, self.private_roots)]
        # the course root being graded: the folder above autograded/<student>/<assignment>
        if len(cwd.parents) >= 3 and cwd.parents[1].name == "autograded":
            hidden.append(cwd.parents[2])
        readonly = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent.parent, course,
                    *map(Path, self.readonly_paths)]
        prefix = bwrap_command(bwrap, hidden=hidden, readonly=readonly, writable=[],
                               files=[Path(self.connection_file)],
                               extra_binds=[(self._private_matplotlib_dir(), "/tmp/matplotlib"),
                                            (self._working_copy(cwd), cwd),
                                            (Path(self.channel_address()[len("ipc://"):]).parent,) * 2],
                               chdir=cwd)
        # interrupts as messages: SIGINT to the process group would stop bwrap itself
        self.kernel_spec.interrupt_mode = "message"
        self.sandboxed = True
        return prefix + cmd


def describe() -> str:
    mode = sandbox_mode()
    if mode == "off":
        return "sandbox: off (COURSE_SANDBOX=off): grading kernels can read the whole course directory"
    bwrap, reason = bwrap_status()
    if bwrap:
        return f"sandbox: bubblewrap ({bwrap}): grading kernels cannot read source/, the gradebook or other students"
    return f"sandbox: UNAVAILABLE ({reason}); grading kernels run unsandboxed" + \
        (" - and COURSE_SANDBOX=require makes grading fail" if mode == "require" else "")


if __name__ == "__main__":
    print(describe())
    sys.exit(0 if bwrap_status()[0] else 1)
