"""A training playground in the spirit of TensorFlow Playground, built from ipywidgets and ipympl.

It trains *your* two-layer network: it receives the functions you wrote in the notebook and calls them,
it contains no network code of its own.

    show(Playground(init_params, forward, backward, sgd_step, bce_loss))

Controls: data set and noise, hidden units, activation, learning rate (log slider), L2 strength; Play/Pause,
Step, Reset; an epoch counter. The figure shows the network's output over the plane (a heatmap) with the
training points (dots) and test points (rings), and the training and test cost per epoch.

How it stays responsive: Play starts a clock in the kernel, a callback of its event loop that runs one
*tick* every ``interval`` ms: at most ``steps_per_tick`` gradient-descent steps (full batch; one step is one
epoch), then one update of the existing artists (``image.set_array``, ``line.set_data``). Between ticks the
kernel is free: other cells run while the playground plays, and Pause takes effect at the next tick. The
browser's part is to paint: the figure is sent as soon as the browser has taken the previous ones, so a
slow browser sees fewer frames but training does not wait for it (and if no browser answers for
``NO_BROWSER_S`` seconds, nobody is watching: the playground pauses). Changing a control rebuilds the data
or the network and repaints at once (the heatmap grid is small, ``grid`` x ``grid``).

How it paints: the figure is a ``course.animation.LiveFigure``. Matplotlib draws what stays (axes, ticks,
legend) once, as two layers; after a tick only the heatmap's values, the points and the two cost curves'
vertices go to the browser, which draws them between the layers (``course.scene``). A tick then takes the kernel a
few milliseconds, not the tens that drawing the figure with Agg took. The cost plot's epoch axis grows in
steps (10, 20, 50, 100, ...), so its ticks, and the layers, rarely change.

L2 regularisation: with an L2 strength l2 > 0 the playground calls ``bce_loss(A2, Y, params, l2)`` and
``backward(X, Y, params, cache, activation, l2=l2)``, so it needs the optional regularised versions of your
functions; with l2 = 0 it calls ``bce_loss(A2, Y)`` and ``backward(X, Y, params, cache, activation)``.
"""
from __future__ import annotations

import time
from typing import Callable, Sequence

import ipywidgets as widgets
import numpy as np

from course import datasets as _datasets
from course import plots as _plots
from course.animation import KERNEL_FRAMES, LiveFigure
from course.figures import subplots

L2_CHOICES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def epoch_axis_end(epoch: int) -> int:
    """The end of the cost plot's epoch axis: the first of 10, 20, 50, 100, 200, 500, ... at or past ``epoch``."""
    end = 10
    while end < epoch:
        end = end * 5 // 2 if str(end).startswith("2") else end * 2
    return end


