"""A snapshot player: scrub or play through precomputed frames of a figure, at the browser's pace.

Training loops record snapshots (parameters, curves, losses) while they run; the player then shows them
with a Play button linked to a frame slider. ``draw_frame(i)`` should only *update* existing artists
(``line.set_data``, ``image.set_array``, ``text.set_text``), never clear the axes and plot again.

    fig, ax = subplots()                        # course.figures
    line, = ax.plot(grid, curves[0])

    def draw_frame(i):
        line.set_ydata(curves[i])

    show(SnapshotPlayer(curves, draw_frame, fig))

How it plays smoothly: when the player is shown, every frame is drawn once with matplotlib (Agg; only
what changes from frame to frame is drawn again, see ``FrameBlitter``) and the images go to the browser
into a small client-side view (``FrameStack``, an anywidget). The Play button, the slider and that view are
linked in the browser (``jslink``), so playing and scrubbing only change which image the browser paints:
no kernel round trip per frame, and the kernel is never busy while the animation plays. The first frame
is sent at once; the others are drawn in small batches between the kernel's other work (the next cells
of a Run All run in between) and sent batch by batch.

Where widgets are not rendered the player's output is a still image of its last frame (the output holds
both; a notebook viewer without widgets shows the image). While nbgrader runs the notebook the output is
that image alone, so the graded notebook and its feedback show it, and no other frame is drawn.

``KERNEL_FRAMES`` (the environment variable ``COURSE_ANIMATIONS=kernel``) selects the previous way instead,
one kernel round trip per frame (the kernel redraws the figure for every slider value, shown through
``course.figures.FigureView``): the peer that ``bench/bench_animation.py`` measures the players against.
"""
from __future__ import annotations

import base64
import contextlib
import io
import math
import os
import sys
import time
from typing import Callable, Sequence

import anywidget
import ipywidgets as widgets
import traitlets

from course import scene
from course.figures import FigureView
from course.runtime import under_grader

# The previous, kernel-drawn players (one round trip per frame), for benchmarks.
KERNEL_FRAMES = os.environ.get("COURSE_ANIMATIONS", "") == "kernel"

