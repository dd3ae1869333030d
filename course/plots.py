"""Small plotting helpers of notebook 04 and its playground: decision boundaries, labelled points,
activations, curves.

Points are stored as columns, as in notebooks 04 and 05: ``X`` of shape (2, m), labels ``Y`` of shape
(1, m). A "scorer" is any function that maps points (2, k) to k scores (probabilities in [0, 1] or 0/1
labels, of any shape holding k entries), e.g. ``lambda P: forward(P, params, "tanh")[0]``.

    fig, ax = subplots()                                      # course.figures
    image = plot_decision_boundary(scorer, X, Y, ax=ax)       # heatmap + points
    show(fig)
    image.set_array(grid_scores(other_scorer, grid))          # later: update the heatmap in place
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

CLASS_COLORS = ("#e66101", "#5e3c99")  # label 0 (orange), label 1 (purple): the ends of the heatmap colours
HEATMAP_CMAP = "PuOr"  # orange (0) through white to purple (1), readable for most colour-vision deficiencies


@dataclass
class Grid:
    """A regular grid over a rectangle of the plane.

    Attributes:
        points: float64 array of shape (2, rows * cols), the grid points as columns (row-major).
        shape: (rows, cols), the shape of a heatmap over the grid.
        extent: (x_min, x_max, y_min, y_max), for ``imshow(..., extent=extent, origin="lower")``.
    """
    points: np.ndarray
    shape: tuple
    extent: tuple


def make_grid(X, *, resolution: int = 100, margin: float = 0.5) -> Grid:
    """A resolution x resolution grid covering the points X (2, m) plus a margin on every side."""
    X = np.asarray(X, dtype=np.float64)
    x_min, y_min = X.min(axis=1) - margin
    x_max, y_max = X.max(axis=1) + margin
    xs = np.linspace(x_min, x_max, resolution)
    ys = np.linspace(y_min, y_max, resolution)
    xx, yy = np.meshgrid(xs, ys)
    return Grid(np.stack([xx.ravel(), yy.ravel()]), (resolution, resolution), (x_min, x_max, y_min, y_max))


def grid_scores(scorer: Callable, grid: Grid) -> np.ndarray:
    """The scorer's values on the grid, a float64 array of shape grid.shape (rows, cols)."""
    values = np.asarray(scorer(grid.points), dtype=np.float64)
    if values.size != grid.points.shape[1]:
        raise ValueError(f"the scorer returned {values.size} values for {grid.points.shape[1]} points")
    return values.reshape(grid.shape)


def scatter_classes(ax, X, Y, *, test: bool = False, size: float = 18, **kwargs):
    """Draw labelled points: filled dots for training data, rings for test data (``test=True``).

    Args:
        ax: a matplotlib Axes.
        X: array (2, m); Y: array (1, m) or (m,) of 0/1 labels.
    Returns:
        the PathCollection (update it with ``set_offsets(X.T)`` and ``set_facecolor`` / ``set_edgecolor``).
    """
    X = np.asarray(X)
    colors = point_colors(Y)
    if test:
        return ax.scatter(X[0], X[1], s=size, facecolors="none", edgecolors=colors, linewidths=1.2, **kwargs)
    return ax.scatter(X[0], X[1], s=size, c=colors, edgecolors="white", linewidths=0.5, **kwargs)


def point_colors(Y) -> list:
    """One colour per label (label 0 orange, label 1 purple)."""
    return [CLASS_COLORS[int(v > 0.5)] for v in np.asarray(Y).ravel()]


def plot_decision_boundary(scorer: Callable, X, Y, *, ax=None, resolution: int = 100, margin: float = 0.5,
                           title: str | None = None, X_test=None, Y_test=None, contour: bool = True):
    """Heatmap of a classifier's score over the plane, its 0.5 contour, and the labelled points.

    Args:
        scorer: function of points (2, k) returning k scores in [0, 1] (probabilities or 0/1 labels).
        X, Y: the training points (2, m) and labels (1, m).
        ax: Axes to draw on (default: the current Axes).
        resolution: grid points per side (the heatmap has resolution**2 pixels).
        X_test, Y_test: optional test points, drawn as rings.
        contour: whether to draw the 0.5 level line (the decision boundary).
    Returns:
        the AxesImage of the heatmap (``image.set_array(...)`` updates it).
    """
    import matplotlib.pyplot as plt

    ax = plt.gca() if ax is None else ax
    grid = make_grid(X if X_test is None else np.hstack([X, X_test]), resolution=resolution, margin=margin)
    scores = grid_scores(scorer, grid)
    image = ax.imshow(scores, extent=grid.extent, origin="lower", cmap=HEATMAP_CMAP, vmin=0.0, vmax=1.0,
                      alpha=0.6, aspect="auto", interpolation="bilinear")
    if contour and scores.min() < 0.5 < scores.max():
        xs = np.linspace(grid.extent[0], grid.extent[1], grid.shape[1])
        ys = np.linspace(grid.extent[2], grid.extent[3], grid.shape[0])
        ax.contour(xs, ys, scores, levels=[0.5], colors="k", linewidths=1.0)
    scatter_classes(ax, X, Y)
    if X_test is not None:
        scatter_classes(ax, X_test, Y_test, test=True)
    ax.set_xlim(grid.extent[:2])
    ax.set_ylim(grid.extent[2:])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return image


def plot_functions(functions: dict, *, z=None, axes=None, title_suffix: str = ""):
    """Plot several functions of z side by side, one panel each, e.g. activations with their derivatives.

    Args:
        functions: maps a panel title to a function of a float array z, or to a sequence of such functions
            (drawn in the same panel, labelled "g" and "g'" for a pair).
        z: float array of inputs (default ``np.linspace(-5, 5, 401)``).
        axes: a sequence of Axes, one per entry (default: a new row of ``course.figures.subplots``, which
            ``show(axes[0].figure)`` shows).
    Returns:
        the list of Axes.
    """
    from course.figures import subplots

    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=np.float64)
    if axes is None:
        _, axes = subplots(1, len(functions), figsize=(3.2 * len(functions), 2.8), sharey=True,
                           layout="constrained", squeeze=False)
        axes = axes[0]
    for ax, (name, fs) in zip(axes, functions.items()):
        fs = fs if isinstance(fs, (list, tuple)) else (fs,)
        labels = ("g(z)", "g'(z)") if len(fs) == 2 else [None] * len(fs)
        for f, label in zip(fs, labels):
            ax.plot(z, np.asarray(f(z), dtype=np.float64), label=label)
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.set_title(name + title_suffix)
        ax.set_xlabel("z")
        if labels[0]:
            ax.legend(loc="upper left", fontsize=8)
    return list(axes)


def plot_train_test(ax, xs: Sequence, train: Sequence, test: Sequence, *, xlabel: str = "", ylabel: str = "",
                    logx: bool = False, title: str | None = None, labels: Sequence[str] = ("train", "test")):
    """Train and test (or validation) curves of one quantity (accuracy, cost) against a setting or an epoch.

    Args:
        labels: the legend's names of the two curves, e.g. ``("train", "validation")``.
    Returns:
        the (train_line, test_line) Line2D pair.
    """
    train_line, = ax.plot(xs, train, "o-", label=labels[0])
    test_line, = ax.plot(xs, test, "s--", label=labels[1])
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    return train_line, test_line