class Playground:
    """Interactive training of a two-layer network on 2-D data.

    Args:
        init_params: ``init_params(n_x, n_h, n_y, seed)`` -> params dict ("W1", "b1", "W2", "b2").
        forward: ``forward(X, params, activation)`` -> (A2, cache).
        backward: ``backward(X, Y, params, cache, activation[, l2=])`` -> grads (the keys of params).
        sgd_step: ``sgd_step(params, grads, learning_rate)`` -> new params.
        bce_loss: ``bce_loss(A2, Y[, params, l2])`` -> float.
        datasets: names offered in the data set menu (see ``course.datasets.DATASETS``).
        activations: names offered in the activation menu (names your forward understands).
        n_train, n_test: number of training and test points.
        hidden_units, activation, learning_rate, l2, noise, dataset: initial settings.
        grid: heatmap resolution (grid x grid points evaluated per repaint).
        steps_per_tick: gradient steps per tick of the clock (bounded work per tick).
        interval: milliseconds from one tick's start to the next's while playing (longer if a tick is).
        max_epochs: playing stops after this many epochs.
        seed: seed of the data and of the initialisation.

    Attributes:
        widget: the whole layout (what ``show(playground)`` displays).
        play, step_button, reset_button, epoch_label, status: the action widgets (``play`` is a Play/Pause
            button: its ``playing`` starts and stops the kernel's clock; its own browser timer is not used).
        controls: dict of the setting widgets: "dataset", "noise", "hidden_units", "activation",
            "learning_rate", "l2".
        fig, image, train_line, test_line: the figure and the artists updated in place.
        params, epoch, history: the network's current parameters, epochs trained, and
            {"epoch": [...], "train": [...], "test": [...]} costs.
    """

    def __init__(self, init_params: Callable, forward: Callable, backward: Callable, sgd_step: Callable,
                 bce_loss: Callable, *,
                 datasets: Sequence[str] = _datasets.DATASETS,
                 activations: Sequence[str] = ("tanh", "relu", "leaky_relu", "sigmoid"),
                 dataset: str = "moons", noise: float = 0.2, hidden_units: int = 4, activation: str = "tanh",
                 learning_rate: float = 1.0, l2: float = 0.0, n_train: int = 200, n_test: int = 100,
                 grid: int = 40, steps_per_tick: int = 5, interval: int = 40, max_epochs: int = 100_000,
                 seed: int = 0):
        self.init_params = init_params
        self.forward = forward
        self.backward = backward
        self.sgd_step = sgd_step
        self.bce_loss = bce_loss
        self.n_train, self.n_test = int(n_train), int(n_test)
        self.grid_size = int(grid)
        self.steps_per_tick = int(steps_per_tick)
        self.seed = int(seed)
        self.epoch = 0
        self.params = None
        self.history = {"epoch": [], "train": [], "test": []}
        self.redraws = 0
        self.interval = int(interval)
        self.max_epochs = int(max_epochs)
        self.ticks = 0
        self._clock = None  # the event loop's handle of the next tick while playing
        self._planes = {}  # data set name -> its heatmap grid

        style = {"description_width": "90px"}
        self.controls = {
            "dataset": widgets.Dropdown(options=list(datasets), value=dataset, description="data set", style=style),
            "noise": widgets.FloatSlider(value=noise, min=0.0, max=0.5, step=0.05, description="noise",
                                         continuous_update=False, style=style),
            "hidden_units": widgets.IntSlider(value=hidden_units, min=1, max=50, description="hidden units",
                                              continuous_update=False, style=style),
            "activation": widgets.Dropdown(options=list(activations), value=activation, description="activation",
                                           style=style),
            "learning_rate": widgets.FloatLogSlider(value=learning_rate, base=10, min=-3, max=1, step=0.25,
                                                    description="learning rate", continuous_update=False,
                                                    readout_format=".3g", style=style),
            "l2": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in L2_CHOICES],
                                          value=min(L2_CHOICES, key=lambda v: abs(v - l2)),
                                             description="L2 strength", continuous_update=False, style=style),
        }
        # The kernel keeps time (``_clock_tick``): the button's own timer would send one message per step, each
        # waiting for the kernel's reply before the next, so its interval is made too long to ever run out.
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=self.BUTTON_ONLY, description="Play",
                                 show_repeat=False)
        if KERNEL_FRAMES:  # the previous way, the benchmarks' peer: the button's timer, one message a tick
            self.play.max, self.play.interval = max(1, self.max_epochs // max(1, self.steps_per_tick)), interval
        self.step_button = widgets.Button(description="Step", icon="step-forward", tooltip="one epoch",
                                          layout=widgets.Layout(width="90px"))
        self.reset_button = widgets.Button(description="Reset", icon="refresh", tooltip="new initial weights",
                                           layout=widgets.Layout(width="90px"))
        self.epoch_label = widgets.HTML()
        self.status = widgets.HTML()

        self.fig, (self.ax, self.loss_ax) = subplots(1, 2, figsize=(9, 4), layout="constrained", toolbar=False,
                                                     gridspec_kw={"width_ratios": [1.1, 1]})
        self.image = self.ax.imshow(np.full((self.grid_size, self.grid_size), 0.5), origin="lower",
                                    cmap=_plots.HEATMAP_CMAP, vmin=0.0, vmax=1.0, alpha=0.7, aspect="auto",
                                    interpolation="bilinear")
        self.train_points = self.ax.scatter([], [], s=16, edgecolors="white", linewidths=0.5)
        self.test_points = self.ax.scatter([], [], s=16, facecolors="none", linewidths=1.2)
        self.ax.set_xlabel("$x_1$")
        self.ax.set_ylabel("$x_2$")
        self.train_line, = self.loss_ax.plot([], [], label="train")
        self.test_line, = self.loss_ax.plot([], [], "--", label="test")
        self.loss_ax.set_xlabel("epoch")
        self.loss_ax.set_ylabel("cost")
        self.loss_ax.legend(loc="upper right")
        self.loss_ax.grid(alpha=0.3)

        self.view = LiveFigure(self.fig, [self.image, self.train_points, self.test_points, self.train_line,
                                          self.test_line])

        for name in ("dataset", "noise"):
            self.controls[name].observe(self._on_data_change, names="value")
        for name in ("hidden_units", "activation"):
            self.controls[name].observe(self._on_network_change, names="value")
        if KERNEL_FRAMES:
            self.play.observe(self._on_timer, names="value")
        else:
            self.play.observe(self._on_playing, names="playing")
        self.step_button.on_click(lambda _: self.step(1))
        self.reset_button.on_click(lambda _: self.reset())

        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([self.play, self.step_button, self.reset_button, self.epoch_label]),
            widgets.HBox([widgets.VBox([c["dataset"], c["noise"], c["hidden_units"]]),
                          widgets.VBox([c["activation"], c["learning_rate"], c["l2"]])]),
            self.status,
            self.view.widget,
        ])
        self._make_data()
        self.reset()

    # ----------------------------------------------------------------------------------------- display
    def _ipython_display_(self):
        import base64

        from IPython.display import display

        from course.runtime import under_grader

        # Where widgets are not rendered, the figure as it is, as an image (for the grader, the image alone).
        still = {"image/png": base64.b64encode(self.view.png()).decode("ascii")}
        if under_grader():
            display({**still, "text/plain": "<the training playground>"}, raw=True)
            return
        display({**still, **self.widget._repr_mimebundle_()}, raw=True)

    # -------------------------------------------------------------------------------------- rebuilding
    def _make_data(self) -> None:
        c = self.controls
        self.X_train, self.X_test, self.Y_train, self.Y_test = _datasets.load(
            c["dataset"].value, n_train=self.n_train, n_test=self.n_test, noise=c["noise"].value, seed=self.seed)
        self.grid = self._plane(c["dataset"].value)
        self.image.set_extent(self.grid.extent)
        self.train_points.set_offsets(self.X_train.T)
        self.train_points.set_facecolor(_plots.point_colors(self.Y_train))
        self.test_points.set_offsets(self.X_test.T)
        self.test_points.set_edgecolor(_plots.point_colors(self.Y_test))
        self.ax.set_xlim(self.grid.extent[:2])
        self.ax.set_ylim(self.grid.extent[2:])

    def _plane(self, dataset: str):
        """The heatmap's grid for a data set: one frame for every noise level (the noisiest data set's
        extent), so that moving the noise slider moves the points, not the axes."""
        if dataset not in self._planes:
            X_train, X_test, _, _ = _datasets.load(dataset, n_train=self.n_train, n_test=self.n_test,
                                                   noise=self.controls["noise"].max, seed=self.seed)
            self._planes[dataset] = _plots.make_grid(np.hstack([X_train, X_test]), resolution=self.grid_size,
                                                     margin=0.3)
        return self._planes[dataset]

    def _on_data_change(self, _change) -> None:
        self._make_data()
        self.reset()

    def _on_network_change(self, _change) -> None:
        self.reset()

    def reset(self) -> None:
        """New initial parameters (same seed), epoch 0, empty curves; pauses and repaints."""
        self.play.playing = False
        self.epoch = 0
        self.history = {"epoch": [], "train": [], "test": []}
        self.status.value = ""
        try:
            self.params = self.init_params(self.X_train.shape[0], self.controls["hidden_units"].value, 1, self.seed)
            self._record()
        except Exception as exc:  # the student's functions are not written yet, or fail
            self._show_error(exc)
        self.redraw()

    # ---------------------------------------------------------------------------------------- training
    @property
    def activation(self) -> str:
        return self.controls["activation"].value

    @property
    def learning_rate(self) -> float:
        return float(self.controls["learning_rate"].value)

    @property
    def l2(self) -> float:
        return float(self.controls["l2"].value)

    def _cost(self, A2, Y) -> float:
        if self.l2 > 0:
            return float(self.bce_loss(A2, Y, self.params, self.l2))
        return float(self.bce_loss(A2, Y))

    def _train(self, n_steps: int) -> None:
        """At most n_steps epochs of full-batch gradient descent (stops at the first error)."""
        for _ in range(int(n_steps)):
            A2, cache = self.forward(self.X_train, self.params, self.activation)
            if self.l2 > 0:
                grads = self.backward(self.X_train, self.Y_train, self.params, cache, self.activation, l2=self.l2)
            else:
                grads = self.backward(self.X_train, self.Y_train, self.params, cache, self.activation)
            self.params = self.sgd_step(self.params, grads, self.learning_rate)
            self.epoch += 1

    def _record(self) -> None:
        train = self._cost(self.forward(self.X_train, self.params, self.activation)[0], self.Y_train)
        test = self._cost(self.forward(self.X_test, self.params, self.activation)[0], self.Y_test)
        self.history["epoch"].append(self.epoch)
        self.history["train"].append(train)
        self.history["test"].append(test)

    def step(self, n_steps: int = 1) -> None:
        """Train n_steps epochs, record the costs and repaint (what Step and each Play tick do)."""
        if self.params is None:
            return
        try:
            self._train(n_steps)
            self._record()
        except Exception as exc:
            self._show_error(exc)
        self.redraw()

    # ------------------------------------------------------------------------------------------ clock
    BUTTON_ONLY = 10**9  # ms: the Play button's own timer never fires (below 2**31, setTimeout's limit)
    NO_BROWSER_S = 10.0

    def _on_playing(self, change) -> None:
        if change["new"]:
            self._start_clock()

    def _on_timer(self, change) -> None:
        """The previous way (``KERNEL_FRAMES``): a tick per step of the Play button's own timer."""
        if change["new"] > change["old"]:  # a rewind to 0 trains nothing
            self.tick()

    def _start_clock(self) -> None:
        """Tick on the kernel's event loop while ``play.playing``. Without a running loop (a script, a
        test) nothing ticks by itself: call ``tick()``."""
        import asyncio

        if self._clock is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._clock = loop.call_soon(self._clock_tick, loop)

    def _clock_tick(self, loop) -> None:
        self._clock = None
        if not self.play.playing:
            return
        started = time.monotonic()
        self.tick()
        if self.view.unanswered_for() > self.NO_BROWSER_S:  # nobody is watching (the page was closed)
            self.play.playing = False
        if self.epoch >= self.max_epochs:
            self.play.playing = False
        if self.play.playing:
            wait = max(0.0, self.interval / 1000 - (time.monotonic() - started))
            self._clock = loop.call_later(wait, self._clock_tick, loop)

    def tick(self) -> None:
        """One tick of the clock: ``steps_per_tick`` epochs (fewer at ``max_epochs``), then a repaint."""
        self.ticks += 1
        self.step(max(1, min(self.steps_per_tick, self.max_epochs - self.epoch)))

    def _show_error(self, exc: Exception) -> None:
        self.play.playing = False
        self.status.value = (f"<span style='color:#b00'>Training stopped: {type(exc).__name__}: "
                             f"{str(exc)[:200]}</span>")

    # ----------------------------------------------------------------------------------------- drawing
    def scores(self) -> np.ndarray:
        """The network's output A2 over the heatmap grid, shape (grid, grid)."""
        return _plots.grid_scores(lambda P: self.forward(P, self.params, self.activation)[0], self.grid)

    def redraw(self) -> None:
        """Update the artists in place (heatmap, curves, counter) and ask the canvas to repaint."""
        if self.params is not None and not self.status.value:
            try:
                self.image.set_array(self.scores())
            except Exception as exc:
                self._show_error(exc)
        h = self.history
        self.train_line.set_data(h["epoch"], h["train"])
        self.test_line.set_data(h["epoch"], h["test"])
        # Costs are >= 0: a fixed floor at 0 keeps the curve readable (no offset labels while it is flat).
        values = [v for v in (*h["train"], *h["test"]) if np.isfinite(v)]
        self.loss_ax.set_ylim(0.0, max(0.8, 1.05 * max(values)) if values else 0.8)
        if h["epoch"]:
            self.loss_ax.set_xlim(0, epoch_axis_end(h["epoch"][-1]))
        last = (f", train cost {h['train'][-1]:.3f}, test cost {h['test'][-1]:.3f}" if h["train"] else "")
        self.epoch_label.value = f"<b>epoch {self.epoch}</b>{last}"
        self.redraws += 1
        self.view.update()
