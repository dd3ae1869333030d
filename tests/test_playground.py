"""Unit tests of the course modules behind notebook 04: data sets, plotting helpers and the training playground.

The playground is driven here the way the browser drives it: by clicking its buttons, moving its Play
timer's value and changing its controls. The network functions it trains are the instructor's solutions
of 04_vectorised_net (the playground itself contains no network code).
"""
import threading

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course import datasets, plots  # noqa: E402
from course.playground import Playground  # noqa: E402
from instructor import classroom  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def network_functions():
    """The five functions a student writes, from the solution cells of the instructor's notebook."""
    namespace = {"np": np}
    for cell in classroom.solution_notebook("04_vectorised_net").cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            exec(cell.source, namespace)
    exec('''
def get_activation(name):
    return {"sigmoid": (sigmoid, sigmoid_derivative), "tanh": (tanh, tanh_derivative),
            "relu": (relu, relu_derivative), "leaky_relu": (leaky_relu, leaky_relu_derivative)}[name]
''', namespace)
    return {name: namespace[name] for name in ("init_params", "forward", "backward", "sgd_step", "bce_loss")}


class Spy:
    """Wraps a function and records its calls."""

    def __init__(self, function):
        self.function = function
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.function(*args, **kwargs)


def make_playground(**options):
    spies = {name: Spy(f) for name, f in network_functions().items()}
    options = {"n_train": 60, "n_test": 30, "grid": 20, "steps_per_tick": 4, **options}
    pg = Playground(spies["init_params"], spies["forward"], spies["backward"], spies["sgd_step"], spies["bce_loss"],
                    **options)
    return pg, spies


# ---------------------------------------------------------------------------------------------- datasets
@pytest.mark.parametrize("name", datasets.DATASETS)
def test_datasets_have_the_course_layout_and_are_seeded(name):
    X, Y = datasets.make_dataset(name, 51, noise=0.1, seed=3)
    assert X.shape == (2, 51) and X.dtype == np.float64
    assert Y.shape == (1, 51) and Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert abs(Y.mean() - 0.5) < 0.2
    X2, Y2 = datasets.make_dataset(name, 51, noise=0.1, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    X3, _ = datasets.make_dataset(name, 51, noise=0.1, seed=4)
    assert not np.array_equal(X, X3)


def test_make_dataset_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown data set"):
        datasets.make_dataset("swiss roll")


def test_train_test_split_partitions_the_columns():
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10.0).reshape(1, 10)
    X_train, X_test, Y_train, Y_test = datasets.train_test_split(X, Y, test_fraction=0.3, seed=0)
    assert X_train.shape == (2, 7) and X_test.shape == (2, 3) and Y_train.shape == (1, 7) and Y_test.shape == (1, 3)
    assert sorted(np.concatenate([Y_train, Y_test], axis=1).ravel()) == list(range(10))
    assert np.array_equal(X_train[0], Y_train[0])  # columns stay together
    with pytest.raises(ValueError):
        datasets.train_test_split(X, Y[:, :5])


def test_load_and_accuracy():
    X_train, X_test, Y_train, Y_test = datasets.load("circles", n_train=40, n_test=20, seed=1)
    assert X_train.shape == (2, 40) and X_test.shape == (2, 20) and Y_train.shape == (1, 40)
    assert datasets.accuracy(np.array([[1, 0, 1, 1]]), np.array([[1.0, 0.0, 0.0, 1.0]])) == 0.75
    assert type(datasets.accuracy(Y_test, Y_test)) is float


# ------------------------------------------------------------------------------------------------- plots
def test_grid_and_decision_boundary():
    X, Y = datasets.make_dataset("moons", 40, seed=0)
    grid = plots.make_grid(X, resolution=15, margin=0.5)
    assert grid.points.shape == (2, 225) and grid.shape == (15, 15)
    assert grid.extent[0] == pytest.approx(X[0].min() - 0.5)
    fig, ax = plt.subplots()
    image = plots.plot_decision_boundary(lambda P: (P[0:1] > 0).astype(float), X, Y, ax=ax, resolution=15)
    assert image.get_array().shape == (15, 15)
    assert set(np.unique(image.get_array())) == {0.0, 1.0}
    with pytest.raises(ValueError, match="values"):
        plots.grid_scores(lambda P: P[:, :3], grid)


