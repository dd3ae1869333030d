"""Unit tests of the helpers of notebook 03: the beans data set, its plots and interactive figures, and the
snapshot player."""
import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from course import animation
from course.animation import FrameStack, SnapshotPlayer
from course.beans import (TOXIC_BAND, bumps, bumps_explorer, fit_player, fit_plot, make_beans, neuron_explorer,
                          plot_beans, set_fit_curves, size_grid, wiggle)

matplotlib.use("Agg")


# ------------------------------------------------------------------------------------------------ beans
def test_beans_are_seeded_and_shaped():
    x, y = make_beans(60, seed=0)
    assert x.shape == y.shape == (60,)
    assert x.dtype == y.dtype == np.float64
    x2, y2 = make_beans(60, seed=0)
    assert np.array_equal(x, x2) and np.array_equal(y, y2), "same seed, same beans"
    x3, _ = make_beans(60, seed=1)
    assert not np.array_equal(x, x3), "another seed, other beans"
    assert ((0.0 <= x) & (x < 1.0)).all()
    assert set(np.unique(y)) <= {0.0, 1.0}


def test_toxic_beans_are_the_middle_band():
    x, y = make_beans(500, seed=3)
    low, high = TOXIC_BAND
    assert np.array_equal(y, ((x > low) & (x < high)).astype(float))
    # both classes on both sides: no single threshold separates them (one sigmoid neuron cannot fit them)
    assert y.any() and (x[y == 0] < low).any() and (x[y == 0] > high).any()


def test_beans_band_and_noise_options():
    x, y = make_beans(200, seed=4, band=(0.1, 0.2))
    assert np.array_equal(y, ((x > 0.1) & (x < 0.2)).astype(float))
    x_clean, y_clean = make_beans(400, seed=5)
    x_noisy, y_noisy = make_beans(400, seed=5, noise=0.2)
    assert np.array_equal(x_clean, x_noisy), "noise flips labels, it does not move beans"
    flipped = (y_clean != y_noisy).mean()
    assert 0.1 < flipped < 0.3
    with pytest.raises(ValueError):
        make_beans(0)


def test_size_grid():
    g = size_grid(5)
    assert np.allclose(g, [0.0, 0.25, 0.5, 0.75, 1.0])
    assert size_grid(7, -1.0, 2.0).shape == (7,)


def test_plot_beans_colours_the_classes():
    fig = Figure()
    ax = fig.add_subplot()
    x, y = make_beans(30, seed=2)
    safe, toxic = plot_beans(ax, x, y, title="beans")
    assert len(safe.get_offsets()) == int((y == 0).sum())
    assert len(toxic.get_offsets()) == int((y == 1).sum())
    assert np.allclose(np.asarray(toxic.get_offsets())[:, 1], 1.0)
    assert ax.get_title() == "beans"


def test_set_fit_curves_updates_the_lines_in_place():
    fig = Figure()
    ax = fig.add_subplot()
    x, y = make_beans(20, seed=0)
    lines = fit_plot(ax, x, y)
    assert set(lines) == {"output", "hidden1", "hidden2", "label"}
    before = list(ax.get_children())
    grid = size_grid(50)
    set_fit_curves(lines, grid, grid**2, np.sin(grid), np.cos(grid), label="epoch 3")
    assert list(ax.get_children()) == before, "set_fit_curves must not add or remove artists"
    assert np.allclose(lines["output"].get_ydata(), grid**2)
    assert np.allclose(lines["hidden1"].get_ydata(), np.sin(grid))
    assert np.allclose(lines["hidden2"].get_ydata(), np.cos(grid))
    assert lines["label"].get_text() == "epoch 3"
    set_fit_curves(lines, grid, grid)  # hidden curves and label left as they were
    assert np.allclose(lines["hidden1"].get_ydata(), np.sin(grid))
    assert lines["label"].get_text() == "epoch 3"