_FRAME_STACK_ESM = r"""
function render({ model, el }) {
  el.classList.add("course-frames");
  const caption = document.createElement("div");
  caption.className = "course-caption";
  const canvas = document.createElement("canvas");
  el.appendChild(caption);
  el.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  let urls = [], images = [], request = 0, shown = -1;
  let live = null, liveToken = 0;  // a live figure: one frame, sent again and again, painted from a bitmap
  // A live figure drawn here: two layers from the kernel (what stays), the moving artists drawn between
  // them from their data (model "scene"), composed off screen and painted in one go.
  let layers = null, layersToken = 0;
  const composed = document.createElement("canvas"), composer = composed.getContext("2d");
  const tile = document.createElement("canvas"), tiler = tile.getContext("2d");

  function size() {
    const w = model.get("width"), h = model.get("height");
    if (w && h) { canvas.style.width = w + "px"; canvas.style.height = h + "px"; caption.style.width = w + "px"; }
  }
  function fit(c, w, h) {
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
  }
  function paint() {
    request = 0;
    if (model.get("layers").length) { paintScene(); return; }
    const i = model.get("live") ? 0 : model.get("index");
    const image = model.get("live") ? live : images[i];
    // A frame still on its way (or still decoding) keeps the previous one on show.
    if (i === shown || !image || (image.complete === false) || !(image.naturalWidth || image.width)) return;
    const w = image.naturalWidth || image.width, h = image.naturalHeight || image.height;
    fit(canvas, w, h);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0);
    shown = i;
    const captions = model.get("captions");
    caption.textContent = captions.length ? captions[i] || "" : "";
    caption.style.display = captions.length ? "block" : "none";
  }
  function bytes(view) {  // a synchronised buffer (a DataView) as its own ArrayBuffer
    return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
  }
  function clipTo(g, box) {
    if (!box) return;
    g.beginPath();
    g.rect(box[0], box[1], box[2], box[3]);
    g.clip();
  }
  function drawLine(g, item) {
    const xy = new Float32Array(bytes(item.data));
    g.save();
    clipTo(g, item.clip);
    g.beginPath();
    let pen = false;
    for (let k = 0; k < item.points; k++) {
      const x = xy[2 * k], y = xy[2 * k + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
      if (pen) g.lineTo(x, y); else g.moveTo(x, y);
      pen = true;
    }
    g.strokeStyle = item.color;
    g.lineWidth = item.width;
    g.setLineDash(item.dash);
    g.lineDashOffset = item.dash_offset;
    g.lineCap = item.cap;
    g.lineJoin = item.join;
    g.stroke();
    g.restore();
  }
  function drawPicture(g, item) {  // values interpolated to the canvas's pixels, then coloured (as matplotlib)
    const values = new Float32Array(bytes(item.data)), lut = new Uint8Array(bytes(item.lut));
    const colours = lut.length / 4 - 1, bad = colours;  // the colour of NaN is the table's last
    const [rx, ry, rw, rh] = item.rect, columns = item.columns, rows = item.rows;
    let x0 = Math.floor(rx), y0 = Math.floor(ry), x1 = Math.ceil(rx + rw), y1 = Math.ceil(ry + rh);
    if (item.clip) {
      const [cx, cy, cw, ch] = item.clip;
      x0 = Math.max(x0, Math.floor(cx)); y0 = Math.max(y0, Math.floor(cy));
      x1 = Math.min(x1, Math.ceil(cx + cw)); y1 = Math.min(y1, Math.ceil(cy + ch));
    }
    const w = x1 - x0, h = y1 - y0;
    if (w <= 0 || h <= 0 || !columns || !rows) return;
    const out = new ImageData(w, h), px = out.data;
    // Where each pixel's centre falls in the array, in cells (0 = the centre of the first cell).
    const at = (p, start, extent, cells) => (p + 0.5 - start) / extent * cells - 0.5;
    const inside = (p, start, extent) => p + 0.5 >= start && p + 0.5 <= start + extent;
    for (let y = 0; y < h; y++) {
      if (!inside(y0 + y, ry, rh)) continue;
      const v = Math.min(rows - 1, Math.max(0, at(y0 + y, ry, rh, rows)));
      const r0 = item.smooth ? Math.floor(v) : Math.round(v), r1 = Math.min(rows - 1, r0 + 1), fy = v - r0;
      for (let x = 0; x < w; x++) {
        if (!inside(x0 + x, rx, rw)) continue;
        const u = Math.min(columns - 1, Math.max(0, at(x0 + x, rx, rw, columns)));
        let value;
        if (item.smooth) {
          const c0 = Math.floor(u), c1 = Math.min(columns - 1, c0 + 1), fx = u - c0;
          const a = values[r0 * columns + c0], b = values[r0 * columns + c1];
          const c = values[r1 * columns + c0], d = values[r1 * columns + c1];
          value = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
        } else {
          value = values[r0 * columns + Math.round(u)];
        }
        const k = Number.isNaN(value) ? bad : Math.min(colours - 1, Math.max(0, Math.floor(value * colours)));
        const o = 4 * (y * w + x);
        px[o] = lut[4 * k]; px[o + 1] = lut[4 * k + 1]; px[o + 2] = lut[4 * k + 2]; px[o + 3] = lut[4 * k + 3];
      }
    }
    fit(tile, w, h);
    tiler.putImageData(out, 0, 0);
    g.save();
    clipTo(g, item.clip);
    g.drawImage(tile, x0, y0);
    g.restore();
  }
  function drawDots(g, item) {  // each dot filled, then its edge stroked, in order (as matplotlib)
    const xy = new Float32Array(bytes(item.data)), radii = new Float32Array(bytes(item.radii));
    const faces = new Uint8Array(bytes(item.faces)), edges = new Uint8Array(bytes(item.edges));
    const widths = new Float32Array(bytes(item.widths));
    const css = (c, k) => {
      const o = 4 * (k % (c.length / 4));
      return `rgba(${c[o]},${c[o + 1]},${c[o + 2]},${c[o + 3] / 255})`;
    };
    g.save();
    clipTo(g, item.clip);
    for (let k = 0; k < item.points; k++) {
      const x = xy[2 * k], y = xy[2 * k + 1];
      if (!radii.length || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      g.beginPath();
      g.arc(x, y, radii[k % radii.length], 0, 2 * Math.PI);
      if (faces.length) { g.fillStyle = css(faces, k); g.fill(); }
      const w = widths.length ? widths[k % widths.length] : 0;
      if (edges.length && w > 0) { g.lineWidth = w; g.strokeStyle = css(edges, k); g.stroke(); }
    }
    g.restore();
  }
  function paintScene() {
    if (!layers) return;
    const [under, over] = layers;
    fit(composed, under.width, under.height);
    composer.clearRect(0, 0, composed.width, composed.height);
    composer.drawImage(under, 0, 0);
    for (const item of (model.get("scene").items || [])) {
      if (item.kind === "line") drawLine(composer, item);
      else if (item.kind === "image") drawPicture(composer, item);
      else if (item.kind === "dots") drawDots(composer, item);
    }
    if (over) composer.drawImage(over, 0, 0);
    fit(canvas, composed.width, composed.height);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(composed, 0, 0);
  }
  function loadLayers() {  // decoded as bitmaps; the scene is painted once they are
    const token = ++layersToken;
    const pngs = model.get("layers");
    if (!pngs.length) { layers = null; return; }
    Promise.all(pngs.map((f) => f && f.byteLength ? createImageBitmap(new Blob([f], { type: "image/png" }))
                                                    : Promise.resolve(null))).then((bitmaps) => {
      if (token !== layersToken) { bitmaps.forEach((b) => b && b.close()); return; }
      if (layers) layers.forEach((b) => b && b.close());
      layers = bitmaps;
      schedule();
    }, () => {});
  }
  function sceneChanged() {
    model.send({ received: true });  // the kernel may send the next state
    schedule();
  }
  function schedule() {  // at most one paint per display frame, however fast the index moves
    if (!request) request = requestAnimationFrame(paint);
  }
  // Keeping time while playing. The Play button waits its interval after each step's work, so the frames
  // would come slower than asked for: the interval is shortened by what each step takes beyond it. The
  // interval wanted is kept in fractions of a millisecond, so that a lag of less than one adds up until it
  // moves the button's whole-millisecond interval (and is learnt for the next Play).
  let lastIndex = -1, lastAt = 0, periods = [], wanted = 0;
  function pace() {
    const target = model.get("frame_ms"), i = model.get("index"), now = performance.now();
    if (target > 0 && i === lastIndex + 1 && now - lastAt < 3 * target) {
      periods.push(now - lastAt);
      if (periods.length >= 5) {
        const typical = periods.slice().sort((a, b) => a - b)[2];
        const current = model.get("interval") || target;
        if (Math.round(wanted) !== current) wanted = current;  // set from elsewhere meanwhile
        wanted = Math.max(1, Math.min(target, wanted - (typical - target)));
        const next = Math.round(wanted);
        if (next !== current) { model.set("interval", next); model.save_changes(); }
        periods = [];
      }
    } else {
      periods = [];
    }
    lastIndex = i;
    lastAt = now;
  }
  function indexChanged() {
    pace();
    schedule();
  }
  function image(i, data) {  // a frame's PNG bytes as a decoded image
    if (urls[i]) URL.revokeObjectURL(urls[i]);
    urls[i] = URL.createObjectURL(new Blob([data], { type: "image/png" }));
    const img = new Image();
    img.src = urls[i];
    img.decode().then(() => { if (i === model.get("index")) { shown = -1; schedule(); } }, () => {});
    images[i] = img;
    el.dataset.received = String(images.filter((x) => x).length);  // frames in the browser so far
    el.dataset.total = String(model.get("frames").length);
  }
  function load() {
    urls.forEach((u) => u && URL.revokeObjectURL(u));
    urls = [];
    images = [];
    if (model.get("live")) {  // decoded as a bitmap, freed as soon as the next one is on show
      const f = model.get("frames")[0];
      if (!f || !f.byteLength) return;
      const token = ++liveToken;
      model.send({ received: true });  // the kernel may send the next image
      createImageBitmap(new Blob([f], { type: "image/png" })).then((bitmap) => {
        if (token !== liveToken) { bitmap.close(); return; }
        if (live) live.close();
        live = bitmap;
        shown = -1;
        schedule();
      }, () => {});
      return;
    }
    model.get("frames").forEach((f, i) => { if (f && f.byteLength) image(i, f); });
    shown = -1;
    schedule();
  }
  function receive(msg, buffers) {  // frames sent while the kernel draws the others
    if (msg && msg.frames) msg.frames.forEach((i, k) => image(i, buffers[k]));
  }
  const recaption = () => { shown = -1; schedule(); };
  model.on("change:frames", load);
  model.on("change:layers", loadLayers);
  model.on("change:scene", sceneChanged);
  model.on("msg:custom", receive);
  model.on("change:captions", recaption);
  model.on("change:index", indexChanged);
  model.on("change:width", size);
  model.on("change:height", size);
  size();
  load();
  loadLayers();
  return () => {
    if (request) cancelAnimationFrame(request);
    model.off("change:frames", load);
    model.off("change:layers", loadLayers);
    model.off("change:scene", sceneChanged);
    model.off("msg:custom", receive);
    model.off("change:captions", recaption);
    model.off("change:index", indexChanged);
    model.off("change:width", size);
    model.off("change:height", size);
    urls.forEach((u) => u && URL.revokeObjectURL(u));
    liveToken++;
    layersToken++;
    if (live) live.close();
    if (layers) layers.forEach((b) => b && b.close());
  };
}
export default { render };
"""

