"""The student's experience in a real browser: JupyterLab (started by ./run student's module) in headless
Chromium, every notebook run with the solutions filled in, every figure and animation checked on screen.

Run only these: ``./run test tests/browser``; regenerate the README's screenshots with
``./run test tests/browser -k course --screenshots docs/screenshots``.
"""
from __future__ import annotations

import re
import shutil
import time

import nbformat
import pytest

from harness import NotebookPage, assignments_with_release, canvas_hashes, expected_widget_views

from instructor.coursedir import COURSE_ROOT

BROWSER_ASSIGNMENTS = assignments_with_release(COURSE_ROOT)

pytestmark = pytest.mark.browser

INSTRUCTOR_ONLY = re.compile(r"formgrader|create assignment|course list|manage assignments", re.I)


def exercise_notebook(browser, lab, assignment: str, screenshot=None) -> dict:
    """Open ``assignment`` in ``lab``, run all cells and check what a student sees. Returns figures for reports."""
    page = NotebookPage(browser, lab, f"{assignment}/{assignment}.ipynb")
    try:
        page.open()
        seconds = page.run_all()
        page.save()
        nb = page.read_saved()
        assert not page.error_outputs(nb), f"{assignment}: cells raised errors: {page.error_outputs(nb)}"
        assert not page.unexecuted_cells(nb), f"{assignment}: cells never ran: {page.unexecuted_cells(nb)}"

        # Every widget view rendered (none left "Loading widget..." or "Error displaying widget").
        expected = expected_widget_views(nb)
        shown = page.widget_views()
        assert len(shown) == len(nb.cells), "the page does not show every cell of the notebook"
        for i, (want, got) in enumerate(zip(expected, shown)):
            assert not got["broken"], f"{assignment} cell {i}: widget not rendered: {got['broken']}"
            assert got["views"] + got["closed"] >= want, (
                f"{assignment} cell {i}: {want} widget views expected, {got['views']} shown")

        # Every ipympl canvas painted: a real figure, not an empty white canvas.
        stats = page.wait_painted()
        for i, s in enumerate(stats):
            assert s["w"] > 0 and s["h"] > 0, f"{assignment}: figure {i} has an empty canvas"
            assert s["painted"] > 0.01, f"{assignment}: figure {i} is blank ({s['painted']:.2%} painted): {s}"

        # Each animation: Play advances the frame counter and changes the figure; pressed again, it pauses.
        players = page.players()
        for k in range(players.count()):
            view = players.nth(k)
            page.scroll_to(view)
            before_fig, before_text = canvas_hashes(page.canvas_stats(view)), page.readouts(view)
            page.press_play(view)
            fig, text = page.wait_change(view, before_fig, before_text, timeout=30, need_readout=True)
            page.press_pause(view)
            assert text, f"{assignment}: Play of animation {k} did not advance its frame counter"
            assert fig, f"{assignment}: Play of animation {k} did not change its figure"

        # Each figure with controls repaints when a control moves.
        controlled = page.controlled_figures()
        for k in range(controlled.count()):
            view = controlled.nth(k)
            time.sleep(0.3)
            before_fig, before_text = canvas_hashes(page.canvas_stats(view)), page.readouts(view)
            page.move_slider(view)
            fig, _ = page.wait_change(view, before_fig, before_text, timeout=30)
            assert fig, f"{assignment}: moving the first slider of figure widget {k} did not repaint it"

        if screenshot is not None:
            page.screenshot(screenshot, players.first if players.count() else None)
        assert not page.console_errors, (f"{assignment}: browser console errors: {page.console_errors} "
                                         f"(failed requests: {page.failed_requests})")

        # The snapshot players play in the browser alone: with the kernel shut down, Play still advances
        # and the frames change (course.animation sends every frame once; the kernel draws none of them).
        client_side = [players.nth(k) for k in range(players.count())
                       if players.nth(k).locator(".course-player").count()]
        if client_side:
            page.shutdown_kernel()
            for k, view in enumerate(client_side):
                page.scroll_to(view)
                before_fig, before_text = canvas_hashes(page.canvas_stats(view)), page.readouts(view)
                page.press_play(view)
                fig, text = page.wait_change(view, before_fig, before_text, timeout=15, need_readout=True)
                page.press_pause(view)
                assert text and fig, f"{assignment}: player {k} does not play without the kernel"
        return {"run_all_s": seconds, "figures": len(stats), "animations": players.count()}
    finally:
        page.close()


