"""Figures in the notebooks: interactive (ipympl) widgets, made and shown one way everywhere.

Every notebook's setup cell calls ``interactive_figures()``, and every figure follows one idiom:

    fig, ax = subplots(figsize=(6, 3))      # a figure that waits to be shown (not shown when the cell ends)
    ax.plot(x, y)
    show(fig)                               # the figure, in the cell's output

``show`` also shows the course's interactive helpers (explorers, players, the playground): anything with a
``widget``, or that displays itself. Those helpers put their figures into widget layouts with ``FigureView``,
which redraws a figure after its artists change; ``ControlledFigure`` is the simplest of them, a figure under
a row of sliders. Animations are the exception (``course.animation``): a snapshot player draws its frames
once and the browser plays them, and the playground sends its figure as an image after each training tick.

``interactive_figures()`` is ``%matplotlib widget`` plus a repair of ipympl 0.10 (``repair_ipympl``). Until
the browser says a figure's view is ready, ipympl keeps a PNG of the figure in the canvas widget's
``_data_url`` state. ipympl 0.10 gets a figure drawn before that moment wrong twice: it sends the browser
the raw RGBA pixels instead of the PNG it was given, and stores the PNG in ``_data_url`` as bare base64,
without the ``data:image/png;base64,`` prefix. Either one makes the browser load a broken image, report
"Error setting state: Failed to execute 'drawImage'", and leave the figure an empty canvas for good. It
happens in a Run All, where the browser's first messages to a figure wait behind the remaining cells. The
repair is applied only to the ipympl versions it was written for (``REPAIRED_IPYMPL``); the test
``tests/test_figures.py::test_ipympl_still_has_the_bug_the_repair_fixes`` says when it is no longer needed.
"""
from __future__ import annotations

import base64
import importlib.metadata
import io
import sys
import warnings

from course.runtime import under_grader

PNG_DATA_URL = "data:image/png;base64,"
REPAIRED_IPYMPL = ("0.10.0",)  # the ipympl versions whose Canvas.send_binary has the bug send_binary repairs
GRADER_NOTE = "[a figure: not drawn while grading; run the notebook to see it]"


