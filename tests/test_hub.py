"""A class on JupyterHub (instructor/hub.py, deploy/hub/): real accounts, the exchange, a PostgreSQL gradebook.

One hub serves the module (one per pytest-xdist worker that runs its tests): an instructor and five students,
real Unix accounts named with a random prefix (removed at teardown), JupyterHub with configurable-http-proxy
on loopback, each user's server started by the hub's default spawner as that user, the gradebook in a
PostgreSQL server of its own. Everything a user does goes through their own server's REST API with their own
token (nbgrader's assignment-list, validate and formgrader handlers) or runs as their account; the
instructor grades with the course's pipeline (``python -m instructor.autograde``).

Needs root (accounts), PostgreSQL's server programs, Node.js with configurable-http-proxy installed by
``./run setup --hub`` (``./run test`` does it), and a Python the accounts can run (the same).
"""
from __future__ import annotations

import html
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from instructor import classroom, postgres
from instructor.mutants import catalogue

pytestmark = [
    pytest.mark.nbgrader,
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the hub creates Unix accounts: run the tests as root"),
    pytest.mark.skipif(not shutil.which("node") or not shutil.which("npm"),
                       reason="JupyterHub's proxy (configurable-http-proxy) needs Node.js and npm"),
    pytest.mark.skipif(not postgres.available(), reason="PostgreSQL is not installed (apt-get install postgresql)"),
]
hub_module = pytest.importorskip("instructor.hub", reason="jupyterhub is not installed (requirements-hub.txt)")

A = "01_perceptron"
COURSE = hub_module.COURSE_ID
TIMINGS: dict[str, float] = {}


def _clock(name: str, since: float) -> None:
    TIMINGS[name] = round(time.perf_counter() - since, 2)


class User(hub_module.UserClient):
    def action(self, action: str) -> dict:
        return super().action(action, A)


class Users:
    """The class's users, each one's server started by the hub when first needed."""

    def __init__(self, hub):
        self.hub, self._users = hub, {}

    def start(self, *names: str) -> None:
        """Start these users' servers at once (as a class logging in does) and wait for them."""
        import requests
        t0 = time.perf_counter()
        todo = [n for n in names if n not in self._users]
        for name in todo:
            try:
                self.hub.api("POST", f"/users/{name}/server")
            except requests.HTTPError:
                pass  # already running
        for name in todo:
            self._users[name] = User(self.hub, name, self.hub.start_server(name))
        if todo:
            _clock(f"{len(todo)} users' servers started ({', '.join(short(n) for n in todo)})", t0)

    def __getitem__(self, name: str) -> User:
        self.start(name)
        return self._users[name]


@pytest.fixture(scope="module")
def hub_class():
    if not hub_module.checkout_reachable():
        pytest.skip(f"other accounts cannot read {hub_module.COURSE_ROOT} (the class's servers import the course "
                    "from it): clone it where every account can traverse")
    try:
        hub_module.users_python(), hub_module.proxy_command()
    except hub_module.HubUnavailable as exc:
        pytest.fail(f"the hub's tools are not installed: {exc}")
    prefix = f"nnfs-t{secrets.token_hex(3)}-"
    state = Path(tempfile.mkdtemp(prefix="course-hub-"))
    hub = hub_module.Hub(state)
    students = [prefix + s for s in ("ada", "ben", "cyd", "dan", "eve", "fay")]
    try:
        t0 = time.perf_counter()
        spec = hub.start(students, instructor=prefix + "instructor", graders_group=prefix + "graders",
                         assignments=[A], log=lambda *a: None)
        _clock("hub start (accounts, exchange, PostgreSQL, course directory, JupyterHub)", t0)
        yield hub, spec, Users(hub)
    finally:
        hub.stop(remove_accounts=True, log=lambda *a: None)
        shutil.rmtree(state, ignore_errors=True)
        if TIMINGS:
            print("\nhub timings (s):\n" + "\n".join(f"  {k}: {v}" for k, v in TIMINGS.items()))


def home(name: str) -> str:
    return pwd.getpwnam(name).pw_dir


def short(name: str) -> str:
    return name.rsplit("-", 1)[-1]


fill = hub_module.answered


