"""The browser's side of the course's animations (``course.animation.FrameStack``) in Chromium, on a bare page.

The view's module is the one JupyterLab runs; here it renders into a page of its own, given a minimal
model (the ``get``/``set``/``on``/``send`` that anywidget gives it), so that its canvas can be read pixel
by pixel. A live figure drawn in the browser from its data (``course.scene``) must look like the same
figure drawn whole by matplotlib; a player's frame clock must keep the period it asks for. The notebooks'
browser tests (``test_student_browser.py``) run the same module inside JupyterLab.
"""
from __future__ import annotations

import base64
import json

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from course.animation import FrameRenderer, FrameStack, LiveFigure  # noqa: E402

pytestmark = pytest.mark.browser

# A model as anywidget hands it to the view: synchronised values, change events, messages to the kernel.
# Buffers arrive as DataViews (as ipywidgets delivers them); {"$bytes": base64} marks one in the JSON.
PAGE = """<!doctype html><html><body style="margin:0"><div id="view"></div><script type="module">
const handlers = {};
function revive(value) {
  if (value && typeof value === "object" && "$bytes" in value) {
    const raw = atob(value.$bytes), bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return new DataView(bytes.buffer);
  }
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}
const state = {};
window.sent = [];
window.saved = [];
window.model = {
  get: (key) => state[key],
  set: (key, value) => { state[key] = value; (handlers["change:" + key] || []).forEach((f) => f()); },
  on: (event, f) => { (handlers[event] = handlers[event] || []).push(f); },
  off: () => {},
  send: (message) => window.sent.push(message),
  save_changes: () => window.saved.push(Object.assign({}, state)),
};
window.update = (changes) => {
  const revived = revive(changes);
  Object.assign(state, revived);
  Object.keys(revived).forEach((key) => (handlers["change:" + key] || []).forEach((f) => f()));
};
window.start = async (initial, esm) => {
  Object.assign(state, revive(initial));
  const module = await import("data:text/javascript;base64," + btoa(esm));
  module.default.render({ model: window.model, el: document.getElementById("view") });
};
</script></body></html>"""


def as_json(value):
    """Trait values for the page: bytes as {"$bytes": base64}."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    return value


def open_view(browser, view: FrameStack):
    page = browser.new_page(device_scale_factor=1)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content(PAGE)
    page.wait_for_function("() => window.start !== undefined")
    names = ("frames", "index", "width", "height", "captions", "live", "layers", "scene", "frame_ms", "interval")
    state = {name: getattr(view, name) for name in names}
    page.evaluate("([initial, esm]) => window.start(JSON.parse(initial), esm)",
                  [json.dumps(as_json(state)), view._esm])
    return page, errors


def canvas_pixels(page) -> np.ndarray:
    width, height, data = page.evaluate("""() => {
      const c = document.querySelector('.course-frames canvas');
      return [c.width, c.height, Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)];
    }""")
    return np.array(data, dtype=np.uint8).reshape(height, width, 4)


def a_live_figure():
    """A figure like the playground's: a heatmap under moving dots and rings, a solid and a dashed curve under a
    legend."""
    fig = Figure(figsize=(6, 3), dpi=100)
    ax, curve_ax = fig.subplots(1, 2)
    rng = np.random.default_rng(3)
    image = ax.imshow(rng.random((12, 12)), origin="lower", extent=(-1, 1, -1, 1), cmap="RdBu", vmin=0, vmax=1,
                      alpha=0.7, interpolation="bilinear", aspect="auto")
    dots = ax.scatter(rng.uniform(-1, 1, 30), rng.uniform(-1, 1, 30), s=16, c=rng.random(30), cmap="RdBu",
                      edgecolors="white", linewidths=0.5)
    rings = ax.scatter(rng.uniform(-1, 1, 20), rng.uniform(-1, 1, 20), s=16, facecolors="none", linewidths=1.2,
                       edgecolors=["k", "r"] * 10)
    train, = curve_ax.plot([], [], label="train")
    test, = curve_ax.plot([], [], "--", label="test")
    curve_ax.set(xlim=(0, 20), ylim=(0, 1))
    curve_ax.legend(loc="upper right")
    curve_ax.grid(alpha=0.3)

    def step(k):
        image.set_array(rng.random((12, 12)))
        dots.set_offsets(rng.uniform(-1, 1, (30, 2)))
        rings.set_offsets(rng.uniform(-1, 1, (20, 2)))
        epochs = np.arange(k + 2)
        train.set_data(epochs, 0.9 * np.exp(-epochs / 6))
        test.set_data(epochs, 0.95 * np.exp(-epochs / 8) + 0.02)

    return fig, [image, dots, rings, train, test], step


def test_a_live_figure_drawn_from_its_data_looks_like_matplotlibs(browser):
    fig, moving, step = a_live_figure()
    live = LiveFigure(fig, moving)
    for k in range(3):  # the first update draws it whole, the second makes the layers
        step(k)
        live.update()
        live.received()
    assert live.in_browser and len(live.view.layers) == 2 and live.view.scene["items"]
    assert [item["kind"] for item in live.view.scene["items"]] == ["image", "dots", "dots", "line", "line"]
    page, errors = open_view(browser, live.view)
    try:
        page.wait_for_function("() => window.sent.length >= 1")
        for k in range(3, 6):  # updates while the page shows the figure: each one acknowledged
            step(k)
            live.update()
            page.evaluate("(s) => window.update(JSON.parse(s))", json.dumps(as_json({"scene": live.view.scene})))
            live.received()
        page.wait_for_function("() => window.sent.length >= 4")
        page.wait_for_timeout(200)
        shown = canvas_pixels(page)[..., :3].astype(int)
        drawn = FrameRenderer(fig).pixels()[..., :3].astype(int)
        assert shown.shape == drawn.shape
        difference = np.abs(shown - drawn).max(axis=-1)
        # Antialiasing differs along a few edges; the pictures must agree everywhere else.
        assert np.mean(difference) < 1.5 and np.mean(difference > 40) < 0.002, (
            np.mean(difference), np.mean(difference > 40))
        assert not errors, errors
    finally:
        page.close()


def test_a_players_clock_keeps_the_period_it_asks_for(browser):
    """The Play button waits its interval after each step's work; the view shortens the interval until the
    frames come every ``frame_ms``, never below 1 ms nor above ``frame_ms``."""
    view = FrameStack(frames=[b""] * 400, index=0, width=10, height=10, frame_ms=40, interval=40)
    page, errors = open_view(browser, view)
    try:
        # A Play button whose every step costs 15 ms of work on top of its interval, as a busy page's would.
        page.evaluate("""() => new Promise((done) => {
          let i = 0;
          const step = () => {
            const until = performance.now() + 15;
            while (performance.now() < until) {}
            window.model.set('index', ++i);
            if (i < 120) setTimeout(step, window.model.get('interval')); else done();
          };
          setTimeout(step, window.model.get('interval'));
        })""")
        interval = page.evaluate("() => window.model.get('interval')")
        assert 15 <= interval <= 32, interval
        assert page.evaluate("() => window.saved.length") >= 1, "the new interval goes to the Play button"
        assert not errors, errors
    finally:
        page.close()
