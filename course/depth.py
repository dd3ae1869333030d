"""Depth, activations and the initial scale: what a deep network's signal and gradients look like, layer by layer.

The figures of notebook 06 and its explorer. They run the student's own ``forward(X, params, activation)`` and
``backward(X, Y, params, caches, activation)`` on a probe batch, through a stack of hidden layers of equal
width whose weights are drawn here with a named scale:

    show(gradient_norm_figure(forward, backward, {"sigmoid, 0.01": (10, "sigmoid", "0.01"), ...}))
    show(activation_grid(forward, "tanh", ["1", "0.01", "xavier"]))
    show(depth_explorer(forward, backward))      # sliders: depth, activation, initial scale

A scale is one of ``SCALES``: a fixed standard deviation (``"0.01"``, ``"1"``) or a rule of the layer's
sizes (``"lecun"``: sqrt(1/n_in), ``"xavier"``: sqrt(2/(n_in + n_out)), ``"he"``: sqrt(2/n_in)).
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from course.figures import ControlledFigure, subplots

SCALES = ("0.01", "lecun", "xavier", "he", "1")
ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid")
WIDTH, EXAMPLES, CLASSES = 100, 500, 10


def weight_std(scale: str, n_in: int, n_out: int) -> float:
    """The standard deviation that ``scale`` (one of ``SCALES``) gives a layer with n_in inputs and n_out units."""
    rules = {"0.01": lambda: 0.01, "1": lambda: 1.0, "lecun": lambda: (1.0 / n_in) ** 0.5,
             "xavier": lambda: (2.0 / (n_in + n_out)) ** 0.5, "he": lambda: (2.0 / n_in) ** 0.5}
    if scale not in rules:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    return float(rules[scale]())


def random_params(layer_sizes, scale: str, seed: int = 0) -> dict:
    """Gaussian weights with ``scale``'s standard deviation and zero biases: {"W1", "b1", ..., "WL", "bL"}."""
    rng = np.random.default_rng(seed)
    sizes = list(layer_sizes)
    weights = [rng.normal(0.0, weight_std(scale, a, b), size=(b, a)) for a, b in zip(sizes[:-1], sizes[1:])]
    params = {}
    for index, W in enumerate(weights, start=1):
        params[f"W{index}"], params[f"b{index}"] = W, np.zeros((W.shape[0], 1))
    return params


def probe_batch(width: int = WIDTH, m: int = EXAMPLES, classes: int = CLASSES, seed: int = 0):
    """Standard normal inputs X (width, m) and random one-hot labels Y (classes, m)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((width, m)), np.eye(classes)[:, rng.integers(0, classes, size=m)]


def layer_statistics(forward: Callable, backward: Callable, depth: int, activation: str, scale: str,
                     width: int = WIDTH, seed: int = 0):
    """Run the student's passes through ``depth`` hidden layers of ``width`` units (and a softmax output).

    Returns:
        (activations, norms): activations[l - 1] the output A of hidden layer l (l = 1 .. depth), read from
        the caches (``caches[l]["A_prev"]``); norms[l - 1] the Frobenius norm of grads["W{l}"] for
        l = 1 .. depth + 1.
    """
    X, Y = probe_batch(width, seed=seed)
    params = random_params([width] * (depth + 1) + [Y.shape[0]], scale, seed)
    _, caches = forward(X, params, activation)
    grads = backward(X, Y, params, caches, activation)
    activations = [np.asarray(caches[l]["A_prev"]) for l in range(1, depth + 1)]
    norms = [float(np.linalg.norm(grads[f"W{l}"])) for l in range(1, depth + 2)]
    return activations, norms


def gradient_norm_figure(forward: Callable, backward: Callable, runs: Mapping[str, tuple], width: int = WIDTH):
    """One line per run: the norm of dW of every layer. ``runs`` maps a label to (depth, activation, scale)."""
    fig, ax = subplots(figsize=(7, 3.4))
    for label, (depth, activation, scale) in runs.items():
        _, norms = layer_statistics(forward, backward, depth, activation, scale, width)
        ax.plot(range(1, len(norms) + 1), norms, "o-", label=label)
    ax.set(yscale="log", xlabel="layer l (the last is the softmax output)", ylabel=r"$\|\partial L / \partial W^{[l]}\|$",
           title="gradient norm per layer, at initialisation")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _histogram_range(activation: str, values: list) -> tuple[float, float]:
    if activation == "sigmoid":
        return 0.0, 1.0
    if activation == "tanh":
        return -1.0, 1.0
    top = max(float(np.percentile(v, 99)) for v in values)
    top = top if top > 0 else 1.0
    return (-0.05 * top, top) if activation == "relu" else (-0.1 * top, top)


def activation_grid(forward: Callable, activation: str, scales, depth: int = 5, width: int = WIDTH):
    """Histograms of every hidden layer's outputs (columns) for each initial scale (rows)."""
    scales = list(scales)
    fig, axes = subplots(len(scales), depth, figsize=(1.9 * depth, 1.45 * len(scales) + 0.5), squeeze=False,
                         sharey="row")
    X, _ = probe_batch(width)
    for row, scale in enumerate(scales):
        params = random_params([width] * (depth + 1) + [CLASSES], scale)
        _, caches = forward(X, params, activation)
        values = [np.asarray(caches[l]["A_prev"]).ravel() for l in range(1, depth + 1)]
        lo, hi = _histogram_range(activation, values)
        for col, v in enumerate(values):
            ax = axes[row, col]
            ax.hist(np.clip(v, lo, hi), bins=30, range=(lo, hi), color="tab:blue")
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            ax.set_title(f"layer {col + 1}: rms {np.sqrt(np.mean(v ** 2)):.1e}", fontsize=7)
        axes[row, 0].set_ylabel(f"scale {scale}", fontsize=8)
    fig.suptitle(f"{activation}: the outputs of each hidden layer ({width} units, {EXAMPLES} examples)", fontsize=9)
    fig.tight_layout()
    return fig


