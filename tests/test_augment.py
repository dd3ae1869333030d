"""course/augment.py: random shifts move every pixel by the image's own offset, never wrap, never mutate."""
import numpy as np
import pytest

from course.augment import random_shifts


def one_pixel_images(m, side, rng):
    rows = np.zeros((m, side * side), dtype=np.float32)
    where = rng.integers(2, side - 2, size=(m, 2))
    rows[np.arange(m), where[:, 0] * side + where[:, 1]] = 1.0
    return rows, where


@pytest.mark.parametrize("max_shift", [1, 2])
def test_each_image_moves_by_its_own_offset_within_the_bound(max_shift):
    rng = np.random.default_rng(0)
    rows, where = one_pixel_images(500, 9, rng)
    before = rows.copy()
    shifted = random_shifts(rows, np.random.default_rng(1), max_shift, side=9)
    assert np.array_equal(rows, before), "random_shifts modified its argument"
    assert shifted.shape == rows.shape and shifted.dtype == rows.dtype
    moved = np.argwhere(shifted.reshape(500, 9, 9) == 1.0)
    assert len(moved) == 500  # the lit pixel stays inside (it is at least 2 from the border)
    offsets = moved[:, 1:] - where[moved[:, 0]]
    assert np.abs(offsets).max() == max_shift
    seen = {tuple(o) for o in offsets}
    assert len(seen) == (2 * max_shift + 1) ** 2, "every offset in the square should occur among 500 images"


def test_pixels_moved_out_are_lost_not_wrapped():
    rows = np.zeros((200, 16), dtype=np.uint8)
    rows[:, 0] = 255  # the top-left corner
    shifted = random_shifts(rows, np.random.default_rng(3), 1, side=4).reshape(200, 4, 4)
    assert set(np.unique(shifted.sum(axis=(1, 2)))) <= {0, 255}
    assert shifted[:, 3, :].max() == 0 and shifted[:, :, 3].max() == 0, "a pixel wrapped around"


def test_no_shift_is_a_copy_and_bad_bounds_are_refused():
    rows = np.arange(2 * 784, dtype=np.float32).reshape(2, 784)
    out = random_shifts(rows, np.random.default_rng(0), 0)
    assert np.array_equal(out, rows) and out is not rows
    with pytest.raises(ValueError, match="max_shift"):
        random_shifts(rows, np.random.default_rng(0), -1)
