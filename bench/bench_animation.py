"""Painted frames per second of each animation in headless Chromium, the delay from moving a control to the
figure's repaint, the first paint of each animation after Run All and the page's memory while it plays.

Each notebook of release/ is opened, with the solutions filled in from source/, in the student JupyterLab
(``course/lab.py``, as ``./run student`` starts it) and run top to bottom, twice: once as the course is
("new"), once with ``COURSE_ANIMATIONS=kernel`` in the kernel's environment ("old": the snapshot players
and the playground as they were before they played in the browser, one kernel round trip and one Agg
redraw per frame; the peer, measured in the same run). For every widget output that holds a Play button
and a figure (an ipympl canvas, or a player's client-side frames):

* first paint: seconds from pressing Run All to the figure's first paint (each figure is scrolled into view
  once the run is over, as a student reading down the notebook would).
* Play is pressed for ``--seconds`` seconds. "counter fps" is how fast the frame counter (the slider linked to
  Play, timed by the browser) advances: the rate the animation asks for. "painted fps" is how many times the
  figure's canvas was actually drawn per second (every ``drawImage`` onto it, counted in the page). "painted
  / counter" near 1 means no frame is dropped.
* the page's memory (JavaScript heap after a garbage collection, and the resident memory of Chromium's
  renderer processes) before and after ``--memory-seconds`` more seconds of play (Play pressed again
  whenever the animation reaches its end), new path only.
* for every widget output with a figure and a slider, the first slider is moved with the keyboard
  ``--repeat`` times (End / Home alternately, as a student would), and the delay from the key press to the
  next paint of the figure is recorded (median and worst); the old path only for the animations.

Needs Debian's chromium at /usr/bin/chromium. Prints the figures on stdout; progress on stderr.

    .venv/bin/python bench/bench_animation.py [--seconds S] [--repeat N] [--memory-seconds S]
        [--assignment NAME ...] [--no-peer] [--quick]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from benchlib import ROOT, log

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import (FIGURE, NotebookPage, StudentLab, assignments_with_release,  # noqa: E402
                     chromium_available, launch_chromium, solved_release)

# Installed in every page before it loads: count each drawImage onto a figure's canvas, and key presses.
JS_INIT = """
(() => {
  window.__paints = [];
  window.__keys = [];
  const ids = new WeakMap();
  let next = 0;
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const c = this.canvas;
    if (c && c.closest && c.closest('%s')) {
      let id = ids.get(c);
      if (id === undefined) { id = next++; ids.set(c, id); c.dataset.benchId = String(id); }
      window.__paints.push([performance.now(), id]);
    }
    return draw.apply(this, args);
  };
  document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
})();
""" % FIGURE

JS_WATCH = """
(el) => {
  // Record every change of the texts the widget shows (slider readouts, HTML labels), with its time.
  const texts = () => Array.from(el.querySelectorAll('.widget-readout, .widget-html-content'))
      .map(e => e.textContent.trim());
  window.__texts = [[performance.now(), texts()]];
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(() => {
    const now = texts(), last = window.__texts[window.__texts.length - 1][1];
    if (now.join('\\u0001') !== last.join('\\u0001')) window.__texts.push([performance.now(), now]);
  });
  window.__observer.observe(el, {subtree: true, childList: true, characterData: true});
}
"""


def counter_changes(samples, t0, t1) -> int:
    """Changes of the widget's frame counter between t0 and t1: the text that changed most often."""
    inside = [(t, texts) for t, texts in samples if t0 <= t <= t1]
    if not samples or not inside:
        return 0
    width = max(len(texts) for _, texts in samples)
    best = 0
    for k in range(width):
        values = [texts[k] if k < len(texts) else None for _, texts in samples if _ <= t1]
        changes = sum(1 for a, b in zip(values, values[1:]) if a != b)
        best = max(best, changes)
    return best


def canvas_id(view):
    """The bench's id of the view's figure canvas (set at its first paint), or None."""
    return view.evaluate("(el) => { const c = el.querySelector(':is(%s) canvas');"
                         " return c && c.dataset.benchId !== undefined ? Number(c.dataset.benchId) : null; }"
                         % FIGURE)


