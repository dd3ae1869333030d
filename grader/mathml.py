r"""Math in the feedback HTML as MathML, so that it renders with no network connection and no script.

nbgrader's feedback template loads MathJax from a CDN: offline, or behind a strict network, a student would
read raw ``$...$``. `MathToMathML` (configured for GenerateFeedback in ``nbgrader_config.py``) converts every
math span of the markdown cells (and of markdown and LaTeX outputs) to MathML when the feedback is written,
with the pure-Python converter latex2mathml; browsers render MathML themselves (MathML Core), so the page
stays one self-contained file (8 to 57 kB larger per notebook of the course).
``grader/templates/feedback/mathjax.html.j2`` shadows nbconvert's MathJax macro for nbgrader's ``feedback``
template, so the page loads no MathJax at all.

Math is found as JupyterLab finds it (`split_math` is a port of ``removeMath`` in @jupyterlab/rendermime):
``$...$`` and ``\\(...\\)`` inline, ``$$...$$``, ``\\[...\\]`` and a bare ``\begin{env}...\end{env}``
displayed (as written in the cell's source: markdown would eat one backslash of ``\(``, so JupyterLab and
nbconvert want it doubled); never across a blank line, never in code spans or fenced code blocks; ``\$`` is a
dollar sign.

A span latex2mathml cannot convert faithfully (an error, a command it does not know, an alignment ``&``
outside a table, a command missing an argument) is shown as its TeX source in ``<code class="math-tex">``
and logged: a student's own TeX in an answer cell may be anything, and its source is more readable than a
half-converted formula. A ``\\`` outside a table is drawn on one line, as MathJax 3 in JupyterLab draws it.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from latex2mathml.converter import convert_to_element
from nbgrader.preprocessors import NbGraderPreprocessor


def template_basedirs() -> list[str]:
    """``HTMLExporter.extra_template_basedirs`` for the feedback: this package's templates (whose
    ``feedback/mathjax.html.j2`` comes before nbconvert's) and nbgrader's own, where its ``feedback``
    template is (nbgrader sets only those when the configuration sets none)."""
    import nbgrader

    nbgrader_templates = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader",
                                      "templates")
    return [os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"), nbgrader_templates]


# ------------------------------------------------------------------------------------------ finding math

# The pieces JupyterLab splits markdown into: delimiters, braces, escaped braces and dollars, line breaks.
_MATHSPLIT = re.compile(r"(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|\\\\[()[\]])", re.I)
_FENCED = re.compile(r"^(?P<fence>`{3,}|(?:~T){3,})[^`\n]*\n[\s\S]*?^(?P=fence)`*$", re.M)
_CODE_SPAN = re.compile(r"(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)", re.M)
_BLANK_LINE = re.compile(r"\n.*\n")


@dataclass(frozen=True)
class Math:
    """One math span of a markdown text: ``source`` as written (delimiters included), ``tex`` without the
    delimiters (a bare environment keeps its ``\\begin``/``\\end``), and whether it is displayed."""
    source: str
    tex: str
    display: bool


def _hide_code_dollars(text: str) -> str:
    """``text`` with ``~`` written ``~T`` and every ``$`` in fenced code or a code span written ``~D``."""
    text = text.replace("~", "~T")
    text = _FENCED.sub(lambda m: m.group(0).replace("$", "~D"), text)
    return _CODE_SPAN.sub(lambda m: m.group(0).replace("$", "~D"), text)


def _restore(text: str) -> str:
    return re.sub(r"~([TD])", lambda m: "~" if m.group(1) == "T" else "$", text)


def _math_ranges(blocks: list[str]) -> list[tuple[int, int]]:
    """Inclusive (first, last) indices of ``blocks`` (text, separator, text, ...) that make up each math span.

    JupyterLab's rules: a span opens at ``$``, ``$$``, ``\\\\(``, ``\\\\[`` or ``\\begin{env}`` and closes at
    its matching delimiter with balanced braces, never across a blank line."""
    ranges, start, end, last, braces = [], None, None, None, 0
    i = 1
    while i < len(blocks):
        block = blocks[i]
        if start is not None:
            if block == end:
                if braces:
                    last = i
                else:
                    ranges.append((start, i))
                    start = end = last = None
            elif _BLANK_LINE.search(block):
                if last is not None:
                    i = last
                    ranges.append((start, i))
                start = end = last = None
                braces = 0
            elif block == "{":
                braces += 1
            elif block == "}" and braces:
                braces -= 1
        elif block in ("$", "$$"):
            start, end, braces = i, block, 0
        elif block in ("\\\\(", "\\\\["):
            start, end, braces = i, "\\\\)" if block.endswith("(") else "\\\\]", 0
        elif block[1:6] == "begin":
            start, end, braces = i, "\\end" + block[6:], 0
        i += 2
    if start is not None and last is not None:
        ranges.append((start, last))
    return ranges


def _math(source: str) -> Math:
    if source.startswith("$$"):
        return Math(source, source[2:-2], True)
    if source.startswith("$"):
        return Math(source, source[1:-1], False)
    if source.startswith("\\\\("):
        return Math(source, source[3:-3], False)
    if source.startswith("\\\\["):
        return Math(source, source[3:-3], True)
    return Math(source, source, True)  # \begin{env}...\end{env}


def split_math(text: str) -> list[str | Math]:
    """``text`` (markdown) as its pieces in order: plain markdown (str) and math spans (`Math`).

    Joining the pieces (a `Math` by its ``source``) gives ``text`` back, with line endings made ``\\n``.
    Dollars left in the plain pieces are not math (escaped, unmatched, or in code)."""
    hidden = _hide_code_dollars(text) if "`" in text or "~~~" in text else text
    blocks = _MATHSPLIT.split(re.sub(r"\r\n?", "\n", hidden))
    pieces: list[str | Math] = []
    done = 0
    for first, last in _math_ranges(blocks):
        pieces.append(_restore("".join(blocks[done:first])))
        pieces.append(_math(_restore("".join(blocks[first:last + 1]))))
        done = last + 1
    pieces.append(_restore("".join(blocks[done:])))
    return [p for p in pieces if p != ""]


# ------------------------------------------------------------------------------------------- to MathML

class MathError(ValueError):
    """TeX that latex2mathml cannot turn into MathML a browser draws faithfully."""


# Environments latex2mathml does not know, as the ones it does that lay out the same.
_SAME_LAYOUT = {"aligned": "align*", "equation": None, "equation*": None}
# Commands latex2mathml does not know, as ones it does that draw the same.
_SAME_DRAWING = {re.compile(r"\\arg(?![A-Za-z])"): r"\\operatorname{arg}"}
_ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2, "munderover": 3, "mroot": 2}


def _normalise(tex: str) -> str:
    for env, same in _SAME_LAYOUT.items():
        begin, end = "\\begin{%s}" % env, "\\end{%s}" % env
        if same is None:
            tex = tex.replace(begin, "").replace(end, "")
        else:
            tex = tex.replace(begin, "\\begin{%s}" % same).replace(end, "\\end{%s}" % same)
    for command, same in _SAME_DRAWING.items():
        tex = command.sub(same, tex)
    return tex


def _problems(element: Element) -> list[str]:
    """What in latex2mathml's ``element`` is not the formula the TeX meant (empty when all is well)."""
    found = []
    for node in element.iter():
        text = html.unescape(node.text or "")
        if node.tag in ("mi", "mo", "mn") and text.startswith("\\") and len(text) > 1:
            found.append(f"unknown command {text}")
        elif node.tag in ("mi", "mo") and text == "&":
            found.append("an alignment & outside a table")
        elif node.tag in _ARITY and len(node) != _ARITY[node.tag]:
            found.append(f"{node.tag} with {len(node)} arguments")
    return found