# ----------------------------------------------------------------------------------------------- player
@pytest.fixture
def curve_player():
    """A player over 5 precomputed curves, on a figure whose redraws are counted."""
    from ipympl.backend_nbagg import Canvas

    fig = Figure()
    Canvas(fig)  # the canvas of %matplotlib widget
    ax = fig.add_subplot()
    grid = np.linspace(0, 1, 30)
    snapshots = [np.sin(grid * (k + 1)) for k in range(5)]
    (line,) = ax.plot(grid, snapshots[0])
    text = ax.text(0, 0, "")
    redraws = []
    fig.canvas.draw_idle = lambda *a, **k: redraws.append(1)

    def draw_frame(i):
        line.set_ydata(snapshots[i])
        text.set_text(f"frame {i}")

    player = SnapshotPlayer(snapshots, draw_frame, fig, interval=50)
    return player, fig, ax, line, text, snapshots, redraws


def test_player_controls_cover_every_frame(curve_player):
    player, *_ = curve_player
    assert isinstance(player.play, widgets.Play) and isinstance(player.slider, widgets.IntSlider)
    assert (player.play.min, player.play.max) == (0, 4) == (player.slider.min, player.slider.max)
    assert player.play.interval == 50
    assert player.frame == 0 and player.n_frames == 5
    assert isinstance(player.widget, widgets.VBox)
    assert player._repr_mimebundle_()  # displays as a widget


def test_play_is_linked_to_the_slider_in_the_frontend(curve_player):
    player, *_ = curve_player
    link = player._link
    assert type(link).__name__ == "Link", "the Play button drives the slider through a frontend jslink"
    assert link.source == (player.play, "value") and link.target == (player.slider, "value")
    view_link = player._view_link  # and the slider picks the image the browser paints
    assert type(view_link).__name__ == "Link"
    assert view_link.source == (player.slider, "value") and view_link.target == (player.view, "index")


def test_advancing_the_frame_changes_the_figure_data(curve_player):
    player, fig, ax, line, text, snapshots, redraws = curve_player
    assert np.allclose(line.get_ydata(), snapshots[0])
    drawn = len(redraws)
    player.slider.value = 3  # what the Play button or a drag does
    assert np.allclose(line.get_ydata(), snapshots[3])
    assert text.get_text() == "frame 3"
    assert len(redraws) == drawn == 0, "the kernel never redraws the canvas: the browser has every frame"
    player.show(1)
    assert player.frame == 1 and player.play.value == 1
    assert np.allclose(line.get_ydata(), snapshots[1])


def test_player_updates_artists_instead_of_replotting(curve_player):
    player, fig, ax, line, text, snapshots, redraws = curve_player
    children = list(ax.get_children())
    for i in [1, 2, 3, 4, 0, 4]:
        player.show(i)
        assert list(ax.get_children()) == children, "frames must update existing artists, not add new ones"
        assert ax.lines[0] is line and len(ax.lines) == 1
    assert len(fig.axes) == 1


def test_player_rejects_bad_frames():
    with pytest.raises(ValueError):
        SnapshotPlayer([], lambda i: None)
    with pytest.raises(ValueError):
        SnapshotPlayer(3, lambda i: None, start=3)
    player = SnapshotPlayer(3, lambda i: None)
    with pytest.raises(IndexError):
        player.show(3)


def test_player_accepts_a_frame_count_and_no_figure():
    calls = []
    player = SnapshotPlayer(4, calls.append, start=2)
    assert calls == [2], "the start frame is drawn at once"
    player.slider.value = 0
    player.show(0)  # already there: drawn again
    assert calls == [2, 0, 0]
    assert player.frames_drawn == 3
    assert len(player.widget.children) == 1  # only the controls


@pytest.mark.parametrize("ipympl", [True, False])
def test_player_shows_its_frames_under_the_controls(ipympl):
    from ipympl.backend_nbagg import Canvas

    fig = Figure()
    if ipympl:
        Canvas(fig)
    canvas = fig.canvas
    (line,) = fig.add_subplot().plot([0, 1], [0, 0])
    player = SnapshotPlayer(3, lambda i: line.set_ydata([i, i]), fig)
    assert isinstance(player.view, FrameStack) and player.widget.children[-1] is player.view
    assert fig.canvas is canvas, "drawing frames leaves the figure its own canvas"
    player.show(2)
    assert list(line.get_ydata()) == [2, 2]


