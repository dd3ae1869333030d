"""Drive the student JupyterLab in headless Chromium: the pieces the browser tests, the screenshot command and
bench/bench_animation.py share.

* ``solved_release(course_root, dest)``: a copy of the student notebooks (``release/``) whose solution cells
  hold the instructor's solutions (from ``source/``), so every cell runs without errors;
* ``StudentLab``: the student JupyterLab server, started by the project's own ``course/lab.py``
  (the module ``./run student`` execs) on loopback with a random token;
* ``launch_chromium()``: Debian's Chromium through Playwright (never a downloaded browser);
* ``NotebookPage``: open a notebook, run all cells, inspect outputs, widgets and ipympl canvases, press Play.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--no-default-browser-check",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    # Keep timers and painting running at full speed in a page nobody is looking at.
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
VIEWPORT = {"width": 1280, "height": 900}


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def launch_chromium(playwright):
    """Debian's Chromium, headless, with no network chatter of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def offline_page(browser):
    """A new page that records its console errors, uncaught exceptions and every request to the network (any
    URL but file: and data:, refused as if offline) in the list it returns with it: ``page, errors``."""
    page = browser.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else (errors.append(f"network request: {route.request.url}"), route.abort()))
    return page, errors


# --------------------------------------------------------------------------------------------- notebooks

def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def fill_solutions(release_nb, source_nb):
    """A copy of the release notebook whose solution cells hold the source notebook's solution cells."""
    nb = nbformat.from_dict(release_nb)
    solutions = {_grade_id(c): c.source for c in source_nb.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution") and _grade_id(c)}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and _grade_id(cell) in solutions:
            cell.source = solutions[_grade_id(cell)]
    return nb


def assignments_with_release(course_root: Path) -> list[str]:
    """Assignments that have both a source notebook and a released student notebook."""
    course_root = Path(course_root)
    names = sorted(p.name for p in (course_root / "source").iterdir() if p.is_dir())
    return [a for a in names if (course_root / "release" / a / f"{a}.ipynb").is_file()
            and (course_root / "source" / a / f"{a}.ipynb").is_file()]


def solved_release(release_root: Path, source_root: Path, dest: Path, names: list[str]) -> Path:
    """Copy ``release_root/<a>/`` for each assignment in ``names`` to ``dest/<a>/``, solutions filled in from
    ``source_root/<a>/<a>.ipynb``. Returns ``dest``."""
    dest = Path(dest)
    for a in names:
        shutil.copytree(Path(release_root) / a, dest / a, dirs_exist_ok=True)
        release = nbformat.read(Path(release_root) / a / f"{a}.ipynb", as_version=4)
        source = nbformat.read(Path(source_root) / a / f"{a}.ipynb", as_version=4)
        nbformat.write(fill_solutions(release, source), dest / a / f"{a}.ipynb")
    return dest


# ------------------------------------------------------------------------------------------------ server

# The demo class of the instructor's browser tests (the class report, formgrader): graded once per session.
DEMO_ASSIGNMENT = "01_perceptron"
DEMO_CLASS_SIZE = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StudentLab:
    """``python -m course.lab --headless`` of the course at ``course_root``, serving ``root``."""

    module = "course.lab"

    def __init__(self, course_root: Path, root: Path, log: Path, env: dict | None = None):
        self.course_root = Path(course_root)
        self.root = Path(root)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log)
        self.env = dict(os.environ if env is None else env)
        self.proc = None

    PORT_TRIES = 3

    def __enter__(self) -> "StudentLab":
        # The free port found may be taken before the server binds it (a kernel started meanwhile by another
        # test): the server then exits at once, and is started again on another port.
        attempt = 1
        while True:
            try:
                return self._start()
            except RuntimeError:
                if attempt == self.PORT_TRIES or "is not available" not in self.log_text():
                    raise
            self.log.close()
            self.port = free_port()
            self.base = f"http://127.0.0.1:{self.port}"
            attempt += 1

    def _start(self) -> "StudentLab":
        self.log = open(self.log_path, "w")
        cmd = [sys.executable, "-m", self.module, "--headless", "--port", str(self.port),
               "--token", self.token, "--root", str(self.root),
               "--config-dir", str(self.log_path.parent / f"jupyter-config-{self.port}")]
        # cwd: the course's root, so `-m course.lab` is that copy's own module.
        self.proc = subprocess.Popen(cmd, cwd=self.course_root, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.proc.returncode}):\n{self.log_text()}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return self
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"JupyterLab did not start in 90 s:\n{self.log_text()}")

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # our own process: graceful stop, kernels shut down with it
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if getattr(self, "log", None):
            self.log.close()

    def log_text(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-5000:]
        return ""

    def url(self, path: str = "lab") -> str:
        return f"{self.base}/{path}?token={self.token}"

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.base}/{path}?token={self.token}", timeout=10) as r:
            return json.loads(r.read())

    def request(self, method: str, path: str) -> int:
        req = urllib.request.Request(f"{self.base}/{path}?token={self.token}", method=method)
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"{self.base}/{path}?token={self.token}", timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code


