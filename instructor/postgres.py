"""A PostgreSQL server of the course's own: the gradebook that distributed grading writes to.

nbgrader's gradebook is a database URL (``CourseDirectory.db_url``). SQLite, the course's default, is a
file in the instructor's course directory: right for one machine, out of reach of grading workers on
other hosts. Distributed grading (``python -m instructor.autograde ... --cluster/--scheduler``) writes to
PostgreSQL instead, started here with Debian's ``postgresql`` binaries (``apt-get install postgresql``;
``./run test`` installs it). This is the one way the project starts PostgreSQL; anything else that needs
it (tests, a JupyterHub deployment) uses `PostgresServer` or this command:

    python -m instructor.postgres start DATADIR [--port N] [--listen ADDRESS]   # init once, start, print the URL
    python -m instructor.postgres url DATADIR [--database NAME]                  # the gradebook's URL again
    python -m instructor.postgres stop DATADIR

- The data directory is the server's alone (``initdb`` into it on first start); its Unix socket is in it.
- TCP on ``127.0.0.1`` only by default; ``--listen ADDRESS`` (e.g. the instructor's host name, for
  workers on other machines) adds that address.
- Every connection, socket or TCP, needs the password (scram-sha-256): grading kernels share the
  machine's network, so nothing is trusted for being local. The password is generated at ``initdb`` and
  kept, with the URL, in ``DATADIR/gradebook.url`` (readable by the server's user only); pass the URL (or
  that file) to ``instructor.autograde --gradebook``, never through the environment of a grading run.
- PostgreSQL refuses to run as root: run as root (CI, containers), the server runs as the unprivileged
  system user ``postgres`` (created by Debian's package), or ``course-postgres``, created with
  ``useradd --system`` when neither exists; the data directory is handed to that user, so its parent
  folders must be traversable by it (``/tmp``, ``/var/lib/...``; not a folder under ``/root``).
"""
from __future__ import annotations

import argparse
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ADMIN = "nbgrader"          # the database role the gradebook is written as (the cluster's superuser)
DATABASE = "gradebook"      # the database created for the course's gradebook
URL_FILE = "gradebook.url"  # in the data directory: the gradebook's URL, password included
SERVICE_USERS = ("postgres", "course-postgres")


class PostgresUnavailable(RuntimeError):
    pass


def bindir() -> Path:
    """Where PostgreSQL's server programs are: Debian's newest /usr/lib/postgresql/<version>/bin, else PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise PostgresUnavailable("PostgreSQL's server programs (initdb, pg_ctl) were not found: "
                              "`apt-get install postgresql` (Debian), or put them on PATH")


def available() -> bool:
    try:
        bindir()
        return True
    except PostgresUnavailable:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def service_user() -> str | None:
    """The unprivileged user the server runs as when this process is root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in SERVICE_USERS:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USERS[-1]],
                   check=True, capture_output=True)
    return SERVICE_USERS[-1]