def hidden_lines() -> set[str]:
    text = "\n".join(c.source for c in classroom.solution_notebook(A).cells)
    blocks = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", text, re.S)
    return {line.strip() for block in blocks for line in block.splitlines() if len(line.strip()) > 25}


def instructor_run(spec, *args: str, check: bool = True):
    """A command as the instructor's account in the course directory (their terminal on the hub)."""
    return hub_module.as_user(spec.instructor, [spec.users_python, *args], cwd=spec.course_dir,
                              python=spec.users_python, check=check, timeout=600)


def gradebook_url(hub) -> str:
    return postgres.PostgresServer(hub.state / "postgres").url()


def release(spec, users) -> None:
    instructor = users[spec.instructor]
    out = instructor.post(f"formgrader/api/assignment/{A}/release")
    assert out["success"] or "already exists" in (out.get("error", "") + out.get("log", "")), out


def test_a_class_releases_submits_grades_and_gets_feedback(hub_class):
    hub, spec, users = hub_class
    users.start(spec.instructor, *spec.students[:3])
    ada, ben, cyd = (users[s] for s in spec.students[:3])
    instructor = users[spec.instructor]
    solution = classroom.solution_notebook(A)
    mutant = catalogue(A)[0][0]
    answers = {ada.name: solution, ben.name: None, cyd.name: mutant.notebook(solution)}

    # the instructor releases through formgrader's API on their own server
    t0 = time.perf_counter()
    release(spec, users)
    _clock("release (formgrader API)", t0)
    assert (Path(spec.exchange) / COURSE / "outbound" / A / f"{A}.ipynb").exists()

    # each student: fetch, fill in, validate, submit, through their own server
    path = f"{A}/{A}.ipynb"
    for student in (ada, ben, cyd):
        t0 = time.perf_counter()
        listed = student.action("fetch")["value"]
        assert [a["status"] for a in listed if a["assignment_id"] == A] == ["fetched"]
        fetched = student.notebook(path)
        assert "BEGIN HIDDEN TESTS" not in json.dumps(fetched)  # the release holds no hidden tests
        if answers[student.name] is not None:
            filled = fill(fetched, answers[student.name])
            if student is cyd:  # the mistake is in an answer cell
                assert filled != fill(fetched, solution)
            student.put_notebook(path, filled)
        _clock(f"{short(student.name)}: fetch + fill", t0)
        t0 = time.perf_counter()
        validation = student.post("assignments/validate", json={"path": path})
        _clock(f"{short(student.name)}: validate (runs the notebook)", t0)
        assert validation["success"], validation
        failed = validation["value"].get("failed", []) if isinstance(validation["value"], dict) else validation
        assert bool(failed) == (student is not ada), (student.name, validation)
        t0 = time.perf_counter()
        submitted = student.action("submit")["value"]
        _clock(f"{short(student.name)}: submit", t0)
        assert any(a.get("status") == "submitted" for a in submitted), submitted

    # the instructor collects (formgrader), grades with the course's pipeline, generates and releases feedback
    t0 = time.perf_counter()
    out = instructor.post(f"formgrader/api/assignment/{A}/collect")
    assert out["success"], out
    _clock("collect (formgrader API)", t0)
    for student in (ada, ben, cyd):
        assert (Path(spec.course_dir) / "submitted" / student.name / A / f"{A}.ipynb").exists()
    t0 = time.perf_counter()
    graded = instructor_run(spec, "-m", "instructor.autograde", A, "--course", ".", "--jobs", "2",
                            "--student", ada.name, "--student", ben.name, "--student", cyd.name)
    _clock("autograde 3 students (python -m instructor.autograde --jobs 2, as the instructor)", t0)
    assert "3 graded" in graded.stdout, graded.stdout + graded.stderr
    assert "sandbox: bubblewrap" in graded.stderr or "unsandboxed" in graded.stderr.lower()
    t0 = time.perf_counter()
    out = instructor.post(f"formgrader/api/assignment/{A}/generate_feedback")
    assert out["success"], out
    out = instructor.post(f"formgrader/api/assignment/{A}/release_feedback")
    assert out["success"], out
    _clock("generate + release feedback (formgrader API)", t0)

    # the grades, straight from PostgreSQL
    from instructor.scores import cell_scores
    scores = cell_scores(A, Path(spec.course_dir), gradebook_url(hub))
    cells = scores[ada.name]
    top = sum(m for _, m in cells.values())
    lost = sum(cells[g][1] for g in mutant.fails)
    totals = {s: sum(x for x, _ in c.values()) for s, c in scores.items()}
    assert {s: totals[s] for s in answers} == {ada.name: top, ben.name: 0, cyd.name: top - lost}
    assert {g for g, (x, m) in scores[cyd.name].items() if x < m} == set(mutant.fails)

    # each student fetches their feedback: their own scores, no hidden test code
    hidden = hidden_lines()
    assert hidden
    for student in (ada, ben, cyd):
        student.action("fetch_feedback")
        folder = student.get(f"api/contents/{A}/feedback").json()["content"]
        (stamp,) = [entry["path"] for entry in folder if entry["type"] == "directory"]
        page = student.get(f"api/contents/{stamp}/{A}.html", params={"content": "1", "format": "text"}
                           ).json()["content"]
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{student.name}'s feedback shows hidden tests: {leaked[:3]}"
        assert "BEGIN HIDDEN TESTS" not in text
        total = totals[student.name]
        assert re.search(rf"Score:\s*{total:.1f}\s*/\s*{top:.1f}", text), (student.name, total, text[:500])


