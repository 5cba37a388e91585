"""Offline HTML handouts of the notebooks: `make html` writes build/html/<notebook>.html and an index.html.

    python tools/build_html.py                       every notebook in notebooks/
    python tools/build_html.py notebooks/03_backprop.ipynb --out /tmp/handouts --timeout 90 --retries 1

Each notebook is executed afresh, then exported with nbconvert's lab template, changed so that a handout
opened without a network shows everything:
- maths: the markdown's $…$ and $$…$$ become MathML (latex2mathml), which browsers render natively, in
  place of the MathJax that the template loads from a CDN;
- widgets: a widget's display output also carries a PNG of its figure (`ShowsPicture` in
  course_lib/viz/widgets/base.py); the widget views are dropped, and with them the widget state and the
  widget manager's scripts, which the template loads from a CDN and which could not run without a kernel;
- the template's other CDN scripts (require.js, the mermaid loader) are left out;
- images are embedded as base64 (outputs always are; `embed_images` does it for markdown images).

Executing: nbclient now and then waits after a cell that displays a widget until its timeout runs out, with
the kernel idle (jupyter/nbclient#312). So every cell has a timeout, and a notebook whose cell timed out is
executed again from the start (`--retries` times). An error in a cell fails the build: a handout must not
show a traceback the course never shows.
"""
import argparse
import html
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jinja2 import DictLoader, pass_context
from latex2mathml.converter import convert as latex_to_mathml
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.widgetsdatatypefilter import WIDGET_VIEW_MIMETYPE

from course_lib.viz.widgets.base import FALLBACK_METADATA

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "html"

# The lab template, less every script it would fetch from the network. `jupyter_widgets` is also empty
# without widget state (which `static_outputs` removes); it is blanked here so no state can bring it back.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

# LaTeX that latex2mathml does not know, written in what it does. A command it does not know comes out as
# the command's name in italics, so `mathml` refuses any that are left (the build then names them).
LATEX_REWRITES = {r"\arg": r"\operatorname{arg}"}
UNCONVERTED = re.compile(r">\\[A-Za-z]+<")          # a `\command` left as the text of a MathML element


def mathml(tex, display):
    """MathML for the LaTeX `tex`, `display` "inline" or "block"; ValueError for LaTeX it cannot convert."""
    for old, new in LATEX_REWRITES.items():
        tex = re.sub(re.escape(old) + r"(?![A-Za-z])", lambda _: new, tex)
    try:
        out = latex_to_mathml(tex, display=display)
    except Exception as e:            # latex2mathml raises its own exceptions, one per kind of slip
        raise ValueError(f"latex2mathml cannot convert ${tex}$: {e}") from None
    left = UNCONVERTED.search(out)
    if left:
        raise ValueError(f"latex2mathml does not know {left.group(0)[1:-1]} in ${tex}$: add it to "
                         "LATEX_REWRITES in tools/build_html.py")
    return out


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer with the maths written as MathML instead of left for MathJax."""

    def block_math(self, body):
        return mathml(body, "block")

    def inline_math(self, body):
        return mathml(body, "inline")

    def latex_environment(self, name, body):
        return mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")


class HandoutExporter(HTMLExporter):
    """The lab template's HTML, needing nothing from the network: MathML maths, no CDN scripts, images
    embedded."""

    def __init__(self, **kw):
        super().__init__(template_name="lab", template_file="handout.html.j2", embed_images=True,
                         extra_loaders=[DictLoader({"handout.html.j2": TEMPLATE})], **kw)

    @pass_context
    def markdown2html(self, context, source):
        """nbconvert's own filter (HTMLExporter.markdown2html) with `MathMLRenderer`."""
        cell = context.get("cell", {})
        renderer = MathMLRenderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)