class PostgresServer:
    """One PostgreSQL server in ``datadir``: `start` (initdb on first use), `create_database`, `url`, `stop`.

    Also a context manager (start ... stop). ``port`` defaults to a free one, chosen at initdb and kept.
    """

    def __init__(self, datadir: Path | str, port: int | None = None, listen: str | None = None):
        self.datadir = Path(datadir).resolve()
        self._port = port
        self.listen = listen
        self.user = service_user()

    # -- running programs as the server's user -------------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(bindir() / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd="/")
        if check and result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
                                      f"{self._log_tail()}")
        return result

    def _log_tail(self) -> str:
        try:
            return "\nserver log:\n" + (self.datadir / "server.log").read_text()[-2000:]
        except OSError:
            return ""

    def _chown(self, path: Path) -> None:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def initialized(self) -> bool:
        return (self.datadir / "PG_VERSION").exists()

    @property
    def port(self) -> int:
        conf = self.datadir / "postgresql.conf"
        if conf.exists():
            for line in conf.read_text().splitlines():
                if line.startswith("port = "):
                    return int(line.split("=", 1)[1].split("#")[0].strip())
        return self._port or 5432

    def password(self) -> str:
        return (self.datadir / ".password").read_text().strip()

    def url(self, database: str = DATABASE, host: str | None = None) -> str:
        """The SQLAlchemy URL nbgrader's ``db_url`` takes (psycopg2 driver), password included."""
        host = host or (self.listen if self.listen and self.listen not in ("*", "0.0.0.0") else "127.0.0.1")
        return f"postgresql+psycopg2://{ADMIN}:{quote(self.password(), safe='')}@{host}:{self.port}/{database}"

    def running(self) -> bool:
        return self.initialized and self._run("pg_ctl", "-D", str(self.datadir), "status", check=False).returncode == 0

    # -- life cycle ----------------------------------------------------------------------------------------
    def init(self) -> None:
        """initdb into the data directory (empty or missing), password authentication everywhere."""
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.datadir.chmod(0o700)
        self._chown(self.datadir)
        if self.user and subprocess.run(["runuser", "-u", self.user, "--", "test", "-w", str(self.datadir)],
                                        capture_output=True).returncode != 0:
            raise PostgresUnavailable(f"the server's user {self.user!r} cannot reach {self.datadir}: choose a data "
                                      "directory whose parent folders it can traverse (e.g. under /tmp or /var/lib)")
        password = secrets.token_urlsafe(24)
        import tempfile
        with tempfile.TemporaryDirectory(prefix="course-pg-init-") as tmp:  # initdb wants the data dir empty
            os.chmod(tmp, 0o700)
            self._chown(Path(tmp))
            pwfile = Path(tmp) / "password"
            pwfile.write_text(password + "\n")
            self._chown(pwfile)
            self._run("initdb", "-D", str(self.datadir), "-U", ADMIN, f"--pwfile={pwfile}", "-A", "scram-sha-256",
                      "-E", "UTF8", "--no-instructions")
        pwfile = self.datadir / ".password"
        pwfile.write_text(password + "\n")
        pwfile.chmod(0o600)
        self._chown(pwfile)
        port = self._port or free_port()
        listen = ["127.0.0.1"] + ([self.listen] if self.listen and self.listen != "127.0.0.1" else [])
        with open(self.datadir / "postgresql.conf", "a") as conf:
            conf.write("\n# instructor.postgres\n"
                       f"port = {port}\n"
                       f"listen_addresses = '{','.join(listen)}'\n"
                       f"unix_socket_directories = '{self.datadir}'\n"
                       "max_connections = 300\n")
        if self.listen and self.listen != "127.0.0.1":
            with open(self.datadir / "pg_hba.conf", "a") as hba:
                hba.write("host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n")

    def start(self, database: str | None = DATABASE) -> str:
        """Start the server (initdb first if needed), create ``database``; returns its URL."""
        if not self.initialized:
            self.init()
        if not self.running():
            self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.datadir / "server.log"), "-w", "-t", "60",
                      "start")
        url = self.url(database or "postgres")
        if database:
            self.create_database(database)
        (self.datadir / URL_FILE).write_text(url + "\n")
        (self.datadir / URL_FILE).chmod(0o600)
        return url

    def create_database(self, name: str) -> str:
        """Create database ``name`` if missing; returns its URL."""
        import psycopg2
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=ADMIN, password=self.password(),
                                        dbname="postgres")
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.url(name)

    def stop(self) -> None:
        if self.running():
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def __enter__(self) -> "PostgresServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "url", "status"])
    parser.add_argument("datadir", type=Path)
    parser.add_argument("--port", type=int, help="TCP port, chosen at the first start (default: a free one)")
    parser.add_argument("--listen", help="an address to listen on besides 127.0.0.1 (workers on other hosts)")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args(argv)
    try:
        server = PostgresServer(args.datadir, port=args.port, listen=args.listen)
        if args.action == "start":
            print(server.start(args.database))
            print(f"(also in {server.datadir / URL_FILE}; stop with: python -m instructor.postgres stop "
                  f"{args.datadir})", file=sys.stderr)
        elif args.action == "url":
            print(server.url(args.database))
        elif args.action == "status":
            print("running" if server.running() else "stopped")
            return 0 if server.running() else 3
        else:
            server.stop()
    except PostgresUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