def _css_length_halves(spacing: str, count: int) -> list[str]:
    """Half of each of ``count`` gaps given by a MathML ``columnspacing``/``rowspacing`` (last value repeats)."""
    values = spacing.split() or ["0em"]
    halves = [f"calc({values[min(i, len(values) - 1)]} / 2)" for i in range(count)]
    return [re.sub(r"calc\(0(?:\.0*)?[a-z]* / 2\)", "0", half) for half in halves]


def _core_layout(element: Element) -> None:
    """Table alignment and spacing as CSS: MathML Core (what Chromium draws) has no ``columnalign``,
    ``columnspacing`` or ``rowspacing`` attributes, and would centre every column of an aligned block.
    Line breaks outside tables (no MathML Core either) go."""
    for parent in element.iter():
        for child in [c for c in parent if c.tag == "mspace" and "linebreak" in c.attrib]:
            parent.remove(child)
        _space_named_operators(parent)
    for table in element.iter("mtable"):
        rows = [row for row in table if row.tag == "mtr"]
        width = max((len(row) for row in rows), default=0)
        columns = _css_length_halves(table.attrib.pop("columnspacing", "0.8em"), max(width - 1, 0))
        lines = _css_length_halves(table.attrib.pop("rowspacing", "0.5ex"), max(len(rows) - 1, 0))
        default_align = table.attrib.pop("columnalign", "center").split()
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                align = cell.attrib.pop("columnalign", default_align[min(c, len(default_align) - 1)])
                padding = (lines[r - 1] if r else "0", columns[c] if c < width - 1 else "0",
                           lines[r] if r < len(rows) - 1 else "0", columns[c - 1] if c else "0")
                cell.set("style", f"text-align: {align}; padding: {' '.join(padding)}")


_SCRIPTED = ("msub", "msup", "msubsup", "munder", "mover", "munderover")


