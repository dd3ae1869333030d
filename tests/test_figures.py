"""course.figures: the figure idiom of the notebooks, and the ipympl repair, on ipympl's real canvas widget.

The ipympl tests run in a fresh interpreter with the widget backend selected, as ``interactive_figures()``
does, so that the rest of the test session keeps its Agg backend. No front end is connected, so every canvas
is in the state a Run All leaves it in: drawn before the browser has said its view is ready.
"""
import re
import subprocess
import sys
import textwrap

import ipywidgets as widgets
import matplotlib
import pytest

from instructor.coursedir import COURSE_ROOT

matplotlib.use("Agg")

RECORD_SENT_DATA_URLS = """
import base64
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1], [1, 0])
sent, images = [], []
send_state = fig.canvas.send_state
send = fig.canvas.send
def record_message(content, buffers=None):
    images.extend(bytes(b) for b in buffers or [])
    return send(content, buffers)
fig.canvas.send = record_message
def record(key=None):
    keys = [key] if isinstance(key, str) else list(key or [])
    sent.extend(fig.canvas._data_url for k in keys if k == "_data_url")
    return send_state(key)
fig.canvas.send_state = record
assert fig.canvas.syncing_data_url, "the canvas should wait for a front end"
"""


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=COURSE_ROOT, capture_output=True,
                          text=True, timeout=120)


# ----------------------------------------------------------------------------------------- ipympl repair

def test_ipympl_still_has_the_bug_the_repair_fixes():
    """Tripwire: ipympl's own send_binary, unrepaired, still sends raw pixels or a bare-base64 _data_url.

    When this fails, the installed ipympl draws figures right before their view is ready: drop
    course.figures.repair_ipympl (and send_binary, REPAIRED_IPYMPL, this test)."""
    result = run_python(RECORD_SENT_DATA_URLS + """
import sys
from importlib.metadata import version
assert "course.figures" not in sys.modules and "course" not in sys.modules
fig.canvas.draw()
png_sent = bool(images) and all(image.startswith(b"\\x89PNG") for image in images)
data_url_ok = bool(sent) and all(url.startswith("data:image/png;base64,") for url in sent)
print(version("ipympl"), png_sent, data_url_ok)
""")
    assert result.returncode == 0, result.stderr
    ipympl, png_sent, data_url_ok = result.stdout.split()
    assert not (png_sent == "True" and data_url_ok == "True"), (
        f"ipympl {ipympl} no longer has the bug course.figures.repair_ipympl works around: its own "
        "Canvas.send_binary sends the PNG it is given and stores a proper data URL. Drop the repair "
        "(send_binary, repair_ipympl, REPAIRED_IPYMPL) and this test.")


def test_the_pinned_ipympl_is_a_version_the_repair_was_written_for():
    from course.figures import REPAIRED_IPYMPL

    pins = re.findall(r"^ipympl==(\S+)", (COURSE_ROOT / "requirements.txt").read_text(), re.M)
    assert pins, "requirements.txt pins no ipympl"
    assert pins[0] in REPAIRED_IPYMPL, (
        f"requirements.txt pins ipympl {pins[0]}, but course.figures.repair_ipympl was written for "
        f"{REPAIRED_IPYMPL}: see whether test_ipympl_still_has_the_bug_the_repair_fixes passes with the new "
        "version; if so, add it to REPAIRED_IPYMPL, otherwise drop the repair.")


def test_a_figure_drawn_before_its_view_is_ready_sends_a_data_url():
    result = run_python(RECORD_SENT_DATA_URLS + """
from course.figures import repair_ipympl
assert repair_ipympl()
fig.canvas.draw()
fig.canvas.draw()
assert sent, "drawing sent no _data_url"
for url in sent:
    assert url.startswith("data:image/png;base64,"), url[:40]
    assert base64.b64decode(url.split(",", 1)[1]).startswith(b"\\x89PNG"), "not a PNG"
assert len(images) == 2, len(images)
for image in images:
    assert image.startswith(b"\\x89PNG"), f"the browser was sent {image[:8]!r}, not a PNG"
print(len(sent))
""")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 1


def test_importing_the_course_changes_nothing_and_the_repair_is_explicit_and_idempotent():
    result = run_python("""
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
from ipympl.backend_nbagg import Canvas
original = Canvas.send_binary
import course, course.figures, course.logic, course.playground, course.mnist_widgets, course.beans
assert Canvas.send_binary is original, "importing the course must not patch ipympl"
from course.figures import repair_ipympl, send_binary
assert repair_ipympl() is True and Canvas.send_binary is send_binary
assert repair_ipympl() is True and Canvas.send_binary is send_binary
""")
    assert result.returncode == 0, result.stderr


def test_the_repair_needs_ipympl_loaded():
    result = run_python("""
import sys
from course.figures import repair_ipympl
assert "ipympl.backend_nbagg" not in sys.modules
assert repair_ipympl() is False
""")
    assert result.returncode == 0, result.stderr


def test_another_ipympl_version_is_left_alone_with_a_warning():
    result = run_python("""
import warnings
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
from ipympl.backend_nbagg import Canvas
original = Canvas.send_binary
import course.figures as figures
figures.ipympl_version = lambda: "99.0.0"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert figures.repair_ipympl() is False
assert Canvas.send_binary is original, "a version the repair was not written for must be left alone"
assert len(caught) == 1, caught
message = str(caught[0].message)
assert "ipympl 99.0.0" in message and "0.10.0" in message and "not applied" in message, message
""")
    assert result.returncode == 0, result.stderr


