"""Offline HTML handouts of the notebooks: `make html` writes build/html/<notebook>.html, glossary.html (from
notebooks/glossary.md) and an index.html; the Chinese edition's (notebooks/zh) in build/html/zh/.

    python tools/build_html.py                       every notebook in notebooks/ and notebooks/zh/
    python tools/build_html.py notebooks/03_backprop.ipynb --out /tmp/handouts --timeout 90 --retries 1
    python tools/build_html.py --jobs 1 --force      one notebook at a time, every one executed again

Each notebook is executed, then exported with nbconvert's lab template, changed so that a handout opened
without a network shows everything:
- maths: the markdown's $…$ and $$…$$ become MathML (latex2mathml), which browsers render natively, in
  place of the MathJax that the template loads from a CDN;
- widgets: a widget's display output also carries a PNG of its figure (`ShowsPicture` in
  course_lib/viz/widgets/base.py); the widget views are dropped, and with them the widget state and the
  widget manager's scripts, which the template loads from a CDN and which could not run without a kernel;
- the template's other CDN scripts (require.js, the mermaid loader) are left out;
- images are embedded as base64 (outputs always are; `embed_images` does it for markdown images);
- every page has a navigation bar at its top and bottom (index · glossary · previous · next chapter), and a
  link to another notebook or to glossary.md points to its page.

Time: executing is nearly all of it (the training cells); exporting takes about a second a notebook. So the
notebooks are executed in parallel, one kernel per core (`--jobs`, each kernel then gets cores / jobs BLAS
threads), and an executed notebook is kept in <out>/.executed/ with a hash of what its outputs depend on
(the notebook, every file of course_lib, the versions of Python, numpy and matplotlib): while none of them
changed, the next build exports the kept copy without executing it (`--force` executes every one again).
The build prints, per notebook, the seconds spent executing and exporting.

Executing: nbclient now and then waits after a cell that displays a widget until its timeout runs out, with
the kernel idle (jupyter/nbclient#312): the kernel's reply had come, but the wait for it hands it over only
when it ends. `PromptClient` waits in quarter-second steps instead, which took chapter 0 from 100 s to 7 s.
Every cell still has a timeout, and a notebook whose cell timed out is executed again from the start
(`--retries` times). An error in a cell fails the build: a handout must not show a traceback the course
never shows.
"""

import argparse
import concurrent.futures
import hashlib
import html
import os
import platform
import re
import sys
import time
from pathlib import Path
from queue import Empty

import nbformat
from jinja2 import DictLoader, pass_context
from latex2mathml.converter import convert as latex_to_mathml
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError
from nbclient.util import ensure_async
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.widgetsdatatypefilter import WIDGET_VIEW_MIMETYPE

from course_lib.viz.widgets.base import FALLBACK_METADATA

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "html"
GLOSSARY = NOTEBOOKS / "glossary.md"
# The words of the handouts' own pages in each edition; a chapter's text is its notebook's. (A Chinese
# notebook executes in notebooks/zh, so its library messages are Chinese: course_lib/i18n.py.)
WORDS = {
    "en": {
        "html": "en",
        "index": "index",
        "glossary": "glossary · 术语表",
        "previous": "← previous: {}",
        "next": "next: {} →",
        "title": "Deep learning from the ground up: handouts",
        "heading": "Deep learning from the ground up",
        "intro": 'The notebooks as executed on {}, with every output. Each page works offline; the "Try it" '
        "widgets show their first picture (run the notebooks in JupyterLab to move them).",
        "terms": "The key terms with their Chinese names:",
    },
    "zh": {
        "html": "zh-CN",
        "index": "目录",
        "glossary": "术语表 · glossary",
        "previous": "← 上一章：{}",
        "next": "下一章：{} →",
        "title": "从零开始的深度学习：讲义",
        "heading": "从零开始的深度学习",
        "intro": "以下是 {} 执行后的笔记本，含全部输出。每一页都可离线阅读；"
        "“动手试试”中的交互控件只显示其第一幅图（在 JupyterLab 中运行笔记本才能拖动它们）。",
        "terms": "课程术语的中英对照：",
    },
}


def edition(path):
    """ "zh" for a notebook of the Chinese edition (in a folder named zh), else "en"."""
    return "zh" if Path(path).parent.name == "zh" else "en"