_FRAME_STACK_CSS = """
.course-frames { line-height: 0; }
.course-frames canvas { display: block; }
.course-frames .course-caption { line-height: 1.4; font-size: var(--jp-content-font-size1, 14px);
  white-space: pre-line; text-align: center; padding: 2px 0; display: none; }
"""


class FrameStack(anywidget.AnyWidget):
    """The browser's side of a player: PNG images, of which it paints the one at ``index``.

    Traits (synchronised with the browser): ``frames`` (list of PNG bytes; an empty one is a frame not
    drawn yet), ``index`` (the frame on show), ``width`` and ``height`` (its size in CSS pixels),
    ``captions`` (one text per frame, shown above it; none if empty), ``live`` (one frame, replaced again
    and again: the browser decodes each into a bitmap it frees once the next is on show, and says
    ``{"received": true}`` for each).

    A live figure drawn in the browser (``course.scene``): ``layers`` (two PNGs: what stays under and over
    the moving artists; the second may be empty) and ``scene`` (``{"items": [...]}``, the moving artists'
    drawing instructions; the browser says ``{"received": true}`` for each new scene). While ``layers`` is
    set, the figure is the layers and the scene, and ``frames`` is not shown.

    Keeping time: with ``frame_ms`` > 0 (the period a player asks for, ms) and ``interval`` linked to its
    Play button's, the browser shortens the Play button's interval by what each step takes beyond it, so
    that frames come every ``frame_ms`` while playing.
    """

    _esm = _FRAME_STACK_ESM
    _css = _FRAME_STACK_CSS
    frames = traitlets.List(traitlets.Bytes(), default_value=[]).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    width = traitlets.Int(0).tag(sync=True)
    height = traitlets.Int(0).tag(sync=True)
    captions = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    live = traitlets.Bool(False).tag(sync=True)
    layers = traitlets.List(traitlets.Bytes(), default_value=[]).tag(sync=True)
    scene = traitlets.Dict(default_value={}).tag(sync=True)
    frame_ms = traitlets.Int(0).tag(sync=True)
    interval = traitlets.Int(0).tag(sync=True)


