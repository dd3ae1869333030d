"""Unit tests of course.descent: optimizer paths on the ill-conditioned bowl of notebook 05, and their player."""
import matplotlib
import numpy as np
import pytest

from course.animation import SnapshotPlayer
from course.descent import START, bowl, bowl_gradient, descent_paths, path_player

matplotlib.use("Agg")


def sgd(params, grads, state, learning_rate):
    return {k: p - learning_rate * grads[k] for k, p in params.items()}, state


def counting(params, grads, state, learning_rate):
    """An update that counts its calls in the state it is handed back (the state must be threaded through)."""
    n = state.get("n", 0) + 1
    return {k: p - learning_rate * grads[k] for k, p in params.items()}, {"n": n, "seen": [*state.get("seen", []), n]}


def test_bowl_and_its_gradient():
    assert bowl(2.0, 1.0) == pytest.approx(4 / 20 + 1)
    assert np.allclose(bowl(np.array([0.0, 10.0]), np.array([1.0, 0.0])), [1.0, 5.0])
    assert np.allclose(bowl_gradient((2.0, -1.0)), [0.2, -2.0])
    x, y, h = 1.3, -0.7, 1e-6
    numerical = [(bowl(x + h, y) - bowl(x - h, y)) / (2 * h), (bowl(x, y + h) - bowl(x, y - h)) / (2 * h)]
    assert np.allclose(bowl_gradient((x, y)), numerical)


def test_sgd_path_is_the_closed_form():
    """Plain gradient descent on the bowl multiplies x by (1 - eta/10) and y by (1 - 2 eta) per step."""
    eta, steps = 0.3, 25
    path = descent_paths({"sgd": (sgd, eta)}, steps=steps)["sgd"]
    assert path.shape == (steps + 1, 2) and path.dtype == np.float64
    k = np.arange(steps + 1)
    assert np.allclose(path[:, 0], START[0] * (1 - eta / 10) ** k)
    assert np.allclose(path[:, 1], START[1] * (1 - 2 * eta) ** k)


def test_paths_use_the_given_rules_start_and_state():
    calls = []

    def spy(params, grads, state, learning_rate):
        calls.append((set(params), params["xy"].copy(), grads["xy"].copy(), dict(state), learning_rate))
        return counting(params, grads, state, learning_rate)

    paths = descent_paths({"a": (spy, 0.5), "b": (sgd, 0.1)}, start=(1.0, -1.0), steps=3)
    assert list(paths) == ["a", "b"]
    assert np.allclose(paths["a"][0], [1.0, -1.0]) and np.allclose(paths["b"][0], [1.0, -1.0])
    assert [c[0] for c in calls] == [{"xy"}] * 3
    assert calls[0][3] == {} and calls[2][3]["n"] == 2, "the first state is {}, then the returned one"
    assert all(c[4] == 0.5 for c in calls)
    for _, point, grad, _, _ in calls:
        assert np.allclose(grad, bowl_gradient(point))


def test_player_draws_each_step():
    paths = descent_paths({"SGD": (sgd, 0.9), "slow": (sgd, 0.1)}, steps=10)
    player = path_player(paths)
    assert isinstance(player, SnapshotPlayer) and player.n_frames == 11
    player.show(4)
    ax = player.fig.axes[0]
    drawn = [line for line in ax.get_lines() if line.get_label() in paths]
    assert len(drawn) == 2
    for line in drawn:
        x, y = line.get_data()
        assert np.allclose(np.column_stack([x, y]), paths[line.get_label()][:5])
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[0] == f"SGD: f = {bowl(*paths['SGD'][4]):.2g}"
    assert ax.get_title() == "step 4 of 10"


def test_player_survives_a_diverging_rule_and_rejects_ragged_paths():
    paths = descent_paths({"too fast": (sgd, 1.5)}, steps=30)
    assert np.abs(paths["too fast"][-1, 1]) > 1e3, "eta > 1 makes the y zigzag grow"
    player = path_player(paths)
    player.show(30)
    with pytest.raises(ValueError, match="same number of points"):
        path_player({"a": np.zeros((3, 2)), "b": np.zeros((4, 2))})
