"""Helpers for the logic-gate chapters (01_perceptron, 02_xor): truth tables, toy data and figures.

Nothing here solves an exercise: the figures call the functions the student wrote (passed in as
arguments), so they show what the student's code computes. As in those chapters, examples are **rows**:
the four inputs are ``INPUTS`` of shape (4, 2), a point cloud is ``X`` of shape (n, dim).

- ``INPUTS``, ``TRUTH_TABLES``, ``truth_table(gate)``, ``format_truth_table(...)``: the four input pairs
  and the outputs of the common gates.
- ``lookup_gate(name)``: a gate as a function that reads its truth table (no weights, no perceptron).
- ``separable_points(n, dim, seed, margin)``: a reproducible, linearly separable point cloud with labels.
- ``line_points(w, b, xlim, ylim)``: two points of the decision line w1 x + w2 y + b = 0, for plotting.
- ``GateExplorer``: sliders for w1, w2, b redraw a perceptron's decision line over the four inputs and
  show the truth table it computes.
- ``LearningStepper``: plays the perceptron learning rule point by point, epoch after epoch (a Play
  button and a slider).
- ``HiddenUnitsExplorer``: sliders move the two hidden units of a 2-2-1 network; the regions it carves out
  of the plane are redrawn.
"""
from __future__ import annotations

import numpy as np

from course.figures import FigureView, subplots

# The four input pairs (x1, x2), in truth-table order: shape (4, 2), ints.
INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

