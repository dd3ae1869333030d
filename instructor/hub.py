"""A whole class on one machine's JupyterHub: accounts, nbgrader's exchange, a PostgreSQL gradebook.

    ./run hub [--students N | --roster FILE.csv] [--port N] [--assignment A ...] [--protect-checkout]
                                                                                     start (idempotent)
    ./run hub stop [--remove-accounts]                                               stop everything it started
    ./run hub status

(``./run hub`` is ``python -m instructor.hub start``, run as root: it creates Unix accounts.) What it sets up,
in a state folder (default ``.hub/class`` in the checkout; ``--state DIR``):

- real Unix accounts: an instructor (``nnfs-instructor``) and the students (``nnfs-student01`` ... or the ids
  of a roster CSV with an ``id`` column, nbgrader's format), homes private (0700); the instructor is in the
  class's graders group (``nnfs-graders``);
- nbgrader's exchange in ``exchange/``, laid out for the hardened exchange classes (instructor/exchange.py);
- the gradebook in PostgreSQL (``instructor.postgres``, data in ``postgres/``, loopback and password only);
- the instructor's course directory ``~nnfs-instructor/<course id>/``: the course's ``nbgrader_config.py`` (its
  grading extensions: isolation, sandbox, integrity scan, feedback without hidden tests) plus a block naming
  the PostgreSQL gradebook and the exchange, and the assignments' ``source/`` (generated into ``release/``);
- per-role Jupyter configuration (``config/student``, ``config/instructor``): students get nbgrader's
  assignment list and validate, never formgrader or create-assignment; the instructor's server starts in
  the course directory with formgrader, whose iframe JupyterHub would block (``frame-ancestors 'none'``): the
  instructor's server alone sends ``frame-ancestors 'self'``;
- JupyterHub itself (deploy/hub/jupyterhub_config.py) with configurable-http-proxy, on ``127.0.0.1``.
- ``--protect-checkout``: the students' servers import the course package from this checkout, so it must be
  readable by them; its solutions (source/, tests/, .git, instructor/mutants/) need not be: this makes every
  entry the students do not need the graders' group's only (`protect_checkout`). Without it a warning says
  what any account can read.

The users' servers run a Python every account can execute: the checkout's ``.venv`` when it can
(``COURSE_HUB_PYTHON`` names another), else ``.hub/venv``, which ``./run`` builds from the system's python3.
"""
from __future__ import annotations

import argparse
import csv
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course.paths import COURSE_ROOT
from instructor import exchange, postgres
from instructor.coursedir import BLAS_THREAD_VARS

DEPLOY = COURSE_ROOT / "deploy" / "hub"
TOOLS = COURSE_ROOT / ".hub"                      # git-ignored: the proxy, the users' venv, the default state
DEFAULT_STATE = TOOLS / "class"
PROXY = TOOLS / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE_ID = "nn-from-scratch"
SECRET_FILES = ("password", "admin_token", "proxy_token")
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
HUB_MARK = "# -- The class on JupyterHub (written by instructor.hub; rewritten at every start) --"


class HubUnavailable(RuntimeError):
    pass