def first_paint(page: NotebookPage, view, t_run: float, timeout: float = 30) -> float | None:
    """Seconds from Run All (page time ``t_run``) to the view's first paint; the view is scrolled into view."""
    page.scroll_to(view)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cid = canvas_id(view)
        if cid is not None:
            times = page.page.evaluate("(id) => window.__paints.filter(p => p[1] === id).map(p => p[0])", cid)
            if times:
                return (min(times) - t_run) / 1000
        time.sleep(0.1)
    return None


def frames_ready(page: NotebookPage, view, t_run: float, timeout: float = 120) -> float | None:
    """For a snapshot player (client-side frames): seconds from Run All until every frame is in the browser
    (polled). None for other animations."""
    if not view.locator(".course-player").count():
        return None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = view.evaluate("(el) => { const f = el.querySelector('.course-frames');"
                             " return !!f && f.dataset.total !== undefined && f.dataset.received === f.dataset.total; }")
        if done:
            return (page.page.evaluate("() => performance.now()") - t_run) / 1000
        time.sleep(0.1)
    return None


def measure_play(page: NotebookPage, view, seconds: float) -> dict:
    page.scroll_to(view)
    label = " ".join(t for t in page.readouts(view) if t and len(t) < 40)[:40]
    # Start from the first frame: Stop (the second button) rewinds.
    if view.locator(".widget-play button").count() > 1:
        view.evaluate("(el) => el.querySelectorAll('.widget-play button')[1].click()")
        time.sleep(1.0)
    view.evaluate(JS_WATCH)
    t0 = page.page.evaluate("() => performance.now()")
    page.press_play(view)
    time.sleep(seconds)
    t1 = page.page.evaluate("() => performance.now()")
    page.press_pause(view)
    cid = canvas_id(view)
    paints = [p for p, c in page.page.evaluate("() => window.__paints") if t0 <= p <= t1 and c == cid]
    samples = page.page.evaluate("() => window.__texts")
    changes = counter_changes(samples, t0, t1)
    # An animation that reached its last frame stops: rates over the time it moved.
    moving = [t for t, _ in samples if t0 <= t <= t1]
    end = min(t1, max(moving) + 1) if moving and changes else t1
    span = max(end - t0, 1.0) / 1000
    painted = sum(1 for p in paints if p <= end + 50)
    return {"label": label, "counter_fps": changes / span, "painted_fps": painted / span, "frames": changes,
            "span_s": span}


JS_KEEP_PLAYING = """
(el) => {
  // Press Play again whenever the animation stopped (at its last frame): Stop rewinds, Play starts.
  const text = () => Array.from(el.querySelectorAll('.widget-readout, .widget-html-content'))
      .map(e => e.textContent).join('|');
  let last = text(), still = 0;
  window.__keepPlaying = setInterval(() => {
    const now = text();
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 3) {
      const buttons = el.querySelectorAll('.widget-play button');
      if (buttons.length > 1) buttons[1].click();
      setTimeout(() => buttons[0].click(), 50);
      still = 0;
    }
  }, 200);
}
"""


def renderer_rss() -> int:
    """Resident memory of Chromium's renderer processes (the pages), bytes."""
    import psutil

    total = 0
    for proc in psutil.process_iter(["cmdline", "memory_info"]):
        cmd = proc.info.get("cmdline") or []
        if cmd and "chromium" in cmd[0] and "--type=renderer" in cmd and proc.info.get("memory_info"):
            total += proc.info["memory_info"].rss
    return total


