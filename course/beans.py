"""The "beans" toy problem of notebook 03, and that notebook's figures.

One input (a bean's size), one 0/1 label (toxic or not). Toxic beans are the medium-sized ones: the
positives sit in a middle band of sizes, so a single sigmoid neuron (which can only say "bigger is more
toxic" or "smaller is more toxic") cannot fit them, while two hidden sigmoid neurons can make the bump.
The data are generated, with a seed, so everyone sees the same beans.

    x, y = make_beans(60, seed=0)          # sizes in [0, 1), labels 0.0 / 1.0
    fig, ax = subplots()                   # course.figures
    lines = fit_plot(ax, x, y)             # the beans, plus empty curves for a network's fit
    set_fit_curves(lines, grid, output, hidden1, hidden2)

The interactive figures take the student's functions as arguments (nothing here solves an exercise):
``neuron_explorer(sigmoid, x, y)`` (sliders for one neuron's w and b), ``fit_player(history, forward,
loss, x, y)`` (training snapshots of the 1-2-1 network, played back) and ``bumps_explorer(sigmoid)`` (a
hand-set network of m bumps approximating a function).
"""
from __future__ import annotations

import numpy as np

from course.animation import SnapshotPlayer
from course.figures import ControlledFigure, subplots

TOXIC_BAND = (0.35, 0.65)
SAFE_COLOR = "tab:green"
TOXIC_COLOR = "tab:red"


def make_beans(n: int = 60, *, seed: int = 0, band: tuple[float, float] = TOXIC_BAND,
               noise: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Bean sizes and toxicity labels.

    Args:
        n: number of beans.
        seed: seed of the random generator (same seed, same beans).
        band: sizes strictly inside (low, high) are toxic.
        noise: fraction of labels flipped at random (0 for clean labels).
    Returns:
        (x, y): float64 arrays of shape (n,); x are sizes in [0, 1), y are 1.0 (toxic) or 0.0 (safe).
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    low, high = band
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=n)
    y = ((x > low) & (x < high)).astype(np.float64)
    if noise:
        flip = rng.random(n) < noise
        y[flip] = 1.0 - y[flip]
    return x, y


