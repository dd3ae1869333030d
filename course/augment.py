"""Data augmentation for image batches: random small shifts, a new copy of the training set every epoch.

A network that sees pixels, not shapes, treats a digit moved by one pixel as a different input. Showing it
each training image at a random small offset, a different one every time, teaches that the offset does not
matter; the labels are unchanged.
"""
from __future__ import annotations

import numpy as np


def random_shifts(rows: np.ndarray, rng: np.random.Generator, max_shift: int = 1, side: int = 28) -> np.ndarray:
    """Each image moved by its own random offset of at most ``max_shift`` pixels in x and in y.

    Args:
        rows: (m, side * side) images, one flattened image per row (any dtype).
        rng: the random generator that draws the offsets (two integers in [-max_shift, max_shift] per image).
        max_shift: int >= 0; 0 returns an unchanged copy.
        side: the images' width and height in pixels.
    Returns:
        A new (m, side * side) array of the same dtype. Pixels moved in from outside the image are 0 (MNIST's
        background); pixels moved out are lost. ``rows`` is not modified.
    """
    if max_shift < 0 or max_shift >= side:
        raise ValueError(f"max_shift must be in [0, {side - 1}], got {max_shift}")
    m = len(rows)
    images = np.asarray(rows).reshape(m, side, side)
    shifted = np.zeros_like(images)
    dx, dy = rng.integers(-max_shift, max_shift + 1, size=(2, m))
    for sy in range(-max_shift, max_shift + 1):
        for sx in range(-max_shift, max_shift + 1):
            which = np.flatnonzero((dy == sy) & (dx == sx))
            if len(which):
                shifted[which, _target(sy, side), _target(sx, side)] = images[which][:, _source(sy, side),
                                                                                     _source(sx, side)]
    return shifted.reshape(m, side * side)


def _source(shift: int, side: int) -> slice:
    return slice(0, side - shift) if shift >= 0 else slice(-shift, side)


def _target(shift: int, side: int) -> slice:
    return slice(shift, side) if shift >= 0 else slice(0, side + shift)