def memory(page: NotebookPage) -> dict:
    cdp = page.context.new_cdp_session(page.page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    finally:
        cdp.detach()
    return {"heap": metrics.get("JSHeapUsedSize", 0.0), "rss": renderer_rss()}


def measure_memory(page: NotebookPage, view, seconds: float) -> dict:
    page.scroll_to(view)
    before = memory(page)
    page.press_play(view)
    view.evaluate(JS_KEEP_PLAYING)
    time.sleep(seconds)
    page.page.evaluate("() => clearInterval(window.__keepPlaying)")
    page.press_pause(view)
    time.sleep(0.5)
    after = memory(page)
    return {"seconds": seconds, "before": before, "after": after}


def measure_control(page: NotebookPage, view, repeat: int) -> list[float]:
    page.scroll_to(view)
    time.sleep(0.5)
    cid = canvas_id(view)
    delays = []
    for _ in range(repeat):
        page.page.evaluate("() => { window.__keys = []; }")
        page.move_slider(view)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            got = page.page.evaluate("""(id) => {
                const k = window.__keys[window.__keys.length - 1];
                const p = window.__paints.filter(e => id === null || e[1] === id).map(e => e[0])
                    .find(t => k !== undefined && t >= k);
                return (k === undefined || p === undefined) ? null : p - k; }""", cid)
            if got is not None:
                delays.append(got)
                break
            time.sleep(0.05)
        time.sleep(0.3)  # let trailing paints of this move settle
    return delays


def run_pass(browser, lab: StudentLab, names: list[str], args, peer: bool) -> dict:
    """Run every notebook in ``lab`` and measure its animations (and, unless ``peer``, every controlled figure)."""
    found = {"play": [], "control": [], "memory": []}
    mode = "old" if peer else "new"
    for a in names:
        log(f"[{mode}] {a}: open and run all")
        page = NotebookPage(browser, lab, f"{a}/{a}.ipynb")
        page.context.add_init_script(JS_INIT)
        try:
            page.open()
            t_run = page.page.evaluate("() => performance.now()")
            run_s = page.run_all()
            log(f"[{mode}] {a}: ran in {run_s:.1f} s")
            players = page.players()
            for k in range(players.count()):
                view = players.nth(k)
                paint = first_paint(page, view, t_run)
                ready = frames_ready(page, view, t_run)  # Play is measured once every frame has arrived
                r = measure_play(page, view, args.seconds) | {"first_paint": paint, "ready": ready, "run_s": run_s}
                found["play"].append((a, k, r))
                log(f"[{mode}] {a} animation {k}: {r}")
                if not peer and args.memory_seconds > 0:
                    m = measure_memory(page, view, args.memory_seconds)
                    found["memory"].append((a, k, m))
                    log(f"[{mode}] {a} animation {k} memory: {m}")
            controlled = page.controlled_figures()
            for k in range(controlled.count()):
                view = controlled.nth(k)
                is_player = view.locator(".widget-play").count() > 0
                if peer and not is_player:
                    continue
                d = measure_control(page, view, args.repeat)
                found["control"].append((a, k, is_player, d))
                log(f"[{mode}] {a} control {k}: {d}")
        finally:
            page.close()
    return found


def serve_and_run(browser_factory, names, args, tmp: Path, peer: bool) -> dict:
    root = solved_release(ROOT / "release", ROOT / "source", tmp / "notebooks", names)
    env = dict(os.environ, MNIST_OFFLINE="1", JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"))
    env.pop("COURSE_ANIMATIONS", None)
    if peer:
        env["COURSE_ANIMATIONS"] = "kernel"
    with StudentLab(ROOT, root, tmp / "lab.log", env) as lab:
        return run_pass(browser_factory, lab, names, args, peer)


def fmt(value, spec: str = ".1f", missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def ratio(new, old, spec: str = ".1f") -> str:
    return f"{new / old:{spec}}" if new is not None and old else "-"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each animation plays")
    parser.add_argument("--repeat", type=int, default=5, help="control moves per figure")
    parser.add_argument("--memory-seconds", type=float, default=60.0,
                        help="how long each animation plays between the two memory readings (0: none)")
    parser.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    parser.add_argument("--no-peer", action="store_true", help="skip the old path (COURSE_ANIMATIONS=kernel)")
    parser.add_argument("--quick", action="store_true", help="first assignment, 2 s, 2 moves, 5 s of memory")
    args = parser.parse_args(argv)
    if not chromium_available():
        print("skipped: Debian's chromium is not installed at /usr/bin/chromium")
        return
    names = args.assignment or assignments_with_release(ROOT)
    if args.quick:
        names, args.seconds, args.repeat, args.memory_seconds = names[:1], 2.0, 2, min(args.memory_seconds, 5.0)

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-animation-") as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = launch_chromium(pw)
        try:
            new = serve_and_run(browser, names, args, tmp / "new", peer=False)
            old = None if args.no_peer else serve_and_run(browser, names, args, tmp / "old", peer=True)
        finally:
            browser.close()
    old_play = {(a, k): r for a, k, r in (old or {}).get("play", [])}
    old_ctrl = {(a, k): d for a, k, _, d in (old or {}).get("control", [])}

    print(f"Animations in headless Chromium (student JupyterLab), each played {args.seconds:g} s; "
          "new: as the course is, old: COURSE_ANIMATIONS=kernel (one kernel round trip per frame), same run:\n")
    head = ["notebook", "animation", "counter fps", "painted fps", "painted / counter", "old painted fps",
            "x old", "first paint s", "old first paint s", "all frames s"]
    table = []
    for a, k, r in new["play"]:
        o = old_play.get((a, k))
        table.append([a, f"#{k} {r['label']}".strip()[:34], f"{r['counter_fps']:.1f}", f"{r['painted_fps']:.1f}",
                      f"{r['painted_fps'] / r['counter_fps']:.2f}" if r["counter_fps"] else "-",
                      fmt(o and o["painted_fps"]), ratio(r["painted_fps"], o and o["painted_fps"]),
                      fmt(r["first_paint"]), fmt(o and o["first_paint"]), fmt(r["ready"])])
    print(benchlib.table(head, table, "llrrrrrrrr"))
    print("(first paint, all frames: seconds from pressing Run All; all frames: when every frame of a snapshot "
          "player is in the browser, polled; Play is measured after that)")
    run_new = {a: r["run_s"] for a, _, r in new["play"]}
    run_old = {a: r["run_s"] for a, _, r in (old or {}).get("play", [])}
    print("\nRun All (s, until the kernel is idle): " + ", ".join(
        f"{a} {run_new[a]:.1f} (old {fmt(run_old.get(a))})" for a in run_new))

    print("\nControl to repaint: key press on a slider to the next paint of the figure, in the browser:\n")
    head = ["notebook", "figure", "kind", "moves", "median ms", "worst ms", "old median ms", "x old"]
    table = []
    for a, k, is_player, d in new["control"]:
        o = old_ctrl.get((a, k))
        med = statistics.median(d) if d else None
        old_med = statistics.median(o) if o else None
        table.append([a, f"#{k}", "animation" if is_player else "explorer", str(len(d)),
                      fmt(med, ".0f", "no repaint"), fmt(max(d) if d else None, ".0f"), fmt(old_med, ".0f"),
                      ratio(old_med, med, ".1f")])
    print(benchlib.table(head, table, "lllrrrrr"))
    print("(x old = old median / new median: how many times faster the repaint is)")

    if new["memory"]:
        mib = 1024 * 1024
        print(f"\nPage memory while an animation plays (new path; JS heap after garbage collection, resident "
              f"memory of the renderer processes), before and after more play:\n")
        head = ["notebook", "animation", "played s", "JS heap MiB", "after", "x start", "renderer MiB", "after",
                "x start"]
        table = [[a, f"#{k}", f"{m['seconds']:g}", f"{m['before']['heap'] / mib:.1f}",
                  f"{m['after']['heap'] / mib:.1f}", ratio(m["after"]["heap"], m["before"]["heap"], ".2f"),
                  f"{m['before']['rss'] / mib:.0f}", f"{m['after']['rss'] / mib:.0f}",
                  ratio(m["after"]["rss"], m["before"]["rss"], ".2f")] for a, k, m in new["memory"]]
        print(benchlib.table(head, table, "llrrrrrrr"))
    print(f"\n{len(new['play'])} animations, {len(new['control'])} controlled figures, "
          f"{time.monotonic() - started:.0f} s in all (load average {benchlib.load()}).")


if __name__ == "__main__":
    main()
