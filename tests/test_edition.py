"""The Chinese edition (notebooks/zh) is the English course with its prose translated, and nothing else.

Its code cells are the English code cells, byte for byte and with the same ids, so every claim, widget and
exercise is checked once for both editions; its markdown cells correspond to the English ones one to one:
the same place, the same headings at the same levels, the same equations, links and code names. A cell of
English prose must come out in Chinese (it contains CJK characters).
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted((ROOT / "notebooks").glob("*.ipynb"))
ZH = ROOT / "notebooks" / "zh"

HEADING = re.compile(r"^(#{1,6})\s", re.M)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<!\$)\$(?!\$)(.+?)(?<!\$)\$(?!\$)", re.S)
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    return "".join(cell["source"])


def math(source):
    """The cell's equations, display and inline, as a multiset: a translation may move an inline formula
    within its sentence, but not drop, add or change one."""
    display = DISPLAY_MATH.findall(source)
    rest = DISPLAY_MATH.sub(" ", source)
    rest = re.sub(r"```.*?```", " ", rest, flags=re.S)  # no $ in code blocks is math
    return Counter(m.strip() for m in display + INLINE_MATH.findall(CODE_SPAN.sub(" ", rest)))


def prose_words(source):
    """English words outside code, math and links: what a translation must turn into Chinese."""
    source = re.sub(r"```.*?```", " ", source, flags=re.S)
    source = DISPLAY_MATH.sub(" ", source)
    source = INLINE_MATH.sub(" ", CODE_SPAN.sub(" ", source))
    source = re.sub(r"\]\([^)]*\)|<[^>]+>|https?://\S+", " ", source)
    return ENGLISH_WORD.findall(source)


def test_every_english_notebook_has_its_chinese_edition():
    assert sorted(p.name for p in ZH.glob("*.ipynb")) == [p.name for p in ENGLISH]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_code_cells_are_the_english_ones(english):
    en, zh = cells(english), cells(ZH / english.name)
    assert [(c["cell_type"], c.get("id")) for c in zh] == [(c["cell_type"], c.get("id")) for c in en], (
        "the Chinese notebook's cells must be the English one's, in order, with the same ids"
    )
    for a, b in zip(en, zh):
        if a["cell_type"] == "code":
            assert text(b) == text(a), f"code cell {a.get('id')} differs from the English one"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_markdown_cells_correspond(english):
    pairs = [(a, b) for a, b in zip(cells(english), cells(ZH / english.name)) if a["cell_type"] == "markdown"]
    for a, b in pairs:
        en, zh, where = text(a), text(b), f"markdown cell {a.get('id')}"
        assert HEADING.findall(zh) == HEADING.findall(en), f"{where}: headings (count and levels) differ"
        assert math(zh) == math(en), (
            f"{where}: equations differ: {(math(zh) - math(en)) + (math(en) - math(zh))}"
        )
        assert sorted(LINK_TARGET.findall(zh)) == sorted(LINK_TARGET.findall(en)), f"{where}: links differ"
        assert Counter(CODE_SPAN.findall(zh)) == Counter(CODE_SPAN.findall(en)), f"{where}: code names differ"
        if len(prose_words(en)) >= 4:
            assert CJK.search(zh), f"{where} is not translated"


def test_the_checks_can_fail():
    """Each correspondence check rejects the slip it is for."""
    en = "## Title\nThe rate $\\eta$ and $$C = \\frac{1}{2}(y-a)^2$$ in `fit()`, see [ch 1](01_x.ipynb)."
    good = "## 标题\n学习率 $\\eta$ 与 $$C = \\frac{1}{2}(y-a)^2$$，见 `fit()` 与 [第 1 章](01_x.ipynb)。"
    assert HEADING.findall(good) == HEADING.findall(en) and math(good) == math(en)
    assert math(good.replace("(y-a)^2", "(a-y)^2")) != math(en)
    assert HEADING.findall(good.replace("## ", "### ")) != HEADING.findall(en)
    assert Counter(CODE_SPAN.findall(good.replace("`fit()`", "fit()"))) != Counter(CODE_SPAN.findall(en))
    assert len(prose_words(en)) >= 4 and not CJK.search(en)
