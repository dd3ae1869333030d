"""MNIST for the course: the official 60,000 / 10,000 split as uint8 images and int labels.

Where the digits come from, first match wins (``load_mnist()``):

1. a folder of the four IDX files given as ``path`` (``.gz`` or uncompressed), or named by the ``MNIST_DIR``
   environment variable;
2. the course's shared folder ``../shared/mnist`` next to the course root, when it exists (and
   ``MNIST_SHARED`` is not set to 0);
3. the on-disk cache of an earlier download (``~/.cache/nn-from-scratch/mnist.npz``, or ``$MNIST_CACHE``);
4. a download with scikit-learn's ``fetch_openml("mnist_784")`` (first 60,000 rows train, last 10,000 test),
   saved to that cache; skipped when ``download=False`` or ``MNIST_OFFLINE=1``;
5. an embedded fallback of real handwritten digits that ships with scikit-learn (``load_digits``: 1,797
   8x8 digits, scaled up to 28x28). It is announced loudly: it is NOT MNIST and is far too small for 98%.

A corrupt or truncated file raises ``MNISTFormatError`` naming the file, never a silently wrong array.

    >>> data = load_mnist()
    >>> data.x_train.shape, data.x_train.dtype, data.y_train.dtype
    ((60000, 28, 28), dtype('uint8'), dtype('int64'))
"""
from __future__ import annotations

import gzip
import os
import struct
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from course.paths import COURSE_ROOT

SHARED_DIR = COURSE_ROOT.parent / "shared" / "mnist"

FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
OFFICIAL_SIZES = {"x_train": 60000, "y_train": 60000, "x_test": 10000, "y_test": 10000}

# IDX type codes (the third byte of the magic number) and the numpy dtypes they stand for (big-endian).
_IDX_DTYPES = {0x08: np.dtype(">u1"), 0x09: np.dtype(">i1"), 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
               0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}


class MNISTFormatError(ValueError):
    """A data file is missing, corrupt or truncated; the message names the file."""


@dataclass
class MNIST:
    """The four arrays and where they came from.

    x_train: uint8 array (n_train, 28, 28); y_train: int64 array (n_train,) of digits 0..9;
    x_test: uint8 array (n_test, 28, 28); y_test: int64 array (n_test,).
    source: "idx:<folder>", "cache:<file>", "openml" or "fallback:sklearn-digits".
    """
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    notes: list = field(default_factory=list)

    @property
    def is_full(self) -> bool:
        """True for the official split (60,000 training and 10,000 test images)."""
        return len(self.x_train) == 60000 and len(self.x_test) == 10000

    def __iter__(self):  # x_train, y_train, x_test, y_test = load_mnist()
        return iter((self.x_train, self.y_train, self.x_test, self.y_test))

    def __repr__(self) -> str:
        return (f"MNIST(source={self.source!r}, train={self.x_train.shape}, test={self.x_test.shape}, "
                f"full={self.is_full})")


# ---------------------------------------------------------------------------------------------- IDX files