class InstructorLab(StudentLab):
    """``python -m instructor.lab --headless`` (``./run instructor``) of the course at ``course_root``, serving
    the course directory ``root`` with formgrader."""

    module = "instructor.lab"


# ------------------------------------------------------------------------------------------------- page

# The notebook panel on show (other tabs are hidden with lm-mod-hidden).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# A figure on the page: an ipympl canvas, or the client-side frames of a snapshot player (course.animation).
FIGURE = ".jupyter-matplotlib-canvas-div, .course-frames"

# JavaScript run in the page. A "view" is one widget output area (application/vnd.jupyter.widget-view+json).
JS_CANVAS_STATS = """
(root) => {
  const out = [];
  const scope = root || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
  for (const div of scope.querySelectorAll('.jupyter-matplotlib-canvas-div, .course-frames')) {
    const c = div.querySelector('canvas');
    if (!c || !c.width || !c.height) { out.push({w: 0, h: 0, painted: 0, hash: ''}); continue; }
    const ctx = c.getContext('2d');
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let painted = 0, h1 = 2166136261 >>> 0, x0 = c.width, y0 = c.height, x1 = -1, y1 = -1;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i], g = d[i+1], b = d[i+2], a = d[i+3];
      if (a > 0 && (r < 245 || g < 245 || b < 245)) {
        painted++;
        const x = (i / 4) % c.width, y = Math.floor(i / 4 / c.width);
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
      h1 = Math.imul(h1 ^ (r | (g << 8) | (b << 16) | (a << 24)), 16777619) >>> 0;
    }
    // Where it is painted, and the size it is shown at: what a blank or half-drawn figure looks like.
    out.push({w: c.width, h: c.height, painted: painted / (c.width * c.height), hash: h1.toString(16),
              box: x1 < 0 ? null : [x0, y0, x1, y1], shown: [c.clientWidth, c.clientHeight],
              kind: div.className});
  }
  return out;
}
"""

JS_WIDGET_VIEWS = """
() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell'))
    .map(cell => {
  const outs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'));
  const views = outs.filter(o => o.querySelector(':scope > .jupyter-widgets, :scope > .jupyter-matplotlib'));
  // A widget the kernel closed (a finished tqdm bar with leave=False) leaves an empty output behind.
  const top = cell.querySelector('.jp-Cell-outputArea');
  const closed = top ? Array.from(top.querySelectorAll(':scope > .jp-OutputArea-child > .jp-OutputArea-output'))
      .filter(o => o.children.length === 0 && !o.textContent.trim()).length : 0;
  return {
    views: views.length,
    closed: closed,
    broken: outs.map(o => o.innerText).filter(t => /Error displaying widget|Error rendering|model not found|Loading widget/i.test(t))
                .map(t => t.slice(0, 200)),
  };
})
"""


