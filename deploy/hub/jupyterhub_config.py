"""JupyterHub configuration for a class of the course on one machine (started by ``./run hub``).

``python -m instructor.hub start`` (what ``./run hub`` runs) creates the accounts, the exchange, the
PostgreSQL gradebook and the per-role Jupyter configuration, writes them down in ``hub.json`` in the
class's state folder, and starts ``jupyterhub -f`` this file with ``COURSE_HUB_STATE`` set to that folder.
Everything below is read from there; nothing here is specific to one machine.

- Listens on loopback only (``127.0.0.1``): the hub's public port, its internal API and the proxy's API,
  each on a port chosen free at the first start. Put a TLS-terminating reverse proxy in front to open it.
- Real Unix accounts and JupyterHub's default spawner (``LocalProcessSpawner``): each user's server runs
  as that user, so nbgrader's student id is the account name.
- Authentication: JupyterHub's ``SharedPasswordAuthenticator`` (one class password, an allow list of the
  class's accounts), right for a trial on one machine. For a real class use PAM (the accounts' own
  passwords): ``c.JupyterHub.authenticator_class = "pam"``, or your institution's OAuthenticator.
- Students' and instructor's servers get different Jupyter configuration (``JUPYTER_CONFIG_PATH``, a
  folder per role written by instructor.hub): students get the assignment list and validate, never
  formgrader or create-assignment; the instructor's server starts in the course directory, with formgrader.
"""
import json
import os

STATE = os.environ["COURSE_HUB_STATE"]
with open(os.path.join(STATE, "hub.json")) as f:
    hub = json.load(f)

c = get_config()  # noqa: F821 (provided by jupyterhub when it loads this file)

# -- network: loopback only -------------------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://{hub['ip']}:{hub['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hub["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{hub['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [hub["proxy_command"]]
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "proxy.pid")
with open(os.path.join(STATE, "proxy_token")) as f:
    c.ConfigurableHTTPProxy.auth_token = f.read().strip()
c.Spawner.ip = "127.0.0.1"

# -- the hub's own state (SQLite here; PostgreSQL in a real deployment: c.JupyterHub.db_url) -----------------
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # `./run hub stop` stops every user's server with the hub
c.JupyterHub.cleanup_proxy = True

# -- who may log in ---------------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
with open(os.path.join(STATE, "password")) as f:
    c.SharedPasswordAuthenticator.user_password = f.read().strip()
c.Authenticator.allowed_users = set([hub["instructor"], *hub["students"]])

# The course's administration service (instructor.hub, the tests): starts and stops servers, issues each
# user a token for their own server. Its token is in a file only root can read.
with open(os.path.join(STATE, "admin_token")) as f:
    _admin_token = f.read().strip()
c.JupyterHub.services = [{"name": "course-admin", "api_token": _admin_token}]
c.JupyterHub.load_roles = [{"name": "admin", "services": ["course-admin"]}]

# -- each user's server: the course's environment, the role's Jupyter configuration ------------------------
c.Spawner.cmd = [hub["users_python"], "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180   # a small machine starting a whole class at once
c.Spawner.http_timeout = 120
c.Spawner.env_keep = ["LANG", "LC_ALL", "MNIST_OFFLINE", "COURSE_SANDBOX",
                      "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"]


def _per_user(spawner):
    name = spawner.user.name
    role = "instructor" if name == hub["instructor"] else "student"
    env = spawner.environment = dict(spawner.environment)
    env["PATH"] = os.pathsep.join([os.path.dirname(hub["users_python"]), "/usr/local/bin", "/usr/bin", "/bin"])
    env["JUPYTER_CONFIG_PATH"] = hub["config_dirs"][role]
    if role == "instructor":
        # formgrader reads the course's nbgrader_config.py from the server's working directory, and the
        # spawner starts every server in the user's home: the instructor's starts in the course directory
        spawner.notebook_dir = hub["course_dir"]
        spawner.cmd = ["/bin/sh", "-c", 'cd "$COURSE_DIR" && exec "$0" -m jupyterhub.singleuser "$@"',
                       hub["users_python"]]
        env["COURSE_DIR"] = hub["course_dir"]


c.Spawner.pre_spawn_hook = _per_user