def test_the_old_kernel_drawn_player_is_kept_for_benchmarks(monkeypatch):
    from ipympl.backend_nbagg import Canvas

    monkeypatch.setattr(animation, "KERNEL_FRAMES", True)
    fig = Figure()
    Canvas(fig)
    (line,) = fig.add_subplot().plot([0, 1], [0, 0])
    redraws = []
    fig.canvas.draw_idle = lambda *a, **k: redraws.append(1)
    player = SnapshotPlayer(3, lambda i: line.set_ydata([i, i]), fig)
    assert player.widget.children[-1] is fig.canvas and not player.client_side
    player.show(2)
    assert list(line.get_ydata()) == [2, 2] and len(redraws) == 2, "one kernel redraw per frame"
    agg = SnapshotPlayer(2, lambda i: None, Figure())
    assert isinstance(agg.widget.children[-1], widgets.Output)
    agg.show(1)  # outside IPython nothing is rendered, and nothing fails


# ------------------------------------------------------------------------------- notebook 03's figures
def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))  # no overflow for steep bumps


def forward(x, params):
    """The 1-2-1 network of notebook 03 (what the student writes), enough for the figures."""
    a1_1 = sigmoid(params["w11_1"] * x + params["b1_1"])
    a2_1 = sigmoid(params["w12_1"] * x + params["b2_1"])
    a1_2 = sigmoid(params["w11_2"] * a1_1 + params["w21_2"] * a2_1 + params["b1_2"])
    return a1_2, {"a1_1": a1_1, "a2_1": a2_1, "a1_2": a1_2}


def loss(params, x, y):
    return float(np.mean((y - forward(x, params)[0]) ** 2))


def figure_lines(controlled):
    """The lines of a ControlledFigure's figure (under Agg its view is an Output, so ask the figure)."""
    return controlled.fig.axes[0].lines


def test_neuron_explorer_draws_the_students_sigmoid_and_follows_its_sliders():
    x, y = make_beans(30, seed=0)
    explorer = neuron_explorer(sigmoid, x, y, w=10.0, b=-4.0)
    w, b = explorer.controls
    (line,) = figure_lines(explorer)
    grid = np.asarray(line.get_xdata())
    assert np.allclose(line.get_ydata(), sigmoid(10.0 * grid - 4.0))
    children = list(explorer.fig.axes[0].get_children())
    w.value, b.value = -5.0, 2.0
    assert np.allclose(line.get_ydata(), sigmoid(-5.0 * grid + 2.0))
    assert list(explorer.fig.axes[0].get_children()) == children, "sliders update the curve, nothing is re-plotted"
    assert (w.description, b.description) == ("w", "b")


def test_fit_player_replays_the_snapshots_with_the_students_functions():
    x, y = make_beans(20, seed=0)
    names = ["w11_1", "b1_1", "w12_1", "b2_1", "w11_2", "w21_2", "b1_2"]
    history = [(epoch, dict(zip(names, np.random.default_rng(epoch).normal(size=7)))) for epoch in (0, 5, 10)]
    player = fit_player(history, forward, loss, x, y)
    assert player.n_frames == 3
    ax = player.fig.axes[0]
    output = ax.lines[0]
    for i in (2, 0, 1):
        player.show(i)
        epoch, params = history[i]
        grid = np.asarray(output.get_xdata())
        assert np.allclose(output.get_ydata(), forward(grid, params)[0])
        assert np.allclose(ax.lines[1].get_ydata(), forward(grid, params)[1]["a1_1"])
        assert f"epoch {epoch}, E = {loss(params, x, y):.4f}" in [t.get_text() for t in ax.texts]


def test_bumps_approximate_their_target_better_with_more_bumps():
    x = size_grid(401, 0.05, 0.95)
    errors = [np.abs(bumps(x, wiggle, m, sigmoid) - wiggle(x)).mean() for m in (1, 5, 30)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 0.05
    assert bumps(x, lambda t: np.ones_like(t), 1, sigmoid, steepness=200)[200] == pytest.approx(1.0, abs=1e-6)


def test_bumps_explorer_follows_its_slider():
    explorer = bumps_explorer(sigmoid)
    (m,) = explorer.controls
    ax = explorer.fig.axes[0]
    target, approximation = ax.lines
    fine = np.asarray(approximation.get_xdata())
    assert np.allclose(approximation.get_ydata(), bumps(fine, wiggle, 1, sigmoid))
    m.value = 7
    assert np.allclose(approximation.get_ydata(), bumps(fine, wiggle, 7, sigmoid))
    assert ax.get_title() == "7 bumps = 14 hidden neurons"
    assert np.allclose(target.get_ydata(), wiggle(fine))