def interactive_figures() -> None:
    """Figures as widgets that sliders and Play buttons redraw: ``%matplotlib widget``, with ipympl repaired.

    Outside IPython (a plain Python script) it does nothing: matplotlib keeps its default backend.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.run_line_magic("matplotlib", "widget")
    repair_ipympl()


def subplots(nrows: int = 1, ncols: int = 1, *, toolbar: bool = True, **kwargs):
    """``plt.subplots(nrows, ncols, **kwargs)`` for a figure that appears where ``show(fig)`` puts it.

    Pyplot would show a new figure by itself when the cell ends; this one waits. With ipympl the figure's
    "Figure N" header is hidden; ``toolbar=False`` also hides the toolbar and the cursor readout below the
    figure (for figures next to sliders). Returns ``(fig, axes)`` as ``plt.subplots`` does.
    """
    import matplotlib.pyplot as plt

    with plt.ioff():
        fig, axes = plt.subplots(nrows, ncols, **kwargs)
    settings = {"header_visible": False, "toolbar_visible": toolbar, "footer_visible": toolbar}
    for name, value in settings.items():
        if hasattr(fig.canvas, name):  # an ipympl canvas
            setattr(fig.canvas, name, value)
    return fig, axes


def show(item) -> None:
    """Show a figure, or one of the course's interactive helpers (anything with a ``widget``), now.

    A figure is shown as its ipympl canvas (a widget that can be redrawn) or, with another backend, as an
    image. While the grader runs the notebook, a figure is not drawn (drawing is a large part of a graded
    notebook's time, and the grader's shortened experiments would draw misleading curves): its output is
    ``GRADER_NOTE``.
    """
    from IPython.display import display
    from matplotlib.figure import Figure

    if isinstance(item, Figure):
        if under_grader():  # nobody looks, and the grader's experiments are shortened: a note, not a drawing
            display({"text/plain": GRADER_NOTE}, raw=True)
            return
        display(item.canvas if _is_widget(item.canvas) else item)
    elif hasattr(item, "_ipython_display_") or hasattr(item, "_repr_mimebundle_"):
        display(item)  # a helper that shows itself (a player sends its frames once it is on show)
    else:
        display(getattr(item, "widget", item))


def _is_widget(canvas) -> bool:
    import ipywidgets as widgets

    return isinstance(canvas, widgets.DOMWidget)


class FigureView:
    """A matplotlib figure as a widget for a layout, redrawn after its artists change.

    With ipympl the figure's canvas is itself a widget: ``widget`` is the canvas and ``redraw()`` asks the
    browser for a new image. With another backend (an inline session, a script) ``widget`` is an Output
    showing a PNG of the figure, which ``redraw()`` replaces; outside IPython it shows nothing.

        view = FigureView(fig)
        widgets.VBox([slider, view.widget])
        line.set_ydata(new_values); view.redraw()
    """

    def __init__(self, fig):
        import ipywidgets as widgets

        self.fig = fig
        self.interactive = _is_widget(fig.canvas)
        self.widget = fig.canvas if self.interactive else widgets.Output()

    def redraw(self) -> None:
        if self.interactive:
            self.fig.canvas.draw_idle()
            return
        from IPython import get_ipython
        from IPython.display import clear_output, display

        if get_ipython() is None:
            return
        with self.widget:
            clear_output(wait=True)
            display(self.fig)


class ControlledFigure:
    """A figure under a row of controls (sliders, menus): any change calls ``update`` with the controls'
    values, in order, and redraws the figure. ``update`` should change existing artists, not plot again.

        w, b = widgets.FloatSlider(description="w"), widgets.FloatSlider(description="b")
        show(ControlledFigure(fig, [w, b], lambda w, b: line.set_ydata(sigmoid(w * grid + b))))

    Attributes:
        fig, controls, update; view: the figure's ``FigureView``; widget: the layout ``show`` displays.
    """

    def __init__(self, fig, controls, update):
        import ipywidgets as widgets

        self.fig = fig
        self.controls = list(controls)
        self.update = update
        self.view = FigureView(fig)
        self.widget = widgets.VBox([widgets.HBox(self.controls), self.view.widget])
        for control in self.controls:
            control.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    def refresh(self) -> None:
        """Update the artists from the controls' current values and redraw."""
        self.update(*(control.value for control in self.controls))
        self.view.redraw()


# ------------------------------------------------------------------------------------------ ipympl repair

def send_binary(canvas, data: bytes) -> None:
    """ipympl's ``Canvas.send_binary``, repaired: ``data`` (the PNG to draw) is what goes to the browser."""
    if getattr(canvas, "syncing_data_url", False):
        import numpy as np
        from PIL import Image

        buffer = canvas._last_buff  # the whole figure; ``data`` may be only what changed since the last draw
        pixels = buffer.view(dtype=np.uint8).reshape((*buffer.shape, 4))
        with io.BytesIO() as png:
            Image.fromarray(pixels).save(png, format="png")
            canvas._data_url = PNG_DATA_URL + base64.b64encode(png.getvalue()).decode("ascii")
    canvas.send({"data": '{"type": "binary"}'}, buffers=[data])


def ipympl_version() -> str:
    return importlib.metadata.version("ipympl")


def repair_ipympl() -> bool:
    """Give ipympl's canvas the repaired ``send_binary``, if ipympl is loaded and is a version in
    ``REPAIRED_IPYMPL``; another version is left alone, with a warning. Returns whether the repair is in
    place. Idempotent."""
    backend = sys.modules.get("ipympl.backend_nbagg")
    if backend is None:
        return False
    version = ipympl_version()
    if version not in REPAIRED_IPYMPL:
        warnings.warn(f"ipympl {version} is not a version the course's repair of ipympl was written for "
                      f"({', '.join(REPAIRED_IPYMPL)}), so it is not applied: a figure drawn during Run All may "
                      "stay an empty canvas until it is redrawn (see course/figures.py).", stacklevel=2)
        return False
    backend.Canvas.send_binary = send_binary
    return True
