"""Unit tests of course/logic.py: truth tables, the separable point clouds and the figure helpers."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course import logic  # noqa: E402


def perceptron(x, w, b):
    return int(np.dot(w, x) + b > 0)


def layer(X, W, b):
    return (X @ W + b > 0).astype(int)


def train(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - perceptron(x_i, w, b)
            w, b = w + learning_rate * error * x_i, b + learning_rate * error
    return w, float(b)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_inputs_and_truth_tables_are_consistent():
    assert logic.INPUTS.shape == (4, 2) and logic.INPUTS.dtype.kind == "i"
    ops = {"AND": lambda a, b: a & b, "NAND": lambda a, b: 1 - (a & b), "OR": lambda a, b: a | b,
           "NOR": lambda a, b: 1 - (a | b), "XOR": lambda a, b: a ^ b}
    assert set(logic.TRUTH_TABLES) == set(ops)
    for name, op in ops.items():
        table = logic.TRUTH_TABLES[name]
        assert table.shape == (4,) and table.dtype.kind == "i"
        assert list(table) == [op(a, b) for a, b in logic.INPUTS]


def test_truth_table_calls_the_gate_with_python_ints():
    seen = []

    def gate(a, b):
        seen.append((type(a), type(b)))
        return a | b

    table = logic.truth_table(gate)
    assert list(table) == [0, 1, 1, 1] and table.dtype.kind == "i"
    assert seen == [(int, int)] * 4


@pytest.mark.parametrize("name", sorted(logic.TRUTH_TABLES))
def test_lookup_gate_reads_its_truth_table(name):
    gate = logic.lookup_gate(name)
    assert gate.__name__ == name
    table = logic.truth_table(gate)
    np.testing.assert_array_equal(table, logic.TRUTH_TABLES[name])
    for a, b in logic.INPUTS:
        for x1, x2 in ((int(a), int(b)), (np.int64(a), np.int64(b)), (bool(a), bool(b)), (np.bool_(a), np.bool_(b))):
            out = gate(x1, x2)
            assert type(out) is int and out == logic.TRUTH_TABLES[name][2 * int(a) + int(b)]


@pytest.mark.parametrize("bad", [2, -1, 0.5, 1.0, None, "1", np.array([0, 1])])
def test_lookup_gate_rejects_what_is_not_a_bit(bad):
    gate = logic.lookup_gate("AND")
    with pytest.raises(ValueError):
        gate(bad, 1)
    with pytest.raises(ValueError):
        gate(0, bad)


def test_lookup_gate_knows_only_the_tables():
    with pytest.raises(ValueError):
        logic.lookup_gate("XAND")


def test_truth_table_keeps_outputs_that_are_not_numbers():
    table = logic.truth_table(lambda a, b: None)
    assert table.dtype == object and list(table) == [None] * 4


def test_format_truth_table_marks_matches():
    html = logic.format_truth_table([0, 0, 0, 1], "AND", targets=logic.TRUTH_TABLES["OR"])
    assert html.count("<tr>") == 5
    assert html.count("&#10003;") == 2 and html.count("&#10007;") == 2
    assert "target" not in logic.format_truth_table([0, 0, 0, 1])


@pytest.mark.parametrize("n,dim,seed", [(2, 2, 0), (40, 2, 1), (60, 3, 2), (80, 5, 3), (25, 1, 4)])
def test_separable_points_are_separable_with_a_margin(n, dim, seed):
    X, y, w, b = logic.separable_points(n, dim, seed=seed, margin=0.1)
    assert X.shape == (n, dim) and X.dtype == float
    assert y.shape == (n,) and y.dtype.kind == "i" and set(np.unique(y)) == {0, 1}
    assert w.shape == (dim,) and np.isclose(np.linalg.norm(w), 1.0) and isinstance(b, float)
    z = X @ w + b
    assert np.all((z > 0) == (y == 1))
    assert np.all(np.abs(z) >= 0.1)
    assert np.all(np.abs(X) <= 1.0)


def test_separable_points_are_reproducible():
    a = logic.separable_points(30, 2, seed=9)
    b = logic.separable_points(30, 2, seed=9)
    c = logic.separable_points(30, 2, seed=10)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])


def test_separable_points_rejects_a_single_point():
    with pytest.raises(ValueError):
        logic.separable_points(1)


def test_separable_points_can_be_learned_by_the_rule():
    X, y, _, _ = logic.separable_points(40, 2, seed=5, margin=0.1)
    w, b = train(X, y, 0.1, 200)
    assert np.all((X @ w + b > 0) == (y == 1))


@pytest.mark.parametrize("w,b", [((1.0, 1.0), -1.5), ((0.0, 2.0), -1.0), ((3.0, 0.0), 1.0), ((-1.0, 4.0), 0.3),
                                 ((4.0, -1.0), -2.0)])
def test_line_points_lie_on_the_line_and_span_the_box(w, b):
    xs, ys = logic.line_points(np.array(w), b, (-0.5, 1.5), (-0.5, 1.5))
    assert xs.shape == ys.shape == (2,)
    np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.0, atol=1e-12)
    if abs(w[1]) >= abs(w[0]):
        np.testing.assert_allclose(xs, [-0.5, 1.5])
    else:
        np.testing.assert_allclose(ys, [-0.5, 1.5])


def test_line_points_without_weights_is_empty():
    xs, ys = logic.line_points([0, 0], 1.0)
    assert xs.shape == ys.shape == (0,)


def test_gate_explorer_follows_the_sliders():
    explorer = logic.GateExplorer(perceptron, w=(0.5, 0.5), b=-0.7, target="AND")
    assert explorer.outputs == [0, 0, 0, 1]
    assert "&#10007;" not in explorer.table.value
    np.testing.assert_allclose(explorer.points.get_array(), [0, 0, 0, 1])
    explorer.sliders["b"].value = -0.2  # now OR
    assert explorer.outputs == [0, 1, 1, 1]
    assert explorer.table.value.count("&#10007;") == 2
    xs, ys = explorer.line.get_data()
    np.testing.assert_allclose(0.5 * np.asarray(xs) + 0.5 * np.asarray(ys) - 0.2, 0.0, atol=1e-12)
    explorer.choice.value = "OR"
    assert "&#10007;" not in explorer.table.value
    explorer.sliders["w1"].value = 0.0
    explorer.sliders["w2"].value = 0.0  # no line, no arrow: every input gets step(b)
    assert explorer.outputs == [0, 0, 0, 0] and explorer.arrow is None
    assert len(explorer.line.get_data()[0]) == 0
    assert explorer.widget is not None


def test_gate_explorer_uses_the_given_perceptron():
    calls = []

    def spy(x, w, b):
        calls.append(tuple(x))
        return 1

    explorer = logic.GateExplorer(spy, target=None)
    assert explorer.outputs == [1, 1, 1, 1]
    assert calls == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_gate_explorer_does_not_start_on_a_gate_of_the_exercises():
    explorer = logic.GateExplorer(perceptron)
    assert explorer.outputs not in ([0, 0, 0, 1], [1, 1, 1, 0], [0, 1, 1, 1])  # AND, NAND, OR: chapter 1's answers


def test_learning_stepper_shows_each_epoch():
    X, y, _, _ = logic.separable_points(30, 2, seed=3, margin=0.1)
    stepper = logic.LearningStepper(train, perceptron, X, y, learning_rate=0.1, epochs=6)
    assert len(stepper.snapshots) == 7 and len(stepper.mistakes) == 7
    np.testing.assert_array_equal(stepper.snapshots[0][0], [0.0, 0.0])
    assert stepper.snapshots[0][1] == 0.0
    w3, b3 = train(X, y, 0.1, 3)
    np.testing.assert_allclose(stepper.snapshots[3][0], w3)
    assert stepper.mistakes[-1] <= stepper.mistakes[0]
    assert stepper.slider.max == stepper.play.max == len(stepper.frames) - 1
    stepper.show(3)
    xs, ys = stepper.line.get_data()
    np.testing.assert_allclose(w3[0] * np.asarray(xs) + w3[1] * np.asarray(ys) + b3, 0.0, atol=1e-9)
    assert stepper.captions[stepper.slider.value].startswith("epoch 3")


def test_learning_stepper_plays_every_visit_of_a_point():
    X, y, _, _ = logic.separable_points(30, 2, seed=3, margin=0.1)
    stepper = logic.LearningStepper(train, perceptron, X, y, learning_rate=0.1, epochs=6)
    n = len(X)
    assert len(stepper.frames) > 6, "a frame per visit, not per epoch"
    for i, (epoch, visited, w, b) in enumerate(stepper.frames[1:], start=1):
        order = np.concatenate([np.tile(np.arange(n), epoch), np.arange(visited)])
        expected_w, expected_b = train(X[order], y[order], 0.1, 1)  # the rule, one visit at a time
        np.testing.assert_allclose(w, expected_w)
        assert b == pytest.approx(expected_b)
        moved = not (np.array_equal(stepper.frames[i - 1][2], w) and stepper.frames[i - 1][3] == b)
        assert ("mistake, line moves" in stepper.captions[i]) == moved
    stepper.player.show(5)
    np.testing.assert_allclose([c[0] for c in stepper.visiting.get_data()], X[4], err_msg="the point visited")
    last_epoch, visited, w, b = stepper.frames[-1]
    assert visited == n and stepper.mistakes[last_epoch] == 0 or last_epoch == 5, "the film ends once it converged"


def test_learning_stepper_shows_epochs_when_train_shuffles():
    def shuffling_train(X, y, learning_rate, epochs):
        order = np.random.default_rng(epochs).permutation(len(X))
        return train(X[order], y[order], learning_rate, epochs)

    X, y, _, _ = logic.separable_points(20, 2, seed=1, margin=0.1)
    stepper = logic.LearningStepper(shuffling_train, perceptron, X, y, learning_rate=0.1, epochs=4)
    assert [(epoch, visited) for epoch, visited, _, _ in stepper.frames] == [(k, 0) for k in range(5)]


def test_hidden_units_explorer_draws_the_network_regions():
    W1 = np.array([[-0.5, 0.5], [-0.5, 0.5]])
    b1 = np.array([0.7, -0.2])
    W2 = np.array([[0.5], [0.5]])
    b2 = np.array([-0.7])
    explorer = logic.HiddenUnitsExplorer(layer, W1, b1, W2, b2, resolution=41)
    got_W1, got_b1 = explorer.weights()
    np.testing.assert_allclose(got_W1, W1)
    np.testing.assert_allclose(got_b1, b1)
    image = np.asarray(explorer.image.get_array())
    assert image.shape == (41, 41)
    # The grid runs from -0.5 to 1.5 in steps of 0.05: (0, 0) is index 10, (1, 1) index 30.
    assert image[10, 10] == 0 and image[30, 30] == 0 and image[10, 30] == 1 and image[30, 10] == 1
    explorer.sliders["u2_b"].value = 1.0  # unit 2 always fires: the output becomes NAND
    image = np.asarray(explorer.image.get_array())
    assert image[10, 10] == 1 and image[30, 30] == 0
    xs, ys = explorer.lines[1].get_data()
    np.testing.assert_allclose(0.5 * np.asarray(xs) + 0.5 * np.asarray(ys) + 1.0, 0.0, atol=1e-12)