def kernel_env():
    """The environment for the kernel: this checkout's course_lib first on the path, whatever is installed."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def execute(path, timeout=90, retries=1, log=print):
    """The notebook at `path`, executed in a new kernel in its own folder; each cell gets `timeout` seconds.

    A cell that times out is most likely nbclient#312 (a lost reply after a widget cell), not a slow cell, so
    the notebook is executed again from the start, up to `retries` times; then CellTimeoutError."""
    path = Path(path)
    for attempt in range(retries + 1):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute(env=kernel_env())          # the kernel starts in path's folder (resources)
            return nb
        except CellTimeoutError:
            if attempt == retries:
                raise
            log(f"{path.name}: a cell timed out after {timeout} s (nbclient#312?); "
                f"executing it again ({attempt + 2} of {retries + 1})")
    raise AssertionError("unreachable")


def static_outputs(nb):
    """Make the executed `nb` static, in place: drop the widget state (without it nbconvert renders no widget
    view and the footer holds no state script) and the widget views themselves (so the PNG beside each one
    shows whatever nbconvert's priorities say), and the fallback picture sent before each widget (ShowsPicture).
    Returns [(cell index, text)] of the widget outputs that had no PNG: nothing but their text would show."""
    nb.metadata.pop("widgets", None)
    missing = []
    for index, cell in enumerate(nb.cells):
        # the picture JupyterLab shows once a widget's model is gone (ShowsPicture): the bundle's PNG shows here
        cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("metadata") != FALLBACK_METADATA]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW_MIMETYPE in data:
                del data[WIDGET_VIEW_MIMETYPE]
                if "image/png" not in data:
                    missing.append((index, data.get("text/plain", "")[:80]))
    return missing


def export(nb, path, exporter=None):
    """HTML of `nb`, executed from `path` and made static (static_outputs)."""
    path = Path(path)
    exporter = exporter or HandoutExporter()
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}   # for markdown images' paths
    return exporter.from_notebook_node(nb, resources=resources)[0]


def title(nb, fallback):
    """The notebook's first heading, or `fallback`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+)$", cell.source, re.M)
            if match:
                return match.group(1).strip()
    return fallback


def index_page(entries):
    """index.html: the handouts, one line each; `entries` is [(file name, title, size in bytes)]."""
    items = "\n".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a> '
                      f'<small>({s / 1e6:.1f} MB)</small></li>' for f, t, s in entries)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Deep learning from the ground up: handouts</title>
<style>body {{ font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.6 }}</style></head>
<body><h1>Deep learning from the ground up</h1>
<p>The notebooks as executed on {time.strftime('%Y-%m-%d')}, with every output. Each page works offline;
the "Try it" widgets show their first picture (run the notebooks in JupyterLab to move them).</p>
<ol start="0">
{items}
</ol></body></html>
"""


def build(paths, out=OUT, timeout=90, retries=1, log=print):
    """Execute and export every notebook in `paths` into `out`, with an index.html; returns the files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    exporter = HandoutExporter()
    entries = []
    for path in map(Path, paths):
        start = time.perf_counter()
        nb = execute(path, timeout, retries, log)
        missing = static_outputs(nb)
        if missing:
            raise RuntimeError(f"{path.name}: widget outputs with no picture, cells "
                               f"{', '.join(f'{i} ({t})' for i, t in missing)}: give the widget's class "
                               "ShowsPicture (course_lib/viz/widgets/base.py)")
        target = out / f"{path.stem}.html"
        target.write_text(export(nb, path, exporter), encoding="utf-8")
        size = target.stat().st_size
        entries.append((target.name, title(nb, path.stem), size))
        log(f"{target}: {size / 1e6:.1f} MB in {time.perf_counter() - start:.0f} s")
    (out / "index.html").write_text(index_page(entries), encoding="utf-8")
    return [out / name for name, _, _ in entries] + [out / "index.html"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, default=sorted(NOTEBOOKS.glob("*.ipynb")))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--timeout", type=int, default=90, help="seconds per cell (default 90)")
    parser.add_argument("--retries", type=int, default=1,
                        help="runs again after a cell timed out (default 1)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.notebooks, args.out, args.timeout, args.retries, log=lambda m: print(m, file=sys.stderr))
    print(f"{len(args.notebooks)} handouts in {args.out} ({time.perf_counter() - start:.0f} s)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