def test_student_setup_hides_instructor_tools(browser, course_lab):
    """The student JupyterLab has no formgrader, create-assignment or course-list entry; Validate is there."""
    assert course_lab.status("formgrader") == 404
    assert course_lab.status("formgrader/api/assignments") == 404
    # A copy of the release notebook no other test saves (a notebook saved with widget outputs would ask for
    # widget models that are gone: a console error that is not this test's concern).
    name = BROWSER_ASSIGNMENTS[0]
    notebook = f"{name}/{name}-setup-check.ipynb"
    shutil.copy(COURSE_ROOT / "release" / name / f"{name}.ipynb", course_lab.root / notebook)
    page = NotebookPage(browser, course_lab, notebook)
    try:
        page.open()
        bar = page.page.evaluate("() => Array.from(document.querySelectorAll('.lm-MenuBar-item'))"
                                 ".map(e => e.innerText.trim())")
        for menu in bar:
            labels = page.menu_labels(menu)
            assert not [x for x in labels if INSTRUCTOR_ONLY.search(x)], f"menu {menu} offers {labels}"
        # The command palette knows no formgrader either.
        page.page.keyboard.press("Control+Shift+c")
        palette = page.page.locator(".lm-CommandPalette-input")
        palette.fill("formgrader")
        time.sleep(0.5)
        items = page.page.evaluate("() => Array.from(document.querySelectorAll('.lm-CommandPalette-item'))"
                                   ".map(e => e.innerText.trim()).filter(t => t)")
        assert not [x for x in items if INSTRUCTOR_ONLY.search(x)], items
        page.page.keyboard.press("Escape")
        toolbar = page.page.evaluate("() => Array.from(document.querySelectorAll('.jp-NotebookPanel-toolbar "
                                     "button, .jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent'))"
                                     ".map(e => (e.innerText + ' ' + (e.title || '')).trim())")
        assert any("validate" in t.lower() for t in toolbar), f"no Validate button in the toolbar: {toolbar}"
        assert not page.console_errors, page.console_errors
    finally:
        page.close()


def test_widget_callbacks_run_in_the_kernels_main_thread(browser, course_lab):
    """A slider's callback runs in the kernel's main thread, one at a time with the cells (the student setup turns
    JupyterLab's comms over subshells off): matplotlib, which the callbacks draw with, is not thread-safe."""
    record = course_lab.root / "callback-threads.txt"
    record.unlink(missing_ok=True)
    code = ("import threading, ipywidgets\n"
            "slider = ipywidgets.IntSlider(max=9)\n"
            f"def seen(change, path={str(record)!r}):\n"
            "    with open(path, 'a') as out:\n"
            "        out.write(threading.current_thread().name + '\\n')\n"
            "slider.observe(seen, names='value')\n"
            "slider")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, course_lab.root / "callback-threads.ipynb")
    page = NotebookPage(browser, course_lab, "callback-threads.ipynb")
    try:
        page.open()
        page.run_all()
        view = page.page.locator(".jp-OutputArea-output:has(.noUi-handle)").first
        for _ in range(3):  # JupyterLab starts a comm's subshell some time after the comm opens
            time.sleep(1)
            page.move_slider(view)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (record.exists() and len(record.read_text().split()) >= 3):
            time.sleep(0.2)
        threads = record.read_text().split() if record.exists() else []
        assert threads and set(threads) == {"MainThread"}, f"slider callbacks ran in {threads or 'no thread'}"
    finally:
        page.close()


@pytest.mark.parametrize("assignment", BROWSER_ASSIGNMENTS)
def test_course_notebook_in_browser(browser, course_lab, screenshot_dir, assignment):
    exercise_notebook(browser, course_lab, assignment, screenshot_dir / f"{assignment}.png")


@pytest.mark.parametrize("assignment", BROWSER_ASSIGNMENTS)
def test_published_copy_notebook_in_browser(browser, published_lab, tmp_path, assignment):
    if not (published_lab.root / assignment).is_dir():
        pytest.skip(f"{assignment} is not in the published copy")
    exercise_notebook(browser, published_lab, assignment, tmp_path / f"{assignment}.png")
