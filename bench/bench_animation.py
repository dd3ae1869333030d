"""Painted frames per second of each animation (Play widget + ipympl figure) in headless Chromium, and the
delay from moving a control to the figure's repaint.

Each notebook of release/ is opened, with the solutions filled in from source/, in the student JupyterLab
(``course/lab.py``, as ``./run student`` starts it) and run top to bottom. Then, for every widget
output that holds a Play button and an ipympl canvas:

* Play is pressed for ``--seconds`` seconds. "counter fps" is how fast the frame counter (the slider linked to
  Play, timed by the browser) advances: the rate the animation asks for, the peer. "painted fps" is how many
  times the figure canvases were actually drawn per second (every ``drawImage`` of ipympl onto a canvas
  counted in the page). "painted / counter" near 1 means no frame is dropped; below 1, the kernel and the
  browser cannot keep up with the requested rate.
* for every widget output with an ipympl canvas and a slider, the first slider is moved with the keyboard
  ``--repeat`` times (End / Home alternately, as a student would), and the delay from the key press to the
  next paint of the canvas is recorded (median and worst).

Needs Debian's chromium at /usr/bin/chromium. Prints the figures on stdout; progress on stderr.

    .venv/bin/python bench/bench_animation.py [--seconds S] [--repeat N] [--assignment NAME ...] [--quick]
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
from harness import (NotebookPage, StudentLab, assignments_with_release, chromium_available,  # noqa: E402
                     launch_chromium, solved_release)

JS_INSTRUMENT = """
(el) => {
  window.__paints = window.__paints || [];
  window.__keys = window.__keys || [];
  if (!window.__keyHook) {
    window.__keyHook = true;
    document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
  }
  const canvases = Array.from(el.querySelectorAll('.jupyter-matplotlib-canvas-div')).map(d => d.querySelector('canvas')).filter(c => c);
  window.__canvasIds = window.__canvasIds || 0;
  for (const c of canvases) {
    const ctx = c.getContext('2d');
    if (ctx.__counted) continue;
    const id = window.__canvasIds++;
    const draw = ctx.drawImage.bind(ctx);
    ctx.drawImage = (...args) => { window.__paints.push([performance.now(), id]); return draw(...args); };
    ctx.__counted = true;
  }
  return canvases.length;
}
"""

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


def measure_play(page: NotebookPage, view, seconds: float) -> dict:
    page.scroll_to(view)
    view.evaluate(JS_INSTRUMENT)
    label = " ".join(t for t in page.readouts(view) if t and len(t) < 40)[:40]
    # Start from the first frame: Stop (the second button) rewinds.
    if view.locator(".widget-play button").count() > 1:
        view.evaluate("(el) => el.querySelectorAll('.widget-play button')[1].click()")
        time.sleep(1.0)
    view.evaluate(JS_WATCH)
    page.page.evaluate("() => { window.__paints = []; }")
    t0 = page.page.evaluate("() => performance.now()")
    page.press_play(view)
    time.sleep(seconds)
    t1 = page.page.evaluate("() => performance.now()")
    page.press_pause(view)
    paints = [(p, c) for p, c in page.page.evaluate("() => window.__paints") if t0 <= p <= t1]
    samples = page.page.evaluate("() => window.__texts")
    changes = counter_changes(samples, t0, t1)
    # An animation that reached its last frame stops: rates over the time it moved.
    moving = [t for t, _ in samples if t0 <= t <= t1]
    end = min(t1, max(moving) + 1) if moving and changes else t1
    span = max(end - t0, 1.0) / 1000
    per_canvas = {}
    for p, c in paints:  # one frame may redraw several figures: the busiest figure's paints count
        if p <= end + 50:
            per_canvas[c] = per_canvas.get(c, 0) + 1
    painted = max(per_canvas.values(), default=0)
    return {"label": label, "counter_fps": changes / span, "painted_fps": painted / span, "frames": changes,
            "span_s": span}


def measure_control(page: NotebookPage, view, repeat: int) -> list[float]:
    page.scroll_to(view)
    view.evaluate(JS_INSTRUMENT)
    delays = []
    for _ in range(repeat):
        page.page.evaluate("() => { window.__paints = []; window.__keys = []; }")
        page.move_slider(view)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            got = page.page.evaluate("""() => {
                const k = window.__keys[window.__keys.length - 1];
                const p = window.__paints.map(e => e[0]).find(t => k !== undefined && t >= k);
                return (k === undefined || p === undefined) ? null : p - k; }""")
            if got is not None:
                delays.append(got)
                break
            time.sleep(0.05)
        time.sleep(0.3)  # let trailing paints of this move settle
    return delays


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each animation plays")
    parser.add_argument("--repeat", type=int, default=5, help="control moves per figure")
    parser.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    parser.add_argument("--quick", action="store_true", help="first assignment, 2 s, 2 moves (smoke run)")
    args = parser.parse_args(argv)
    if not chromium_available():
        print("skipped: Debian's chromium is not installed at /usr/bin/chromium")
        return
    names = args.assignment or assignments_with_release(ROOT)
    if args.quick:
        names, args.seconds, args.repeat = names[:1], 2.0, 2

    from playwright.sync_api import sync_playwright

    rows_play, rows_ctrl = [], []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-animation-") as tmp:
        tmp = Path(tmp)
        root = solved_release(ROOT / "release", ROOT / "source", tmp / "notebooks", names)
        env = dict(os.environ, MNIST_OFFLINE="1", JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"),
                   JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"))
        with StudentLab(ROOT, root, tmp / "lab.log", env) as lab, sync_playwright() as pw:
            browser = launch_chromium(pw)
            for a in names:
                log(f"{a}: open and run all")
                page = NotebookPage(browser, lab, f"{a}/{a}.ipynb")
                try:
                    page.open()
                    run_s = page.run_all()
                    log(f"{a}: ran in {run_s:.1f} s")
                    players = page.players()
                    for k in range(players.count()):
                        r = measure_play(page, players.nth(k), args.seconds)
                        rows_play.append((a, k, r))
                        log(f"{a} animation {k}: {r}")
                    controlled = page.controlled_figures()
                    for k in range(controlled.count()):
                        d = measure_control(page, controlled.nth(k), args.repeat)
                        rows_ctrl.append((a, k, d))
                        log(f"{a} control {k}: {d}")
                finally:
                    page.close()
            browser.close()

    print("Animations in headless Chromium (student JupyterLab, ipympl canvas), "
          f"each played {args.seconds:g} s (peer: the frame counter's own rate):\n")
    head = ["notebook", "animation", "counter fps", "painted fps", "painted / counter", "frames"]
    table = [[a, f"#{k} {r['label']}".strip(), f"{r['counter_fps']:.1f}", f"{r['painted_fps']:.1f}",
              f"{r['painted_fps'] / r['counter_fps']:.2f}" if r["counter_fps"] else "-", f"{r['frames']:g}"]
             for a, k, r in rows_play]
    print(benchlib.table(head, table, "llrrrr"))
    print("\nControl to repaint: key press on a slider to the next paint of the figure, in the browser:\n")
    head = ["notebook", "figure", "moves", "median ms", "worst ms"]
    table = [[a, f"#{k}", str(len(d)), f"{statistics.median(d):.0f}" if d else "no repaint",
              f"{max(d):.0f}" if d else "-"] for a, k, d in rows_ctrl]
    print(benchlib.table(head, table, "llrrr"))
    print(f"\n{len(rows_play)} animations, {len(rows_ctrl)} controlled figures, "
          f"{time.monotonic() - started:.0f} s in all (load average {benchlib.load()}).")


if __name__ == "__main__":
    main()
