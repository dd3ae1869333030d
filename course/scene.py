"""A live figure's moving artists as drawing instructions for the browser: their data, not their pixels.

A live figure (``course.animation.LiveFigure``) changes a few artists again and again: a heatmap, a cost
curve, the data's points. When each of them is of a kind the browser can draw as matplotlib does (an image,
a plain line, a scatter of round dots), matplotlib draws only what stays the same (a background, and a
transparent top layer of what lies over the moving artists), once; each update then sends, per moving
artist, a small dict of its style and the bytes of its data in canvas pixels, and the browser's canvas
draws them between the two layers. A 40 x 40 heatmap is 6.4 kB of values; drawing and compressing the
whole figure with Agg takes tens of milliseconds.

Canvas pixels: x to the right and y downwards from the figure's top-left corner, one per figure pixel
(``fig.dpi`` pixels per inch), as in the PNG images of the same figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

# Matplotlib's names for line ends and joins, as the canvas calls them.
_CAPS = {"butt": "butt", "round": "round", "projecting": "square"}
_JOINS = {"miter": "miter", "round": "round", "bevel": "bevel"}
# Interpolations the canvas reproduces: nearest (no smoothing) and bilinear (its own smoothing).
_SMOOTH = {"nearest": False, "none": False, "bilinear": True}
_NO_MARKER = (None, "None", "none", "", " ")
_DOT = Path.unit_circle().transformed(Affine2D().scale(0.5))  # scatter's "o", diameter 1 (times sqrt(s) points)


def drawable(artist) -> bool:
    """Whether the browser can draw ``artist`` as matplotlib does (see the module docstring)."""
    if artist.axes is None:
        return False
    if type(artist) is AxesImage:
        data = artist.get_array()
        return (artist.get_interpolation() in _SMOOTH and data is not None and data.ndim == 2
                and artist.get_clip_path() is None and artist.get_transform() == artist.axes.transData)
    if type(artist) is Line2D:
        return (artist.get_marker() in _NO_MARKER and artist.get_drawstyle() == "default"
                and artist.get_clip_path() is None and artist.get_path_effects() == [])
    if type(artist) is PathCollection:  # a scatter of round dots
        paths = artist.get_paths()
        return (len(paths) == 1 and paths[0].vertices.shape == _DOT.vertices.shape
                and np.allclose(paths[0].vertices, _DOT.vertices) and artist.get_clip_path() is None
                and artist.get_offset_transform() == artist.axes.transData and artist.get_hatch() is None)
    return False


def _points_to_pixels(artist, points: float) -> float:
    return float(points) * artist.figure.dpi / 72.0


def _css(rgba) -> str:
    r, g, b, a = rgba
    return f"rgba({round(255 * r)},{round(255 * g)},{round(255 * b)},{a:.4g})"


def _clip(artist, height: float) -> list[float] | None:
    """The artist's clip rectangle in canvas pixels ([x, y, width, height]), None if it is not clipped."""
    box = artist.get_clip_box() if artist.get_clip_on() else None
    if box is None:
        return None
    return [float(box.x0), float(height - box.y1), float(box.width), float(box.height)]


def line(artist: Line2D, height: float) -> tuple[dict, bytes]:
    """A plain line: its style, and its vertices as float32 pairs (x, y) in canvas pixels.

    A vertex that is not finite (NaN, inf) breaks the line there, as in matplotlib."""
    xy = np.asarray(artist.get_transform().transform(artist.get_xydata()), dtype=np.float64).reshape(-1, 2)
    xy[:, 1] = height - xy[:, 1]
    offset, dashes = artist._dash_pattern  # in points, already scaled by the line width
    dashed = bool(dashes)
    spec = {
        "kind": "line",
        "color": _css(to_rgba(artist.get_color(), artist.get_alpha())),
        "width": _points_to_pixels(artist, artist.get_linewidth()),
        "dash": [_points_to_pixels(artist, d) for d in dashes] if dashed else [],
        "dash_offset": _points_to_pixels(artist, offset) if dashed else 0.0,
        "cap": _CAPS[artist.get_dash_capstyle() if dashed else artist.get_solid_capstyle()],
        "join": _JOINS[artist.get_dash_joinstyle() if dashed else artist.get_solid_joinstyle()],
        "clip": _clip(artist, height),
        "points": len(xy),
    }
    return spec, xy.astype("<f4").tobytes()