# -- the Python the users' servers run ------------------------------------------------------------------------
def runnable_by_others(python: str) -> bool:
    """Whether an unprivileged account (``nobody``) can run ``python`` and import the course from it."""
    try:
        result = subprocess.run(["runuser", "-u", "nobody", "--", python, "-c", "import course, jupyterhub"],
                                capture_output=True, cwd="/", timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def checkout_reachable() -> bool:
    """Whether other accounts can read this checkout's course package (the students' servers import it)."""
    return subprocess.run(["runuser", "-u", "nobody", "--", "test", "-r", str(COURSE_ROOT / "course" / "__init__.py")],
                          capture_output=True).returncode == 0


def users_python() -> str:
    """The Python of the users' servers (see the module's docstring)."""
    if not checkout_reachable():
        raise HubUnavailable(f"other accounts cannot read {COURSE_ROOT}: the class's servers import the course "
                             "from it; clone the course where every account can traverse (not in root's home)")
    candidates = [os.environ.get("COURSE_HUB_PYTHON"), str(Path(sys.prefix) / "bin" / "python"),
                  str(TOOLS / "venv" / "bin" / "python")]
    for python in filter(None, candidates):
        if Path(python).exists() and runnable_by_others(python):
            return python
    raise HubUnavailable("no Python environment with the course that the class's accounts can run: "
                         f"{sys.prefix} is not reachable by other accounts. `./run setup --hub` builds one in "
                         f"{TOOLS / 'venv'} from the system's python3")


def proxy_command() -> str:
    if not PROXY.exists():
        if not shutil.which("npm"):
            raise HubUnavailable("configurable-http-proxy needs Node.js and npm (Debian: apt-get install npm)")
        raise HubUnavailable(f"configurable-http-proxy is not installed in {PROXY.parent.parent}: run "
                             "`./run setup --hub` (npm ci of deploy/hub/package.json)")
    return str(PROXY)


# -- the class --------------------------------------------------------------------------------------------------
@dataclass
class ClassSpec:
    """Who is in the class and where its state is (written to ``hub.json``, read by jupyterhub_config.py)."""
    state: str
    instructor: str
    students: list[str]
    graders_group: str
    assignments: list[str]
    course_id: str = COURSE_ID
    ip: str = "127.0.0.1"
    port: int = 0
    hub_port: int = 0
    proxy_api_port: int = 0
    users_python: str = ""
    proxy_command: str = ""
    course_dir: str = ""
    exchange: str = ""
    config_dirs: dict = field(default_factory=dict)

    @property
    def accounts(self) -> list[str]:
        return [self.instructor, *self.students]

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    @classmethod
    def load(cls, state: Path) -> "ClassSpec | None":
        try:
            return cls(**json.loads((Path(state) / "hub.json").read_text()))
        except (OSError, ValueError):
            return None

    def save(self) -> None:
        path = Path(self.state) / "hub.json"
        path.write_text(json.dumps(asdict(self), indent=1))
        path.chmod(0o644)


def read_roster(path: Path) -> list[str]:
    """Student ids from a CSV roster with an ``id`` column (nbgrader's ``db student import`` format)."""
    with open(path, newline="") as f:
        ids = [row["id"].strip() for row in csv.DictReader(f) if row.get("id", "").strip()]
    bad = [i for i in ids if not NAME.match(i)]
    if bad:
        raise ValueError(f"roster ids must be valid account names (lowercase, digits, - and _): {bad}")
    return ids


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise HubUnavailable(f"{' '.join(cmd)} failed: {(result.stderr or result.stdout).strip()[-2000:]}")
    return result


def ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        run(["groupadd", name])
        return grp.getgrnam(name).gr_gid


def ensure_account(name: str, groups: list[str] = ()) -> pwd.struct_passwd:
    """A Unix account ``name`` with a private home (created if missing; added to ``groups``)."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        run(["useradd", "--create-home", "--shell", "/bin/bash", "-K", "HOME_MODE=0700", name])
    for group in groups:
        run(["usermod", "-a", "-G", group, name])
    entry = pwd.getpwnam(name)
    os.chmod(entry.pw_dir, 0o700)
    return entry


def remove_account(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)


def user_env(name: str, python: str, **extra: str) -> dict:
    """The environment a command runs in as the account ``name`` (the course's Python first on PATH)."""
    entry = pwd.getpwnam(name)
    env = {"HOME": entry.pw_dir, "USER": name, "LOGNAME": name, "SHELL": "/bin/bash", "LANG": "C.UTF-8",
           "PATH": os.pathsep.join([str(Path(python).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
           "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg"}
    for var in (*BLAS_THREAD_VARS, "MNIST_OFFLINE", "COURSE_SANDBOX"):
        if var in os.environ:
            env[var] = os.environ[var]
    env.update(extra)
    return env


def as_user(name: str, args: list[str], *, cwd: str | Path, python: str, check: bool = True,
            timeout: float | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``args`` as the account ``name`` (``runuser``), with the course's environment."""
    full_env = user_env(name, python, **(env or {}))
    cmd = ["runuser", "-u", name, "--", "env", "-i", *[f"{k}={v}" for k, v in full_env.items()], *args]
    result = subprocess.run(cmd, cwd=str(cwd), capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"as {name}: {' '.join(args)} failed ({result.returncode}):\n"
                           f"{result.stdout[-3000:]}{result.stderr[-5000:]}")
    return result


def chown_tree(path: Path, uid: int, gid: int) -> None:
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, uid, gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), uid, gid, follow_symlinks=False)


def _secret(path: Path, nbytes: int = 24, hex: bool = False) -> str:
    if not path.exists():
        path.write_text((secrets.token_hex(nbytes) if hex else secrets.token_urlsafe(nbytes)) + "\n")
    path.chmod(0o600)
    return path.read_text().strip()


# -- setting the class up --------------------------------------------------------------------------------------
def lay_out_exchange(spec: ClassSpec, instructor: pwd.struct_passwd, graders_gid: int) -> None:
    """The exchange's folders, owned as instructor/exchange.py expects (see its docstring)."""
    root = Path(spec.exchange)
    root.mkdir(parents=True, exist_ok=True)
    os.chown(root, 0, 0)
    root.chmod(0o755)
    course = root / spec.course_id
    for path, mode in ((course, 0o755), (course / "outbound", 0o755), (course / "inbound", 0o3733),
                       (course / "feedback", 0o711)):
        path.mkdir(exist_ok=True)
        os.chown(path, instructor.pw_uid, graders_gid)
        path.chmod(mode)


def _nbgrader_lines(spec: ClassSpec) -> str:
    return (f"c.CourseDirectory.course_id = {spec.course_id!r}\n"
            f"c.Exchange.root = {spec.exchange!r}\n"
            + exchange.factory_config())


def write_role_configs(spec: ClassSpec) -> None:
    """Jupyter configuration folders, one per role (``JUPYTER_CONFIG_PATH`` of the users' servers).

    Students get the setup ``./run student`` gives them (``course.lab.student_config``: no formgrader, no
    create-assignment, validate kept; no news feed), plus the class's nbgrader settings. The instructor
    gets every nbgrader extension, and a server that formgrader's iframe may be shown from (see README)."""
    from course import lab
    from instructor import lab as instructor_lab

    base = Path(spec.state) / "config"
    spec.config_dirs = {}
    for role in ("student", "instructor"):
        folder = base / role
        if role == "student":
            lab.student_config(folder)
        else:
            # the setup of `./run instructor` (instructor.lab); formgrader is an iframe in JupyterLab, and
            # JupyterHub's servers forbid every frame by default: the instructor's server alone may be framed
            # by pages of the same origin.
            instructor_lab.instructor_config(folder, frame_ancestors="'self'")
        (folder / "nbgrader_config.py").write_text(
            "# nbgrader settings of every " + role + "'s server (instructor.hub)\nc = get_config()  # noqa\n"
            + _nbgrader_lines(spec))
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, 0, 0)
            path.chmod(0o755 if path.is_dir() else 0o644)
        spec.config_dirs[role] = str(folder)
    base.chmod(0o755)


def make_course_dir(spec: ClassSpec, gradebook_url: str, python: str) -> Path:
    """The instructor's course directory: the course's config with the class's block, sources, releases."""
    entry = pwd.getpwnam(spec.instructor)
    course = Path(spec.course_dir)
    course.mkdir(parents=True, exist_ok=True)
    config = (COURSE_ROOT / "nbgrader_config.py").read_text()
    config += (f"\n\n{HUB_MARK}\n# The gradebook is the class's PostgreSQL database, the exchange the hub's.\n"
               f"c.CourseDirectory.db_url = {gradebook_url!r}\n" + _nbgrader_lines(spec))
    (course / "nbgrader_config.py").write_text(config)
    (course / "nbgrader_config.py").chmod(0o600)  # the gradebook's password
    missing = [a for a in spec.assignments if not (course / "source" / a).is_dir()]
    for a in missing:
        shutil.copytree(COURSE_ROOT / "source" / a, course / "source" / a)
    chown_tree(course, entry.pw_uid, entry.pw_gid)
    for a in missing:
        as_user(spec.instructor, [python, "-m", "nbgrader", "generate_assignment", a, "--force"], cwd=course,
                python=python)
    return course


# -- the instructor's checkout, out of the students' reach ------------------------------------------------------
# What the students' servers need of the checkout: the course package, the exchange classes (instructor/), the
# users' venv (.hub/ or .venv). Everything else (source/ with the solutions and hidden tests, the tests, the
# git history, instructor/mutants/ with edits of the solutions) is the graders' only.
STUDENTS_NEED = ("course", "instructor", ".hub", ".venv")
GRADERS_ONLY_INSIDE = {"instructor": ("mutants", "templates")}


def exposed_solutions(root: Path = COURSE_ROOT) -> list[Path]:
    """Paths of the checkout holding solutions that every account can read (each parent traversable)."""
    def open_to_all(path: Path) -> bool:
        chain = [path, *path.parents]
        return path.exists() and bool(os.stat(path).st_mode & 0o004) and \
            all(os.stat(p).st_mode & 0o001 for p in chain[1:])
    candidates = [root / "source", root / ".git", root / "tests", root / "instructor" / "mutants"]
    return [p for p in candidates if open_to_all(p)]


def protect_checkout(root: Path, graders_group: str) -> list[Path]:
    """Make the checkout's entries that students do not need the graders' only; returns what changed.

    Top-level entries only (and instructor/mutants, instructor/templates): group ``graders_group``, nothing for
    other accounts. What lies inside keeps its modes, out of reach behind its folder. Undo with
    ``chmod o+rX`` on them."""
    gid = ensure_group(graders_group)
    changed = []
    entries = [p for p in Path(root).iterdir() if p.name not in STUDENTS_NEED]
    for parent, names in GRADERS_ONLY_INSIDE.items():
        entries += [Path(root) / parent / n for n in names if (Path(root) / parent / n).exists()]
    for path in entries:
        if path.is_symlink():
            continue
        before = os.stat(path).st_mode & 0o7777
        mode = (before & ~0o007) | (0o050 if path.is_dir() else 0o040)
        os.chown(path, -1, gid)
        if mode != before:
            os.chmod(path, mode)
        changed.append(path)
    return changed


def plan(state: Path, students: list[str], instructor: str, graders_group: str,
         assignments: list[str], port: int | None = None) -> ClassSpec:
    """The class's spec: kept from an earlier start (ports, accounts) where there is one."""
    old = ClassSpec.load(state)
    spec = ClassSpec(state=str(state), instructor=instructor, students=students, graders_group=graders_group,
                     assignments=assignments)
    if old:
        spec.port, spec.hub_port, spec.proxy_api_port = old.port, old.hub_port, old.proxy_api_port
        spec.assignments = sorted(set(old.assignments) | set(assignments))
        spec.students = list(dict.fromkeys([*old.students, *students]))
    spec.port = port or spec.port or postgres.free_port()
    spec.hub_port = spec.hub_port or postgres.free_port()
    spec.proxy_api_port = spec.proxy_api_port or postgres.free_port()
    spec.exchange = str(state / "exchange")
    return spec


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


class Hub:
    """One class's hub: `start` (idempotent), `stop`, and the administration API the tests drive."""

    def __init__(self, state: Path | str = DEFAULT_STATE):
        self.state = Path(state).resolve()

    @property
    def spec(self) -> ClassSpec | None:
        return ClassSpec.load(self.state)

    def admin_token(self) -> str:
        return (self.state / "admin_token").read_text().strip()

    def password(self) -> str:
        return (self.state / "password").read_text().strip()

    def running(self) -> bool:
        spec = self.spec
        pid = _pid(self.state / "hub.pid")
        if spec is None or pid is None:
            return False
        import requests
        try:
            return requests.get(f"{spec.url}/hub/api", timeout=5).ok
        except requests.RequestException:
            return False

    # -- start ---------------------------------------------------------------------------------------------
    def start(self, students: list[str], *, instructor: str = "nnfs-instructor", graders_group: str = "nnfs-graders",
              assignments: list[str] | None = None, port: int | None = None, timeout: float = 120,
              protect: bool = False, roster: Path | None = None, log=print) -> ClassSpec:
        if os.geteuid() != 0:
            raise HubUnavailable("the hub creates Unix accounts and runs servers as them: run it as root")
        for name in [instructor, *students]:
            if not NAME.match(name):
                raise ValueError(f"not a valid account name: {name!r}")
        assignments = list(assignments or [])
        if self.running():
            spec = self.spec
            log(f"the hub is already running: {spec.url}")
            return spec
        t0 = time.perf_counter()
        python = users_python()
        proxy = proxy_command()
        self.state.mkdir(parents=True, exist_ok=True)
        self.state.chmod(0o755)  # the accounts reach exchange/ and config/ in it; its secrets are 0600
        spec = plan(self.state, students, instructor, graders_group, assignments, port)
        spec.users_python, spec.proxy_command = python, proxy
        spec.save()  # first: a start that fails half-way can still be stopped (and its accounts removed)
        for name in SECRET_FILES:
            _secret(self.state / name)
        _secret(self.state / "cookie_secret", 32, hex=True)

        graders_gid = ensure_group(graders_group)
        instructor_entry = ensure_account(instructor, [graders_group])
        for student in spec.students:
            ensure_account(student)
        spec.course_dir = str(Path(instructor_entry.pw_dir) / spec.course_id)
        if protect:
            changed = protect_checkout(COURSE_ROOT, graders_group)
            log(f"the checkout's {len(changed)} entries students do not need are now {graders_group}'s only")
        exposed = exposed_solutions()
        if exposed:
            log("WARNING: every account on this machine can read the instructor's solutions in "
                + ", ".join(str(p) for p in exposed) + ": run `./run hub --protect-checkout` (see README)")
        lay_out_exchange(spec, instructor_entry, graders_gid)
        write_role_configs(spec)
        server = postgres.PostgresServer(self.state / "postgres")
        gradebook = server.start(postgres.DATABASE)
        make_course_dir(spec, gradebook, python)
        if roster:  # names and e-mails in formgrader and the gradebook
            copy = Path(spec.course_dir) / "roster.csv"
            shutil.copyfile(roster, copy)
            os.chown(copy, instructor_entry.pw_uid, instructor_entry.pw_gid)
            as_user(instructor, [python, "-m", "nbgrader", "db", "student", "import", "roster.csv"],
                    cwd=spec.course_dir, python=python)
        spec.save()
        log(f"accounts, exchange, gradebook and course directory ready ({time.perf_counter() - t0:.1f} s)")

        env = dict(os.environ, COURSE_HUB_STATE=str(self.state))
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        with open(self.state / "hub.log", "ab") as out:
            proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(DEPLOY / "jupyterhub_config.py")],
                                    cwd=self.state, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        (self.state / "hub.pid").write_text(f"{proc.pid}\n")
        deadline = time.monotonic() + timeout
        while not self.running():
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = (self.state / "hub.log").read_text(errors="replace")[-3000:]
                self.stop()
                raise HubUnavailable(f"JupyterHub did not start (see {self.state / 'hub.log'}):\n{tail}")
            time.sleep(0.3)
        log(f"JupyterHub is up at {spec.url} ({time.perf_counter() - t0:.1f} s)")
        return spec

    # -- stop ----------------------------------------------------------------------------------------------
    def stop(self, *, remove_accounts: bool = False, log=print) -> None:
        """Stop the hub, the proxy, every server and kernel of the class's accounts, and PostgreSQL.

        Nothing to stop is not an error. ``remove_accounts``: also delete the accounts (homes included) and
        the graders' group."""
        spec = self.spec
        pid = _pid(self.state / "hub.pid")
        if pid:
            os.kill(pid, signal.SIGTERM)  # the hub stops the users' servers and its proxy itself
            if not _wait_gone(pid, 60):
                os.kill(pid, signal.SIGKILL)
                _wait_gone(pid, 10)
            log("JupyterHub stopped")
        proxy = _pid(self.state / "proxy.pid")
        if proxy and "configurable-http-proxy" in _cmdline(proxy):
            _terminate(proxy)
        if spec:
            uids = {pwd.getpwnam(n).pw_uid for n in spec.accounts if _exists(n)}
            leftovers = [p for p in _processes() if p[1] in uids]
            for p, _ in leftovers:
                _terminate(p)
            if leftovers:
                log(f"stopped {len(leftovers)} leftover process(es) of the class's accounts")
        server = postgres.PostgresServer(self.state / "postgres")
        if server.initialized and server.running():
            server.stop()
            log("PostgreSQL stopped")
        for name in ("hub.pid", "proxy.pid", "jupyterhub.pid"):
            (self.state / name).unlink(missing_ok=True)
        if remove_accounts and spec:
            for name in spec.accounts:
                remove_account(name)
            subprocess.run(["groupdel", spec.graders_group], capture_output=True)
            log(f"removed the accounts {', '.join(spec.accounts)}")

    # -- the hub's REST API, as the course's administration service ----------------------------------------
    def api(self, method: str, path: str, **kwargs):
        import requests
        response = requests.request(method, f"{self.spec.url}/hub/api{path}", timeout=kwargs.pop("timeout", 60),
                                    headers={"Authorization": f"token {self.admin_token()}"}, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def start_server(self, user: str, timeout: float = 180) -> str:
        """Start ``user``'s server unless it is running and answering, and wait until it answers; its URL.

        A server that died (killed, crashed) is started again, as the hub does when its user comes back; one
        the hub is still stopping is waited for first."""
        import requests
        deadline = time.monotonic() + timeout
        while True:
            model = self.api("GET", f"/users/{user}")
            server = model.get("servers", {}).get("", {})
            if server.get("ready") and self._answers(server["url"]):
                return self.spec.url + server["url"]
            if not server.get("pending"):
                try:
                    self.api("POST", f"/users/{user}/server")  # the hub polls a 'ready' one: a dead one restarts
                except requests.HTTPError as exc:
                    if exc.response.status_code != 400:  # 400: running or pending: look again
                        raise
            if time.monotonic() > deadline:
                raise HubUnavailable(f"{user}'s server did not start in {timeout} s: {model}")
            time.sleep(0.3)

    def _answers(self, server_url: str) -> bool:
        """Whether the server behind the proxy at ``server_url`` answers (jupyter_server's /api: its version)."""
        import requests
        try:
            return requests.get(f"{self.spec.url}{server_url}api", timeout=10).ok
        except requests.RequestException:
            return False

    def user_token(self, user: str, note: str = "course") -> str:
        """A new API token of ``user`` (what the user's browser session holds), for their own server."""
        return self.api("POST", f"/users/{user}/tokens", json={"note": note, "expires_in": 3600})["token"]


class UserClient:
    """One account's view of its own server through the hub: its URL and a token of its own (what the
    user's browser holds), nbgrader's assignment-list, validate and formgrader handlers, the contents API."""

    def __init__(self, hub: Hub, name: str, url: str | None = None):
        import requests
        self.name, self.url = name, url or hub.start_server(name)
        self.course_id = hub.spec.course_id
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {hub.user_token(name)}"

    @property
    def token(self) -> str:
        return self.session.headers["Authorization"].split()[-1]

    def get(self, path: str, **kw):
        r = self.session.get(self.url + path, timeout=120, **kw)
        r.raise_for_status()
        return r

    def post(self, path: str, **kw):
        r = self.session.post(self.url + path, timeout=600, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def put_notebook(self, path: str, nb) -> None:
        r = self.session.put(self.url + "api/contents/" + path, timeout=60,
                             json={"type": "notebook", "format": "json", "content": nb})
        r.raise_for_status()

    def notebook(self, path: str):
        import nbformat
        return nbformat.from_dict(self.get("api/contents/" + path, params={"content": "1"}).json()["content"])

    def action(self, action: str, assignment: str) -> dict:
        """fetch, submit or fetch_feedback, as the Assignment List panel asks for it."""
        out = self.post(f"assignments/{action}", json={"course_id": self.course_id, "assignment_id": assignment})
        if out.get("success") is False:
            raise RuntimeError(f"{self.name}: {action} {assignment} failed: {str(out.get('value'))[-2000:]}")
        return out


def answered(release_nb, source_nb):
    """A student's notebook: ``release_nb`` with each answer cell taken from ``source_nb`` (the instructor's
    notebook, or an edit of it), the solution markers dropped."""
    import nbformat

    from instructor.classroom import cell_by_grade_id
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answer = cell_by_grade_id(source_nb, meta["grade_id"]).source
            cell.source = "\n".join(line for line in answer.splitlines()
                                    if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return nb


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _processes() -> list[tuple[int, int]]:
    """(pid, uid) of every process."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out.append((int(entry.name), entry.stat().st_uid))
            except OSError:
                continue
    return out


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


def _terminate(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    if not _wait_gone(pid, 10):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        _wait_gone(pid, 5)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="./run hub", description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", default="start", choices=["start", "stop", "status"])
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE, help=f"the class's state folder ({DEFAULT_STATE})")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--students", type=int, default=3, help="number of student accounts nnfs-student01... (3)")
    who.add_argument("--roster", type=Path, help="a CSV with an id column: one account per student id")
    parser.add_argument("--instructor", default="nnfs-instructor")
    parser.add_argument("--assignment", action="append", help="assignments of the course directory (default: all)")
    parser.add_argument("--port", type=int, help="the hub's port on 127.0.0.1 (default: a free one, kept)")
    parser.add_argument("--protect-checkout", action="store_true",
                        help="make this checkout's solutions, tests and history unreadable to the students")
    parser.add_argument("--remove-accounts", action="store_true", help="stop: also delete the class's accounts")
    args = parser.parse_args(argv)
    hub = Hub(args.state)
    try:
        if args.action == "stop":
            hub.stop(remove_accounts=args.remove_accounts)
            return 0
        if args.action == "status":
            spec = hub.spec
            print(f"running at {spec.url}" if hub.running() else "not running")
            return 0 if hub.running() else 3
        from instructor.coursedir import assignments
        students = read_roster(args.roster) if args.roster else [f"nnfs-student{i:02d}"
                                                                  for i in range(1, args.students + 1)]
        spec = hub.start(students, instructor=args.instructor, assignments=args.assignment or assignments(),
                         port=args.port, protect=args.protect_checkout, roster=args.roster)
    except (HubUnavailable, ValueError, postgres.PostgresUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"\nThe class's hub: {spec.url}  (loopback only)\n"
          f"  instructor: {spec.instructor}   students: {', '.join(spec.students)}\n"
          f"  password (every account, SharedPasswordAuthenticator): {hub.password()}\n"
          f"  course directory: {spec.course_dir}   gradebook: PostgreSQL in {hub.state / 'postgres'}\n"
          f"  stop: ./run hub stop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