def _submission_of(spec, student: str) -> Path:
    """The student's latest submission in inbound/ (the names sort by timestamp)."""
    return sorted(p for p in (Path(spec.exchange) / COURSE / "inbound").glob(f"{student}+{A}+*")
                  if hub_module.exchange.owner(str(p)) == student)[-1]


def test_exchange_attacks_fail(hub_class):
    """eve tries to read, overwrite and replace dan's submission, and to submit in his name."""
    hub, spec, users = hub_class
    users.start(spec.instructor, *spec.students[3:5])
    dan, eve = users[spec.students[3]], users[spec.students[4]]
    release(spec, users)
    solution = classroom.solution_notebook(A)
    path = f"{A}/{A}.ipynb"
    for student in (dan, eve):
        student.action("fetch")
    dan.put_notebook(path, fill(dan.notebook(path), solution))
    dan.action("submit")
    victim = _submission_of(spec, dan.name)

    def as_eve(code: str) -> subprocess.CompletedProcess:
        return hub_module.as_user(eve.name, [spec.users_python, "-c", code], cwd="/", python=spec.users_python,
                                  check=False)

    inbound = victim.parent
    # 1. read: inbound/ cannot be listed; dan's folder, even by its name, cannot be read; nor his home
    for code in (f"import os; os.listdir({str(inbound)!r})",
                 f"open({str(victim / (A + '.ipynb'))!r}).read()",
                 f"open({str(victim / 'submission_secret.txt')!r}).read()",
                 f"import os; os.listdir({str(victim)!r})",
                 f"open('{home(dan.name)}/{path}').read()"):
        result = as_eve(code)
        assert result.returncode != 0 and "PermissionError" in result.stderr, (code, result.stderr[-500:])
    # 2. overwrite: no writing into dan's folder, no renaming or deleting it (inbound/ is sticky)
    for code in (f"open({str(victim / (A + '.ipynb'))!r}, 'w').write('{{}}')",
                 f"open({str(victim / 'extra.ipynb')!r}, 'w').write('{{}}')",
                 f"import os; os.rename({str(victim)!r}, {str(victim) + 'x'!r})",
                 f"import shutil; shutil.rmtree({str(victim)!r})"):
        result = as_eve(code)
        assert result.returncode != 0 and "PermissionError" in result.stderr, (code, result.stderr[-500:])
    assert victim.exists()
    # 3. submit as dan: nbgrader's --student is refused ...
    eve.put_notebook(path, eve.notebook(path))  # her untouched notebook, worth 0 points
    result = hub_module.as_user(eve.name, [spec.users_python, "-m", "nbgrader", "submit", A, "--student", dan.name],
                                cwd=home(eve.name), python=spec.users_python, check=False,
                                env={"JUPYTER_CONFIG_PATH": spec.config_dirs["student"]})  # as in her terminal
    assert result.returncode != 0 and "only submit as yourself" in result.stdout + result.stderr, result
    # ... and a folder forged in dan's name, newer than his (plain nbgrader's submit, or by hand), is not collected
    forged = hub_module.as_user(eve.name, [spec.users_python, "-c", (
        "import os, shutil, sys\n"
        f"dest = os.path.join({str(inbound)!r}, {dan.name!r} + '+{A}+2099-01-01 00:00:00.000000 UTC+forged{secrets.token_hex(4)}')\n"
        f"shutil.copytree(os.path.expanduser('~/{A}'), dest)\n"
        "open(os.path.join(dest, 'timestamp.txt'), 'w').write('2099-01-01 00:00:00.000000 UTC')\n")],
        cwd="/", python=spec.users_python, check=False)
    assert forged.returncode == 0, forged.stderr  # adding a folder to inbound/ is what submitting is
    collected = instructor_run(spec, "-m", "nbgrader", "collect", A, "--update", "--student", dan.name)
    log = collected.stdout + collected.stderr
    assert "Refused" in log and "forged" in log, log
    got = (Path(spec.course_dir) / "submitted" / dan.name / A / "timestamp.txt").read_text()
    assert got == (victim / "timestamp.txt").read_text()  # dan's own submission, not eve's
    submitted = nbformat.read(Path(spec.course_dir) / "submitted" / dan.name / A / f"{A}.ipynb", as_version=4)
    assert submitted == nbformat.read(victim / f"{A}.ipynb", as_version=4)


