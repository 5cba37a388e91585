"""The project's own files stay consistent: dependency lists in sync, notebooks without outputs."""
import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _split(requirement):
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def pip_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return dict(_split(r) for r in reqs)


def conda_requirements():
    deps, in_pip = {}, False
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("\ndependencies:"):].splitlines():
        m = re.match(r"^(\s*)- (.+?)\s*(#.*)?$", line)
        if not m:
            continue
        indent, item = len(m.group(1)), m.group(2)
        if item == "pip:":
            in_pip = True
            continue
        if in_pip and indent > 2:
            continue          # the pip section installs the course itself (-e .)
        if item in ("pip",) or item.startswith("python"):
            continue
        name, spec = _split(item)
        deps[name] = spec
    return deps


def test_environment_yml_and_pyproject_name_the_same_packages():
    assert conda_requirements() == pip_requirements()


def test_the_sync_check_can_fail(tmp_path, monkeypatch):
    assert _split("numpy>=1.24") == ("numpy", ">=1.24")
    assert conda_requirements() != {**pip_requirements(), "numpy": ">=2.0"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; run `make strip` before committing"


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


def chinese_terms_in_notebooks():
    """Every parenthesised Chinese term in the notebooks' text, e.g. "(梯度消失)" → "梯度消失"."""
    terms = set()
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                for m in re.finditer(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", "".join(cell["source"])):
                    terms.update(t.strip() for t in re.split(r"[,/]", m.group(1)) if re.search(r"[\u4e00-\u9fff]", t))
    return terms


def test_every_chinese_term_is_in_the_glossary():
    glossary = (ROOT / "notebooks" / "glossary.md").read_text()
    missing = sorted(t for t in chinese_terms_in_notebooks() if t not in glossary)
    assert not missing, f"add these to notebooks/glossary.md: {missing}"
    assert len(chinese_terms_in_notebooks()) > 30


MAX_LINE = 110


def test_course_lib_lines_are_at_most_110_characters():
    long = [f"{path.relative_to(ROOT)}:{number} ({len(line)} characters)"
            for path in sorted((ROOT / "course_lib").rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if len(line) > MAX_LINE]
    assert not long, f"lines longer than {MAX_LINE} characters; rewrap them:\n" + "\n".join(long)
