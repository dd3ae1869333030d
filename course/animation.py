"""A snapshot player: scrub or play through precomputed frames of a figure, smoothly.

Training loops record snapshots (parameters, curves, losses) while they run; the player then shows them
with a Play button linked to a frame slider. Moving the slider calls ``draw_frame(i)``, which should only
*update* existing artists (``line.set_data``, ``image.set_array``, ``text.set_text``), never clear the axes
and plot again, and the figure is redrawn once. The Play button is timed by the browser (it is linked
to the slider in the frontend with ``jslink``), so the kernel is never blocked by a sleep loop.

    fig, ax = subplots()                        # course.figures
    line, = ax.plot(grid, curves[0])

    def draw_frame(i):
        line.set_ydata(curves[i])

    show(SnapshotPlayer(curves, draw_frame, fig))

The figure is shown under the controls (``course.figures.FigureView``): as its ipympl canvas after
``interactive_figures()``, otherwise as a fresh PNG per frame.
"""
from __future__ import annotations

from typing import Callable, Sequence

import ipywidgets as widgets

from course.figures import FigureView


class SnapshotPlayer:
    """Play / scrub through precomputed frames by updating a figure's artists.

    Args:
        snapshots: the precomputed frames (any sequence; the player only uses its length, ``draw_frame``
            looks frames up) or the number of frames, an int >= 1.
        draw_frame: function of the frame index ``i`` (0 <= i < number of frames) that updates the artists.
        fig: the matplotlib Figure the artists belong to (redrawn after each frame); None if draw_frame
            redraws by itself.
        interval: milliseconds between frames while playing.
        description: label of the slider.
        start: the frame drawn first.
        loop: whether playing starts over after the last frame.

    Attributes:
        play: the ``widgets.Play`` button; slider: the frame ``widgets.IntSlider``; widget: the whole
        layout (controls above the figure), which ``show(player)`` displays.
    """

    def __init__(self, snapshots: Sequence | int, draw_frame: Callable[[int], object], fig=None, *,
                 interval: int = 100, description: str = "frame", start: int = 0, loop: bool = False):
        n = snapshots if isinstance(snapshots, int) else len(snapshots)
        if n < 1:
            raise ValueError("a SnapshotPlayer needs at least one frame")
        if not 0 <= start < n:
            raise ValueError(f"start must be a frame index in [0, {n - 1}], got {start}")
        self.n_frames = n
        self.draw_frame = draw_frame
        self.fig = fig
        self.play = widgets.Play(value=start, min=0, max=n - 1, step=1, interval=interval,
                                 description="Play", show_repeat=False, repeat=loop)
        self.slider = widgets.IntSlider(value=start, min=0, max=n - 1, step=1, description=description,
                                        continuous_update=True, layout=widgets.Layout(width="60%"))
        # Linked in the browser: playing moves the slider without a round trip through the kernel loop.
        self._link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.frames_drawn = 0
        self.view = None if fig is None else FigureView(fig)
        view = [] if self.view is None else [self.view.widget]
        self.widget = widgets.VBox([widgets.HBox([self.play, self.slider]), *view])
        self.slider.observe(self._on_frame, names="value")
        self._render(start)

    @property
    def frame(self) -> int:
        """The index of the frame on show."""
        return self.slider.value

    def show(self, i: int) -> None:
        """Go to frame ``i`` (as if the slider were moved there)."""
        if not 0 <= i < self.n_frames:
            raise IndexError(f"frame {i} is outside [0, {self.n_frames - 1}]")
        if i == self.slider.value:
            self._render(i)
        else:
            self.slider.value = i  # the observer draws it
        self.play.value = i

    def _on_frame(self, change) -> None:
        self._render(change["new"])

    def _render(self, i: int) -> None:
        self.draw_frame(i)
        self.frames_drawn += 1
        if self.view is not None:
            self.view.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
