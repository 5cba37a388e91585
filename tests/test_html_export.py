"""The HTML handouts (`make html`, tools/build_html.py): every widget shows a picture, the maths are MathML,
nothing is fetched from the network, and a notebook whose cell times out is executed again.

One notebook (chapter 3: a widget, a figure, and the most maths) is executed and exported in full; for the
others the mechanism is checked: every displayable widget class carries a picture, and the exporter turns a
widget output into its picture.
"""

import base64
import copy
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from nbclient.exceptions import CellTimeoutError

import course_lib as cl
import course_lib.viz
from course_lib.viz.playground import Playground
from course_lib.viz.widgets import BackpropStepper, DrawLetter, SeparabilityExplorer
from course_lib.viz.widgets.base import FALLBACK_METADATA, ShowsPicture, run_this_cell

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_html  # noqa: E402  (a script in tools/, not a package)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG_MAGIC = b"\x89PNG"
# A script, style sheet, font, image or frame fetched at read time: a src or href on such a tag, or a CSS
# url()/@import, that names another host (http:, https: or protocol-relative //). Links in the prose (<a>)
# are fine: they are followed only when clicked.
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?"""
    r"""(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.I,
)


def _widget_classes():
    """Every class in course_lib.viz whose objects build an ipywidgets UI (`self.ui = …`)."""
    found = []
    for info in pkgutil.walk_packages(course_lib.viz.__path__, "course_lib.viz."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and "self.ui =" in inspect.getsource(cls):
                found.append(cls)
    return found


def test_every_displayable_widget_class_carries_a_picture():
    classes = _widget_classes()
    assert {"Explorer", "Playground", "DrawLetter"} <= {c.__name__ for c in classes}
    for cls in classes:
        assert issubclass(cls, ShowsPicture), f"{cls.__name__} displays a widget with no picture"
        # IPython asks _ipython_display_ first, and then never looks at _repr_mimebundle_
        assert not hasattr(cls, "_ipython_display_"), f"{cls.__name__} would bypass ShowsPicture"


@pytest.mark.parametrize(
    "make",
    [
        SeparabilityExplorer,
        BackpropStepper,
        lambda: Playground(data="circles", hidden=(4, 2), lr=0.003),
        lambda: DrawLetter(cl.mlp((289, 20, 26), "sigmoid", rng=0, output_activation=None)),
    ],
    ids=["Explorer", "BackpropStepper", "Playground", "DrawLetter"],
)
def test_displaying_a_widget_gives_its_view_and_a_png(make):
    widget = make()
    data, _ = DisplayFormatter().format(widget)  # what IPython sends for `widget` last in a cell
    assert {WIDGET_VIEW, "image/png", "text/plain"} <= set(data)
    assert data[WIDGET_VIEW]["model_id"] == widget.ui.model_id
    png = base64.b64decode(data["image/png"])
    assert png.startswith(PNG_MAGIC) and len(png) > 5000  # a picture, not an empty canvas
    assert data["text/plain"].startswith(widget.where)


@pytest.mark.parametrize(
    "make",
    [
        SeparabilityExplorer,
        lambda: Playground(data="circles", hidden=(4, 2), lr=0.003),
        lambda: DrawLetter(cl.mlp((289, 20, 26), "sigmoid", rng=0, output_activation=None)),
    ],
    ids=["Explorer", "Playground", "DrawLetter"],
)
def test_in_a_kernel_a_widget_also_sends_its_picture_and_run_this_cell_for_when_its_model_is_gone(make):
    """Issue 23 item 3: JupyterLab shows "Error displaying widget: model not found" after a reload, never the
    bundle's PNG. So the widget sends, first, an HTML output with the picture and "Run this cell …", whose CSS
    hides it beside a live view (a DOM class only the live ui has)."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    widget = make()
    with capture_output() as captured:
        display(widget)
    fallback, shown = captured.outputs[-2:]
    assert WIDGET_VIEW in shown.data and WIDGET_VIEW not in fallback.data
    assert fallback.metadata == FALLBACK_METADATA
    page = fallback.data["text/html"]
    assert run_this_cell() in page and run_this_cell() in fallback.data["text/plain"]
    assert f'src="data:image/png;base64,{shown.data["image/png"]}"' in page  # the same picture
    assert "course-widget-live" in widget.ui._dom_classes and ".course-widget-live" in page
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "widget",
            outputs=[
                nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata)
                for o in (fallback, shown)
            ],
        )
    ]
    assert build_html.static_outputs(nb) == []  # the handout keeps the bundle's PNG only
    assert [sorted(o.data) for o in nb.cells[0].outputs] == [["image/png", "text/plain"]]


def test_an_explorer_in_error_shows_its_message_and_no_stale_picture():
    ex = BackpropStepper()
    ex.update = lambda step=0: (_ for _ in ()).throw(cl.errors.ConfigError("no such step"))
    data, _ = DisplayFormatter().format(ex)
    assert "image/png" not in data and "no such step" in data["text/plain"]


# -- the exporter, on a notebook made here (no kernel) ------------------------------------------------
def _made_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "Inline $\\sigma'(z) \\le \\tfrac14$ and a price of 5 dollars.\n\n$$w^* = \\arg\\min_w L(w)$$"
        ),
        nbformat.v4.new_code_cell(
            "widget",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": "abc"},
                        "image/png": "iVBORw0KGgo=",
                        "text/plain": "SomeExplorer: fine",
                    },
                )
            ],
        ),
    ]
    # the widget state nbclient stores: with it, nbconvert would render the widget view and load its scripts
    nb.metadata.widgets = {
        "application/vnd.jupyter.widget-state+json": {
            "state": {"abc": {"model_name": "VBoxModel"}},
            "version_major": 2,
            "version_minor": 0,
        }
    }
    return nb


def test_the_exporter_shows_the_widget_picture_and_mathml(tmp_path):
    nb = _made_notebook()
    assert build_html.static_outputs(nb) == []
    page = build_html.export(nb, tmp_path / "made.ipynb")
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page
    assert WIDGET_VIEW not in page and "widget-state" not in page
    assert page.count("<math") == 2 and 'display="block"' in page
    assert "<mo>arg</mo>" in page  # \arg, which latex2mathml lacks
    assert "$" not in page.split("<body")[1].replace("5 dollars", "")
    assert not EXTERNAL.findall(page)


def test_a_widget_output_without_a_picture_is_reported():
    nb = _made_notebook()
    del nb.cells[1].outputs[0].data["image/png"]
    assert build_html.static_outputs(nb) == [(1, "SomeExplorer: fine")]


def test_latex_the_converter_does_not_know_is_refused_by_name():
    with pytest.raises(ValueError, match=r"\\foo"):
        build_html.mathml(r"x \foo y", "inline")
    assert "<mi>x</mi>" in build_html.mathml("x", "inline")


def test_aligned_equations_keep_their_columns():
    """latex2mathml writes aligned's & as a letter ("a & = b" on the page, 03's and 07b's equations): the
    build turns aligned into an array with the same right-left columns, and refuses a stray &."""
    out = build_html.mathml(r"\begin{aligned} z &= Wx + b \\ a &= \sigma(z) \end{aligned}", "block")
    assert "<mi>&</mi>" not in out and out.count("<mtr>") == 2
    assert out.count('columnalign="right"') == out.count('columnalign="left"') == 2
    with pytest.raises(ValueError, match="writes the & of"):
        build_html.mathml("a & b", "block")


def test_external_scripts_are_recognised():
    for tag in (
        '<script src="https://cdn.example/mathjax.js"></script>',
        '<link rel="stylesheet" href="//cdn.example/a.css">',
        "<style>@import 'https://x/y.css'</style>",
        "<style>a { background: url(http://x/y.png) }</style>",
    ):
        assert EXTERNAL.search(tag), tag
    assert not EXTERNAL.search('<a href="https://en.wikipedia.org/wiki/Perceptron">prose</a>')
    assert not EXTERNAL.search('<img src="data:image/png;base64,AAAA">')


# -- a whole chapter, executed and exported ---------------------------------------------------------------
CHAPTER3 = ROOT / "notebooks" / "03_backprop.ipynb"


@pytest.fixture(scope="module")
def chapter3():
    """Chapter 3 as executed, and its handout: what `build` does for each notebook, step by step."""
    executed = build_html.execute(CHAPTER3, timeout=120, retries=1, log=lambda _: None)
    nb = copy.deepcopy(executed)
    assert build_html.static_outputs(nb) == []
    return executed, build_html.export(nb, CHAPTER3)


def test_every_widget_cell_of_an_exported_chapter_shows_its_picture(chapter3):
    executed, page = chapter3
    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    widget_outputs = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert widget_outputs, "chapter 3 displays the BackpropStepper"
    for output in widget_outputs:
        assert f'src="data:image/png;base64,{output.data["image/png"].strip()}"' in page
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert page.count('src="data:image/png;base64,') == len(pictures)
    assert WIDGET_VIEW not in page


def test_an_exported_chapter_needs_nothing_from_the_network(chapter3):
    _, page = chapter3
    assert not EXTERNAL.findall(page)
    assert not re.search(r"mathjax|require\.js|unpkg|cdnjs|jsdelivr", page, re.I)


def test_an_exported_chapter_has_its_maths_as_mathml(chapter3):
    executed, page = chapter3
    source_maths = sum(
        len(re.findall(r"\$\$.+?\$\$|(?<![$\\])\$[^$]+?\$", c.source, re.S))
        for c in executed.cells
        if c.cell_type == "markdown"
    )
    assert page.count("<math ") == source_maths > 20
    assert "$$" not in page
    for block in re.findall(r'data-mime-type="text/markdown">(.*?)</div>', page, re.S):
        assert not re.search(r"\$[^$]+\$", block), block[:200]


def test_build_writes_the_handouts_the_glossary_and_an_index(tmp_path):
    files = build_html.build([CHAPTER3], tmp_path, timeout=120, retries=1, log=lambda _: None)
    assert [f.name for f in files] == ["03_backprop.html", "glossary.html", "index.html"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="03_backprop.html">Chapter 3 — Backpropagation (反向传播)</a>' in index
    assert '<a href="glossary.html">' in index
    glossary = (tmp_path / "glossary.html").read_text(encoding="utf-8")
    assert (
        "<table" in glossary
        and "<td>反向传播</td>" in glossary
        and "<title>Glossary · 术语表</title>" in glossary
    )
    assert glossary.count('<nav class="handout-nav') == 2 and 'href="index.html"' in glossary
    chapter = (tmp_path / "03_backprop.html").read_text(encoding="utf-8")
    assert "<math " in chapter and "<title>Chapter 3 — Backpropagation (反向传播)</title>" in chapter
    for page in (index, glossary, chapter):
        assert not EXTERNAL.findall(page)
        assert not SEED_AS_SOURCE.search(re.sub(r"<[^>]+>", " ", page))  # the text a student reads


# -- navigation, glossary, reuse and parallel execution, on notebooks made here ----------------------------
def _chapters(tmp_path):
    """Three small notebooks a, b, c whose one code cell counts its runs in runs-<name>.txt, b with links to
    c.ipynb and glossary.md; and a glossary.md."""
    paths = []
    for name, links in (
        ("a", ""),
        ("b", " See [chapter C](c.ipynb#top) and the [glossary](glossary.md)."),
        ("c", ""),
    ):
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# Chapter {name.upper()}\n\nText of {name}.{links}"),
            nbformat.v4.new_code_cell(
                f"import pathlib\nf = pathlib.Path('runs-{name}.txt')\n"
                "f.write_text(str(int(f.read_text()) + 1 if f.exists() else 1))\nprint('ran')"
            ),
        ]
        paths.append(tmp_path / f"{name}.ipynb")
        nbformat.write(nb, paths[-1])
    (tmp_path / "glossary.md").write_text(
        "# Glossary · 术语表\n\n| English | 中文 |\n|---|---|\n| loss | 损失 |\n", encoding="utf-8"
    )
    return paths


def _navs(page):
    """[[(href, text)] of each navigation bar] of a page."""
    return [
        re.findall(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>([^<]*)</a>', bar)
        for bar in re.findall(r'<nav class="handout-nav[^"]*">(.*?)</nav>', page, re.S)
    ]


def _runs(tmp_path):
    return {n: int((tmp_path / f"runs-{n}.txt").read_text()) for n in "abc"}


def test_every_page_links_the_index_the_glossary_and_its_neighbours(tmp_path):
    paths, out = _chapters(tmp_path), tmp_path / "html"
    build_html.build(paths, out, timeout=60, jobs=1, glossary=tmp_path / "glossary.md", log=lambda _: None)
    index, glossary = ("index.html", "index"), ("glossary.html", "glossary · 术语表")
    expected = {
        "a": [index, glossary, ("b.html", "next: Chapter B →")],
        "b": [index, glossary, ("a.html", "← previous: Chapter A"), ("c.html", "next: Chapter C →")],
        "c": [index, glossary, ("b.html", "← previous: Chapter B")],
        "glossary": [index, glossary],
    }
    for name, links in expected.items():
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        navs = _navs(page)
        assert navs == [links, links], name  # one bar at the top, one at the bottom
        assert (
            page.index('class="handout-nav top"')
            < page.index(f"Text of {name}" if name != "glossary" else "<table")
            < page.index("handout-nav bottom")
        )
        for href, _ in links:
            assert (out / href).exists(), f"{name}.html links to a missing {href}"
        assert not EXTERNAL.findall(page)
    b = (out / "b.html").read_text(encoding="utf-8")
    assert 'href="c.html#top"' in b and 'href="glossary.html"' in b and ".ipynb" not in b
    assert "<td>损失</td>" in (out / "glossary.html").read_text(encoding="utf-8")
    assert 'href="glossary.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_the_chinese_editions_pages_speak_chinese():
    """A notebook in a folder named zh is of the Chinese edition: its navigation and index are Chinese."""
    assert build_html.edition(ROOT / "notebooks" / "zh" / "01_neurons_activations.ipynb") == "zh"
    assert build_html.edition(ROOT / "notebooks" / "01_neurons_activations.ipynb") == "en"
    pages = [("a", "第 A 章"), ("b", "第 B 章")]
    top, _bottom = build_html.navigation(pages, 1, lang="zh")
    assert re.findall(r">([^<]+)</a>", top) == ["目录", "术语表 · glossary", "← 上一章：第 A 章"]
    index = build_html.index_page([("a.html", "第 A 章", 1e6)], lang="zh")
    assert '<html lang="zh-CN">' in index and "讲义" in index and "handouts" not in index


def test_an_unchanged_notebook_is_not_executed_again(tmp_path):
    paths, out = _chapters(tmp_path), tmp_path / "html"
    said = []
    build = lambda **kw: build_html.build(
        paths,
        out,
        timeout=60,
        jobs=1,
        glossary=None,  # noqa: E731
        log=said.append,
        **kw,
    )
    build()
    first = (out / "b.html").read_text(encoding="utf-8")
    assert _runs(tmp_path) == {"a": 1, "b": 1, "c": 1}
    said.clear()
    build()
    assert _runs(tmp_path) == {"a": 1, "b": 1, "c": 1}  # reused: no kernel ran
    assert (out / "b.html").read_text(encoding="utf-8") == first
    assert sum("unchanged, not executed again" in m for m in said) == 3
    nb = nbformat.read(paths[1], as_version=4)  # the notebook changes: b runs again
    nb.cells[0].source += " More."
    nbformat.write(nb, paths[1])
    build()
    assert _runs(tmp_path) == {"a": 1, "b": 2, "c": 1}
    assert "More." in (out / "b.html").read_text(encoding="utf-8")
    build(force=True)  # --force: every one runs again
    assert _runs(tmp_path) == {"a": 2, "b": 3, "c": 2}


def test_a_change_in_course_lib_executes_the_notebooks_again(tmp_path, monkeypatch):
    paths = _chapters(tmp_path)
    library = tmp_path / "lib"
    library.mkdir()
    (library / "core.py").write_text("x = 1\n")
    monkeypatch.setattr(build_html, "LIBRARY", library)
    before = build_html.inputs_hash(paths[0])
    assert build_html.inputs_hash(paths[0]) == before
    (library / "core.py").write_text("x = 2\n")
    assert build_html.inputs_hash(paths[0]) != before
    (library / "__pycache__").mkdir()
    (library / "__pycache__" / "core.pyc").write_bytes(b"compiled")  # a byte-code cache is not an input
    changed = build_html.inputs_hash(paths[0])
    assert changed != before and build_html.inputs_hash(paths[1]) != changed


def test_notebooks_executed_in_parallel_give_the_same_pages(tmp_path):
    paths = _chapters(tmp_path)
    build_html.build(paths, tmp_path / "one", timeout=60, jobs=1, glossary=None, log=lambda _: None)
    said = []
    build_html.build(paths, tmp_path / "two", timeout=60, jobs=2, glossary=None, log=said.append)
    assert _runs(tmp_path) == {"a": 2, "b": 2, "c": 2}
    for name in "abc":
        assert (tmp_path / "one" / f"{name}.html").read_text(encoding="utf-8") == (
            tmp_path / "two" / f"{name}.html"
        ).read_text(encoding="utf-8")
    assert sum("executed in" in m for m in said) == 3


def test_jobs_must_be_a_whole_number_of_at_least_one(capsys):
    with pytest.raises(SystemExit):
        build_html.main(["--jobs", "0"])
    assert "--jobs must be a whole number ≥ 1, got 0" in capsys.readouterr().err


# -- executing: a cell that times out runs the notebook again ----------------------------------------------
def _sleepy_notebook(tmp_path):
    """A notebook whose one cell hangs the first time it runs (as after nbclient#312), and not again."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pathlib, time\n"
            "first = not pathlib.Path('ran').exists()\n"
            "pathlib.Path('ran').touch()\n"
            "time.sleep(60 if first else 0)\n"
            "print('done')"
        )
    ]
    path = tmp_path / "sleepy.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_notebook_whose_cell_times_out_is_executed_again(tmp_path):
    said = []
    nb = build_html.execute(_sleepy_notebook(tmp_path), timeout=3, retries=1, log=said.append)
    assert nb.cells[0].outputs[0].text == "done\n"
    assert len(said) == 1 and "timed out after 3 s" in said[0] and "(2 of 2)" in said[0]


