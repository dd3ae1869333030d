"""course.animation: players whose frames play in the browser, drawn fast by blitting, and the live figure of
the playground. Every blitted image is compared with the same figure drawn whole by matplotlib."""
import io

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from course import animation
from course.animation import FrameRenderer, FrameStack, LiveFigure, SnapshotPlayer
from course.beans import fit_player, make_beans
from course.descent import descent_paths, path_player
from course.mnist_widgets import weights_scrubber

matplotlib.use("Agg")

TOLERANCE = 24  # largest difference of one colour channel, of 255 (antialiased edges blended in another order)


def pixels(png: bytes) -> np.ndarray:
    assert png.startswith(b"\x89PNG"), png[:8]
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def whole(fig) -> np.ndarray:
    return pixels(FrameRenderer(fig).png())


def assert_frames_are_the_figure(player, indices):
    frames = player.render_frames()
    assert all(frames), "every frame drawn"
    for i in indices:
        player.draw_frame(i)
        difference = np.abs(pixels(frames[i]) - whole(player.fig))
        assert difference.max() <= TOLERANCE, f"frame {i} differs from the figure drawn whole"
    return frames


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(x, p):
    a1, a2 = sigmoid(p["w11_1"] * x + p["b1_1"]), sigmoid(p["w12_1"] * x + p["b2_1"])
    return sigmoid(p["w11_2"] * a1 + p["w21_2"] * a2 + p["b1_2"]), {"a1_1": a1, "a2_1": a2}


def beans_player():
    names = ["w11_1", "b1_1", "w12_1", "b2_1", "w11_2", "w21_2", "b1_2"]
    history = [(e, dict(zip(names, 3 * np.random.default_rng(e).normal(size=7)))) for e in range(8)]
    x, y = make_beans(40)
    return fit_player(history, forward, lambda p, x, y: float(np.mean((forward(x, p)[0] - y) ** 2)), x, y)


def descent_player():
    def sgd(params, grads, state, learning_rate):
        return {"xy": params["xy"] - learning_rate * grads["xy"]}, state

    return path_player(descent_paths({"fast": (sgd, 0.9), "slow": (sgd, 0.1)}, steps=8))


def weights_player():
    rng = np.random.default_rng(0)
    return weights_scrubber([rng.normal(size=(16, 784)) for _ in range(6)])


@pytest.mark.parametrize("make", [beans_player, descent_player, weights_player])
def test_the_course_players_are_blitted_and_every_frame_is_the_figure(make):
    player = make()
    frames = assert_frames_are_the_figure(player, range(player.n_frames))
    assert player.blitted, "the course's players change a few artists: their frames should be blitted"
    assert len(set(frames)) == len(frames), "every frame shows something else"
    assert player.view.frames == frames, "the browser gets the whole stack"


def test_a_frame_that_changes_the_axes_limits_is_drawn_whole():
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 1])

    def draw_frame(i):
        line.set_data([0, i + 1], [0, 1])
        ax.set_xlim(0, i + 1)

    player = SnapshotPlayer(5, draw_frame, fig)
    assert_frames_are_the_figure(player, range(5))
    assert not player.blitted


def test_blitting_keeps_what_is_stacked_above_and_between_the_moving_artists():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    x = np.linspace(0, 1, 50)
    (low,) = ax.plot(x, x, lw=6, zorder=1)
    ax.scatter(x[::5], x[::5], s=200, zorder=2)                       # static, between the two moving lines
    (high,) = ax.plot(x, 1 - x, lw=6, zorder=3)
    ax.add_patch(matplotlib.patches.Rectangle((0.3, 0.3), 0.4, 0.4, alpha=0.7, zorder=4))  # static, above both
    ax.text(0.5, 0.5, "over", fontsize=20, zorder=5, bbox={"facecolor": "white"})
    caption = fig.suptitle("")

    def draw_frame(i):
        low.set_ydata((x + 0.1 * i) % 1)
        high.set_ydata(1 - (x + 0.07 * i) % 1)
        caption.set_text(f"frame {i}")

    player = SnapshotPlayer(6, draw_frame, fig)
    assert_frames_are_the_figure(player, range(6))
    assert player.blitted