def image(artist: AxesImage, height: float) -> tuple[dict, bytes]:
    """An image of scalars on its Axes: where it lies (canvas pixels), its values through its norm (float32,
    shape (rows, columns), the top row first; NaN where masked) and its colormap as a table of RGBA bytes
    with the image's alpha (``lut``, the colour for NaN last). The browser interpolates the values to its
    pixels (bilinear or nearest, as matplotlib does for an enlarged image) and looks the colours up."""
    data = np.ma.masked_invalid(artist.get_array(), copy=False)
    values = np.ma.filled(np.ma.asarray(artist.norm(data), dtype=np.float64), np.nan)
    x0, x1, y0, y1 = artist.get_extent()  # column 0 at x0; row 0 at y0 (origin "lower") or y1 ("upper")
    first_row, last_row = (y0, y1) if artist.origin == "lower" else (y1, y0)
    (left, first), (right, last) = artist.get_transform().transform([[x0, first_row], [x1, last_row]])
    if right < left:
        values, left, right = values[:, ::-1], right, left
    if first < last:  # row 0 lies lower on screen: the browser's rows start at the top
        values, first, last = values[::-1], last, first
    top, bottom = first, last
    cmap = artist.get_cmap()
    table = np.vstack([cmap(np.linspace(0.0, 1.0, cmap.N)), [cmap.get_bad()]])
    alpha = artist.get_alpha()
    if alpha is not None:
        table[:, 3] *= alpha
    spec = {
        "kind": "image",
        "rect": [float(left), float(height - top), float(right - left), float(top - bottom)],
        "rows": int(values.shape[0]),
        "columns": int(values.shape[1]),
        "smooth": _SMOOTH[artist.get_interpolation()],
        "clip": _clip(artist, height),
        "lut": np.rint(255 * np.clip(table, 0.0, 1.0)).astype(np.uint8).tobytes(),
    }
    return spec, np.ascontiguousarray(values, dtype="<f4").tobytes()


def _colours(rgba) -> bytes:
    return np.rint(255 * np.asarray(rgba, dtype=np.float64).reshape(-1, 4)).astype(np.uint8).tobytes()


def dots(artist: PathCollection, height: float) -> tuple[dict, bytes]:
    """A scatter of round dots: their centres as float32 pairs in canvas pixels, and per dot (or one for all;
    none: not drawn) the radius in pixels, the face and edge colours as RGBA bytes and the edge's width."""
    artist.update_scalarmappable()  # colours from data (c=...) are otherwise worked out when it is drawn
    xy = np.asarray(artist.get_offset_transform().transform(artist.get_offsets()), dtype=np.float64).reshape(-1, 2)
    xy[:, 1] = height - xy[:, 1]
    spec = {
        "kind": "dots",
        "points": len(xy),
        "radii": np.asarray([_points_to_pixels(artist, np.sqrt(s) / 2) for s in artist.get_sizes()], "<f4").tobytes(),
        "faces": _colours(artist.get_facecolor()),
        "edges": _colours(artist.get_edgecolor()),
        "widths": np.asarray([_points_to_pixels(artist, w) for w in artist.get_linewidths()], "<f4").tobytes(),
        "clip": _clip(artist, height),
    }
    return spec, xy.astype("<f4").tobytes()


_DRAW = {AxesImage: image, Line2D: line, PathCollection: dots}


def instructions(artists, height: float) -> dict:
    """The drawing instructions of ``artists`` (in the order given: matplotlib's drawing order) for a
    figure ``height`` pixels high: ``{"items": [spec, ...]}`` with each spec's bytes under ``"data"``."""
    items = []
    for artist in artists:
        if not artist.get_visible():
            continue
        spec, data = _DRAW[type(artist)](artist, height)
        items.append({**spec, "data": data})
    return {"items": items}