def test_plot_functions_and_train_test_curves():
    axes = plots.plot_functions({"tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2), "relu": lambda z: np.maximum(z, 0)})
    assert len(axes) == 2 and len(axes[0].lines) == 2 + 2  # g, g' and the two axis lines
    fig, ax = plt.subplots()
    train, test = plots.plot_train_test(ax, [1, 2, 5], [0.8, 0.9, 1.0], [0.7, 0.8, 0.8], logx=True)
    assert list(train.get_ydata()) == [0.8, 0.9, 1.0] and test.get_label() == "test"
    _, validation = plots.plot_train_test(ax, [1, 2], [0.8, 0.9], [0.7, 0.8], labels=("train", "validation"))
    assert validation.get_label() == "validation"


# -------------------------------------------------------------------------------------------- playground
def test_playground_layout_has_every_control():
    pg, _ = make_playground()
    assert isinstance(pg.widget, widgets.VBox)
    assert isinstance(pg.play, widgets.Play)
    assert set(pg.controls) == {"dataset", "noise", "hidden_units", "activation", "learning_rate", "l2"}
    assert isinstance(pg.controls["learning_rate"], widgets.FloatLogSlider)
    assert pg.epoch == 0 and "epoch 0" in pg.epoch_label.value
    assert pg.image.get_array().shape == (20, 20)
    assert pg.status.value == ""


def test_step_trains_one_epoch_and_changes_the_heatmap():
    pg, spies = make_playground()
    before = np.array(pg.image.get_array())
    W1 = pg.params["W1"].copy()
    n_backward = len(spies["backward"].calls)
    pg.step_button.click()
    assert pg.epoch == 1
    assert len(spies["backward"].calls) == n_backward + 1
    assert not np.array_equal(pg.params["W1"], W1)
    assert not np.array_equal(np.array(pg.image.get_array()), before)
    assert pg.history["epoch"] == [0, 1]
    assert np.array_equal(pg.train_line.get_xdata(), [0, 1])
    assert "epoch 1" in pg.epoch_label.value


def test_training_lowers_the_cost():
    pg, _ = make_playground(learning_rate=1.0)
    for _ in range(30):
        pg.step(10)
    assert pg.epoch == 300
    assert pg.history["train"][-1] < 0.5 * pg.history["train"][0]


def test_reset_restores_the_initial_state(in_a_thread_of_its_own):
    pg, _ = make_playground()
    start_params = {k: v.copy() for k, v in pg.params.items()}
    start_image = np.array(pg.image.get_array())
    pg.step(5)
    in_a_thread_of_its_own(lambda: setattr(pg.play, "playing", True))  # no event loop: no clock
    pg.reset_button.click()
    assert pg.epoch == 0
    assert pg.play.playing is False
    assert all(np.array_equal(pg.params[k], start_params[k]) for k in start_params)
    assert np.array_equal(np.array(pg.image.get_array()), start_image)
    assert pg.history["epoch"] == [0]


def test_changing_a_control_rebuilds_and_repaints():
    pg, _ = make_playground()
    pg.step(3)
    redraws = pg.redraws
    pg.controls["hidden_units"].value = 7
    assert pg.params["W1"].shape == (7, 2) and pg.epoch == 0 and pg.redraws > redraws

    X_before = pg.X_train.copy()
    image_before = np.array(pg.image.get_array())
    pg.controls["dataset"].value = "circles"
    assert not np.array_equal(pg.X_train, X_before) and pg.epoch == 0
    assert pg.image.get_extent() == pytest.approx(list(pg.grid.extent))
    assert np.allclose(pg.train_points.get_offsets(), pg.X_train.T)

    pg.step(2)
    pg.controls["activation"].value = "relu"
    assert pg.epoch == 0
    pg.step(1)
    assert pg.forward.calls[-1][0][2] == "relu"
    assert not np.array_equal(np.array(pg.image.get_array()), image_before)

    pg.controls["noise"].value = 0.4
    assert pg.epoch == 0


def test_learning_rate_changes_take_effect_without_a_reset():
    pg, spies = make_playground()
    pg.step(2)
    pg.controls["learning_rate"].value = 0.01
    assert pg.epoch == 2
    pg.step(1)
    assert spies["sgd_step"].calls[-1][0][2] == pytest.approx(0.01)


def test_l2_strength_reaches_the_students_functions():
    pg, spies = make_playground()
    pg.controls["l2"].value = 0.1
    pg.step(1)
    assert spies["backward"].calls[-1][1] == {"l2": 0.1}
    X, Y, params, cache, activation = spies["backward"].calls[-1][0]  # data first, then params
    assert X is pg.X_train and Y is pg.Y_train and set(params) == {"W1", "b1", "W2", "b2"} and "A2" in cache
    assert len(spies["bce_loss"].calls[-1][0]) == 4  # A2, Y, params, l2
    pg.controls["l2"].value = 0.0
    pg.step(1)
    assert spies["backward"].calls[-1][1] == {}
    assert len(spies["bce_loss"].calls[-1][0]) == 2


def test_a_tick_does_bounded_work_and_never_blocks():
    threads = threading.active_count()
    pg, spies = make_playground(steps_per_tick=4, max_epochs=10)
    forward, backward = spies["forward"], spies["backward"]
    redraws = pg.redraws
    n_forward, n_backward = len(forward.calls), len(backward.calls)
    pg.tick()
    assert len(backward.calls) - n_backward == 4
    assert len(forward.calls) - n_forward <= 4 + 3  # the steps, then train cost, test cost and the heatmap
    assert pg.epoch == 4 and pg.redraws == redraws + 1
    pg.tick()
    pg.tick()
    assert pg.epoch == 10, "never past max_epochs"
    assert threading.active_count() == threads  # no background thread keeps training


def test_play_ticks_on_the_kernels_event_loop_and_leaves_it_free(in_a_thread_of_its_own):
    """Play starts a clock of callbacks on the kernel's event loop: ticks at the interval, other work (the
    kernel's messages, other cells) in between, and Pause stops it at the next tick."""
    import asyncio

    pg, _ = make_playground(steps_per_tick=2, interval=20)

    async def kernel():
        pg.play.playing = True  # what the browser's Play button does (the observer runs in the loop)
        seen = []
        for _ in range(25):
            seen.append(pg.ticks)  # other work between ticks
            pg.view.received()  # the browser has painted
            await asyncio.sleep(0.01)
        pg.play.playing = False
        paused = pg.ticks
        await asyncio.sleep(0.1)
        return seen, paused, pg.ticks

    seen, paused, after = in_a_thread_of_its_own(lambda: asyncio.run(kernel()))
    assert seen[0] == 0 and paused >= 5, (seen, paused)
    assert len(set(seen)) >= 5, "ticks and other work take turns"
    assert after == paused, "Pause stops the clock"
    assert pg.epoch == 2 * after


def test_the_clock_stops_when_no_browser_answers(in_a_thread_of_its_own, monkeypatch):
    import asyncio

    pg, _ = make_playground(steps_per_tick=1, interval=10)
    monkeypatch.setattr(pg, "NO_BROWSER_S", 0.1)

    async def kernel():
        pg.play.playing = True
        for _ in range(100):
            if not pg.play.playing:
                break
            await asyncio.sleep(0.01)

    in_a_thread_of_its_own(lambda: asyncio.run(kernel()))
    assert pg.play.playing is False and pg.epoch > 0, "nobody watching: paused"


def test_errors_in_the_students_functions_are_shown_not_raised():
    def unwritten(*args, **kwargs):
        raise NotImplementedError()

    functions = network_functions()
    pg = Playground(functions["init_params"], unwritten, functions["backward"], functions["sgd_step"],
                    functions["bce_loss"], grid=10, n_train=20, n_test=10)
    assert "NotImplementedError" in pg.status.value
    pg.step_button.click()  # does not raise
    pg.tick()
    assert pg.play.playing is False and pg.epoch == 0

    pg = Playground(unwritten, *(functions[k] for k in ("forward", "backward", "sgd_step", "bce_loss")), grid=10)
    assert pg.params is None and "NotImplementedError" in pg.status.value
    pg.step_button.click()
    assert pg.epoch == 0


def test_the_playground_paints_through_a_live_figure():
    """While training, the browser draws the heatmap, the points and the curves from their data (course.scene)
    between two layers matplotlib drew once (tests/browser/test_frame_stack.py compares the pixels)."""
    from course.animation import LiveFigure

    pg, _ = make_playground()
    assert isinstance(pg.view, LiveFigure) and pg.view.widget in pg.widget.children
    for _ in range(3):
        pg.step(2)
        pg.view.received()  # what the browser says once the image has arrived
    assert pg.view._ready and pg.view.in_browser, "only the heatmap's and the curves' data go to the browser"
    heatmap, train_points, test_points, train, test = pg.view.view.scene["items"]
    assert train_points["points"] == pg.n_train and test_points["points"] == pg.n_test
    values = np.frombuffer(heatmap["data"], dtype="<f4").reshape(heatmap["rows"], heatmap["columns"])
    assert np.allclose(values, pg.scores()[::-1], atol=1e-6), "the network's outputs over the grid, top row first"
    assert train["points"] == test["points"] == len(pg.history["epoch"]) == 4
    assert len(pg.view.view.layers) == 2, "the spines and the legend lie over the moving artists"
    layers = list(pg.view.view.layers)
    pg.controls["noise"].value = 0.3
    assert pg.view.view.layers == layers, "new noise: the points move, the axes and their layers stay"
    assert np.frombuffer(pg.view.view.scene["items"][1]["data"], "<f4").tolist() != np.frombuffer(
        train_points["data"], "<f4").tolist()


def test_the_epoch_axis_grows_in_steps():
    from course.playground import epoch_axis_end

    assert [epoch_axis_end(e) for e in (0, 10, 11, 21, 51, 101, 201, 501, 1001)] == [
        10, 10, 20, 50, 100, 200, 500, 1000, 2000]
    pg, _ = make_playground()
    pg.step(11)
    assert pg.loss_ax.get_xlim() == (0, 20)


@pytest.mark.parametrize("grading", [False, True])
def test_the_playground_output_holds_a_still_of_its_figure(monkeypatch, grading):
    import IPython.display

    if grading:
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    else:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda bundle, raw=False: shown.append(bundle))
    pg, _ = make_playground()
    pg._ipython_display_()
    (bundle,) = shown
    assert "image/png" in bundle
    assert ("application/vnd.jupyter.widget-view+json" in bundle) is not grading