def test_showing_a_player_sends_its_first_frame_then_the_rest(monkeypatch, in_a_thread_of_its_own):
    import IPython.display

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    player = beans_player()
    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda bundle, raw=False: shown.append((bundle, list(player.view.frames))))
    in_a_thread_of_its_own(player._ipython_display_)
    (bundle, sent), = shown
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert [bool(f) for f in sent] == [i in (0, player.n_frames - 1) for i in range(player.n_frames)], (
        "when the widget is shown the browser has the first frame (and the still the last one)")
    assert all(player.view.frames), "then it gets every frame"
    import base64

    still = base64.b64decode(bundle["image/png"])  # what nbconvert and the grader's output show
    assert still == player.view.frames[-1], "the still is the last frame"


def test_under_the_grader_the_output_is_the_still_alone(monkeypatch):
    import base64

    import IPython.display

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda bundle, raw=False: shown.append(bundle))
    player = beans_player()
    player._ipython_display_()
    (bundle,) = shown
    assert set(bundle) == {"image/png", "text/plain"}, "no widget: the graded notebook and its feedback show the image"
    player.draw_frame(player.n_frames - 1)
    assert np.abs(pixels(base64.b64decode(bundle["image/png"])) - whole(player.fig)).max() == 0
    assert sum(bool(f) for f in player._frames) == 1, "only the still is drawn"


def test_frame_stack_is_an_anywidget_the_browser_paints():
    stack = FrameStack(frames=[b"\x89PNG..."], index=0, width=30, height=20)
    state = stack.get_state()
    assert state["_model_module"] == "anywidget" and "export default" in state["_esm"]
    assert "drawImage" in state["_esm"] and "requestAnimationFrame" in state["_esm"]


def test_live_figure_sends_the_figure_blitted_while_only_its_moving_artists_change():
    """Moving artists the browser cannot draw itself (a scatter, a line with markers): blitted images."""
    fig = Figure(figsize=(5, 2.5))
    ax, curve_ax = fig.subplots(1, 2)
    rng = np.random.default_rng(1)
    image = ax.imshow(rng.random((8, 8)), vmin=0, vmax=1, interpolation="bilinear")
    dots = ax.scatter(rng.random(20) * 7, rng.random(20) * 7, c="k")
    (curve,) = curve_ax.plot([], [], "o-")
    curve_ax.set(xlim=(0, 10), ylim=(0, 1))
    live = LiveFigure(fig, [image, dots, curve])
    assert isinstance(live.widget, FrameStack)
    for step in range(4):
        image.set_array(rng.random((8, 8)))
        dots.set_offsets(rng.random((20, 2)) * 7)
        curve.set_data(np.arange(step + 1), rng.random(step + 1))
        live.update()
        (png,) = live.view.frames
        assert np.abs(pixels(png) - whole(fig)).max() <= TOLERANCE, f"update {step}"
        live.received()  # what the browser says once the image has arrived
    assert live._ready and not live.in_browser, "the background is kept and only what moves is drawn"
    curve_ax.set_xlim(0, 20)  # the axis changes: drawn whole again
    live.update()
    assert not live._ready and np.abs(pixels(live.view.frames[0]) - whole(fig)).max() <= TOLERANCE
    live.invalidate()
    assert live._blitter is None