def expected_widget_views(nb) -> list[int]:
    """Per cell of the saved notebook, how many widget views its outputs hold."""
    return [sum("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.get("outputs", []))
            for cell in nb.cells]


def canvas_hashes(stats) -> list[str]:
    return [s["hash"] for s in stats]


class NotebookPage:
    """One notebook opened in the student JupyterLab, in its own browser page."""

    def __init__(self, browser, lab: StudentLab, notebook: str):
        self.lab = lab
        self.notebook = notebook  # relative to the server root, e.g. "01_perceptron/01_perceptron.ipynb"
        self.context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        self.failed_requests: list[str] = []
        self.page.on("response", lambda r: r.status >= 400 and self.failed_requests.append(
            f"{r.status} {r.request.method} {r.url.split('?')[0]}"))

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(f"console.error: {msg.text}")

    def close(self) -> None:
        """Close the page and shut the notebook's kernel down (the next notebook gets the CPU)."""
        with contextlib.suppress(Exception):
            self.context.close()
        with contextlib.suppress(Exception):
            for s in self.lab.api("api/sessions"):
                if s.get("path", "").endswith(self.notebook):
                    self.lab.request("DELETE", f"api/sessions/{s['id']}")

    # -- opening and running
    def open(self, timeout: float = 180) -> None:
        # ?reset: a fresh workspace, not the tabs an earlier page of the same server left open.
        self.page.goto(f"{self.lab.base}/lab/tree/{self.notebook}?reset&token={self.lab.token}",
                       wait_until="domcontentloaded")
        self.page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", state="attached", timeout=timeout * 1000)
        self.wait_kernel_idle(timeout)

    def shutdown_kernel(self) -> None:
        """Shut the notebook's kernel down (the page stays open, with its widgets)."""
        for s in self.lab.api("api/sessions"):
            if s.get("path", "").endswith(self.notebook):
                self.lab.request("DELETE", f"api/kernels/{s['kernel']['id']}")

    def kernel_status(self) -> str:
        sessions = self.lab.api("api/sessions")
        for s in sessions:
            if s.get("path", "").endswith(self.notebook):
                return s["kernel"]["execution_state"]
        return "none"

    def wait_kernel_idle(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.kernel_status() == "idle":
                return
            time.sleep(0.3)
        raise TimeoutError(f"the kernel of {self.notebook} did not become idle in {timeout} s")

    def run_all(self, timeout: float = 240) -> float:
        """Run all cells from the Run menu and wait until every code cell has executed. Returns seconds."""
        t0 = time.monotonic()
        self.menu("Run", "runmenu:run-all")
        # Running: some prompt shows [*]. Done: the kernel is idle and no prompt shows [*] (a cell that raises
        # stops the run, leaving later prompts empty: the caller checks outputs and execution counts).
        busy = f"() => Array.from(document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt'))" \
               ".some(p => p.textContent.includes('[*]'))"
        with contextlib.suppress(Exception):
            self.page.wait_for_function(busy, timeout=10_000, polling=100)
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            idle = not self.page.evaluate(busy) and self.kernel_status() == "idle"
            quiet = quiet + 1 if idle else 0
            if quiet >= 3:
                return time.monotonic() - t0
            time.sleep(0.4)
        raise TimeoutError(f"{self.notebook}: run all did not finish in {timeout} s")

    def menu(self, menu: str, command: str) -> None:
        """Click ``command`` (a JupyterLab command id) in the menu bar's ``menu``, as a student would."""
        self.page.locator(".lm-MenuBar-item", has_text=menu).first.click()
        self.page.locator(f'.lm-Menu-item[data-command="{command}"]').click()

    def menu_labels(self, menu: str) -> list[str]:
        """The visible item labels of one menu of the menu bar (the menu is closed again)."""
        self.page.locator(".lm-MenuBar-item", has_text=menu).first.click()
        self.page.wait_for_selector(".lm-Menu .lm-Menu-item", timeout=5000)
        labels = self.page.evaluate("""() => Array.from(document.querySelectorAll('.lm-Menu .lm-Menu-item'))
            .filter(e => e.offsetParent !== null && getComputedStyle(e).display !== 'none')
            .map(e => e.innerText.trim()).filter(t => t)""")
        self.page.keyboard.press("Escape")
        return labels

    def save(self) -> None:
        self.menu("File", "docmanager:save")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(ValueError, OSError):
                nb = self.read_saved()
                if any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
                    time.sleep(0.5)  # let the write finish
                    return
            time.sleep(0.3)
        raise TimeoutError(f"{self.notebook} was not saved with outputs")

    def read_saved(self):
        """The notebook as saved on disk (retried while the server is still writing it)."""
        for attempt in range(20):
            try:
                return nbformat.read(self.lab.root / self.notebook, as_version=4)
            except (ValueError, OSError):  # half-written: NotJSONError is a ValueError
                if attempt == 19:
                    raise
                time.sleep(0.3)

    # -- inspecting
    def error_outputs(self, nb=None) -> list[str]:
        """Every error output of the saved notebook, as 'cell N: ename: evalue'."""
        nb = nb if nb is not None else self.read_saved()
        found = []
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
        return found

    @staticmethod
    def unexecuted_cells(nb) -> list[int]:
        """Code cells of the saved notebook without an execution count (not run)."""
        return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
                and c.get("execution_count") is None]

    def widget_views(self) -> list[dict]:
        return self.page.evaluate(JS_WIDGET_VIEWS)

    def wait_painted(self, timeout: float = 60) -> list[dict]:
        """Canvas stats once every figure is painted: each is scrolled into view in turn, since ipympl sizes
        (and the kernel draws) a figure when it first becomes visible. Returns the final stats."""
        canvases = self.page.locator(f"{PANEL} :is({FIGURE})")
        for i in range(canvases.count()):
            self.scroll_to(canvases.nth(i))
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                s = self.canvas_stats()[i]
                if s["w"] and s["painted"] > 0.01:
                    break
                time.sleep(0.2)
        return self.canvas_stats()

    def canvas_stats(self, root=None) -> list[dict]:
        if root is None:
            return self.page.evaluate(JS_CANVAS_STATS, None)
        return root.evaluate(JS_CANVAS_STATS)

    def players(self):
        """Widget outputs holding a Play button and a figure (the training and snapshot animations)."""
        return self.page.locator(f"{PANEL} .jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output").filter(
            has=self.page.locator(".widget-play")).filter(has=self.page.locator(f":is({FIGURE})"))

    def controlled_figures(self):
        """Widget outputs holding a figure and at least one slider."""
        return self.page.locator(f"{PANEL} .jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output").filter(
            has=self.page.locator(f":is({FIGURE})")).filter(has=self.page.locator(".noUi-handle"))

    @staticmethod
    def readouts(view) -> list[str]:
        """The values a widget shows: slider readouts, labels, HTML and text outputs inside it."""
        return view.evaluate("""(el) => Array.from(el.querySelectorAll(
            '.widget-readout, .widget-label, .widget-html-content, .widget-valid, .widget-text input, '
            + '.jp-OutputArea-output pre, .jupyter-matplotlib-footer')).map(e => (e.value ?? e.textContent).trim())""")

    def wait_change(self, view, before_hashes, before_readouts, timeout: float = 15,
                    need_readout: bool = False) -> tuple[bool, bool]:
        """Poll until the view's canvases (and, if asked, its readouts) differ from before.
        Returns (figure changed, readouts changed)."""
        deadline = time.monotonic() + timeout
        fig = text = False
        while time.monotonic() < deadline:
            fig = fig or canvas_hashes(self.canvas_stats(view)) != before_hashes
            text = text or self.readouts(view) != before_readouts
            if fig and (text or not need_readout):
                break
            time.sleep(0.2)
        return fig, text

    @staticmethod
    def scroll_to(view) -> None:
        view.evaluate("(el) => el.scrollIntoView({block: 'center'})")

    def press_play(self, view) -> None:
        self.scroll_to(view)
        view.evaluate("(el) => el.querySelector('.widget-play button').click()")

    def press_pause(self, view) -> None:
        """The Play button toggles: pressed again while playing, it pauses."""
        self.press_play(view)

    def move_slider(self, view, index: int = 0) -> None:
        """Move a slider with the keyboard (as a student would): to its end, or to its start if already there."""
        self.scroll_to(view)
        now, top = view.evaluate("""(el, i) => {
            const h = el.querySelectorAll('.noUi-handle')[i];
            h.focus();
            return [h.getAttribute('aria-valuenow'), h.getAttribute('aria-valuemax')];
        }""", index)
        self.page.keyboard.press("Home" if now is not None and now == top else "End")

    def screenshot(self, path: Path, view=None) -> None:
        """A screenshot of the page scrolled to ``view`` (default: the first ipympl figure)."""
        target = view if view is not None else self.page.locator(f"{PANEL} :is({FIGURE})").first
        # The notebook, not the file browser: collapse the left sidebar as a student would (Ctrl+B).
        if self.page.evaluate("() => { const s = document.querySelector('#jp-left-stack');"
                              " return !!s && !s.classList.contains('lm-mod-hidden'); }"):
            self.page.keyboard.press("Escape")
            self.page.keyboard.press("Control+b")
            time.sleep(0.5)
        if target.count():
            self.scroll_to(target)
            time.sleep(0.5)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