def read_idx(path) -> np.ndarray:
    """Read one IDX file (gzip-compressed when its name ends in .gz, or its content starts like gzip).

    Returns the array in native byte order (uint8 for MNIST). Raises MNISTFormatError naming the file when
    the magic number, the dimensions or the length of the data are wrong.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(2)
        opener = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise MNISTFormatError(f"{path}: file not found") from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:  # truncated or corrupt gzip stream
        raise MNISTFormatError(f"{path}: cannot decompress ({exc}); the file is corrupt or truncated, "
                               "download it again") from None
    if len(raw) < 4:
        raise MNISTFormatError(f"{path}: only {len(raw)} bytes, too short for an IDX header (truncated file)")
    zero, type_code, ndim = raw[0] | raw[1] << 8, raw[2], raw[3]
    if zero != 0 or type_code not in _IDX_DTYPES or not 1 <= ndim <= 4:
        raise MNISTFormatError(f"{path}: not an IDX file (bad magic number {raw[:4].hex()})")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise MNISTFormatError(f"{path}: header cut short ({len(raw)} bytes, expected at least {header})")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = _IDX_DTYPES[type_code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    got = len(raw) - header
    if got != expected:
        what = "truncated" if got < expected else "has trailing bytes"
        raise MNISTFormatError(f"{path}: {what}: the header announces shape {shape} ({expected} data bytes) "
                               f"but the file holds {got}")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def _find(folder: Path, stem: str) -> Path:
    for name in (stem + ".gz", stem, stem.replace("-idx", ".idx")):  # also accept "train-images.idx3-ubyte"
        if (folder / name).is_file():
            return folder / name
    raise MNISTFormatError(f"{folder / (stem + '.gz')}: file not found (the folder needs the four MNIST IDX "
                           f"files, gzip-compressed or not: {', '.join(FILES.values())})")


def load_idx_folder(folder, progress: bool = False) -> MNIST:
    """The four IDX files of ``folder`` as an MNIST, with every file checked (shape, labels 0..9, counts)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise MNISTFormatError(f"{folder}: not a folder (expected a folder with the four MNIST IDX files)")
    arrays = {}
    for key, stem in _progress(FILES.items(), progress, "reading MNIST", total=4):
        path = _find(folder, stem)
        arr = read_idx(path)
        if key.startswith("x"):
            if arr.ndim != 3 or arr.shape[1:] != (28, 28) or arr.dtype != np.uint8:
                raise MNISTFormatError(f"{path}: expected uint8 images of shape (n, 28, 28), "
                                       f"found {arr.dtype} of shape {arr.shape}")
        else:
            if arr.ndim != 1 or arr.dtype != np.uint8 or (arr.size and arr.max() > 9):
                raise MNISTFormatError(f"{path}: expected labels 0..9 of shape (n,), found {arr.dtype} "
                                       f"{arr.shape} with maximum {arr.max() if arr.size else None}")
            arr = arr.astype(np.int64)
        arrays[key] = (path, arr)
    for split in ("train", "test"):
        (xp, x), (yp, y) = arrays["x_" + split], arrays["y_" + split]
        if len(x) != len(y):
            raise MNISTFormatError(f"{xp} holds {len(x)} images but {yp} holds {len(y)} labels")
    return MNIST(*(arrays[k][1] for k in FILES), source=f"idx:{folder}")


# ---------------------------------------------------------------------------------- OpenML and its cache

def cache_path() -> Path:
    """Where a download is kept: $MNIST_CACHE, else ~/.cache/nn-from-scratch/mnist.npz."""
    env = os.environ.get("MNIST_CACHE")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nn-from-scratch" / "mnist.npz"


def load_cache(path) -> MNIST:
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in FILES}
    except Exception as exc:  # zipfile.BadZipFile, KeyError, ValueError, EOFError...
        raise MNISTFormatError(f"{path}: the cached MNIST is corrupt or truncated ({type(exc).__name__}: "
                               f"{exc}); delete it to download again") from None
    for k, n in OFFICIAL_SIZES.items():
        a = arrays[k]
        want = (n, 28, 28) if k.startswith("x") else (n,)
        if a.shape != want:
            raise MNISTFormatError(f"{path}: {k} has shape {a.shape}, expected {want}; delete the file")
    return MNIST(arrays["x_train"].astype(np.uint8), arrays["y_train"].astype(np.int64),
                 arrays["x_test"].astype(np.uint8), arrays["y_test"].astype(np.int64), source=f"cache:{path}")


def fetch_openml_mnist(cache=None, progress: bool = True) -> MNIST:
    """Download mnist_784 with scikit-learn (about 15 MB) and keep it in ``cache`` as a compressed .npz."""
    from sklearn.datasets import fetch_openml

    cache = Path(cache) if cache else cache_path()
    steps = ["download mnist_784 from OpenML", "convert", "save the cache"]
    bar = _bar(progress, "MNIST", total=len(steps))
    try:
        bar.set_postfix_str(steps[0])
        X, y = fetch_openml("mnist_784", version=1, return_X_y=True, as_frame=False, parser="liac-arff",
                            data_home=str(cache.parent / "openml"))
        bar.update(1)
        bar.set_postfix_str(steps[1])
        X = np.asarray(X).reshape(-1, 28, 28).astype(np.uint8)
        y = np.asarray(y).astype(np.int64)
        if X.shape != (70000, 28, 28):
            raise MNISTFormatError(f"OpenML's mnist_784 has shape {X.shape}, expected (70000, 784)")
        bar.update(1)
        bar.set_postfix_str(steps[2])
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + ".part.npz")
        np.savez_compressed(tmp, x_train=X[:60000], y_train=y[:60000], x_test=X[60000:], y_test=y[60000:])
        os.replace(tmp, cache)
        bar.update(1)
    finally:
        bar.close()
    return MNIST(X[:60000], y[:60000], X[60000:], y[60000:], source="openml")


# ------------------------------------------------------------------------------------ embedded fallback