def test_students_get_no_formgrader_and_the_instructor_does(hub_class):
    import requests
    hub, spec, users = hub_class
    student, instructor = users[spec.students[0]], users[spec.instructor]
    with pytest.raises(requests.HTTPError) as err:
        student.get("formgrader")
    assert err.value.response.status_code == 404
    disabled = json.dumps(_page_config(student.get("lab").text).get("disabledExtensions"))
    for plugin in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"):
        assert plugin in disabled, disabled
    assert "@jupyter/nbgrader:formgrader" not in json.dumps(
        _page_config(instructor.get("lab").text).get("disabledExtensions"))
    assert student.get("assignments", params={"course_id": COURSE}).json()["success"]
    response = instructor.get("formgrader")
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert "formgrade" in response.text
    assert "frame-ancestors 'none'" in student.get("lab").headers["Content-Security-Policy"]


def _page_config(page: str) -> dict:
    m = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(m.group(1)) if m else {}


class HubLab:
    """A user's server on the hub as the browser harness's NotebookPage sees a JupyterLab server."""

    def __init__(self, user: User):
        self.user, self.base = user, user.url.rstrip("/")
        self.token = user.token
        self.root = Path(home(user.name))

    def api(self, path: str):
        return self.user.get(path).json()

    def request(self, method: str, path: str) -> int:
        return self.user.session.request(method, self.user.url + path, timeout=60).status_code


def login(page, hub, name: str) -> None:
    """The hub's login form, as a person fills it in; lands in the user's JupyterLab."""
    page.goto(f"{hub.spec.url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.password())
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf".*/user/{re.escape(name)}/lab.*"), timeout=120_000)