def size_grid(n: int = 200, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """Evenly spaced sizes for drawing curves, float64 array of shape (n,)."""
    return np.linspace(low, high, n)


def plot_beans(ax, x, y, *, title: str | None = None):
    """Scatter the beans on ``ax``: safe beans (y = 0) in green at the bottom, toxic ones (y = 1) in red.

    Args:
        ax: a matplotlib Axes.
        x, y: arrays of shape (n,), sizes and 0/1 labels.
    Returns:
        (safe, toxic): the two PathCollection artists.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    toxic = y > 0.5
    safe_art = ax.scatter(x[~toxic], y[~toxic], c=SAFE_COLOR, marker="o", s=28, label="safe bean", zorder=3)
    toxic_art = ax.scatter(x[toxic], y[toxic], c=TOXIC_COLOR, marker="x", s=36, label="toxic bean", zorder=3)
    ax.set_xlabel("bean size $x$")
    ax.set_ylabel("toxic?")
    ax.set_ylim(-0.15, 1.15)
    ax.set_xlim(min(0.0, float(x.min(initial=0.0))), max(1.0, float(x.max(initial=1.0))))
    if title:
        ax.set_title(title)
    return safe_art, toxic_art


def fit_plot(ax, x, y, *, title: str | None = None) -> dict:
    """The beans plus three (empty) curves for a 1-2-1 network: its output and its two hidden units.

    Fill or update the curves with `set_fit_curves`; updating them in place is what makes an animation smooth.

    Returns:
        dict of Line2D artists: ``"output"`` (the network's prediction a1_2), ``"hidden1"`` (a1_1),
        ``"hidden2"`` (a2_1), and a Text artist ``"label"`` for a caption inside the axes.
    """
    plot_beans(ax, x, y, title=title)
    lines = {
        "output": ax.plot([], [], color="black", lw=2.5, label="network output $a^{(2)}_1$")[0],
        "hidden1": ax.plot([], [], color="tab:blue", lw=1.2, ls="--", label="hidden unit $a^{(1)}_1$")[0],
        "hidden2": ax.plot([], [], color="tab:orange", lw=1.2, ls="--", label="hidden unit $a^{(1)}_2$")[0],
    }
    lines["label"] = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=9)
    ax.legend(loc="upper right", fontsize=8)
    return lines


def set_fit_curves(lines: dict, grid, output, hidden1=None, hidden2=None, label: str | None = None) -> None:
    """Update the curves made by `fit_plot` in place (no new artists).

    Args:
        lines: the dict returned by `fit_plot`.
        grid: sizes, shape (m,).
        output, hidden1, hidden2: the network's output and hidden activations on ``grid``, shape (m,) each;
            a hidden curve given as None is left as it is.
        label: new caption text, or None to keep it.
    """
    lines["output"].set_data(grid, output)
    if hidden1 is not None:
        lines["hidden1"].set_data(grid, hidden1)
    if hidden2 is not None:
        lines["hidden2"].set_data(grid, hidden2)
    if label is not None:
        lines["label"].set_text(label)


# ---------------------------------------------------------------------------------------------- figures

def neuron_explorer(sigmoid, x, y, *, w: float = 10.0, b: float = -4.0) -> ControlledFigure:
    """Sliders for w and b over the beans and the curve sigma(w x + b) of one neuron, computed by ``sigmoid``.

    Args:
        sigmoid: the student's elementwise sigmoid. x, y: the beans (sizes and labels, shape (n,) each).
        w, b: the sliders' starting values.
    """
    import ipywidgets as widgets

    grid = size_grid(200)
    fig, ax = subplots(figsize=(6, 3))
    plot_beans(ax, x, y, title=r"one neuron: $\sigma(wx + b)$")
    (line,) = ax.plot([], [], color="black", lw=2)
    fig.tight_layout()
    controls = [widgets.FloatSlider(value=w, min=-30.0, max=30.0, step=0.5, description="w"),
                widgets.FloatSlider(value=b, min=-20.0, max=20.0, step=0.25, description="b")]
    return ControlledFigure(fig, controls, lambda w, b: line.set_data(grid, sigmoid(w * grid + b)))


def fit_player(history, forward, loss, x, y, *, title: str = "per-bean SGD on the beans",
               interval: int = 40) -> SnapshotPlayer:
    """Play through training snapshots of the 1-2-1 network: its output and hidden units over all sizes.

    Args:
        history: list of (epoch, params) snapshots, as notebook 03's ``train`` returns them.
        forward: the student's ``forward(x, params)`` -> (a, cache), with the hidden units in cache["a1_1"]
            and cache["a2_1"]. loss: ``loss(params, x, y)``, the error on the beans, shown in the caption.
        x, y: the beans.
    """
    grid = size_grid(200)
    frames = []  # every frame computed first: playing only updates the lines
    for epoch, params in history:
        output, cache = forward(grid, params)
        frames.append((output, cache["a1_1"], cache["a2_1"], f"epoch {epoch}, E = {loss(params, x, y):.4f}"))
    fig, ax = subplots(figsize=(6, 3.4))
    lines = fit_plot(ax, x, y, title=title)
    fig.tight_layout()

    def draw_frame(i):
        output, hidden1, hidden2, label = frames[i]
        set_fit_curves(lines, grid, output, hidden1, hidden2, label=label)

    return SnapshotPlayer(len(frames), draw_frame, fig, interval=interval, description="snapshot")


def wiggle(x):
    """A wiggly function on [0, 1] for bumps to approximate."""
    return 0.5 + 0.3 * np.sin(9 * x) + 0.15 * np.cos(23 * x)


def bumps(x, target, m: int, sigmoid, steepness: float | None = None):
    """Output of a hand-set network of 2m sigmoid hidden units approximating ``target`` on [0, 1].

    Bump j is sigmoid(k (x - left_j)) - sigmoid(k (x - right_j)) on [j/m, (j+1)/m], weighted by the target's
    height at its centre; k = ``steepness`` (default 40 m). Returns an array shaped like x.
    """
    k = 40.0 * m if steepness is None else steepness
    edges = np.linspace(0.0, 1.0, m + 1)
    heights = target((edges[:-1] + edges[1:]) / 2)
    return sum(h * (sigmoid(k * (x - left)) - sigmoid(k * (x - right)))
               for h, left, right in zip(heights, edges[:-1], edges[1:]))


def bumps_explorer(sigmoid, target=wiggle, *, max_bumps: int = 30) -> ControlledFigure:
    """A slider for the number of bumps m, and the sum of m bumps (2m hidden neurons) against ``target``."""
    import ipywidgets as widgets

    fine = size_grid(400, -0.05, 1.05)
    fig, ax = subplots(figsize=(6, 3))
    ax.plot(fine, target(fine), color="tab:gray", lw=3, alpha=0.5, label="target function")
    (line,) = ax.plot(fine, np.zeros_like(fine), color="black", lw=1.5, label="sum of bumps")
    ax.set_ylim(-0.1, 1.1)
    ax.set_xlabel("$x$")
    ax.legend(loc="lower left", fontsize=8)
    title = ax.set_title("1 bump = 2 hidden neurons")
    fig.tight_layout()

    def update(m):
        line.set_ydata(bumps(fine, target, m, sigmoid))
        title.set_text(f"{m} bump{'s' if m > 1 else ''} = {2 * m} hidden neurons")

    slider = widgets.IntSlider(value=1, min=1, max=max_bumps, description="bumps")
    return ControlledFigure(fig, [slider], update)