def test_without_retries_a_timeout_fails_the_build(tmp_path):
    with pytest.raises(CellTimeoutError):
        build_html.execute(_sleepy_notebook(tmp_path), timeout=3, retries=0, log=lambda _: None)


# -- DrawLetter's picture: a drawn example and the guesses, not an empty grid -------------------------------
def test_a_blank_draw_letter_shows_a_hand_drawn_example_and_its_guesses(monkeypatch):
    """The cell that makes the widget displays it with a blank grid; its picture (what a handout shows) must
    still show a letter on the grid, what the network sees and three guesses."""
    from course_lib.datasets.pictures import hand_drawn
    from course_lib.viz.widgets import draw

    figures = []
    monkeypatch.setattr(draw, "figure_png", lambda fig: figures.append(fig) or b"\x89PNG")
    pad = DrawLetter(cl.mlp((289, 20, 26), "sigmoid", rng=0, output_activation=None))
    assert pad.top3() == [] and not any(pad.grid.pixels)
    pad.picture_png()
    painted, seen, bars = figures[0].axes
    example = hand_drawn()[0][0]
    assert np.array_equal(painted.get_images()[0].get_array(), example)  # the grid: the L as drawn
    assert seen.get_images()[0].get_array().sum() > 0  # what the network sees
    assert len(bars.patches) == 3 and all(0 < b.get_width() <= 1 for b in bars.patches)
    assert "hand-drawn L" in figures[0].get_suptitle()
    assert not any(pad.grid.pixels), "the live grid stays blank"