class FrameRenderer:
    """Draw a figure with Agg into PNG bytes, without touching the figure's own canvas (an ipympl widget)."""

    def __init__(self, fig):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.fig = fig
        own = fig.canvas
        self.canvas = FigureCanvasAgg(fig)  # attaches itself to the figure...
        fig.set_canvas(own)                 # ...which keeps its own canvas

    def pixels(self):
        """The whole figure drawn: an RGBA array (a copy)."""
        import numpy as np

        self.canvas.draw()
        return np.array(self.canvas.buffer_rgba())

    def png(self) -> bytes:
        return to_png(self.pixels())


def to_png(pixels) -> bytes:
    """RGBA pixels (height, width, 4) as PNG bytes (RGB if opaque); fast compression, frames are small."""
    from PIL import Image

    if (pixels[..., 3] == 255).all():
        pixels = pixels[..., :3]
    with io.BytesIO() as out:
        Image.fromarray(pixels).save(out, format="png", compress_level=1)
        return out.getvalue()


@contextlib.contextmanager
def frozen_layout(fig):
    """The figure's layout as its last draw left it: no layout engine, no automatic title positions
    (matplotlib places a title above what it finds drawn at the top of its Axes, and would find a
    layer's hidden artists missing)."""
    engine = fig.get_layout_engine()
    if engine is not None:
        fig.set_layout_engine("none")
    titles = {ax: ax._autotitlepos for ax in fig.axes if hasattr(ax, "_autotitlepos")}
    for ax in titles:
        ax._autotitlepos = False
    try:
        yield
    finally:
        for ax, auto in titles.items():
            ax._autotitlepos = auto
        if engine is not None:
            fig.set_layout_engine(engine)


def shown_by_images(fig) -> None:
    """The figure is shown through images drawn here, never through its own canvas (an ipympl widget nobody
    sees), so pyplot lets go of it: the figure leaves pyplot's list of figures, and that canvas is closed.

    Pyplot would otherwise draw and encode the whole figure for that canvas each time an artist changes,
    and again after every message from the browser: ipykernel runs the post-execute hooks, pyplot's "draw
    every stale figure" among them, after each widget message (a Play step, a slider move, the browser's
    word that a frame arrived). A live figure changes between any two of them, so each would cost a whole
    Agg draw and a PNG (a tenth of a second or more) that nobody sees, and delay the next frame."""
    fig.stale_callback = None
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)  # a figure pyplot does not list (made without it) is left as it is


