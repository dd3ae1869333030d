"""A training playground in the spirit of TensorFlow Playground, built from ipywidgets and ipympl.

It trains *your* two-layer network: it receives the functions you wrote in the notebook and calls them,
it contains no network code of its own.

    show(Playground(initialize_parameters, forward_propagation, backward_propagation, update_parameters,
                    compute_cost))

Controls: data set and noise, hidden units, activation, learning rate (log slider), L2 strength; Play/Pause,
Step, Reset; an epoch counter. The figure shows the network's output over the plane (a heatmap) with the
training points (dots) and test points (rings), and the training and test cost per epoch.

How it stays responsive: the Play button is a ``widgets.Play``, a timer that runs in the browser and
increases its value every ``interval`` ms. Each new value makes the kernel run one *tick*: at most
``steps_per_tick`` gradient-descent steps (full batch; one step is one epoch), then one update of the
existing artists (``image.set_array``, ``line.set_data``). No sleep loop or thread ever holds the kernel,
so other cells run while the playground plays, and Pause takes effect at the next tick. Changing a control
rebuilds the data or the network and repaints at once (the heatmap grid is small, ``grid`` x ``grid``).

L2 regularisation: with an L2 strength lambd > 0 the playground calls
``compute_cost(A2, Y, parameters, lambd)`` and ``backward_propagation(..., lambd=lambd)``, so it needs the
optional regularised versions of your functions; with lambd = 0 it calls ``compute_cost(A2, Y)`` and
``backward_propagation(parameters, cache, X, Y, activation)``.
"""
from __future__ import annotations

from typing import Callable, Sequence

import ipywidgets as widgets
import numpy as np

from course import datasets as _datasets
from course import plots as _plots
from course.figures import FigureView, subplots

L2_CHOICES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