def test_after_the_front_end_is_ready_the_canvas_stops_sending_images_as_state():
    result = run_python(RECORD_SENT_DATA_URLS + """
from course.figures import repair_ipympl
repair_ipympl()
fig.canvas._handle_message(fig.canvas, {"type": "initialized"}, [])
fig.canvas.draw()
assert not fig.canvas.syncing_data_url
assert sent == [], sent
assert images and all(image.startswith(b"\\x89PNG") for image in images)
""")
    assert result.returncode == 0, result.stderr


def test_interactive_figures_outside_ipython_changes_nothing():
    result = run_python("""
import matplotlib
backend = matplotlib.get_backend()
from course.figures import interactive_figures
interactive_figures()
import sys
assert "ipympl.backend_nbagg" not in sys.modules and matplotlib.get_backend() == backend
""")
    assert result.returncode == 0, result.stderr


def test_interactive_figures_in_ipython_is_the_widget_backend_repaired():
    result = run_python("""
from IPython.testing.globalipapp import start_ipython
shell = start_ipython()
from course.figures import interactive_figures, send_binary
interactive_figures()
import matplotlib
from ipympl.backend_nbagg import Canvas
assert matplotlib.get_backend() in ("widget", "module://ipympl.backend_nbagg"), matplotlib.get_backend()
assert Canvas.send_binary is send_binary
""")
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------- figure idiom

def test_subplots_waits_for_show_and_hides_the_ipympl_header():
    result = run_python("""
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import matplotlib.pyplot as plt
plt.ion()
from ipympl.backend_nbagg import _Backend_ipympl
from course.figures import subplots
fig, ax = subplots(figsize=(3, 2))
assert fig not in _Backend_ipympl._to_show, "the figure would show itself when the cell ends"
assert not fig.canvas.header_visible and fig.canvas.toolbar_visible and fig.canvas.footer_visible
fig, (a, b) = subplots(1, 2, toolbar=False)
assert not fig.canvas.header_visible and not fig.canvas.toolbar_visible and not fig.canvas.footer_visible
""")
    assert result.returncode == 0, result.stderr


def test_show_displays_the_canvas_or_the_widget_of_a_helper(monkeypatch):
    from matplotlib.figure import Figure

    import IPython.display
    from course import figures

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    fig = Figure()
    figures.show(fig)  # Agg: the figure itself (an image)
    helper = figures.ControlledFigure(Figure(), [widgets.IntSlider()], lambda v: None)
    figures.show(helper)
    slider = widgets.IntSlider()
    figures.show(slider)
    assert shown == [fig, helper.widget, slider]


def test_under_the_grader_a_figure_is_a_note_and_is_not_drawn(monkeypatch):
    """The grader draws no figure (a large part of a graded notebook's time, and its shortened experiments
    would draw misleading curves): the output is the note, and the figure is never rendered."""
    from matplotlib.figure import Figure

    import IPython.display
    from course import figures

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    fig = Figure()
    drawn = []
    fig.canvas.mpl_connect("draw_event", drawn.append)
    figures.show(fig)
    assert shown == [{"text/plain": figures.GRADER_NOTE}]
    assert not drawn
    slider = widgets.IntSlider()
    figures.show(slider)  # widgets are shown as before (the grader stores their text)
    assert shown[-1] is slider


def test_show_lets_a_helper_that_displays_itself_do_so(monkeypatch):
    """A snapshot player sends its frames once it is on show: ``show`` hands it to IPython whole."""
    import IPython.display
    from course import figures

    class Player:
        widget = widgets.IntSlider()

        def _ipython_display_(self):
            pass

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    player = Player()
    figures.show(player)
    assert shown == [player]


def test_figure_view_is_the_ipympl_canvas_itself():
    result = run_python("""
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import matplotlib.pyplot as plt
from course.figures import FigureView
fig, ax = plt.subplots()
view = FigureView(fig)
assert view.interactive and view.widget is fig.canvas
events = []
fig.canvas.send_event = lambda name, **kw: events.append(name)
view.redraw()
assert events == ["draw"], events
""")
    assert result.returncode == 0, result.stderr


def test_figure_view_falls_back_to_an_output_with_other_backends():
    from matplotlib.figure import Figure

    from course.figures import FigureView

    view = FigureView(Figure())
    assert not view.interactive and isinstance(view.widget, widgets.Output)
    view.redraw()  # outside IPython nothing is rendered, and nothing fails
    assert view.widget.outputs == ()


def test_controlled_figure_updates_from_its_controls_and_redraws():
    from matplotlib.figure import Figure

    from course.figures import ControlledFigure

    calls = []
    a, b = widgets.FloatSlider(value=1.0), widgets.IntSlider(value=2)
    controlled = ControlledFigure(Figure(), [a, b], lambda x, y: calls.append((x, y)))
    assert calls == [(1.0, 2)], "drawn once from the starting values"
    redraws = []
    controlled.view.redraw = lambda: redraws.append(1)
    b.value = 5
    a.value = 0.5
    assert calls[1:] == [(1.0, 5), (0.5, 5)] and len(redraws) == 2
    assert isinstance(controlled.widget, widgets.VBox)
    assert list(controlled.widget.children[0].children) == [a, b]
    assert controlled.widget.children[1] is controlled.view.widget


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