class FrameBlitter:
    """Many frames of one figure, drawn fast: what stays the same is drawn once.

    ``draw_frame`` usually changes a few artists (a curve, an image, a caption). The blitter finds them
    (the artists ``draw_frame`` marks stale, over every frame, and where they paint) and sorts each Axes'
    other artists in matplotlib's drawing order: those drawn before the first moving one, or painting
    nowhere near a moving one, go in the background (drawn once); those drawn after and over a moving one
    are drawn again in every frame, or, when no moving artist is drawn after and over them, drawn once on a
    transparent top layer laid over every frame. A frame is the background, the moving artists (and those
    drawn again) in matplotlib's own order, and the top layer.
    The figure's layout is frozen meanwhile (as the first draw left it). If a frame changes an axis (limits,
    ticks) or the layout, ``plan`` returns False; if a check frame drawn both ways differs, ``render``
    returns None: then frames are drawn whole instead.
    """

    def __init__(self, fig, draw_frame: Callable[[int], object]):
        self.fig = fig
        self.draw_frame = draw_frame
        self.renderer = FrameRenderer(fig)
        self.tops: list = []      # (owner Axes or None for the figure, top-level artist)
        self.redrawn: list = []   # drawn in every frame
        self.over: list = []      # drawn once, over every frame

    def _state(self):
        return [(tuple(ax.viewLim.bounds), tuple(ax.get_position().bounds), ax.get_xscale(), ax.get_yscale())
                for ax in self.fig.axes]

    def _begin(self):
        """Draw the figure whole (which lays it out) and list its top-level artists. Returns the renderer."""
        fig = self.fig
        canvas = self.renderer.canvas
        canvas.draw()
        self.state = self._state()
        self.tops = [(ax, child) for ax in fig.axes for child in ax.get_children() if child is not ax.patch]
        self.tops += [(None, child) for child in fig.get_children()
                      if child not in fig.axes and child is not fig.patch]
        return canvas.get_renderer()

    @staticmethod
    def _extent(artist, renderer):
        """Where the artist paints (display box); None: unknown (taken to overlap everything)."""
        try:
            box = artist.get_tightbbox(renderer)
        except Exception:
            return None
        if box is None or not all(map(math.isfinite, box.bounds)) or box.width <= 0 or box.height <= 0:
            return None
        return box

    def plan(self, frames: Sequence[int]) -> bool:
        """Find the artists that ``draw_frame`` changes over ``frames``, and the layers. False: no blitting."""
        renderer = self._begin()
        boxes = {id(child): [self._extent(child, renderer)] for _, child in self.tops}
        everything = self.fig.findobj()
        for artist in everything:
            artist.stale = False
        changed = set()
        for i in frames:
            self.draw_frame(i)
            for owner, child in self.tops:
                if any(a.stale for a in child.findobj()):
                    changed.add(id(child))
                    boxes[id(child)].append(self._extent(child, renderer))
            for artist in everything:
                artist.stale = False
            if self._state() != self.state:
                return False
        return self._layers(changed, boxes)

    def plan_moving(self, moving: Sequence) -> bool:
        """The layers for artists known to change (each anywhere in its Axes). False: no blitting."""
        renderer = self._begin()
        boxes = {id(child): [self._extent(child, renderer)] for _, child in self.tops}
        for artist in moving:
            boxes[id(artist)] = [artist.axes.bbox.frozen() if artist.axes is not None else None]
        return self._layers({id(a) for a in moving}, boxes)

    def _layers(self, changed: set, boxes: dict) -> bool:
        from matplotlib.axis import Axis

        if not changed:
            return False

        def overlap(one, others) -> bool:
            return any(x is None or y is None or x.overlaps(y)
                       for other in others for x in boxes[id(one)] for y in boxes[id(other)])

        redrawn, over = [], []
        for owner in [*self.fig.axes, None]:
            order = sorted((child for o, child in self.tops if o is owner), key=lambda a: a.get_zorder())
            moving = {k for k, child in enumerate(order) if id(child) in changed}
            if not moving:
                continue
            if any(isinstance(order[k], Axis) for k in moving):
                return False
            again = set(moving)  # drawn in every frame; grows until every static artist has its place
            while True:
                on_top = set()
                for k in range(min(moving) + 1, len(order)):
                    if k in again:
                        continue
                    if overlap(order[k], [order[j] for j in again | on_top if j < k]):
                        if overlap(order[k], [order[j] for j in again if j > k]):
                            again.add(k)
                        else:
                            on_top.add(k)
                if not any(overlap(order[k], [order[j] for j in again if j > k]) for k in on_top):
                    break
            redrawn += [order[k] for k in sorted(again)]
            over += [order[k] for k in sorted(on_top)]
        self.redrawn, self.over = redrawn, over
        return True

    def _draw_only(self, keep: list, canvas, renderer=None):
        """Draw only the artists in ``keep`` (the others hidden meanwhile): into a cleared canvas, or over
        what ``renderer`` holds."""
        keep_ids = {id(a) for a in keep}
        hide = [a for _, a in self.tops if id(a) not in keep_ids and a.get_visible()]
        hide += [ax.patch for ax in self.fig.axes if ax.patch.get_visible()]
        hide += [self.fig.patch] if self.fig.patch.get_visible() else []
        for artist in hide:
            artist.set_visible(False)
        try:
            if renderer is None:
                canvas.draw()
            else:
                self.fig.draw(renderer)
        finally:
            for artist in hide:
                artist.set_visible(True)

    def frozen(self):
        """The figure's layout as the first draw left it (``frozen_layout``)."""
        return frozen_layout(self.fig)

    def _draw_background(self):
        """Draw everything but the layered artists (those drawn again, and the top layer). Returns the canvas."""
        canvas = self.renderer.canvas
        layered = [a for a in [*self.redrawn, *self.over] if a.get_visible()]
        for artist in layered:
            artist.set_visible(False)
        try:
            canvas.draw()
        finally:
            for artist in layered:
                artist.set_visible(True)
        return canvas

    def prepare(self) -> None:
        """Draw the background and the top layer (inside ``frozen()``)."""
        import numpy as np

        canvas = self._draw_background()
        self.background = canvas.copy_from_bbox(self.fig.bbox)
        self.top = self.alpha = self.where = None
        if self.over:
            self._draw_only(self.over, canvas)
            layer = np.array(canvas.buffer_rgba()).reshape(-1, 4)
            self.where = np.flatnonzero(layer[:, 3])  # only the pixels the top layer paints are blended
            self.alpha = layer[self.where, 3:].astype(np.float32) / 255.0
            self.top = layer[self.where, :3] * self.alpha

    def layer_images(self) -> tuple[bytes, bytes]:
        """The background (everything but the artists drawn again and the top layer) and the top layer
        (transparent where it paints nothing; b"" if there is none), as PNGs (inside ``frozen()``)."""
        import numpy as np

        canvas = self._draw_background()
        under = to_png(np.array(canvas.buffer_rgba()))
        if not self.over:
            return under, b""
        self._draw_only(self.over, canvas)
        return under, to_png(np.array(canvas.buffer_rgba()))

    def draw(self):
        """The figure as it is now, by blitting (inside ``frozen()``, after ``prepare()``): RGBA pixels."""
        import numpy as np

        canvas = self.renderer.canvas
        canvas.restore_region(self.background)
        self._draw_only(self.redrawn, canvas, canvas.get_renderer())
        pixels = np.array(canvas.buffer_rgba())
        if self.top is not None:
            flat = pixels.reshape(-1, 4)
            under = flat[self.where, :3]
            flat[self.where, :3] = np.rint(self.top + under * (1.0 - self.alpha)).astype(np.uint8)
        return pixels

    def render(self, frames: Sequence[int], check: Sequence[int] = ()) -> dict[int, bytes] | None:
        """PNGs of ``frames`` (a dict), or None if a check frame drawn by blitting differs from it drawn whole."""
        import numpy as np

        with self.frozen():
            whole = {}
            for i in check:
                self.draw_frame(i)
                whole[i] = self.renderer.pixels()
            self.prepare()
            out = {}
            for i in [*check, *frames]:
                self.draw_frame(i)
                pixels = self.draw()
                if i in whole:
                    if np.abs(pixels.astype(np.int16) - whole[i]).max() > 24:
                        return None
                    continue
                out[i] = to_png(pixels)
            return out