def test_live_figure_sends_the_data_of_images_and_lines_for_the_browser_to_draw():
    """Moving artists the browser draws (course.scene): two layers once, then only their data. The pixels
    the browser paints are compared with matplotlib's in tests/browser/test_frame_stack.py."""
    from matplotlib.colors import Normalize

    fig = Figure(figsize=(5, 2.5), dpi=100)
    ax, curve_ax = fig.subplots(1, 2)
    rng = np.random.default_rng(1)
    image = ax.imshow(rng.random((8, 6)), origin="lower", extent=(0, 3, 0, 4), vmin=0, vmax=2, alpha=0.5,
                      interpolation="bilinear", aspect="auto")
    ax.scatter(rng.random(20) * 3, rng.random(20) * 4, c="k")  # over the image: the top layer
    (curve,) = curve_ax.plot([], [], "--", lw=2)
    curve_ax.set(xlim=(0, 10), ylim=(0, 1))
    live = LiveFigure(fig, [image, curve])
    live.update()
    live.received()
    assert live.view.layers == [] and not live.in_browser, "the first image: the figure drawn whole"
    for step in range(3):
        image.set_array(rng.random((8, 6)) * 2)
        curve.set_data(np.arange(step + 2), rng.random(step + 2))
        live.update()
        live.received()
    assert live.in_browser and len(live.view.layers) == 2 and all(live.view.layers)
    under = pixels(live.view.layers[0])
    assert np.abs(under - whole(fig)).max() > TOLERANCE, "the background lacks the moving artists"
    picture, line = live.view.scene["items"]
    height = fig.bbox.height
    values = np.frombuffer(picture["data"], dtype="<f4").reshape(picture["rows"], picture["columns"])
    assert np.allclose(values, Normalize(0, 2)(image.get_array())[::-1]), "the top row first"
    (left, bottom), (right, top) = ax.transData.transform([(0, 0), (3, 4)])
    assert np.allclose(picture["rect"], [left, height - top, right - left, top - bottom])
    lut = np.frombuffer(picture["lut"], dtype=np.uint8).reshape(-1, 4)
    assert len(lut) == image.get_cmap().N + 1 and set(lut[:-1, 3]) == {128}, "the image's alpha in its colours"
    xy = np.frombuffer(line["data"], dtype="<f4").reshape(-1, 2)
    expected = curve_ax.transData.transform(curve.get_xydata())
    assert np.allclose(xy, np.column_stack([expected[:, 0], height - expected[:, 1]]), atol=1e-3)
    assert line["dash"] and line["width"] == pytest.approx(2 * 100 / 72) and line["cap"] == "butt"
    sent = live.view.scene
    live.update()
    assert live.view.scene["n"] != sent["n"], "every update is a new scene: the browser acknowledges each"
    curve_ax.set_xlim(0, 20)  # the axis changes: its layers are drawn again, the moving artists follow
    live.received()
    live.update()
    assert live.in_browser and pixels(live.view.layers[0]).tolist() != under.tolist()
    for artist in (image, curve):
        artist.set_visible(False)
    hidden = whole(fig)
    for artist in (image, curve):
        artist.set_visible(True)
    over = np.asarray(Image.open(io.BytesIO(live.view.layers[1])).convert("RGBA")).astype(float)
    alpha = over[..., 3:] / 255
    layered = pixels(live.view.layers[0]) * (1 - alpha) + over[..., :3] * alpha
    assert np.abs(layered - hidden).max() <= TOLERANCE, "the layers hold the new ticks"
    xy = np.frombuffer(live.view.scene["items"][1]["data"], dtype="<f4").reshape(-1, 2)
    assert np.allclose(xy[:, 0], curve_ax.transData.transform(curve.get_xydata())[:, 0], atol=1e-3)
    live.invalidate()  # anything else changed: the figure drawn whole again, then new layers
    live.received()
    live.update()
    assert live.view.layers == [] and np.abs(pixels(live.view.frames[0]) - whole(fig)).max() <= TOLERANCE


def test_live_figure_sends_no_image_the_browser_has_not_asked_for_yet():
    fig = Figure(figsize=(3, 2))
    (curve,) = fig.add_subplot().plot([0, 1], [0, 1], "o-")
    live = LiveFigure(fig, [curve])
    for y in range(1, live.IN_FLIGHT + 4):  # training goes on while the first images travel to the browser
        curve.set_ydata([0, y])
        live.update()
    assert live.sent == live.IN_FLIGHT and live.updates == live.IN_FLIGHT + 3, "IN_FLIGHT on their way, no more"
    live.view._handle_custom_msg({"received": True}, [])  # the browser's message
    assert live.sent == live.IN_FLIGHT + 1 and np.abs(pixels(live.view.frames[0]) - whole(fig)).max() <= TOLERANCE, (
        "then the latest state is sent, once")
    live.view._handle_custom_msg({"received": True}, [])
    assert live.sent == live.IN_FLIGHT + 1, "nothing changed since: nothing sent"