@pytest.mark.browser
def test_in_chromium_a_student_runs_the_notebook_and_the_instructor_sees_formgrader(hub_class, request, tmp_path,
                                                                                     in_a_thread_of_its_own):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
    harness = pytest.importorskip("harness")
    if not harness.chromium_available():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (./run test installs it with apt)")
    from playwright.sync_api import sync_playwright

    hub, spec, users = hub_class
    users.start(spec.instructor, spec.students[5])
    fay, instructor = users[spec.students[5]], users[spec.instructor]
    shots = Path(request.config.getoption("--screenshots", default=None) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    release(spec, users)
    path = f"{A}/{A}.ipynb"
    fay.action("fetch")
    fay.put_notebook(path, fill(fay.notebook(path), classroom.solution_notebook(A)))

    def browse():
        with sync_playwright() as playwright:
            browser = harness.launch_chromium(playwright)
            try:
                # the student logs in, opens the fetched notebook, runs it: widgets painted, no formgrader
                notebook = harness.NotebookPage(browser, HubLab(fay), path)
                login(notebook.page, hub, fay.name)
                notebook.open()
                notebook.run_all()
                stats = notebook.wait_painted()
                assert stats and all(s["w"] and s["painted"] > 0.01 for s in stats), stats
                assert not notebook.error_outputs(), notebook.error_outputs()
                labels = notebook.menu_labels("Nbgrader")
                assert "Assignment List" in labels and "Formgrader" not in labels, labels
                assert notebook.page.locator("text=Create Assignment").count() == 0  # the instructor's sidebar tab
                notebook.page.screenshot(path=str(shots / "hub-student.png"))
                notebook.close()
                fay.action("submit")
                assert instructor.post(f"formgrader/api/assignment/{A}/collect")["success"]

                # the instructor logs in and opens formgrader from the Nbgrader menu: it renders in its frame
                context = browser.new_context(viewport=harness.VIEWPORT)
                page = context.new_page()
                login(page, hub, spec.instructor)
                page.locator(".lm-MenuBar-item", has_text="Nbgrader").first.click()
                page.locator('.lm-Menu-item[data-command="nbgrader:open-formgrader"]').click()
                frame = page.frame_locator("iframe").first
                frame.locator("text=Manage Assignments").first.wait_for(timeout=60_000)
                row = frame.locator("tr", has_text=A).first
                row.wait_for(timeout=60_000)
                frame.locator(f"a[href*='manage_submissions/{A}']").first.dispatch_event("click")
                frame.locator("td", has_text=fay.name).first.wait_for(timeout=60_000)  # fay's submission listed
                assert page.locator("text=Create Assignment").count() >= 1
                page.screenshot(path=str(shots / "hub-formgrader.png"))
                context.close()
            finally:
                browser.close()


    in_a_thread_of_its_own(browse)


def _server_pid(spec, name: str) -> int:
    """The pid of ``name``'s jupyterhub-singleuser process."""
    uid = pwd.getpwnam(name).pw_uid
    for pid, owner in hub_module._processes():
        if owner == uid and "jupyterhub.singleuser" in hub_module._cmdline(pid):
            return pid
    raise AssertionError(f"no server process of {name}")


def test_a_students_server_killed_mid_session_is_restarted_and_nothing_submitted_is_lost(hub_class):
    import signal

    hub, spec, users = hub_class
    users.start(spec.instructor, spec.students[1])
    release(spec, users)
    ben = users[spec.students[1]]
    path = f"{A}/{A}.ipynb"
    ben.action("fetch")
    mistake = fill(ben.notebook(path), catalogue(A)[0][0].notebook(classroom.solution_notebook(A)))
    ben.put_notebook(path, mistake)
    submitted = [a for a in ben.action("submit")["value"] if a.get("status") == "submitted"]
    stamps = sorted(s["timestamp"] for s in submitted[0]["submissions"])
    session = ben.session.post(ben.url + "api/sessions", timeout=60, json={
        "path": path, "type": "notebook", "kernel": {"name": "python3"}}).json()  # a kernel running, as in class
    assert session["kernel"]["id"]

    pid = _server_pid(spec, ben.name)
    os.kill(pid, signal.SIGKILL)
    assert hub_module._wait_gone(pid, 30)
    t0 = time.perf_counter()
    url = hub.start_server(ben.name)  # what the hub does when ben next asks for his server
    _clock("a killed server restarted by the hub", t0)
    again = User(hub, ben.name, url)
    assert [c.source for c in again.notebook(path).cells] == [c.source for c in mistake.cells]  # his work is there
    listed = again.get("assignments", params={"course_id": COURSE}).json()["value"]
    after = sorted(s["timestamp"] for a in listed if a.get("status") == "submitted" for s in a["submissions"])
    assert after == stamps  # his submissions, as he left them
    assert _submission_of(spec, ben.name).exists()
    out = users[spec.instructor].post(f"formgrader/api/assignment/{A}/collect")
    assert out["success"], out
    got = nbformat.read(Path(spec.course_dir) / "submitted" / ben.name / A / f"{A}.ipynb", as_version=4)
    assert [c.source for c in got.cells] == [c.source for c in mistake.cells]


def test_postgres_stopped_during_autograde_fails_clearly_and_a_rerun_completes(hub_class):
    """The gradebook's server goes away while the class is being graded: the run says so, leaves no
    half-written grades, and grading again once it is back gives every student their grades."""
    hub, spec, _ = hub_class
    course = Path(spec.course_dir)
    solution = classroom.solution_notebook(A)
    class_ = {"gus": solution, "hal": classroom.release_notebook(A)}  # submissions on file
    entry = pwd.getpwnam(spec.instructor)
    for student, nb in class_.items():
        classroom.submit(course, student, A, nb)
        (course / "submitted" / student / A / "timestamp.txt").write_text("2026-11-20 15:00:00.000000 UTC")
    hub_module.chown_tree(course / "submitted", entry.pw_uid, entry.pw_gid)
    server = postgres.PostgresServer(hub.state / "postgres")
    args = [spec.users_python, "-m", "instructor.autograde", A, "--course", ".", "--jobs", "2",
            *[f"--student={s}" for s in class_]]
    env = hub_module.user_env(spec.instructor, spec.users_python)
    proc = subprocess.Popen(["runuser", "-u", spec.instructor, "--", "env", "-i",
                             *[f"{k}={v}" for k, v in env.items()], *args],
                            cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        # nbgrader writes the graded notebook before running it: then the kernels are at work
        while not any((course / "autograded" / s / A / f"{A}.ipynb").exists() for s in class_):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        server.stop()
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.start()
    assert proc.returncode == 1, out + err
    failed = [line for line in out.splitlines() if " FAILED " in line]
    assert failed, out
    assert all("gradebook" in line and "PostgreSQL" in line for line in failed), out
    from instructor.scores import cell_scores
    before = cell_scores(A, course, gradebook_url(hub))
    for line in failed:  # a student whose grading failed has no scores recorded
        student = line.split()[0]
        assert not any(x for x, _ in before.get(student, {}).values()), (student, before.get(student))
        assert not (course / "autograded" / student / A / f"{A}.ipynb").exists()

    t0 = time.perf_counter()
    again = instructor_run(spec, *args[1:])
    _clock("autograde rerun after the PostgreSQL outage (2 students)", t0)
    assert "2 graded" in again.stdout, again.stdout + again.stderr
    scores = cell_scores(A, course, gradebook_url(hub))
    top = sum(m for _, m in scores["gus"].values())
    totals = {s: sum(x for x, _ in scores[s].values()) for s in class_}
    assert totals == {"gus": top, "hal": 0}


def test_protect_checkout_hides_solutions_from_students_not_from_graders(hub_class):
    """On a checkout-shaped folder (never this checkout: others use it): a student reads the course package
    and the exchange classes, not the solutions; the instructor (a grader) reads both."""
    hub, spec, _ = hub_class
    top = Path(tempfile.mkdtemp(prefix="course-checkout-"))  # reachable by the accounts (unlike tmp_path)
    try:
        _protect_checkout_case(spec, top)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _protect_checkout_case(spec, top: Path) -> None:
    root = top / "checkout"
    for rel, text in {"course/__init__.py": "", "instructor/__init__.py": "", "instructor/exchange.py": "",
                      "instructor/mutants/m01.py": "answer", "source/01/01.ipynb": "solution",
                      "tests/test_x.py": "solution", ".git/config": "", "nbgrader_config.py": ""}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for path in [top, *top.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert {p.name for p in hub_module.exposed_solutions(root)} == {"source", ".git", "tests", "mutants"}
    hub_module.protect_checkout(root, spec.graders_group)
    assert hub_module.exposed_solutions(root) == []

    def can_read(user: str, rel: str) -> bool:
        return hub_module.as_user(user, ["cat", str(root / rel)], cwd="/", python=spec.users_python,
                                  check=False).returncode == 0

    student = spec.students[0]
    assert can_read(student, "course/__init__.py") and can_read(student, "instructor/exchange.py")
    for rel in ("source/01/01.ipynb", "tests/test_x.py", ".git/config", "instructor/mutants/m01.py"):
        assert not can_read(student, rel), rel
        assert can_read(spec.instructor, rel), rel