# Outputs of the common two-input gates on INPUTS, each of shape (4,), ints.
TRUTH_TABLES = {
    "AND": np.array([0, 0, 0, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "OR": np.array([0, 1, 1, 1]),
    "NOR": np.array([1, 0, 0, 0]),
    "XOR": np.array([0, 1, 1, 0]),
}


def truth_table(gate) -> np.ndarray:
    """Outputs of ``gate(x1, x2)`` on the four input pairs of ``INPUTS`` (called with Python ints).

    Returns:
        numpy array of shape (4,); int dtype when every output converts to an int.
    """
    outputs = [gate(int(x1), int(x2)) for x1, x2 in INPUTS]
    try:
        return np.array([int(o) for o in outputs])
    except (TypeError, ValueError):
        return np.array(outputs, dtype=object)


def lookup_gate(name: str):
    """The gate ``name`` (a key of ``TRUTH_TABLES``) as a function of two bits that reads its truth table.

    ``lookup_gate("AND")(1, 1) == 1``. The gate computes nothing: it is the table, so a chapter can use the
    gates without showing the weights of a perceptron that computes them.

    Returns:
        a function ``gate(x1, x2)`` named ``name``: bits 0 or 1 (Python ints, numpy integers or bools) in,
        a Python int out; any other input raises ValueError.
    """
    if name not in TRUTH_TABLES:
        raise ValueError(f"no gate named {name!r}; the gates are {', '.join(TRUTH_TABLES)}")
    outputs = [int(v) for v in TRUTH_TABLES[name]]

    def gate(x1, x2):
        bits = []
        for x in (x1, x2):
            if isinstance(x, (bool, np.bool_, int, np.integer)) and int(x) in (0, 1):
                bits.append(int(x))
            else:
                raise ValueError(f"{name} takes two bits, 0 or 1 (ints), but got {x!r}")
        return outputs[2 * bits[0] + bits[1]]

    gate.__name__ = gate.__qualname__ = name
    gate.__doc__ = f"{name} of two bits (0 or 1), read from its truth table. Returns a Python int."
    return gate


def format_truth_table(outputs, name: str = "y", targets=None) -> str:
    """An HTML truth table of ``outputs`` (4 values) on ``INPUTS``; with ``targets``, a column of ticks."""
    head = f"<tr><th>x1</th><th>x2</th><th>{name}</th>" + ("<th>target</th><th></th>" if targets is not None else "")
    rows = [head + "</tr>"]
    for i, (x1, x2) in enumerate(INPUTS):
        row = f"<tr><td>{x1}</td><td>{x2}</td><td><b>{outputs[i]}</b></td>"
        if targets is not None:
            mark = "&#10003;" if outputs[i] == targets[i] else "&#10007;"
            row += f"<td>{targets[i]}</td><td>{mark}</td>"
        rows.append(row + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def separable_points(n: int = 40, dim: int = 2, seed: int = 0, margin: float = 0.1):
    """A random, linearly separable point cloud, the same for the same ``seed``.

    Points are drawn uniformly in [-1, 1]^dim; a random hyperplane w . x + b = 0 labels them
    (1 where w . x + b > 0), and points closer than ``margin`` to it are drawn again, so that the
    classes are separated by a gap of at least ``2 * margin``. Both classes always occur (n >= 2).

    Returns:
        X: float array of shape (n, dim).
        y: int array of shape (n,), 0 or 1.
        w: float array of shape (dim,), unit norm, and b: float, the hyperplane used.
    """
    if n < 2:
        raise ValueError("n must be at least 2 so that both classes occur")
    rng = np.random.default_rng(seed)
    while True:  # redraw (deterministically, from the same generator) until both classes occur
        w = rng.normal(size=dim)
        w /= np.linalg.norm(w)
        b = float(rng.uniform(-0.3, 0.3))
        X = np.empty((0, dim))
        while len(X) < n:
            candidates = rng.uniform(-1.0, 1.0, size=(4 * n, dim))
            keep = np.abs(candidates @ w + b) >= margin
            X = np.concatenate([X, candidates[keep]])[:n]
        y = (X @ w + b > 0).astype(int)
        if 0 < y.sum() < n:
            break
    return X, y, w, b


def line_points(w, b, xlim=(-0.5, 1.5), ylim=(-0.5, 1.5)):
    """Two points on the line w[0] x + w[1] y + b = 0 spanning the box, for ``ax.plot``.

    Args:
        w: the two weights, shape (2,). b: the bias, a number.
    Returns:
        (xs, ys): float arrays of shape (2,), or shape (0,) when w is zero (no line).
    """
    w1, w2 = float(w[0]), float(w[1])
    b = float(b)
    if w1 == 0.0 and w2 == 0.0:
        return np.zeros(0), np.zeros(0)
    if abs(w2) >= abs(w1):
        xs = np.array(xlim, dtype=float)
        return xs, -(w1 * xs + b) / w2
    ys = np.array(ylim, dtype=float)
    return -(w2 * ys + b) / w1, ys


def _style_unit_square(ax, lim=(-0.5, 1.5)):
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(alpha=0.3)


class GateExplorer:
    """Sliders for w1, w2 and b; the decision line and the computed truth table follow them.

    Args:
        perceptron: the student's ``perceptron(x, w, b)`` -> 0 or 1, used for the four inputs.
        w, b: starting weights (two numbers) and bias.
        target: optional gate name from ``TRUTH_TABLES`` to compare against.
    Attributes:
        sliders: dict ``{"w1", "w2", "b"}`` of FloatSliders; ``outputs``: the current 4 outputs;
        line: the Line2D of the decision line; widget: the whole display (``show(explorer)`` shows it).
    """

    def __init__(self, perceptron, w=(1.0, -0.5), b=-0.25, target: str | None = "AND"):
        import ipywidgets as widgets

        self.perceptron = perceptron
        self.target = target
        slider = dict(min=-2.0, max=2.0, step=0.05, continuous_update=True, readout_format=".2f")
        self.sliders = {"w1": widgets.FloatSlider(value=float(w[0]), description="w1", **slider),
                        "w2": widgets.FloatSlider(value=float(w[1]), description="w2", **slider),
                        "b": widgets.FloatSlider(value=float(b), description="b", **slider)}
        self.choice = widgets.Dropdown(options=["(none)", *TRUTH_TABLES], value=target or "(none)",
                                       description="target")
        self.table = widgets.HTML()
        self.fig, self.ax = subplots(figsize=(4.2, 4.2), toolbar=False, layout="constrained")
        self.view = FigureView(self.fig)
        _style_unit_square(self.ax)
        self.points = self.ax.scatter(INPUTS[:, 0], INPUTS[:, 1], c=np.zeros(4), cmap="coolwarm",
                                      vmin=0, vmax=1, s=160, edgecolors="k", zorder=3)
        (self.line,) = self.ax.plot([], [], "k-", lw=2)
        self.arrow = None
        for s in (*self.sliders.values(), self.choice):
            s.observe(lambda change: self.update(), names="value")
        self.update()
        controls = widgets.VBox([*self.sliders.values(), self.choice, self.table])
        self.widget = widgets.HBox([self.view.widget, controls])

    def update(self):
        """Redraw from the sliders' current values."""
        w = np.array([self.sliders["w1"].value, self.sliders["w2"].value])
        b = self.sliders["b"].value
        self.outputs = [self.perceptron(np.array(x), w, b) for x in INPUTS]
        self.points.set_array(np.array([float(o) for o in self.outputs]))
        self.line.set_data(*line_points(w, b))
        if self.arrow is not None:
            self.arrow.remove()
            self.arrow = None
        if w.any():
            # An arrow from the line's point nearest the square's centre, along w: the side that fires.
            centre = np.array([0.5, 0.5])
            foot = centre - (w @ centre + b) / (w @ w) * w
            step = 0.3 * w / np.linalg.norm(w)
            self.arrow = self.ax.annotate("", xy=foot + step, xytext=foot,
                                          arrowprops=dict(arrowstyle="->", color="k"))
        self.ax.set_title(f"{w[0]:.2f}·x1 + {w[1]:.2f}·x2 + {b:.2f} > 0")
        name = None if self.choice.value == "(none)" else self.choice.value
        self.table.value = format_truth_table(self.outputs, "output",
                                              None if name is None else TRUTH_TABLES[name])
        self.view.redraw()


class LearningStepper:
    """The perceptron learning rule as a film: the line after every visit of a sample, epoch after epoch.

    The snapshots come from the student's ``train(X, y, learning_rate, k)``: the rule starts from zero
    weights and visits the samples in order, so k epochs of training is the state after epoch k, and one
    epoch over the samples visited so far (all of them k times, then the first j) is the state after the
    j-th visit of epoch k + 1. The film stops after the first epoch without a mistake. If the student's
    ``train`` does not work that way (its visits do not add up to its epochs), the film shows epochs only.

    A ``course.animation.SnapshotPlayer``: Play and the slider run in the browser, at 25 frames a second.

    Args:
        train: the student's ``train_perceptron``. X: (n, 2) float inputs. y: (n,) labels 0/1.
        perceptron: the student's ``perceptron``, to count the mistakes of each snapshot.
    Attributes:
        snapshots: list of (w, b) after 0, 1, ..., epochs epochs; mistakes: list of ints (per epoch);
        frames: list of (epoch, visited, w, b): the state after ``visited`` visits of epoch ``epoch``
        (visited 0: the start of the epoch); captions: the text shown above each frame (which epoch and
        point, whether the line moved, w, b and the mistakes); player: the SnapshotPlayer; slider, play:
        its controls; line: the decision line; widget: the whole display (``show(stepper)``).
    """

    def __init__(self, train, perceptron, X, y, learning_rate=0.1, epochs=10, lim=None, interval: int = 40):
        from course.animation import SnapshotPlayer

        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.perceptron = perceptron
        self.X, self.y = X, y
        self.snapshots = []
        for k in range(epochs + 1):
            w, b = train(X, y, learning_rate, k)
            self.snapshots.append((np.array(w, dtype=float), float(b)))
        self.mistakes = [self._mistakes(w, b) for w, b in self.snapshots]
        self.frames = self._visits(train, learning_rate, epochs)
        self.fig, self.ax = subplots(figsize=(4.2, 4.2), toolbar=False, layout="constrained")
        if lim is None:
            pad = 0.2 * (X.max() - X.min() + 1e-9)
            lim = (float(X.min() - pad), float(X.max() + pad))
        self.lim = lim
        _style_unit_square(self.ax, lim)
        self.ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", vmin=0, vmax=1, s=50, edgecolors="k", zorder=3)
        (self.line,) = self.ax.plot([], [], "k-", lw=2)
        (self.visiting,) = self.ax.plot([], [], "o", ms=15, mfc="none", mec="tab:green", mew=2.5, zorder=4)
        self.captions = [self._caption(i) for i in range(len(self.frames))]
        self.player = SnapshotPlayer(len(self.frames), self._draw, self.fig, interval=interval,
                                     description="step", captions=self.captions)
        self.slider, self.play = self.player.slider, self.player.play
        self.widget = self.player.widget

    def _mistakes(self, w, b) -> int:
        key = (*np.asarray(w, dtype=float).tolist(), float(b))
        cache = self.__dict__.setdefault("_mistake_counts", {})
        if key not in cache:  # the line moves only on mistakes: most frames share a line
            cache[key] = int(sum(self.perceptron(x, w, b) != t for x, t in zip(self.X, self.y)))
        return cache[key]

    def _visits(self, train, learning_rate, epochs) -> list:
        """(epoch, visited, w, b) after every visit, from ``train``; epoch ends only if they disagree."""
        n = len(self.X)
        by_epoch = [(k, 0, w, b) for k, (w, b) in enumerate(self.snapshots)]
        frames = [by_epoch[0]]
        for k in range(epochs):
            for j in range(1, n + 1):
                order = np.concatenate([np.tile(np.arange(n), k), np.arange(j)])
                w, b = train(self.X[order], self.y[order], learning_rate, 1)
                frames.append((k, j, np.array(w, dtype=float), float(b)))
            end_w, end_b = self.snapshots[k + 1]
            if not (np.allclose(frames[-1][2], end_w) and np.isclose(frames[-1][3], end_b)):
                return by_epoch
            if self.mistakes[k] == 0 or (np.allclose(end_w, self.snapshots[k][0]) and end_b == self.snapshots[k][1]):
                break  # an epoch without a mistake: the rule has converged
        return frames

    def _caption(self, i: int) -> str:
        epoch, visited, w, b = self.frames[i]
        if visited == 0:
            head = f"epoch {epoch}"
        else:
            before = self.frames[i - 1]
            moved = not (np.array_equal(before[2], w) and before[3] == b)
            head = f"epoch {epoch + 1}, point {visited}: {'mistake, line moves' if moved else 'right'}"
        return f"{head}\nw = [{w[0]:.2f}, {w[1]:.2f}], b = {b:.2f}, {self._mistakes(w, b)} mistake(s)"

    def _draw(self, i: int) -> None:
        epoch, visited, w, b = self.frames[i]
        self.line.set_data(*line_points(w, b, self.lim, self.lim))
        point = self.X[visited - 1] if visited else np.full(2, np.nan)
        self.visiting.set_data([point[0]], [point[1]])

    def show(self, k: int):
        """Show the decision line after epoch ``k``."""
        frame = next(i for i, (epoch, visited, _, _) in enumerate(self.frames)
                     if (epoch == k and visited == 0) or (epoch == k - 1 and visited == len(self.X)))
        self.player.show(frame)

    def _ipython_display_(self):
        self.player._ipython_display_()


class HiddenUnitsExplorer:
    """Sliders move the two hidden units (columns of W1, entries of b1) of a 2-2-1 step network.

    The plane is coloured by the network's output, computed with the student's ``layer(X, W, b)``
    (a vectorised layer of perceptrons: (n, d) inputs -> (n, k) 0/1 outputs) as
    ``layer(layer(grid, W1, b1), W2, b2)``; the two hidden units' decision lines are drawn on top.

    Attributes:
        sliders: dict with keys "u1_w1", "u1_w2", "u1_b" (hidden unit 1) and "u2_w1", "u2_w2", "u2_b";
        image: the AxesImage of the output regions; lines: the two Line2D; widget: the whole display
        (``show(explorer)``).
    """

    def __init__(self, layer, W1, b1, W2, b2, resolution: int = 121, lim=(-0.5, 1.5)):
        import ipywidgets as widgets

        self.layer = layer
        self.W2 = np.asarray(W2, dtype=float)
        self.b2 = np.asarray(b2, dtype=float)
        self.lim = lim
        g = np.linspace(lim[0], lim[1], resolution)
        gx, gy = np.meshgrid(g, g)
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])
        self.shape = gx.shape
        W1 = np.asarray(W1, dtype=float)
        b1 = np.asarray(b1, dtype=float)
        slider = dict(min=-2.0, max=2.0, step=0.05, readout_format=".2f")
        self.sliders = {
            "u1_w1": widgets.FloatSlider(value=W1[0, 0], description="unit 1: w1", **slider),
            "u1_w2": widgets.FloatSlider(value=W1[1, 0], description="unit 1: w2", **slider),
            "u1_b": widgets.FloatSlider(value=b1[0], description="unit 1: b", **slider),
            "u2_w1": widgets.FloatSlider(value=W1[0, 1], description="unit 2: w1", **slider),
            "u2_w2": widgets.FloatSlider(value=W1[1, 1], description="unit 2: w2", **slider),
            "u2_b": widgets.FloatSlider(value=b1[1], description="unit 2: b", **slider),
        }
        for s in self.sliders.values():
            s.style.description_width = "80px"
            s.observe(lambda change: self.update(), names="value")
        self.fig, self.ax = subplots(figsize=(4.2, 4.2), toolbar=False, layout="constrained")
        self.view = FigureView(self.fig)
        self.image = self.ax.imshow(np.zeros(self.shape), origin="lower", extent=(*lim, *lim), cmap="coolwarm",
                                    vmin=0, vmax=1, alpha=0.35, interpolation="nearest")
        _style_unit_square(self.ax, lim)
        self.ax.scatter(INPUTS[:, 0], INPUTS[:, 1], c=TRUTH_TABLES["XOR"], cmap="coolwarm", vmin=0, vmax=1,
                        s=160, edgecolors="k", zorder=3)
        self.lines = [self.ax.plot([], [], color, lw=2, label=label)[0]
                      for color, label in (("g-", "hidden unit 1"), ("m-", "hidden unit 2"))]
        self.ax.legend(loc="upper right", fontsize=8)
        self.update()
        self.widget = widgets.HBox([self.view.widget, widgets.VBox(list(self.sliders.values()))])

    def weights(self):
        """The current (W1, b1): shapes (2, 2) and (2,)."""
        s = {k: v.value for k, v in self.sliders.items()}
        return np.array([[s["u1_w1"], s["u2_w1"]], [s["u1_w2"], s["u2_w2"]]]), np.array([s["u1_b"], s["u2_b"]])

    def update(self):
        W1, b1 = self.weights()
        out = np.asarray(self.layer(self.layer(self.grid, W1, b1), self.W2, self.b2), dtype=float)
        self.image.set_array(out.reshape(self.shape))
        for j, line in enumerate(self.lines):
            line.set_data(*line_points(W1[:, j], b1[j], self.lim, self.lim))
        self.view.redraw()