@pytest.mark.parametrize("kind", ["player", "live figure"])
def test_pyplot_lets_go_of_a_figure_shown_by_images(kind):
    """ipykernel runs pyplot's post-execute hook ("draw every stale figure") after each widget message: a figure
    that pyplot still listed would be drawn whole for its hidden canvas after every Play step or receipt."""
    import matplotlib.pyplot as plt

    from course.figures import subplots

    fig, ax = subplots()
    (line,) = ax.plot([0, 1], [0, 1])
    assert plt.fignum_exists(fig.number)
    drawn = []
    if kind == "player":
        SnapshotPlayer(3, lambda i: line.set_ydata([i, 0]), fig)
    else:
        LiveFigure(fig, [line])
    fig.canvas.mpl_connect("draw_event", drawn.append)
    assert not plt.fignum_exists(fig.number), "pyplot no longer lists the figure"
    line.set_ydata([1, 0])
    plt.draw_all()  # what follows each message from the browser
    assert drawn == [] and fig.stale, "the figure is left alone"


def test_the_old_live_figure_is_the_figure_view(monkeypatch):
    monkeypatch.setattr(animation, "KERNEL_FRAMES", True)
    fig = Figure()
    (line,) = fig.add_subplot().plot([0, 1])
    live = LiveFigure(fig, [line])
    live.update()
    assert live.updates == 1 and not isinstance(live.widget, FrameStack)


def test_while_cells_keep_coming_the_frames_wait(monkeypatch, in_a_thread_of_its_own):
    """A Run All goes first: no frame is drawn while cells run back to back, all of them once they stop."""
    import asyncio
    import types

    import IPython
    from IPython.core.events import EventManager, available_events

    shell = types.SimpleNamespace(events=EventManager(None, available_events))
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setattr(animation, "CELLS", animation._Cells())
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    player = beans_player()
    sent = []
    player.view.send = lambda content, buffers=None: sent.append(content["frames"])

    async def kernel():
        shell.events.trigger("pre_run_cell", None)  # the player's own cell
        player.stream_frames(budget=0.0)
        shell.events.trigger("post_run_cell", None)
        for _ in range(30):  # the next cells of the run, back to back
            shell.events.trigger("pre_run_cell", None)
            await asyncio.sleep(0.01)
            shell.events.trigger("post_run_cell", None)
            await asyncio.sleep(0)
        during = len(sent)
        for _ in range(1000):
            if len(player.view.frames) == player.n_frames:
                break
            await asyncio.sleep(0.01)
        return during

    during = in_a_thread_of_its_own(lambda: asyncio.run(kernel()))
    assert during == 0, "no frame drawn while the cells ran"
    assert sorted(i for frames in sent for i in frames) == list(range(player.n_frames)), "then every frame"


def test_in_a_kernel_frames_are_drawn_in_batches_between_other_work(monkeypatch, in_a_thread_of_its_own):
    import asyncio

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    player = beans_player()
    batches = []
    player.view.send = lambda content, buffers=None: batches.append((content["frames"], list(buffers)))
    order = []

    async def kernel():
        player.stream_frames(budget=0.0)  # one frame per batch
        order.append("stream_frames returned")
        while len(player.view.frames) < player.n_frames:
            order.append("other work")  # what the kernel does in between: the next cells
            await asyncio.sleep(0)

    in_a_thread_of_its_own(lambda: asyncio.run(kernel()))
    assert order[0] == "stream_frames returned" and order.count("other work") >= player.n_frames - 1
    sent = [i for frames, _ in batches for i in frames]
    assert sorted(sent) == list(range(player.n_frames)) and len(batches) == player.n_frames
    assert all(buffers == [player.view.frames[i] for i in frames] for frames, buffers in batches)
    assert player.blitted
    assert_frames_are_the_figure(player, [0, 3, player.n_frames - 1])
