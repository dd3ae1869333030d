"""Optimizer paths on a two-dimensional bowl: where each update rule steps, frame by frame.

The notebook passes in its own update functions (the course's convention
``update(params, grads, state, learning_rate) -> (new_params, new_state)``); this module only calls them on
a parameter dict with one entry, the point ``{"xy": array([x, y])}``, so it holds no update rule itself.

    paths = descent_paths({"SGD": (sgd_update, 0.9), "Adam": (adam_update, 0.2)}, steps=40)
    show(path_player(paths))

The default surface is the ill-conditioned bowl f(x, y) = x^2 / 20 + y^2: its curvature is 0.1 along x and
2 along y, twenty times more, so a step size that is safe along y is tiny along x.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from course.animation import SnapshotPlayer
from course.figures import subplots

START = (-7.0, 2.0)


def bowl(x, y):
    """f(x, y) = x^2 / 20 + y^2 (numbers or arrays)."""
    return np.asarray(x) ** 2 / 20 + np.asarray(y) ** 2


def bowl_gradient(point) -> np.ndarray:
    """The gradient of ``bowl`` at ``point`` = (x, y): (x / 10, 2 y), a float64 array of shape (2,)."""
    x, y = np.asarray(point, dtype=np.float64)
    return np.array([x / 10, 2 * y])


def descent_paths(optimizers: Mapping[str, tuple], *, start=START, steps: int = 40,
                  gradient: Callable = bowl_gradient) -> dict:
    """Run each update rule from ``start`` for ``steps`` steps and record the points it visits.

    Args:
        optimizers: maps a label to ``(update, learning_rate)``, where ``update(params, grads, state,
            learning_rate)`` returns ``(new_params, new_state)`` and the first state is ``{}``.
        start: the first point (x, y); steps: the number of updates.
        gradient: function of a point (a float64 array of shape (2,)) returning the gradient there.
    Returns:
        dict mapping each label to a float64 array of shape (steps + 1, 2): the start, then every point.
    """
    paths = {}
    for label, (update, learning_rate) in optimizers.items():
        params, state = {"xy": np.array(start, dtype=np.float64)}, {}
        points = [params["xy"].copy()]
        for _ in range(steps):
            params, state = update(params, {"xy": gradient(params["xy"])}, state, learning_rate)
            points.append(np.array(params["xy"], dtype=np.float64).reshape(2))
        paths[label] = np.array(points)
    return paths


def path_player(paths: Mapping[str, np.ndarray], *, surface: Callable = bowl, xlim=(-8.0, 8.0),
                ylim=(-3.0, 3.0), interval: int = 40) -> SnapshotPlayer:
    """Contours of ``surface`` with every path drawn up to the step the slider (or Play) picks.

    Args:
        paths: label -> array (n, 2) of points, as ``descent_paths`` returns (all of the same length n).
        surface: function f(x, y) of arrays, drawn as contours.
        xlim, ylim: the window; interval: milliseconds between steps while playing.
    Returns:
        the SnapshotPlayer (``show(player)``); frame i shows every path's first i steps.
    """
    paths = {label: np.asarray(p, dtype=np.float64) for label, p in paths.items()}
    lengths = {len(p) for p in paths.values()}
    if len(lengths) != 1:
        raise ValueError(f"all paths need the same number of points, got {sorted(lengths)}")
    n_points = lengths.pop()
    fig, ax = subplots(figsize=(8, 3.6), toolbar=False)
    gx, gy = np.meshgrid(np.linspace(*xlim, 241), np.linspace(*ylim, 121))
    ax.contour(gx, gy, surface(gx, gy), levels=np.geomspace(0.01, 12, 14), colors="0.8", linewidths=0.8)
    ax.plot(0, 0, "k*", markersize=10)
    lines, heads = {}, {}
    for label, p in paths.items():
        (whole,) = ax.plot(p[:, 0], p[:, 1], "-", linewidth=0.8, alpha=0.25)  # the whole path, faint
        (lines[label],) = ax.plot(p[:1, 0], p[:1, 1], "-", marker=".", markersize=4, linewidth=1.2,
                                  color=whole.get_color(), label=label)
        (heads[label],) = ax.plot(p[:1, 0], p[:1, 1], "o", color=lines[label].get_color(), markersize=6)
    ax.set(xlim=xlim, ylim=ylim, xlabel="x", ylabel="y")
    legend = ax.legend(fontsize=8, loc="upper right")
    title = ax.set_title("")
    fig.tight_layout()

    def draw_frame(i):
        for label, p in paths.items():
            lines[label].set_data(p[:i + 1, 0], p[:i + 1, 1])
            heads[label].set_data(p[i:i + 1, 0], p[i:i + 1, 1])
        for text, (label, p) in zip(legend.get_texts(), paths.items()):
            text.set_text(f"{label}: f = {float(surface(*p[i])):.2g}")
        title.set_text(f"step {i} of {n_points - 1}")

    return SnapshotPlayer(n_points, draw_frame, fig, interval=interval, description="step")
