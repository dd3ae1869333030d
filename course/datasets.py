"""Small two-dimensional classification data sets, generated with a seed, in the layout of notebook 04.

From notebook 04 on, the course stores **examples as columns**: a data set of m points in the plane is
``X`` of shape (2, m) and its labels are ``Y`` of shape (1, m), floats 0.0 / 1.0. Every generator takes a
``seed`` (same seed, same points) and a ``noise`` level, and nothing is downloaded.

    X, Y = make_dataset("moons", 200, noise=0.2, seed=0)           # X (2, 200), Y (1, 200)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_fraction=0.3, seed=0)
    X_train, X_test, Y_train, Y_test = load("circles", n_train=200, n_test=100, noise=0.1, seed=1)
"""
from __future__ import annotations

import numpy as np

DATASETS = ("moons", "circles", "xor", "gaussians", "spiral")


def _moons(n, noise, rng):
    from sklearn.datasets import make_moons

    points, labels = make_moons(n_samples=n, noise=noise, random_state=int(rng.integers(2**31 - 1)))
    return points - np.array([0.5, 0.25]), labels  # centred on the origin


def _circles(n, noise, rng):
    from sklearn.datasets import make_circles

    points, labels = make_circles(n_samples=n, noise=noise, factor=0.5, random_state=int(rng.integers(2**31 - 1)))
    return points, labels


def _xor(n, noise, rng):
    points = rng.uniform(-1.0, 1.0, size=(n, 2))
    labels = (points[:, 0] * points[:, 1] > 0).astype(int)
    return points + noise * rng.standard_normal((n, 2)), labels


def _gaussians(n, noise, rng):
    labels = np.arange(n) % 2
    centres = np.where(labels[:, None] == 1, [0.6, 0.6], [-0.6, -0.6])
    return centres + (0.3 + noise) * rng.standard_normal((n, 2)), labels


def _spiral(n, noise, rng):
    labels = np.arange(n) % 2
    t = np.sqrt(rng.uniform(0.0, 1.0, n)) * 2.5 * np.pi  # angle, denser towards the outside
    radius = t / (2.5 * np.pi)
    angle = t + np.pi * labels
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return points + 0.5 * noise * rng.standard_normal((n, 2)), labels


_GENERATORS = {"moons": _moons, "circles": _circles, "xor": _xor, "gaussians": _gaussians, "spiral": _spiral}


def make_dataset(name: str = "moons", n: int = 200, *, noise: float = 0.2, seed: int = 0):
    """m = ``n`` labelled points in the plane.

    Args:
        name: one of ``DATASETS``: "moons" (two interleaved half circles, scikit-learn's make_moons),
            "circles" (a ring around a disc), "xor" (quadrants), "gaussians" (two blobs, almost linearly
            separable) or "spiral" (two interleaved spiral arms).
        n: number of points m, an int >= 2; the classes have (almost) equal sizes.
        noise: standard deviation of the Gaussian noise added to the points (0 for clean data).
        seed: seed of the random generator.
    Returns:
        (X, Y): X float64 array of shape (2, m), the points as columns; Y float64 array of shape (1, m)
        of 0.0 / 1.0 labels.
    """
    if name not in _GENERATORS:
        raise ValueError(f"unknown data set {name!r}; choose one of {DATASETS}")
    if int(n) < 2:
        raise ValueError("a data set needs at least two points")
    rng = np.random.default_rng(seed)
    points, labels = _GENERATORS[name](int(n), float(noise), rng)
    order = rng.permutation(int(n))  # classes interleaved at random, not sorted
    X = np.ascontiguousarray(np.asarray(points, dtype=np.float64)[order].T)
    Y = np.asarray(labels, dtype=np.float64)[order].reshape(1, -1)
    return X, Y


def train_test_split(X, Y, *, test_fraction: float = 0.3, seed: int = 0):
    """Split examples (columns) at random into a training and a test set.

    Args:
        X: array of shape (n_x, m), examples as columns.
        Y: array of shape (n_y, m).
        test_fraction: share of the m examples held out for testing, in (0, 1).
        seed: seed of the shuffle.
    Returns:
        (X_train, X_test, Y_train, Y_test), shapes (n_x, m_train), (n_x, m_test), (n_y, m_train), (n_y, m_test)
        with m_test = round(test_fraction * m) (at least 1, and at least 1 example left for training).
    """
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"X (n_x, m) and Y (n_y, m) need the same number of columns, got {X.shape} and {Y.shape}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError("test_fraction must be between 0 and 1")
    m = X.shape[1]
    if m < 2:
        raise ValueError("need at least two examples to split")
    m_test = min(max(int(round(test_fraction * m)), 1), m - 1)
    order = np.random.default_rng(seed).permutation(m)
    test, train = order[:m_test], order[m_test:]
    return X[:, train], X[:, test], Y[:, train], Y[:, test]


def load(name: str = "moons", *, n_train: int = 200, n_test: int = 100, noise: float = 0.2, seed: int = 0):
    """A data set already split: ``make_dataset(name, n_train + n_test, ...)`` then `train_test_split`.

    Returns:
        (X_train, X_test, Y_train, Y_test), shapes (2, n_train), (2, n_test), (1, n_train), (1, n_test).
    """
    X, Y = make_dataset(name, n_train + n_test, noise=noise, seed=seed)
    return train_test_split(X, Y, test_fraction=n_test / (n_train + n_test), seed=seed + 1)


def accuracy(predictions, Y) -> float:
    """Share of predictions equal to the labels, a Python float in [0, 1].

    Args:
        predictions: array of shape (1, m) (or (m,)) of 0/1 predictions (ints, bools or floats).
        Y: array of shape (1, m) (or (m,)) of 0/1 labels.
    """
    p = np.asarray(predictions, dtype=np.float64).ravel()
    y = np.asarray(Y, dtype=np.float64).ravel()
    if p.shape != y.shape:
        raise ValueError(f"{p.size} predictions for {y.size} labels")
    return float(np.mean(p == y))