class Playground:
    """Interactive training of a two-layer network on 2-D data.

    Args:
        initialize_parameters: ``initialize_parameters(n_x, n_h, n_y, seed)`` -> parameters dict.
        forward_propagation: ``forward_propagation(X, parameters, activation)`` -> (A2, cache).
        backward_propagation: ``backward_propagation(parameters, cache, X, Y, activation[, lambd=])`` -> grads.
        update_parameters: ``update_parameters(parameters, grads, learning_rate)`` -> new parameters.
        compute_cost: ``compute_cost(A2, Y[, parameters, lambd])`` -> float.
        datasets: names offered in the data set menu (see ``course.datasets.DATASETS``).
        activations: names offered in the activation menu (names your forward_propagation understands).
        n_train, n_test: number of training and test points.
        hidden_units, activation, learning_rate, lambd, noise, dataset: initial settings.
        grid: heatmap resolution (grid x grid points evaluated per repaint).
        steps_per_tick: gradient steps per tick of the Play timer (bounded work per tick).
        interval: milliseconds between ticks while playing.
        max_epochs: the Play timer stops after this many ticks' worth of epochs.
        seed: seed of the data and of the initialisation.

    Attributes:
        widget: the whole layout (what ``show(playground)`` displays).
        play, step_button, reset_button, epoch_label, status: the action widgets.
        controls: dict of the setting widgets: "dataset", "noise", "hidden_units", "activation",
            "learning_rate", "lambd".
        fig, image, train_line, test_line: the figure and the artists updated in place.
        parameters, epoch, history: the network's current parameters, epochs trained, and
            {"epoch": [...], "train": [...], "test": [...]} costs.
    """

    def __init__(self, initialize_parameters: Callable, forward_propagation: Callable,
                 backward_propagation: Callable, update_parameters: Callable, compute_cost: Callable, *,
                 datasets: Sequence[str] = _datasets.DATASETS,
                 activations: Sequence[str] = ("tanh", "relu", "leaky_relu", "sigmoid"),
                 dataset: str = "moons", noise: float = 0.2, hidden_units: int = 4, activation: str = "tanh",
                 learning_rate: float = 1.0, lambd: float = 0.0, n_train: int = 200, n_test: int = 100,
                 grid: int = 40, steps_per_tick: int = 10, interval: int = 200, max_epochs: int = 100_000,
                 seed: int = 0):
        self.initialize_parameters = initialize_parameters
        self.forward_propagation = forward_propagation
        self.backward_propagation = backward_propagation
        self.update_parameters = update_parameters
        self.compute_cost = compute_cost
        self.n_train, self.n_test = int(n_train), int(n_test)
        self.grid_size = int(grid)
        self.steps_per_tick = int(steps_per_tick)
        self.seed = int(seed)
        self.epoch = 0
        self.parameters = None
        self.history = {"epoch": [], "train": [], "test": []}
        self.redraws = 0

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
            "lambd": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in L2_CHOICES],
                                             value=min(L2_CHOICES, key=lambda v: abs(v - lambd)),
                                             description="L2 strength", continuous_update=False, style=style),
        }
        self.play = widgets.Play(value=0, min=0, max=max(1, max_epochs // max(1, self.steps_per_tick)), step=1,
                                 interval=interval, description="Play", show_repeat=False)
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

        self.view = FigureView(self.fig)

        for name in ("dataset", "noise"):
            self.controls[name].observe(self._on_data_change, names="value")
        for name in ("hidden_units", "activation"):
            self.controls[name].observe(self._on_network_change, names="value")
        self.play.observe(self._on_tick, names="value")
        self.step_button.on_click(lambda _: self.step(1))
        self.reset_button.on_click(lambda _: self.reset())

        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([self.play, self.step_button, self.reset_button, self.epoch_label]),
            widgets.HBox([widgets.VBox([c["dataset"], c["noise"], c["hidden_units"]]),
                          widgets.VBox([c["activation"], c["learning_rate"], c["lambd"]])]),
            self.status,
            self.view.widget,
        ])
        self._make_data()
        self.reset()

    # ----------------------------------------------------------------------------------------- display
    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # -------------------------------------------------------------------------------------- rebuilding
    def _make_data(self) -> None:
        c = self.controls
        self.X_train, self.X_test, self.Y_train, self.Y_test = _datasets.load(
            c["dataset"].value, n_train=self.n_train, n_test=self.n_test, noise=c["noise"].value, seed=self.seed)
        self.grid = _plots.make_grid(np.hstack([self.X_train, self.X_test]), resolution=self.grid_size,
                                     margin=0.3)
        self.image.set_extent(self.grid.extent)
        self.train_points.set_offsets(self.X_train.T)
        self.train_points.set_facecolor(_plots.point_colors(self.Y_train))
        self.test_points.set_offsets(self.X_test.T)
        self.test_points.set_edgecolor(_plots.point_colors(self.Y_test))
        self.ax.set_xlim(self.grid.extent[:2])
        self.ax.set_ylim(self.grid.extent[2:])

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
            self.parameters = self.initialize_parameters(self.X_train.shape[0], self.controls["hidden_units"].value,
                                                         1, self.seed)
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
    def lambd(self) -> float:
        return float(self.controls["lambd"].value)

    def _cost(self, A2, Y) -> float:
        if self.lambd > 0:
            return float(self.compute_cost(A2, Y, self.parameters, self.lambd))
        return float(self.compute_cost(A2, Y))

    def _train(self, n_steps: int) -> None:
        """At most n_steps epochs of full-batch gradient descent (stops at the first error)."""
        for _ in range(int(n_steps)):
            A2, cache = self.forward_propagation(self.X_train, self.parameters, self.activation)
            if self.lambd > 0:
                grads = self.backward_propagation(self.parameters, cache, self.X_train, self.Y_train,
                                                  self.activation, lambd=self.lambd)
            else:
                grads = self.backward_propagation(self.parameters, cache, self.X_train, self.Y_train,
                                                  self.activation)
            self.parameters = self.update_parameters(self.parameters, grads, self.learning_rate)
            self.epoch += 1

    def _record(self) -> None:
        train = self._cost(self.forward_propagation(self.X_train, self.parameters, self.activation)[0], self.Y_train)
        test = self._cost(self.forward_propagation(self.X_test, self.parameters, self.activation)[0], self.Y_test)
        self.history["epoch"].append(self.epoch)
        self.history["train"].append(train)
        self.history["test"].append(test)

    def step(self, n_steps: int = 1) -> None:
        """Train n_steps epochs, record the costs and repaint (what Step and each Play tick do)."""
        if self.parameters is None:
            return
        try:
            self._train(n_steps)
            self._record()
        except Exception as exc:
            self._show_error(exc)
        self.redraw()

    def _on_tick(self, change) -> None:
        if change["new"] > change["old"]:  # the timer moved on; a rewind to 0 (restart) trains nothing
            self.step(self.steps_per_tick)

    def _show_error(self, exc: Exception) -> None:
        self.play.playing = False
        self.status.value = (f"<span style='color:#b00'>Training stopped: {type(exc).__name__}: "
                             f"{str(exc)[:200]}</span>")

    # ----------------------------------------------------------------------------------------- drawing
    def scores(self) -> np.ndarray:
        """The network's output A2 over the heatmap grid, shape (grid, grid)."""
        return _plots.grid_scores(lambda P: self.forward_propagation(P, self.parameters, self.activation)[0],
                                  self.grid)

    def redraw(self) -> None:
        """Update the artists in place (heatmap, curves, counter) and ask the canvas to repaint."""
        if self.parameters is not None and not self.status.value:
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
            self.loss_ax.set_xlim(0, max(10, h["epoch"][-1]))
        last = (f", train cost {h['train'][-1]:.3f}, test cost {h['test'][-1]:.3f}" if h["train"] else "")
        self.epoch_label.value = f"<b>epoch {self.epoch}</b>{last}"
        self.redraws += 1
        self.view.redraw()