def _space_named_operators(parent: Element) -> None:
    """``\\max``, ``\\operatorname{step}``: latex2mathml writes ``<mo>word</mo>``, which MathML Core spaces as
    an unknown operator (a thick space both sides); TeX puts a thin space around it, none before ``(``.
    A ``/`` gets no space, as in TeX."""
    children = list(parent)
    for index, child in enumerate(children):
        core = child
        while core.tag in _SCRIPTED and len(core):
            core = core[0]
        word = html.unescape(core.text or "")
        if core.tag == "mo" and word == "/":  # TeX's / is an ordinary symbol, not a spaced operator
            core.set("lspace", "0")
            core.set("rspace", "0")
        if core.tag != "mo" or len(word) < 2 or not word.isalpha():
            continue
        after = children[index + 1] if index + 1 < len(children) else None
        opens = after is not None and after.tag == "mo" and html.unescape(after.text or "") in "([{"
        core.set("lspace", "0.167em")
        core.set("rspace", "0" if opens or after is None else "0.167em")


# Characters that markdown (or nbconvert's math finder) would read inside a line, or HTML in a text node or
# an attribute, written as references (the MathML is one line that starts with a tag, so line-start markup
# such as ``#`` or ``-`` cannot apply).
_MARKUP = {c: f"&#{ord(c)};" for c in "\\`*_[]{}<>|~$&\""}


def _escape(text: str) -> str:
    return "".join(_MARKUP.get(c, c) for c in text)


def _serialise(node: Element) -> str:
    """``node`` as HTML on one line; every text escaped, also for markdown (latex2mathml's own serialiser
    writes text unescaped: ``\\text{<b>}`` would become a tag)."""
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in node.attrib.items() if k != "xmlns")
    inner = _escape(html.unescape(node.text or "").replace("\n", " "))
    for child in node:
        inner += _serialise(child) + _escape(html.unescape(child.tail or "").replace("\n", " "))
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def to_mathml(tex: str, display: bool = False) -> str:
    """``<math>...</math>`` for ``tex`` (TeX without delimiters), on one line, safe inside markdown and HTML.

    Raises `MathError` when latex2mathml fails or would draw something else than the TeX meant."""
    try:
        element = convert_to_element(_normalise(tex), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises its own errors, and IndexError etc. on broken TeX
        raise MathError(f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc
    problems = _problems(element)
    if problems:
        raise MathError("; ".join(sorted(set(problems))))
    _core_layout(element)
    return _serialise(element)


# ----------------------------------------------------------------------------------------- in markdown

def _tex_source(math: Math) -> str:
    return f'<code class="math-tex">{html.escape(math.source).replace(chr(10), " ")}</code>'


def render_math(text: str, failures: list[tuple[str, str]] | None = None) -> str:
    """``text`` (markdown) with every math span as MathML, and the dollars that are not math as ``&#36;``
    (so that nbconvert's own math finder sees none). A span that cannot be converted becomes its TeX source
    in ``<code class="math-tex">``, and ``(source, reason)`` is appended to ``failures``."""
    out = []
    for piece in split_math(text):
        if isinstance(piece, str):
            out.append(_hide_plain_dollars(piece))
            continue
        try:
            out.append(to_mathml(piece.tex, piece.display))
        except MathError as exc:
            if failures is not None:
                failures.append((piece.source, str(exc)))
            out.append(_tex_source(piece))
    return "".join(out)


def _hide_plain_dollars(text: str) -> str:
    """``\\$`` and lone ``$`` outside code as ``&#36;``; code spans and fenced blocks keep theirs."""
    hidden = _hide_code_dollars(text)
    hidden = hidden.replace("\\$", "&#36;").replace("$", "&#36;")
    return _restore(hidden)


# ---------------------------------------------------------------------------------------- preprocessor

class MathToMathML(NbGraderPreprocessor):
    """Feedback preprocessor: math in markdown cells and in markdown/LaTeX outputs as MathML (see module)."""

    def preprocess(self, nb, resources):
        failures: list[tuple[str, str]] = []
        for cell in nb.cells:
            if cell.get("cell_type") == "markdown":
                cell.source = render_math(cell.source, failures)
            for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
                self._output(output, failures)
        for source, reason in failures:
            self.log.warning("math left as TeX in the feedback (%s): %s", reason, source[:200])
        resources.setdefault("mathml", {})["failures"] = failures
        return nb, resources

    @staticmethod
    def _output(output, failures: list[tuple[str, str]]) -> None:
        data = output.get("data", {})
        if "text/markdown" in data:
            data["text/markdown"] = render_math(_text(data["text/markdown"]), failures)
        if "text/latex" in data and "text/html" not in data:
            latex = _text(data["text/latex"])
            pieces = split_math(latex)
            if not any(isinstance(p, Math) for p in pieces):  # bare TeX, as IPython.display.Math may give
                latex = f"$${latex}$$"
            data["text/html"] = render_math(latex, failures)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value
