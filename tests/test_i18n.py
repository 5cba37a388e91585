"""Every message the library shows a learner has its Chinese translation (course_lib/i18n.py).

- the catalogue holds exactly the messages in the code and the notebooks' claims (`tools/i18n.py update`
  was run), and each has a checked translation with the same `{placeholders}`;
- `_()` is given a string literal (an f-string cannot be looked up: it is a different string every time);
- no English sentence is left outside `_()` in course_lib, except the text drawn in figures (which keep
  English labels: the notebooks say so) and lines marked `# i18n: not shown` with a reason.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogue_tool  # noqa: E402  (tools/i18n.py)
from course_lib import i18n  # noqa: E402
from course_lib.errors import ConfigError  # noqa: E402

WORD = re.compile(r"[A-Za-z]{2,}")
# Figures keep English labels: text handed to these matplotlib calls (or label=/title= of a plot) is not a message.
FIGURE_CALLS = {
    "set_title",
    "set_xlabel",
    "set_ylabel",
    "set_zlabel",
    "suptitle",
    "text",
    "annotate",
    "legend",
    "set_label",
    "set_text",
    "table",
    "plot",
    "scatter",
    "bar",
    "barh",
    "hist",
    "fill_between",
    "axhline",
    "axvline",
    "errorbar",
    "imshow",
    "step",
    "semilogy",
    "loglog",
    "colorbar",
    "set_xticklabels",
    "set_yticklabels",
}
MARK = "# i18n: not shown"
LABELS = {"description", "tooltip", "placeholder"}


def english_words(node):
    """The English words in a string literal or in the literal parts of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return WORD.findall(node.value)
    if isinstance(node, ast.JoinedStr):
        return [w for part in node.values if isinstance(part, ast.Constant) for w in WORD.findall(part.value)]
    return []


def untranslated(path):
    """(line, text) of each English sentence (≥ 3 words) in `path` that is shown untranslated."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):  # docstrings
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            exempt = name in {"_", "N_", "zh"} | FIGURE_CALLS
            parts = [*node.args, *node.keywords] if exempt else [k for k in node.keywords if k.arg == "label"]
            for part in parts:
                skip.update(id(n) for n in ast.walk(part))
        if isinstance(node, ast.JoinedStr):  # an f-string's parts are judged with it, not one by one
            skip.update(id(n) for n in node.values)
    # a widget's label is a message however short ("rate", "play")
    labels = {
        id(k.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for k in node.keywords
        if k.arg in LABELS
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or len(english_words(node)) < (1 if id(node) in labels else 3):
            continue
        span = lines[node.lineno - 1 : node.end_lineno]
        if not any(MARK in line for line in span):
            found.append((node.lineno, " ".join(span)[:100].strip()))
    return found


def test_no_english_sentence_outside_the_catalogue():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in sorted((ROOT / "course_lib").rglob("*.py"))
        for line, text in untranslated(path)
    ]
    assert not found, f"{len(found)} messages outside _():\n" + "\n".join(found)


def test_translate_only_string_literals():
    found = []
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "N_", "zh"}:
                if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant) or node.keywords:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, (
        "_() of something other than one string literal (format after translating):\n" + "\n".join(found)
    )


def test_the_catalogue_is_up_to_date():
    fresh = {m.id for m in catalogue_tool.template() if m.id}
    kept = {m.id for m in catalogue_tool.read("zh") if m.id}
    assert fresh - kept == set(), "messages not in the catalogue: run `python tools/i18n.py update`"
    assert kept - fresh == set(), (
        "the catalogue has messages no longer used: run `python tools/i18n.py update`"
    )


def test_every_message_has_its_translation():
    gaps = [m.id for m in catalogue_tool.missing(catalogue_tool.read("zh"))]
    assert not gaps, f"{len(gaps)} messages without a Chinese translation, e.g. {gaps[:5]}"


def test_translations_keep_the_placeholders():
    wrong = [
        (m.id, m.string)
        for m in catalogue_tool.read("zh")
        if m.id and m.string and catalogue_tool.placeholders(m.id) != catalogue_tool.placeholders(m.string)
    ]
    assert not wrong, f"translations whose {{placeholders}} differ from the English: {wrong[:5]}"


def test_language_choice(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "_chosen", [])
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert i18n.language() == "en"
    zh_folder = tmp_path / "zh"
    zh_folder.mkdir()
    monkeypatch.setattr(i18n, "_chosen", [])
    monkeypatch.chdir(zh_folder)
    assert i18n.language() == "zh"
    monkeypatch.setattr(i18n, "_chosen", [])
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert i18n.language() == "en"  # the variable wins over the folder
    assert i18n.set_language("ZH") == "zh" and i18n.language() == "zh"
    with pytest.raises(ConfigError, match="en, zh"):
        i18n.set_language("chinese")


def test_a_translated_message_comes_out_in_chinese(monkeypatch):
    catalogue = catalogue_tool.read("zh")
    message = next(m for m in catalogue if m.id and m.string)
    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    assert i18n._(message.id) == message.string
    monkeypatch.setattr(i18n, "_chosen", ["en"])
    assert i18n._(message.id) == message.id
    assert i18n._("a message no catalogue has") == "a message no catalogue has"


def test_the_checks_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'def f(x):\n    """A docstring is not a message."""\n'
        '    ax.set_title("figures keep English labels")\n'
        '    raise ValueError(f"the rate {x} must be positive")\n'
        '    print("this one is not shown at all")  # i18n: not shown (a test helper)\n'
        '    widgets.Button(description="play")\n'
    )
    assert [line for line, _text in untranslated(bad)] == [4, 6]


def test_the_tool_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "missing"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode in (0, 1), result.stderr


def test_english_is_wrapped_at_its_spaces_and_chinese_left_to_the_browser():
    english = "✗ the step on b: " + "the gradient of the loss " * 6
    assert "\n" in i18n.fill(english, 60) and all(
        len(line) <= 60 for line in i18n.fill(english, 60).splitlines()
    )
    chinese = "✗ 附近：MSE 的一步" + "梯度下降的步长由学习率决定，" * 6
    assert i18n.fill(chinese, 60) == chinese
    naming = (
        "(e) The last layer is dense (全连接): each of its weights belongs to one cell of that 8 × 8 grid"
    )
    assert "\n" in i18n.fill(naming, 60)  # English naming a Chinese term is English
