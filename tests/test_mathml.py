"""The feedback's math as MathML (grader.mathml): every formula of the course converts, math is found where
JupyterLab finds it, and what a student writes cannot become markup. The real ``generate_feedback`` run, opened
offline in Chromium, is in tests/test_feedback.py."""
from __future__ import annotations

import html
import re

import nbformat
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from grader.mathml import Math, MathError, MathToMathML, render_math, split_math, to_mathml
from instructor.coursedir import COURSE_ROOT, assignments


def course_markdown() -> list[tuple[str, str]]:
    """(notebook, source) of every markdown cell of the instructor's notebooks."""
    cells = []
    for name in assignments():
        nb = nbformat.read(COURSE_ROOT / "source" / name / f"{name}.ipynb", as_version=4)
        cells += [(name, c.source) for c in nb.cells if c.cell_type == "markdown"]
    return cells


def spans(text: str) -> list[Math]:
    return [p for p in split_math(text) if isinstance(p, Math)]


def test_every_formula_of_the_course_converts_without_fallback():
    cells = course_markdown()
    formulas = [(name, m) for name, source in cells for m in spans(source)]
    assert len(formulas) > 900 and {name for name, _ in formulas} == set(assignments())
    failed = []
    for name, math in formulas:
        try:
            to_mathml(math.tex, math.display)
        except MathError as exc:
            failed.append((name, math.source, str(exc)))
    assert not failed, failed
    kinds = " ".join(m.tex for _, m in formulas)
    for construct in (r"\begin{aligned}", r"\frac", r"\sum", r"\partial", r"\odot", r"\top", r"\mathbf",
                      r"\left", r"\begin{pmatrix}", r"\begin{bmatrix}", r"\begin{cases}", r"\text"):
        assert construct in kinds, f"the course no longer uses {construct}: the test proves less than it says"

    for name, source in cells:  # through nbconvert's markdown: one <math> per formula, no TeX delimiter left
        page = markdown2html_mistune(render_math(source))
        assert page.count("<math ") == len(spans(source)), (name, source[:200])
        text = html.unescape(re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", page, flags=re.S))
        assert "$" not in re.sub(r"<[^>]+>", "", text), (name, source[:200])


@pytest.mark.parametrize("text, found", [
    ("a $x$ b $$y$$ c", [("$x$", False), ("$$y$$", True)]),
    (r"\\(x\\) and \\[y\\]", [(r"\\(x\\)", False), (r"\\[y\\]", True)]),
    ("$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$",
     [("$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$", True)]),
    (r"\begin{pmatrix}1\\2\end{pmatrix}", [(r"\begin{pmatrix}1\\2\end{pmatrix}", True)]),
    ("costs \\$5, not $x$ and \\$6", [("$x$", False)]),
    ("`$HOME` and `a $b` then $c$", [("$c$", False)]),
    ("```\nprice = $5 + $6\n```\n$d$", [("$d$", False)]),
    ("$a\n\nb$ never across a blank line", []),
    ("${x}$ and $a_{\\$}$", [("${x}$", False), ("$a_{\\$}$", False)]),
])
def test_math_is_found_where_jupyterlab_finds_it(text, found):
    assert [(m.source, m.display) for m in spans(text)] == found
    assert "".join(p if isinstance(p, str) else p.source for p in split_math(text)) == text


def test_dollars_that_are_not_math_stay_dollars_and_code_keeps_its_own():
    page = markdown2html_mistune(render_math("costs \\$5 and `echo $HOME` and $x$\n\n```\nx = $1\n```"))
    assert "costs $5" in html.unescape(page) and "<code>echo $HOME</code>" in page and "x = $1" in page
    assert page.count("<math ") == 1


def test_what_a_student_writes_in_tex_cannot_become_markup():
    failures = []
    out = markdown2html_mistune(render_math(r"$\text{<img src=x onerror=alert(1)>} * a_* b *$ and $x^{$", failures))
    assert "<img" not in out and re.search(r"<mtext>&lt;img\W+src=x\W+onerror=alert\(1\)&gt;</mtext>", out)
    assert "<em>" not in out  # the * of the formula are not markdown emphasis
    assert out.count("<math ") == 1 and '<code class="math-tex">$x^{$</code>' in out
    assert [source for source, _ in failures] == ["$x^{$"]
    with pytest.raises(MathError, match=r"unknown command \\frobnicate"):
        to_mathml(r"\frobnicate{x}")


def test_aligned_blocks_keep_their_alignment_in_mathml_core():
    out = to_mathml(r"\begin{aligned} a &= b \\ cc &= d \end{aligned}", display=True)
    assert out.startswith('<math display="block">') and "columnalign" not in out
    assert out.count("text-align: right") == 2 and out.count("text-align: left") == 2
    assert "&#92;" not in out and "\n" not in out


def test_markdown_and_latex_outputs_are_converted_too():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("$x$"), nbformat.v4.new_code_cell("show()", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "is $y$", "text/plain": "y"}),
        nbformat.v4.new_output("display_data", data={"text/latex": r"\frac{1}{2}", "text/plain": "1/2"}),
    ])]
    nb, resources = MathToMathML().preprocess(nb, {})
    assert nb.cells[0].source.startswith("<math ")
    markdown, latex = nb.cells[1].outputs
    assert "<math " in markdown.data["text/markdown"] and latex.data["text/html"].startswith('<math display="block">')
    assert resources["mathml"]["failures"] == []