LIBRARY = ROOT / "course_lib"

# The lab template, less every script it would fetch from the network. `jupyter_widgets` is also empty
# without widget state (which `static_outputs` removes); it is blanked here so no state can bring it back.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style>
nav.handout-nav { font-family: sans-serif; font-size: 15px; padding: 8px 16px; margin: 0 0 8px;
                  background: #f3f5f8; border-bottom: 1px solid #d5dbe3; display: flex; gap: 1.2em;
                  flex-wrap: wrap }
nav.handout-nav.bottom { margin: 16px 0 0; border-top: 1px solid #d5dbe3; border-bottom: none }
nav.handout-nav .next { margin-left: auto }
</style>{%- endblock extra_css -%}
{%- block body_header -%}{{ super() }}{{ resources.nav_top | default('') }}{%- endblock body_header -%}
{%- block body_footer -%}{{ resources.nav_bottom | default('') }}{{ super() }}{%- endblock body_footer -%}
"""

# LaTeX that latex2mathml does not know, written in what it does. A command it does not know comes out as
# the command's name in italics, so `mathml` refuses any that are left (the build then names them).
LATEX_REWRITES = {r"\arg": r"\operatorname{arg}"}
UNCONVERTED = re.compile(r">\\[A-Za-z]+<")  # a `\command` left as the text of a MathML element


ALIGNED = re.compile(r"\\begin\{aligned\}(.*?)\\end\{aligned\}", re.S)
LITERAL_AMPERSAND = "<mi>&</mi>"  # an alignment mark latex2mathml took for a letter


def as_array(match):
    """`\\begin{aligned}…\\end{aligned}` as the array latex2mathml knows: its & columns aligned right,
    left, right, … as aligned's are (latex2mathml writes an aligned's & as a letter)."""
    body = match.group(1)
    columns = 1 + max(row.count("&") for row in body.split(r"\\"))
    return rf"\begin{{array}}{{{('rl' * columns)[:columns]}}}{body}\end{{array}}"


def mathml(tex, display):
    """MathML for the LaTeX `tex`, `display` "inline" or "block"; ValueError for LaTeX it cannot convert."""
    tex = ALIGNED.sub(as_array, tex)
    for old, new in LATEX_REWRITES.items():
        tex = re.sub(re.escape(old) + r"(?![A-Za-z])", lambda _: new, tex)
    try:
        out = latex_to_mathml(tex, display=display)
    except Exception as e:  # latex2mathml raises its own exceptions, one per kind of slip
        raise ValueError(f"latex2mathml cannot convert ${tex}$: {e}") from None
    if LITERAL_AMPERSAND in out:
        raise ValueError(f"latex2mathml writes the & of ${tex}$ as a letter: use an array or aligned")
    left = UNCONVERTED.search(out)
    if left:
        raise ValueError(
            f"latex2mathml does not know {left.group(0)[1:-1]} in ${tex}$: add it to "
            "LATEX_REWRITES in tools/build_html.py"
        )
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
        super().__init__(
            template_name="lab",
            template_file="handout.html.j2",
            embed_images=True,
            extra_loaders=[DictLoader({"handout.html.j2": TEMPLATE})],
            **kw,
        )

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


def kernel_env(blas_threads=None):
    """The environment for the kernel: this checkout's course_lib first on the path, whatever is installed;
    with `blas_threads`, that many BLAS/OpenMP threads (so parallel kernels do not fight for the cores)."""
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}
    if blas_threads:
        env.update(
            {
                name: str(blas_threads)
                for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
            }
        )
    return env


def in_steps(get_msg, step):
    """`get_msg(timeout)` (a channel's, async) made to wait in steps of `step` seconds up to the same
    deadline: a message that the channel would hand over only when the wait runs out is read within one
    step."""

    async def get_msg_in_steps(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = step if deadline is None else min(step, max(0.0, deadline - time.monotonic()))
            try:
                return await ensure_async(get_msg(timeout=wait))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_steps


class PromptClient(NotebookClient):
    """nbclient's client, reading the kernel's replies as they come.

    After a cell that displays a widget, nbclient's wait for the kernel's reply on the shell channel now and
    then returns only when its timeout (the cell's, 90 s) runs out, although the reply had come at once
    (jupyter/nbclient#312): chapter 0 waited 89 s after its first widget, in a build of 130 s. Here the
    client waits in steps of `POLL` seconds up to the same deadline (`in_steps`), so such a reply is read
    within one step."""

    POLL = 0.25

    def __init__(self, nb, **kw):
        # ipykernel warns on every start that it "is running over TCP without encryption", which the local
        # kernels nbclient starts always do: one such line per notebook buried the build's own lines
        kw.setdefault("extra_arguments", ["--IPKernelApp.log_level=ERROR"])
        super().__init__(nb, **kw)

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        kc.shell_channel.get_msg = in_steps(kc.shell_channel.get_msg, self.POLL)
        return kc


def execute(path, timeout=90, retries=1, log=print, blas_threads=None):
    """The notebook at `path`, executed in a new kernel in its own folder; each cell gets `timeout` seconds.

    A cell that times out is most likely nbclient#312 (a lost reply after a widget cell), not a slow cell, so
    the notebook is executed again from the start, up to `retries` times; then CellTimeoutError."""
    path = Path(path)
    for attempt in range(retries + 1):
        nb = nbformat.read(path, as_version=4)
        client = PromptClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        try:
            client.execute(env=kernel_env(blas_threads))  # the kernel starts in path's folder (resources)
            return nb
        except CellTimeoutError:
            if attempt == retries:
                raise
            log(
                f"{path.name}: a cell timed out after {timeout} s (nbclient#312?); "
                f"executing it again ({attempt + 2} of {retries + 1})"
            )
    raise AssertionError("unreachable")


def inputs_hash(path):
    """A hash of what the executed notebook at `path` depends on: its own bytes, every file of course_lib
    (code, the letters' statistics, the widgets' JavaScript) and the versions of Python, numpy and matplotlib.
    Equal hashes: executing it again would give the same outputs (the notebooks are seeded)."""
    import matplotlib
    import numpy

    digest = hashlib.sha256(Path(path).read_bytes())
    for file in sorted(LIBRARY.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(LIBRARY)).encode() + b"\0" + file.read_bytes())
    digest.update(f"{platform.python_version()} {numpy.__version__} {matplotlib.__version__}".encode())
    return digest.hexdigest()


def execute_or_reuse(path, cache, timeout=90, retries=1, log=print, force=False, blas_threads=None):
    """`execute(path)`, or the copy kept in the folder `cache` when nothing it depends on has changed
    (`inputs_hash`); returns (notebook, True if it was executed now)."""
    path, cache = Path(path), Path(cache)
    kept, key_file = cache / f"{path.stem}.ipynb", cache / f"{path.stem}.sha256"
    key = inputs_hash(path)
    if not force and kept.exists() and key_file.exists() and key_file.read_text().strip() == key:
        return nbformat.read(kept, as_version=4), False
    start = time.perf_counter()
    nb = execute(path, timeout, retries, log, blas_threads)
    cache.mkdir(parents=True, exist_ok=True)
    key_file.unlink(missing_ok=True)  # written last: a half-written copy is never reused
    nbformat.write(nb, kept)
    (cache / f"{path.stem}.seconds").write_text(f"{time.perf_counter() - start:.1f}\n")
    key_file.write_text(key + "\n")
    return nb, True


def last_seconds(path, cache):
    """How long the notebook at `path` took to execute last time (kept beside its copy), 0 if unknown."""
    try:
        return float((Path(cache) / f"{Path(path).stem}.seconds").read_text())
    except (OSError, ValueError):
        return 0.0


def static_outputs(nb):
    """Make the executed `nb` static, in place: drop the widget state (without it nbconvert renders no widget
    view and the footer holds no state script) and the widget views themselves (so the PNG beside each one
    shows whatever nbconvert's priorities say), and the fallback picture sent before each widget
    (ShowsPicture).
    Returns [(cell index, text)] of the widget outputs that had no PNG: nothing but their text would show."""
    nb.metadata.pop("widgets", None)
    missing = []
    for index, cell in enumerate(nb.cells):
        # the picture JupyterLab shows once a widget's model is gone (ShowsPicture): the bundle's PNG shows
        # here
        cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("metadata") != FALLBACK_METADATA]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW_MIMETYPE in data:
                del data[WIDGET_VIEW_MIMETYPE]
                if "image/png" not in data:
                    missing.append((index, data.get("text/plain", "")[:80]))
    return missing


def export(nb, path, exporter=None, nav=None, page_title=None, pages=()):
    """HTML of `nb`, executed from `path` and made static (static_outputs). `nav` is (top, bottom) HTML of
    the navigation bars; `page_title` the browser tab's title; a link to `X.ipynb` for X in `pages`, or to
    glossary.md, becomes a link to its page."""
    path = Path(path)
    exporter = exporter or HandoutExporter()
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}  # for markdown images' paths
    if nav:
        resources["nav_top"], resources["nav_bottom"] = nav
    if page_title:
        nb.metadata["title"] = page_title
    page = exporter.from_notebook_node(nb, resources=resources)[0]
    return relink(page, pages)


def relink(page, pages):
    """`page` with href="X.ipynb…" (X in `pages`) and href="glossary.md" pointing at the handout pages."""
    page = re.sub(r'href="glossary\.md(#[^"]*)?"', lambda m: f'href="glossary.html{m.group(1) or ""}"', page)
    return re.sub(
        r'href="([\w.-]+)\.ipynb(#[^"]*)?"',
        lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"' if m.group(1) in pages else m.group(0),
        page,
    )


def title(nb, fallback):
    """The notebook's first heading, or `fallback`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+)$", cell.source, re.M)
            if match:
                return match.group(1).strip()
    return fallback


def navigation(pages, k, glossary=True, lang="en"):
    """(top, bottom) navigation bars of page k of `pages`, [(stem, title)] in reading order (k None: the
    glossary page): the index, the glossary, and the previous and next chapter, in the edition's words."""
    words = WORDS[lang]

    def link(stem, text, cls=""):
        attribute = f' class="{cls}"' if cls else ""
        return f'<a href="{html.escape(stem)}.html"{attribute}>{html.escape(text)}</a>'

    items = [link("index", words["index"])]
    if glossary:
        items.append(link("glossary", words["glossary"]))
    if k is not None and k > 0:
        items.append(link(pages[k - 1][0], words["previous"].format(pages[k - 1][1]), "prev"))
    if k is not None and k + 1 < len(pages):
        items.append(link(pages[k + 1][0], words["next"].format(pages[k + 1][1]), "next"))
    bar = " ".join(items)
    return (f'<nav class="handout-nav top">{bar}</nav>', f'<nav class="handout-nav bottom">{bar}</nav>')


def glossary_notebook(path=GLOSSARY):
    """The glossary (markdown) as a notebook of one markdown cell, for the same exporter as the chapters."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(Path(path).read_text(encoding="utf-8"))]
    return nb


def index_page(entries, glossary=True, lang="en"):
    """index.html: the handouts, one line each, and the glossary; `entries` is [(file name, title, size in
    bytes)]."""
    words = WORDS[lang]
    items = "\n".join(
        f'<li><a href="{html.escape(f)}">{html.escape(t)}</a> <small>({s / 1e6:.1f} MB)</small></li>'
        for f, t, s in entries
    )
    terms = f'<p>{words["terms"]} <a href="glossary.html">{words["glossary"]}</a>.</p>' if glossary else ""
    return f"""<!DOCTYPE html>
<html lang="{words["html"]}"><head><meta charset="utf-8"><title>{words["title"]}</title>
<style>body {{ font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.6 }}</style></head>
<body><h1>{words["heading"]}</h1>
<p>{words["intro"].format(time.strftime("%Y-%m-%d"))}</p>
<ol start="0">
{items}
</ol>
{terms}
</body></html>
"""


def make_page(path, out, k, pages, timeout, retries, force, blas_threads, glossary):
    """Execute (or reuse) the notebook at `path` and write its page into `out`: the worker of `build`, in its
    own process when there are several. Returns (file name, size, seconds executing (0: reused), seconds
    exporting, messages)."""
    said = []
    start = time.perf_counter()
    nb, ran = execute_or_reuse(
        path, Path(out) / ".executed", timeout, retries, said.append, force, blas_threads
    )
    executed = time.perf_counter()
    missing = static_outputs(nb)
    if missing:
        raise RuntimeError(
            f"{path.name}: widget outputs with no picture, cells "
            f"{', '.join(f'{i} ({t})' for i, t in missing)}: give the widget's class "
            "ShowsPicture (course_lib/viz/widgets/base.py)"
        )
    target = Path(out) / f"{path.stem}.html"
    target.write_text(
        export(
            nb,
            path,
            nav=navigation(pages, k, glossary, edition(path)),
            page_title=pages[k][1],
            pages={stem for stem, _ in pages},
        ),
        encoding="utf-8",
    )
    return (
        target.name,
        target.stat().st_size,
        (executed - start) if ran else 0.0,
        time.perf_counter() - executed,
        said,
    )


def cores():
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build(paths, out=OUT, timeout=90, retries=1, log=print, jobs=None, force=False, glossary=GLOSSARY):
    """Execute and export every notebook in `paths` into `out`, with glossary.html (unless `glossary` is
    None) and an index.html; returns the files. `jobs` notebooks at a time (default: one per core); previous
    and next follow the order of `paths`, which are all of one edition (`edition`)."""
    out, paths = Path(out), [Path(p) for p in paths]
    lang = edition(paths[0]) if paths else "en"
    out.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or cores(), len(paths) or 1))
    blas_threads = max(1, cores() // jobs) if jobs > 1 else None
    pages = [(p.stem, title(nbformat.read(p, as_version=4), p.stem)) for p in paths]
    tasks = [
        (p, out, k, pages, timeout, retries, force, blas_threads, glossary is not None)
        for k, p in enumerate(paths)
    ]
    if jobs == 1:
        results = [make_page(*task) for task in tasks]
        for result in results:
            _report(out, result, log)
    else:
        with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
            # the slowest first (as last time), so that no long notebook starts last while the others idle
            order = sorted(tasks, key=lambda task: -last_seconds(task[0], out / ".executed"))
            submitted = {task[2]: pool.submit(make_page, *task) for task in order}
            futures = [submitted[k] for k in range(len(tasks))]
            for future in concurrent.futures.as_completed(futures):
                _report(out, future.result(), log)
            results = [f.result() for f in futures]
    entries = [(name, t, size) for (name, size, *_), (_, t) in zip(results, pages)]
    files = [out / name for name, _, _ in entries]
    if glossary is not None:
        target = out / "glossary.html"
        target.write_text(
            export(
                glossary_notebook(glossary),
                glossary,
                nav=navigation(pages, None, lang=lang),
                page_title="Glossary · 术语表",
                pages={s for s, _ in pages},
            ),
            encoding="utf-8",
        )
        files.append(target)
    (out / "index.html").write_text(index_page(entries, glossary is not None, lang), encoding="utf-8")
    return files + [out / "index.html"]


def _report(out, result, log):
    name, size, executing, exporting, said = result
    for message in said:
        log(message)
    how = f"executed in {executing:.0f} s" if executing else "unchanged, not executed again"
    log(f"{out / name}: {size / 1e6:.1f} MB; {how}, exported in {exporting:.1f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        default=sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "zh").glob("*.ipynb")),
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--timeout", type=int, default=90, help="seconds per cell (default 90)")
    parser.add_argument(
        "--retries", type=int, default=1, help="runs again after a cell timed out (default 1)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help=f"notebooks executed at a time (default: one per core, here {cores()})",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="execute every notebook again, even if it and course_lib are unchanged",
    )
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be a whole number ≥ 1, got {args.jobs}")
    start = time.perf_counter()
    for lang in ("en", "zh"):  # each edition its own set of pages: the Chinese one in <out>/zh
        paths = [p for p in args.notebooks if edition(p) == lang]
        if paths:
            build(
                paths,
                args.out / ("zh" if lang == "zh" else ""),
                args.timeout,
                args.retries,
                log=lambda m: print(m, file=sys.stderr),
                jobs=args.jobs,
                force=args.force,
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    jobs = min(args.jobs or cores(), len(args.notebooks))
    print(
        f"{len(args.notebooks)} handouts in {args.out} ({time.perf_counter() - start:.0f} s, {jobs} at a "
        f"time; load average {load:.1f} on {cores()} cores)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