FALLBACK_BANNER = """\
############################################################################################
#  NOT MNIST: no MNIST files were found and none could be downloaded, so these are the      #
#  1,797 small 8x8 handwritten digits that ship with scikit-learn (load_digits), scaled up   #
#  to 28x28: {n_train} for training, {n_test} for testing. Real digits, but a far smaller and easier  #
#  set: accuracies here are NOT comparable with MNIST's. Give the MNIST folder with         #
#  load_mnist("path/to/folder") or MNIST_DIR, or run once with network access to download.  #
############################################################################################"""


def load_fallback(announce: bool = True) -> MNIST:
    """scikit-learn's 8x8 digits, scaled to 20x20 and centred in 28x28 like MNIST, 0..255 uint8.

    Split: the first 1,397 digits for training, the last 400 for testing (both hold every class).
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    small = digits.images.astype(np.float64) / 16.0  # (1797, 8, 8) in [0, 1]
    # Bilinear resize 8x8 -> 20x20 (pixel centres aligned), then pad by 4 on every side: MNIST's layout.
    src = (np.arange(20) + 0.5) * 8 / 20 - 0.5
    i0 = np.clip(np.floor(src).astype(int), 0, 7)
    i1 = np.clip(i0 + 1, 0, 7)
    w = np.clip(src - i0, 0.0, 1.0)
    rows = small[:, i0, :] * (1 - w)[None, :, None] + small[:, i1, :] * w[None, :, None]
    big = rows[:, :, i0] * (1 - w)[None, None, :] + rows[:, :, i1] * w[None, None, :]
    images = np.zeros((len(small), 28, 28), dtype=np.uint8)
    images[:, 4:24, 4:24] = np.clip(np.rint(big * 255), 0, 255).astype(np.uint8)
    labels = digits.target.astype(np.int64)
    data = MNIST(images[:1397], labels[:1397], images[1397:], labels[1397:],
                 source="fallback:sklearn-digits")
    message = FALLBACK_BANNER.format(n_train=len(data.x_train), n_test=len(data.x_test))
    data.notes.append(message)
    if announce:
        print(message, flush=True)
        warnings.warn("load_mnist: using scikit-learn's 8x8 digits instead of MNIST (see the message above)",
                      UserWarning, stacklevel=3)
    return data


# ------------------------------------------------------------------------------------------ entry point

def load_mnist(path=None, *, download: bool = True, cache=None, progress: bool = True,
               verbose: bool = True) -> MNIST:
    """MNIST's official split, from the first source that has it (see the module docstring).

    Args:
        path: a folder with the four IDX files. When given (or when $MNIST_DIR is set), that folder must
            hold valid files: a missing or corrupt file raises MNISTFormatError instead of falling back.
        download: whether fetch_openml may be tried (also off when $MNIST_OFFLINE is set to 1).
        cache: the .npz file for downloads (default: cache_path()).
        progress: show a tqdm progress bar while reading or downloading.
        verbose: print one line saying where the data came from (the fallback is always announced).
    Returns:
        MNIST with x_train uint8 (n, 28, 28), y_train int64 (n,), x_test, y_test; unpacks as
        ``x_train, y_train, x_test, y_test = load_mnist()``.
    """
    folder = path if path is not None else os.environ.get("MNIST_DIR") or None
    if folder is not None:
        data = load_idx_folder(folder, progress)
    elif SHARED_DIR.is_dir() and os.environ.get("MNIST_SHARED", "1").strip().lower() not in {"0", "false", "no"}:
        data = load_idx_folder(SHARED_DIR, progress)
    else:
        cache = Path(cache) if cache else cache_path()
        offline = os.environ.get("MNIST_OFFLINE", "").strip().lower() in {"1", "true", "yes"}
        if cache.is_file():
            data = load_cache(cache)
        elif download and not offline:
            try:
                data = fetch_openml_mnist(cache, progress)
            except MNISTFormatError:
                raise
            except Exception as exc:  # no network, OpenML down...
                print(f"MNIST download failed ({type(exc).__name__}: {exc}).", file=sys.stderr)
                data = load_fallback()
        else:
            data = load_fallback()
    if verbose and not data.source.startswith("fallback"):
        print(f"MNIST from {data.source}: {len(data.x_train):,} training and {len(data.x_test):,} test images")
    return data


# ----------------------------------------------------------------------------------------------- helpers

def _bar(enabled: bool, desc: str, total: int):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, disable=not enabled, leave=False)


def _progress(items, enabled: bool, desc: str, total: int):
    bar = _bar(enabled, desc, total)
    try:
        for item in items:
            yield item
            bar.update(1)
    finally:
        bar.close()