# -- what a student reads names its sources ------------------------------------------------------------
# "the seed lab", "the seed lecture", "the seed notes", "the seed calls …" are the course makers' words for
# their sources; a student reads "the letters lab", "the lab this chapter follows" or "Liu Peng's textbook"
# instead. (A seed of a random generator, "seed 0", "seed=0", "the seeds' spread", "three seeds", "the last
# seed's model", "depends on the seed", is another thing and may stay.)
SEED_AS_SOURCE = re.compile(
    r"\bseeds?(?:'s|')? (?:lab|textbook|course|lecture|notes|slides|book|chapter|material|source)s?\b"
    r"|\bthe seed's\b"
    r"|\bthe seeds? (?:also|calls?|gives?|names?|says?|writes?|lists?|warns?|recommends?|defines?|uses?|shows?"
    r"|trains?|builds?|derives?|teaches|puts?|has|have)\b",
    re.I,
)


def student_facing_texts():
    """{where: text} of what a student reads: every notebook cell (markdown, and code with its comments, printed
    text and figure titles), the glossary, the README, and course_lib's docstrings and messages."""
    texts = {
        f"{p.name} cell {k}": c.source
        for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
        for k, c in enumerate(nbformat.read(p, as_version=4).cells)
    }
    texts["glossary.md"] = (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8")
    texts["README.md"] = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        texts[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    return texts


def seed_as_source(texts):
    """`where: 'match'` for each use of "seed" as a source's name in `texts`."""
    return [
        f"{where}: {m.group(0)!r}" for where, text in texts.items() for m in SEED_AS_SOURCE.finditer(text)
    ]


def test_student_facing_text_names_its_sources():
    found = seed_as_source(student_facing_texts())
    assert not found, found


@pytest.mark.parametrize(
    "text",
    [
        "as in the seed lab",
        "the seed lecture's review questions",
        "## 4. The seed lecture's review questions",
        "The seed notes train two-layer networks",
        "The seed calls the whole phenomenon",
        "the seed also says",
        "The seed gives its pooling layer",
        "### More tricks the seed names",
        "the seed defines the error term",
        "the seeds also",
        "the seed's story",
    ],
)
def test_the_source_check_catches_seed_as_a_source(text):
    assert seed_as_source({"cell": text}) == [f"cell: {SEED_AS_SOURCE.search(text).group(0)!r}"]


@pytest.mark.parametrize(
    "text",
    [
        "seed 0",
        "load_letters(seed=0)",
        "the seeds' spread",
        "three seeds",
        "the last seed's model",
        "the same seed",
        "depends on the seed and on the draw",
        "median over seeds",
        'init="seed"',
        "sigmoid (seed init)",
        "one seed's luck",
        "the seed given to the generator",
    ],
)
def test_the_source_check_leaves_random_seeds_alone(text):
    assert seed_as_source({"cell": text}) == []


def test_a_reply_the_channel_holds_back_until_its_timeout_is_read_within_a_step():
    """jupyter/nbclient#312 as a model: a message that arrives while the channel waits is handed over only
    when that wait runs out. Waiting in 0.05-s steps reads it at once; one 5-s wait would take 5 s."""
    import asyncio
    import time
    from queue import Empty

    arrives = time.monotonic() + 0.2

    async def held_back(timeout=None):
        await asyncio.sleep(timeout)  # the whole wait, whatever arrived meanwhile
        if time.monotonic() >= arrives:
            return {"msg": "reply"}
        raise Empty

    start = time.monotonic()
    assert asyncio.run(build_html.in_steps(held_back, 0.05)(timeout=5)) == {"msg": "reply"}
    assert time.monotonic() - start < 1.0
    start = time.monotonic()
    with pytest.raises(Empty):  # nothing comes: Empty at the same deadline
        asyncio.run(build_html.in_steps(_never, 0.05)(timeout=0.3))
    assert 0.3 <= time.monotonic() - start < 1.0


async def _never(timeout=None):
    """A channel on which no message ever comes."""
    import asyncio
    from queue import Empty

    await asyncio.sleep(timeout)
    raise Empty
