"""Unit tests of course.depth: the figures and the explorer of notebook 06, run on passes written here."""
import matplotlib
import numpy as np
import pytest

from course.depth import (ACTIVATIONS, SCALES, DepthExplorer, activation_grid, gradient_norm_figure, layer_statistics,
                          probe_batch, random_params, weight_std)

matplotlib.use("Agg")

G = {"relu": lambda z: np.maximum(z, 0), "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z), "tanh": np.tanh,
     "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
DG = {"relu": lambda z: (z > 0) * 1.0, "leaky_relu": lambda z: np.where(z > 0, 1.0, 0.01),
      "tanh": lambda z: 1 - np.tanh(z) ** 2, "sigmoid": lambda z: G["sigmoid"](z) * (1 - G["sigmoid"](z))}


def forward(X, params, activation="relu"):
    """A plain L-layer forward pass in the notebook's conventions (caches with A_prev, W, b, Z)."""
    L, A, caches = len(params) // 2, X, []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append({"A_prev": A, "W": params[f"W{l}"], "b": params[f"b{l}"], "Z": Z})
        if l < L:
            A = G[activation](Z)
        else:
            E = np.exp(Z - Z.max(axis=0))
            A = E / E.sum(axis=0)
    return A, caches


def backward(X, Y, params, caches, activation="relu"):
    L, grads = len(caches), {}
    E = np.exp(caches[-1]["Z"] - caches[-1]["Z"].max(axis=0))
    dZ = E / E.sum(axis=0) - Y
    for l in range(L, 0, -1):
        c = caches[l - 1]
        grads[f"W{l}"], grads[f"b{l}"] = dZ @ c["A_prev"].T / X.shape[1], dZ.mean(axis=1, keepdims=True)
        if l > 1:
            dZ = (c["W"].T @ dZ) * DG[activation](caches[l - 2]["Z"])
    return grads


def test_weight_std_of_every_scale():
    assert weight_std("0.01", 100, 50) == 0.01 and weight_std("1", 100, 50) == 1.0
    assert weight_std("lecun", 100, 50) == pytest.approx(0.1)
    assert weight_std("he", 200, 50) == pytest.approx(0.1)
    assert weight_std("xavier", 150, 50) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="unknown scale"):
        weight_std("glorot", 3, 3)


def test_random_params_shapes_and_spread():
    params = random_params([400, 300, 10], "he", seed=1)
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (300, 400) and params["b1"].shape == (300, 1) and params["W2"].shape == (10, 300)
    assert not params["b1"].any()
    assert params["W1"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert np.array_equal(random_params([4, 3], "lecun", seed=5)["W1"], random_params([4, 3], "lecun", seed=5)["W1"])


def test_layer_statistics_reads_the_students_passes():
    activations, norms = layer_statistics(forward, backward, 4, "tanh", "xavier", width=20)
    assert len(activations) == 4 and all(a.shape == (20, 500) for a in activations)
    assert len(norms) == 5 and all(n > 0 for n in norms)
    X, Y = probe_batch(20)
    params = random_params([20] * 5 + [10], "xavier")
    _, caches = forward(X, params, "tanh")
    assert np.array_equal(activations[0], np.tanh(caches[0]["Z"]))
    assert norms[-1] == pytest.approx(np.linalg.norm(backward(X, Y, params, caches, "tanh")["W5"]))


def test_vanishing_and_healthy_gradients():
    """The notebook's claims: 10 sigmoid layers at scale 0.01 vanish, ReLU with He keeps its hidden layers close."""
    _, small = layer_statistics(forward, backward, 10, "sigmoid", "0.01")
    assert small[0] < 1e-10 * small[-1]
    _, he = layer_statistics(forward, backward, 10, "relu", "he")
    hidden = he[:-1]
    assert max(hidden) < 10 * min(hidden)


def test_figures_and_explorer_draw():
    fig = gradient_norm_figure(forward, backward, {"a": (3, "relu", "he"), "b": (2, "sigmoid", "0.01")}, width=16)
    assert len(fig.axes[0].get_lines()) == 2
    fig = activation_grid(forward, "sigmoid", ["1", "0.01"], depth=3, width=16)
    assert len(fig.axes) == 6
    explorer = DepthExplorer(forward, backward, max_depth=5, depth=3, width=16)
    assert [c.value for c in explorer.controls] == [3, "sigmoid", "0.01"]
    assert sum(c.get_visible() for c in explorer.curves) == 3
    explorer.controls[0].value = 5
    explorer.controls[1].value = "relu"
    assert sum(c.get_visible() for c in explorer.curves) == 5
    assert len(explorer.norm_line.get_xdata()) == 6
    for activation in ACTIVATIONS:
        for scale in SCALES:
            explorer.draw(2, activation, scale)