class LiveFigure:
    """A figure that the kernel redraws often (live training), shown in the browser by a ``FrameStack``.

    ``update()`` draws the figure and sends the image at once (no request from the browser first, as
    ipympl needs), unless ``IN_FLIGHT`` images are still on their way to the browser: then the figure is
    drawn once the browser says one has arrived (only the latest state: updates in between cost nothing).
    So the kernel never draws more images than the browser can take, and training is not slowed down by
    drawing. Only the
    ``moving`` artists (and what overlaps them) are drawn again, over a background drawn once
    (``FrameBlitter``); the background is drawn again when an Axes' limits change, or after
    ``invalidate()`` (anything else changed). With ``KERNEL_FRAMES`` it is a ``FigureView`` as before.

    Attributes:
        widget: what a layout shows; updates: the number of updates asked for; sent: images sent.
    """

    def __init__(self, fig, moving: Sequence):
        self.fig = fig
        self.moving = list(moving)
        self.updates = 0
        self.sent = 0
        self._blitter = None
        self._ready = False
        self._laid_out = False
        self._in_flight: list[float] = []  # when each image the browser has not received yet was sent
        self._dirty = False
        self.in_browser = False  # whether the moving artists are drawn by the browser (``course.scene``)
        self._unanswered_since = None
        if KERNEL_FRAMES:
            self.view = FigureView(fig)
            self.widget = self.view.widget
            return
        self._renderer = FrameRenderer(fig)
        shown_by_images(fig)
        width, height = (round(v) for v in fig.get_size_inches() * fig.dpi)
        self.view = FrameStack(width=width, height=height, live=True)
        self.widget = self.view
        self.view.on_msg(self._on_browser)

    # Images sent that the browser has not said it received are "in flight": at most IN_FLIGHT of them, so
    # that the next ones leave while the last travel (a round trip through the Jupyter server can take a
    # few frames' time on a busy machine); after IN_FLIGHT_S seconds one is taken as lost (no browser shows
    # the widget, say).
    IN_FLIGHT = 4
    IN_FLIGHT_S = 1.0

    def _on_browser(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("received"):
            self.received()

    def received(self) -> None:
        """The browser has an image: send the figure again if it changed since the last one sent."""
        self._unanswered_since = None
        if self._in_flight:
            self._in_flight.pop(0)
        if self._dirty:
            self._send()

    def unanswered_for(self) -> float:
        """Seconds since the first image the browser has not answered for was sent (0 if none)."""
        since = self._unanswered_since
        return 0.0 if since is None else time.monotonic() - since

    def invalidate(self) -> None:
        """Something besides the moving artists changed: the next update draws the figure whole."""
        self._blitter = None
        self._ready = False

    def update(self) -> None:
        """Send the figure as it is now to the browser (at once, or once it has painted the last image)."""
        self.updates += 1
        if KERNEL_FRAMES:
            self.view.redraw()
            return
        now = time.monotonic()
        self._in_flight = [t for t in self._in_flight if now - t < self.IN_FLIGHT_S]
        if len(self._in_flight) >= self.IN_FLIGHT:
            self._dirty = True
            return
        self._send()

    def _send(self) -> None:
        self._dirty = False
        self._in_flight.append(time.monotonic())
        if self._unanswered_since is None:
            self._unanswered_since = self._in_flight[-1]
        self.sent += 1
        blitter = self._blitter
        if blitter is not None and self._ready and blitter._state() != blitter.state:
            if self.in_browser:  # an axis changed (its limits, say): the same layers, drawn again
                with blitter.frozen():
                    self._send_layers(blitter)
                blitter.state = blitter._state()
                return
            blitter = self._blitter = None
        if blitter is None:
            # Draw it whole now (the quickest first image); the layers are made at the next update.
            self._send_whole()
            self._blitter = FrameBlitter(self.fig, None)
            self._ready = False
            return
        if not self._ready:
            with frozen_layout(self.fig):
                planned = blitter.plan_moving(self.moving)
            if not planned:
                self._send_whole()
                self._blitter = None
                return
            self.in_browser = self._drawable_in_browser(blitter)
            with blitter.frozen():
                if self.in_browser:
                    self._send_layers(blitter)
                    self._ready = True
                    return
                blitter.prepare()
            self._ready = True
        if self.in_browser:
            self.view.scene = self._scene(blitter)
            return
        with blitter.frozen():
            self.view.frames = [to_png(blitter.draw())]

    def _drawable_in_browser(self, blitter) -> bool:
        """Whether the browser can draw every frame: each artist drawn again is a moving one (no static
        artist between them) of a kind ``course.scene`` describes."""
        redrawn = {id(a) for a in blitter.redrawn}
        return redrawn == {id(a) for a in self.moving} and all(map(scene.drawable, self.moving))

    def _send_layers(self, blitter) -> None:
        under, over = blitter.layer_images()
        with self.view.hold_sync():
            self.view.layers = [under, over]
            self.view.scene = self._scene(blitter)

    def _scene(self, blitter) -> dict:
        return {"n": self.sent, **scene.instructions(blitter.redrawn, self.fig.bbox.height)}

    def _send_whole(self) -> None:
        """The figure drawn whole, as the one live image (no layers)."""
        png = self._whole()
        self.in_browser = False
        with self.view.hold_sync():
            self.view.layers = []
            self.view.frames = [png]

    def _whole(self) -> bytes:
        """The figure drawn whole. The layout (constrained layout, say) is worked out at the first draw only:
        later draws keep it, which saves most of a draw and keeps the figure from shifting while it plays."""
        if not self._laid_out:
            self._laid_out = True
            return self._renderer.png()
        with frozen_layout(self.fig):
            return self._renderer.png()

    def png(self) -> bytes:
        """The figure drawn whole, as PNG bytes."""
        return FrameRenderer(self.fig).png() if KERNEL_FRAMES else self._renderer.png()


class _Cells:
    """When the kernel's IPython last ran a cell (from its ``pre_run_cell``/``post_run_cell`` events)."""

    def __init__(self):
        self.shell = None
        self.running = False
        self.ended = 0.0

    def watch(self) -> None:
        """Follow the cells of the IPython running this kernel, if any (once per shell)."""
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None or shell is self.shell:
            return
        self.shell = shell
        shell.events.register("pre_run_cell", self._started)
        shell.events.register("post_run_cell", self._ended)

    def _started(self, info) -> None:
        self.running = True

    def _ended(self, result) -> None:
        self.running = False
        self.ended = time.monotonic()

    def quiet_for(self) -> float:
        """Seconds since the last cell ended: 0 while one runs, infinite without IPython."""
        if self.shell is None:
            return math.inf
        return 0.0 if self.running else time.monotonic() - self.ended


CELLS = _Cells()


class SnapshotPlayer:
    """Play / scrub through precomputed frames of a figure, updated by ``draw_frame``.

    Args:
        snapshots: the precomputed frames (any sequence; the player only uses its length, ``draw_frame``
            looks frames up) or the number of frames, an int >= 1.
        draw_frame: function of the frame index ``i`` (0 <= i < number of frames) that updates the artists.
        fig: the matplotlib Figure the artists belong to; None if draw_frame shows something by itself
            (then every frame is a call of ``draw_frame`` in the kernel).
        interval: milliseconds between frames while playing (40: 25 frames per second).
        description: label of the slider.
        captions: optional text per frame, shown above the figure (the browser shows it with the frame,
            so the figure need not draw it: fewer pixels to draw per frame).
        start: the frame shown first.
        loop: whether playing starts over after the last frame.

    Attributes:
        play: the ``widgets.Play`` button; slider: the frame ``widgets.IntSlider``; view: the
        ``FrameStack`` the browser paints (a ``FigureView`` with ``KERNEL_FRAMES``, None without a
        figure); widget: the whole layout (controls above the figure).
    """

    def __init__(self, snapshots: Sequence | int, draw_frame: Callable[[int], object], fig=None, *,
                 interval: int = 40, description: str = "frame", start: int = 0, loop: bool = False,
                 captions: Sequence[str] | None = None):
        n = snapshots if isinstance(snapshots, int) else len(snapshots)
        if n < 1:
            raise ValueError("a SnapshotPlayer needs at least one frame")
        if not 0 <= start < n:
            raise ValueError(f"start must be a frame index in [0, {n - 1}], got {start}")
        self.n_frames = n
        self.draw_frame = draw_frame
        self.fig = fig
        self.client_side = fig is not None and not KERNEL_FRAMES
        self.play = widgets.Play(value=start, min=0, max=n - 1, step=1, interval=interval,
                                 description="Play", show_repeat=False, repeat=loop)
        self.slider = widgets.IntSlider(value=start, min=0, max=n - 1, step=1, description=description,
                                        continuous_update=True, layout=widgets.Layout(width="60%"))
        # Linked in the browser: playing moves the slider without a round trip through the kernel.
        self._link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.frames_drawn = 0
        self.blitted = False  # whether render_frames could draw the frames by blitting
        self._frames: list[bytes] = [b""] * n
        self._view_link = None
        if fig is None:
            self.view = None
        elif self.client_side:
            self._renderer = FrameRenderer(fig)
            shown_by_images(fig)
            width, height = (round(v) for v in fig.get_size_inches() * fig.dpi)
            self.view = FrameStack(index=start, width=width, height=height, captions=list(captions or []),
                                   frame_ms=interval, interval=interval)
            # The slider picks the image in the browser, too: scrubbing needs no kernel either.
            self._view_link = widgets.jslink((self.slider, "value"), (self.view, "index"))
            self._pace_link = widgets.jslink((self.play, "interval"), (self.view, "interval"))
        else:
            self.view = FigureView(fig)
        view = [] if self.view is None else [self.view if self.client_side else self.view.widget]
        self.captions = list(captions or [])
        self.caption = None  # the kernel-drawn player's caption: a label the kernel updates
        if self.captions and not self.client_side:
            self.caption = widgets.HTML(layout=widgets.Layout(white_space="pre-line"))
            view.insert(0, self.caption)
        self.widget = widgets.VBox([widgets.HBox([self.play, self.slider]), *view])
        if self.client_side:
            self.widget.add_class("course-player")  # plays in the browser alone
        self.slider.observe(self._on_frame, names="value")
        self._render(start)

    @property
    def frame(self) -> int:
        """The index of the frame on show."""
        return self.slider.value

    def show(self, i: int) -> None:
        """Go to frame ``i`` (as if the slider were moved there)."""
        if not 0 <= i < self.n_frames:
            raise IndexError(f"frame {i} is outside [0, {self.n_frames - 1}]")
        if i == self.slider.value:
            self._render(i)
        else:
            self.slider.value = i  # the observer draws it
        self.play.value = i

    def _on_frame(self, change) -> None:
        self._render(change["new"])

    def _render(self, i: int) -> None:
        """Frame ``i`` on the figure: drawn by the kernel, or (client side) only its artists set, which keeps
        the figure in step with the browser (the browser's view follows the slider by itself)."""
        self.draw_frame(i)
        self.frames_drawn += 1
        if self.caption is not None:
            self.caption.value = self.captions[i].replace("\n", "<br>")
        if self.view is not None and not self.client_side:
            self.view.redraw()

    # ------------------------------------------------------------------------------- client-side frames
    def frame_png(self, i: int) -> bytes:
        """Frame ``i`` as PNG bytes (drawn once, then kept)."""
        if self.fig is None:
            raise ValueError("a player without a figure has no images")
        if not self._frames[i]:
            self.draw_frame(i)
            self._frames[i] = FrameRenderer(self.fig).png() if not self.client_side else self._renderer.png()
        return self._frames[i]

    def render_frames(self) -> list[bytes]:
        """Draw every frame not drawn yet and give the browser the whole stack. Returns the PNGs.

        Frames are drawn by blitting (``FrameBlitter``) when the figure allows it, else each one whole."""
        current = self.slider.value
        missing = [i for i in range(self.n_frames) if not self._frames[i]]
        if len(missing) > 2:
            blitter = FrameBlitter(self.fig, self.draw_frame)
            drawn = blitter.render(missing, check=[missing[0], missing[-1]]) if blitter.plan(missing) else None
            self.blitted = drawn is not None
            for i, png in (drawn or {}).items():
                self._frames[i] = png
        for i in missing:
            self.frame_png(i)
        if missing:
            self.draw_frame(current)  # the figure shows the current frame again
        if self.client_side:
            self.view.frames = list(self._frames)
        return list(self._frames)

    def _still(self) -> dict:
        """The static output (where widgets are not rendered): the last frame as an image."""
        if self.fig is None:
            return {}
        current = self.slider.value
        png = self.frame_png(self.n_frames - 1)
        self.draw_frame(current)
        return {"image/png": base64.b64encode(png).decode("ascii")}

    def _repr_mimebundle_(self, **kwargs):
        data = self.widget._repr_mimebundle_(**kwargs)
        return {**self._still(), **(data or {})}

    def _ipython_display_(self) -> None:
        """Show the widget (with a still of the last frame for other front ends), with the frame on show
        already in the browser; then draw the other frames (``stream_frames``)."""
        from IPython.display import display

        if under_grader() and self.fig is not None:  # nobody watches: the still alone (in the feedback too)
            display({**self._still(), "text/plain": f"<a player of {self.n_frames} frames>"}, raw=True)
            return
        bundle = self._repr_mimebundle_()
        if self.client_side:
            self.frame_png(self.slider.value)
            self.draw_frame(self.slider.value)
            self.view.frames = list(self._frames)
        display(bundle, raw=True)
        if self.client_side and not under_grader():
            self.stream_frames()

    CELLS_QUIET_S = 0.1

    def stream_frames(self, budget: float = 0.03) -> None:
        """Draw the frames not drawn yet a few at a time, between the kernel's other work, and send each
        batch to the browser as it is drawn; at the end, the whole stack becomes the view's state.

        Each batch (about ``budget`` seconds of drawing) is a callback of the kernel's event loop, so the
        kernel runs the messages waiting for it in between, and the player's first frame is on show at once.
        While cells keep coming (a Run All), batches wait until none has run for ``CELLS_QUIET_S``: the
        cells go first, and the frames are drawn once the run is over. Without a running event loop (a
        script, a test), every frame is drawn now (``render_frames``)."""
        import asyncio

        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            loop = None
        if loop is None or not loop.is_running():
            self.render_frames()
            return
        missing = [i for i in range(self.n_frames) if not self._frames[i]]
        blitter = FrameBlitter(self.fig, self.draw_frame)
        ready = []  # empty until the first batch has planned the layers (and checked them)
        CELLS.watch()

        def batch():
            if CELLS.quiet_for() < self.CELLS_QUIET_S:
                loop.call_later(self.CELLS_QUIET_S, batch)
                return
            started = time.perf_counter()
            drawn = []
            if not ready:
                ready.append(len(missing) > 2 and blitter.plan(missing) and self._check(blitter, missing))
            while missing and (not drawn or time.perf_counter() - started < budget):
                i = missing.pop(0)
                if ready[0]:
                    with blitter.frozen():
                        self.draw_frame(i)
                        self._frames[i] = to_png(blitter.draw())
                else:
                    self.frame_png(i)
                drawn.append(i)
            self.draw_frame(self.slider.value)
            self.view.send({"frames": drawn}, buffers=[self._frames[i] for i in drawn])
            if missing:
                loop.call_soon(batch)
            else:
                self.blitted = bool(ready[0])
                self.view.frames = list(self._frames)

        loop.call_soon(batch)

    def _check(self, blitter, frames) -> bool:
        """Prepare the blitter's layers and compare two frames drawn by blitting with them drawn whole."""
        import numpy as np

        with blitter.frozen():
            whole = {}
            for i in (frames[0], frames[-1]):
                self.draw_frame(i)
                whole[i] = blitter.renderer.pixels()
            blitter.prepare()
            for i, pixels in whole.items():
                self.draw_frame(i)
                if np.abs(blitter.draw().astype(np.int16) - pixels).max() > 24:
                    return False
        return True
