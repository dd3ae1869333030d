"""Widgets of the MNIST notebook: a digit browser with probability bars, and a weights snapshot scrubber.

Neither computes anything about the network: the notebook passes in arrays it computed with the student's
own functions (predicted probabilities, snapshots of W1), so these helpers hold no solution.

    show(digit_browser(x_test, y_test, probabilities))         # probabilities: (10, n), columns sum to 1
    show(weights_scrubber(snapshots, labels))                   # snapshots: list of (k, 784) arrays
"""
from __future__ import annotations

from typing import Sequence

import ipywidgets as widgets
import numpy as np

from course.animation import SnapshotPlayer
from course.figures import FigureView, subplots


class DigitBrowser:
    """Browse digits by index (a slider, a number box, and "next mistake"): the image and the bars of P(digit).

    Args:
        images: uint8 or float array (n, 28, 28) (or (n, 784), or (784, n): one image per column, as in
            notebook 05).
        labels: int array (n,), the true digits.
        probabilities: float array (10, n), the network's predicted probabilities (examples are columns).
        start: the index shown first.

    Attributes:
        widget: what ``show(browser)`` displays; slider, box: the index controls; fig: the matplotlib Figure.
    """

    def __init__(self, images, labels, probabilities, *, start: int = 0):
        images = np.asarray(images)
        probabilities = np.asarray(probabilities, dtype=np.float64)
        labels = np.asarray(labels)
        n = len(labels)
        if images.ndim == 2 and images.shape == (784, n) and n != 784:
            images = images.T
        self.images = images.reshape(n, 28, 28)
        if probabilities.shape != (10, n):
            raise ValueError(f"probabilities should have shape (10, {n}) (one column per digit), "
                             f"got {probabilities.shape}")
        self.labels = labels
        self.probabilities = probabilities
        self.predictions = probabilities.argmax(axis=0)
        self.mistakes = np.flatnonzero(self.predictions != labels)

        self.fig, (ax_img, ax_bar) = subplots(1, 2, figsize=(7, 3), gridspec_kw={"width_ratios": [1, 1.4]})
        self._image = ax_img.imshow(self.images[start], cmap="gray_r", vmin=0, vmax=self.images.max() or 1)
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        self._title = ax_img.set_title("")
        self._bars = ax_bar.bar(np.arange(10), probabilities[:, start], color="tab:gray")
        ax_bar.set_xticks(np.arange(10))
        ax_bar.set_ylim(0, 1)
        ax_bar.set_xlabel("digit")
        ax_bar.set_ylabel("predicted probability")
        self.fig.tight_layout()

        self.slider = widgets.IntSlider(value=start, min=0, max=n - 1, description="test digit",
                                        continuous_update=True, layout=widgets.Layout(width="55%"))
        self.box = widgets.BoundedIntText(value=start, min=0, max=n - 1, layout=widgets.Layout(width="90px"))
        widgets.link((self.slider, "value"), (self.box, "value"))
        self.next_mistake = widgets.Button(description="next mistake", disabled=len(self.mistakes) == 0)
        self.next_mistake.on_click(lambda _: self.show(self._following_mistake()))
        self.slider.observe(lambda change: self._draw(change["new"]), names="value")
        self.view = FigureView(self.fig)
        self.widget = widgets.VBox([widgets.HBox([self.slider, self.box, self.next_mistake]), self.view.widget])
        self._draw(start)

    def _following_mistake(self) -> int:
        later = self.mistakes[self.mistakes > self.slider.value]
        return int(later[0] if len(later) else self.mistakes[0])

    def show(self, i: int) -> None:
        """Go to digit ``i``."""
        self.slider.value = int(i)

    def _draw(self, i: int) -> None:
        self._image.set_data(self.images[i])
        p, pred, true = self.probabilities[:, i], int(self.predictions[i]), int(self.labels[i])
        for k, bar in enumerate(self._bars):
            bar.set_height(p[k])
            bar.set_color("tab:green" if k == true else ("tab:red" if k == pred else "tab:gray"))
        verdict = "right" if pred == true else "WRONG"
        self._title.set_text(f"#{i}: label {true}, predicted {pred} ({p[pred]:.0%}), {verdict}")
        self.view.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def digit_browser(images, labels, probabilities, *, start: int = 0) -> DigitBrowser:
    """A DigitBrowser for ``show``."""
    return DigitBrowser(images, labels, probabilities, start=start)


def weight_tiles(W, n: int = 16, columns: int = 8) -> np.ndarray:
    """The first ``n`` rows of W (k, 784) as a grid of 28x28 tiles, each scaled to [-1, 1] by its max |w|."""
    W = np.asarray(W, dtype=np.float64)[:n]
    rows = -(-len(W) // columns)
    grid = np.zeros((rows * 29 - 1, columns * 29 - 1))
    for i, w in enumerate(W):
        r, c = divmod(i, columns)
        grid[r * 29:r * 29 + 28, c * 29:c * 29 + 28] = w.reshape(28, 28) / (np.abs(w).max() or 1.0)
    return grid


def weights_scrubber(snapshots: Sequence, labels: Sequence[str] | None = None, *, n: int = 16,
                     columns: int = 8, interval: int = 40) -> SnapshotPlayer:
    """Play / scrub through training snapshots of first-layer weights, each hidden unit a 28x28 image.

    Args:
        snapshots: list of float arrays (k, 784), W1 (or its first rows) at successive moments of training.
        labels: one caption per snapshot (e.g. "epoch 1, step 200"); default "snapshot i".
        n: how many hidden units to show; columns: tiles per row.
    Returns:
        the SnapshotPlayer (Play button linked to a frame slider, above the figure).
    """
    if len(snapshots) == 0:
        raise ValueError("weights_scrubber needs at least one snapshot")
    labels = list(labels) if labels is not None else [f"snapshot {i}" for i in range(len(snapshots))]
    tiles = [weight_tiles(W, n, columns) for W in snapshots]
    fig, ax = subplots(figsize=(8, 2.4 * tiles[0].shape[0] / 57 + 0.6))
    image = ax.imshow(tiles[0], cmap="RdBu_r", vmin=-1, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    title = ax.set_title(labels[0])
    fig.tight_layout()

    def draw_frame(i):
        image.set_data(tiles[i])
        title.set_text(labels[i])

    return SnapshotPlayer(len(tiles), draw_frame, fig, interval=interval, description="snapshot")