class DepthExplorer(ControlledFigure):
    """Sliders for the depth, the hidden activation and the initial scale; on the left the histogram of every
    hidden layer's outputs (one row per layer, values clipped to the range shown), on the right the gradient
    norm of every layer's weights. Both come from one run of the student's forward and backward."""

    def __init__(self, forward: Callable, backward: Callable, max_depth: int = 12, depth: int = 6,
                 activation: str = "sigmoid", scale: str = "0.01", width: int = WIDTH):
        import ipywidgets as widgets

        self.forward, self.backward, self.width, self.max_depth = forward, backward, width, max_depth
        fig, (self.hist_ax, self.norm_ax) = subplots(1, 2, figsize=(9, 3.8), toolbar=False)
        self.curves = [self.hist_ax.plot([], [], color="tab:blue")[0] for _ in range(max_depth)]
        self.labels = [self.hist_ax.text(0, 0, "", fontsize=7, va="bottom", ha="right") for _ in range(max_depth)]
        (self.norm_line,) = self.norm_ax.plot([], [], "o-", color="tab:red")
        self.hist_ax.set(ylabel="hidden layer", xlabel="output value")
        self.norm_ax.set(yscale="log", xlabel="layer l (the last is the output)",
                         ylabel=r"$\|\partial L / \partial W^{[l]}\|$")
        style = {"description_width": "initial"}
        controls = [widgets.IntSlider(value=depth, min=1, max=max_depth, description="hidden layers", style=style),
                    widgets.SelectionSlider(options=ACTIVATIONS, value=activation, description="activation", style=style),
                    widgets.SelectionSlider(options=SCALES, value=scale, description="initial scale", style=style)]
        super().__init__(fig, controls, self.draw)

    def draw(self, depth: int, activation: str, scale: str) -> None:
        try:
            activations, norms = layer_statistics(self.forward, self.backward, depth, activation, scale, self.width)
        except (FloatingPointError, OverflowError, ValueError) as error:
            self.norm_ax.set_title(f"the passes failed: {error}", fontsize=8)
            return
        lo, hi = _histogram_range(activation, [a.ravel() for a in activations])
        edges = np.linspace(lo, hi, 41)
        centres = (edges[:-1] + edges[1:]) / 2
        for l, (curve, label) in enumerate(zip(self.curves, self.labels), start=1):
            visible = l <= depth
            curve.set_visible(visible)
            label.set_visible(visible)
            if visible:
                values = activations[l - 1].ravel()
                counts, _ = np.histogram(np.clip(values, lo, hi), bins=edges)
                curve.set_data(centres, l + 0.85 * counts / max(counts.max(), 1))
                label.set_position((hi, l + 0.05))
                label.set_text(f"rms {np.sqrt(np.mean(values ** 2)):.1e}")
        self.hist_ax.set(xlim=(lo, hi), ylim=(0.8, depth + 1), yticks=range(1, depth + 1))
        self.hist_ax.set_title(f"{activation}, scale {scale}: outputs per layer", fontsize=9)
        finite = [n if np.isfinite(n) and n > 0 else np.nan for n in norms]
        self.norm_line.set_data(range(1, depth + 2), finite)
        good = [n for n in finite if n == n]
        if good:
            self.norm_ax.set_ylim(min(good) / 3, max(good) * 3)
        self.norm_ax.set_xlim(0.5, depth + 1.5)
        self.norm_ax.set_title(f"gradient norms: first layer / last = {finite[0] / finite[-1]:.1e}", fontsize=9)
        self.fig.tight_layout()


def depth_explorer(forward: Callable, backward: Callable, **options) -> DepthExplorer:
    """The explorer for ``show(...)``: see ``DepthExplorer``."""
    return DepthExplorer(forward, backward, **options)
