"""The project's own files stay consistent: dependency lists in sync, notebooks without outputs."""

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _split(requirement):
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pip_requirements(extras=("lab",)):
    """{package: version range} of the course's dependencies and the given extras (a student's: "lab")."""
    reqs = list(pyproject()["dependencies"])
    for extra in extras:
        reqs += pyproject()["optional-dependencies"][extra]
    return dict(_split(r) for r in reqs)


def conda_requirements():
    """{package: version range} of environment.yml, with "python" the Python pin as written."""
    deps, in_pip = {}, False
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("\ndependencies:") :].splitlines():
        m = re.match(r"^(\s*)- (.+?)\s*(#.*)?$", line)
        if not m:
            continue
        indent, item = len(m.group(1)), m.group(2)
        if item == "pip:":
            in_pip = True
            continue
        if in_pip and indent > 2:
            continue  # the pip section installs the course itself (-e .)
        if item == "pip":
            continue
        if item.startswith("python"):
            deps["python"] = item[len("python") :]
            continue
        name, spec = _split(item)
        deps[name] = spec
    return deps


def test_environment_yml_has_what_a_student_needs_as_pyproject_says_it():
    conda = conda_requirements()
    conda.pop("python")
    assert conda == pip_requirements(("lab",))


def test_environment_yml_pins_a_python_that_pyproject_allows():
    """Binder reads the Python version only from an exact pin (python=X.Y)."""
    pin = conda_requirements()["python"]
    assert re.fullmatch(r"=3\.\d+", pin), f"environment.yml should pin python=3.X, not python{pin}"
    minimum = re.fullmatch(r">=3\.(\d+)", pyproject()["requires-python"].split("#")[0].strip())
    assert minimum and int(pin[3:]) >= int(minimum.group(1))


def test_the_sync_check_can_fail(tmp_path, monkeypatch):
    assert _split("numpy>=1.24") == ("numpy", ">=1.24")
    assert conda_requirements() != {**pip_requirements(), "numpy": ">=2.0"}
    assert "pytest" not in conda_requirements() and "pytest" in pip_requirements(("lab", "test"))


def test_the_lock_file_pins_every_dependency_within_its_range():
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    locked = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            locked[name.lower().replace("_", "-")] = Version(version)
    for name, spec in pip_requirements(("lab", "test")).items():
        assert name in locked, f"{name} is not in requirements-lock.txt: run make lock"
        assert locked[name] in SpecifierSet(spec), f"{name}=={locked[name]} is outside {spec}: run make lock"


def _nbstripout(*args):
    return subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id", *args], capture_output=True, text=True
    )


def test_notebooks_are_committed_stripped():
    """No outputs, execution counts or widget state: what nbstripout --keep-id (make strip) leaves."""
    every = sorted((ROOT / "notebooks").rglob("*.ipynb"))  # the Chinese edition's (notebooks/zh) too
    result = _nbstripout("--verify", *map(str, every))  # one process: it takes a second to start
    assert result.returncode == 0, (
        f"{result.stdout.strip()}: outputs or widget state; run `make strip` before committing"
    )


def test_the_strip_check_can_fail(tmp_path):
    nb = json.loads(NOTEBOOKS[0].read_text())
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    dirty = tmp_path / "dirty.ipynb"
    dirty.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    assert _nbstripout("--verify", str(dirty)).returncode != 0
    assert _nbstripout(str(dirty)).returncode == 0  # strips it, cell ids kept
    stripped = json.loads(dirty.read_text())
    assert "widgets" not in stripped["metadata"]
    assert [c["id"] for c in stripped["cells"]] == [c["id"] for c in nb["cells"]]


def test_the_pre_commit_hook_strips_with_kept_ids():
    import yaml

    hooks = [
        h
        for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
        for h in repo["hooks"]
    ]
    strip = [h for h in hooks if h["id"] == "nbstripout"]
    assert strip and "--keep-id" in strip[0]["entry"] and strip[0]["files"] == r"\.ipynb$"


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


def chinese_terms_in_notebooks():
    """Every parenthesised Chinese term in the notebooks' text, e.g. "(梯度消失)" → "梯度消失"."""
    terms = set()
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                for m in re.finditer(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", "".join(cell["source"])):
                    terms.update(
                        t.strip() for t in re.split(r"[,/]", m.group(1)) if re.search(r"[\u4e00-\u9fff]", t)
                    )
    return terms


def test_every_chinese_term_is_in_the_glossary():
    glossary = (ROOT / "notebooks" / "glossary.md").read_text()
    missing = sorted(t for t in chinese_terms_in_notebooks() if t not in glossary)
    assert not missing, f"add these to notebooks/glossary.md: {missing}"
    assert len(chinese_terms_in_notebooks()) > 30


MAX_LINE = 110


def test_course_lib_lines_are_at_most_110_characters():
    long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)} characters)"
        for path in sorted((ROOT / "course_lib").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert not long, f"lines longer than {MAX_LINE} characters; rewrap them:\n" + "\n".join(long)


FIXED_SIZE = re.compile(r"fontsize\s*=\s*(\d+(?:\.\d+)?)")  # fontsize=9
# The schematic diagrams size their text against their boxes, in points, so that the drawing keeps its
# proportions in projection mode too; at their widths, 10 pt is 18 px on the projector (tools/projected_text.py).
DIAGRAMS, DIAGRAM_SMALLEST_PT = ("course_lib/viz/diagrams.py", "course_lib/viz/conv_figures.py"), 10


def fixed_text_sizes():
    """`path:line (size)` of every text size given in points in course_lib and the notebooks' code, except
    the diagrams' sizes of at least DIAGRAM_SMALLEST_PT."""
    found = []
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for size in FIXED_SIZE.findall(line):
                if not (name in DIAGRAMS and float(size) >= DIAGRAM_SMALLEST_PT):
                    found.append(f"{name}:{number} ({size} pt)")
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code" and FIXED_SIZE.search("".join(cell["source"])):
                found.append(f"{path.name}: cell {cell['id']}")
    return found


def test_text_in_figures_is_sized_relative_to_the_font_size():
    """Projection mode makes font.size 16 instead of 11; text given as fontsize=9 would stay 9 pt (14 px on the
    projector, under its 18 px). Relative sizes ("small", "large") scale with it (issue 23 item 7); the
    diagrams keep points, none under DIAGRAM_SMALLEST_PT."""
    assert not fixed_text_sizes(), 'give these a relative size ("small", "large"):\n' + "\n".join(
        fixed_text_sizes()
    )


def test_the_citation_names_this_version_and_licence():
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["title"] and citation["authors"]
    assert str(citation["version"]) == pyproject()["version"]
    assert citation["license"] == pyproject()["license"]["text"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def modules_of_course_lib(root=ROOT):
    """The dotted name, relative to course_lib, of every module in it ('layers', 'viz.widgets.base', …);
    a package's __init__ is not counted (its package is named by its modules)."""
    package = root / "course_lib"
    return {
        ".".join(path.relative_to(package).with_suffix("").parts)
        for path in package.rglob("*.py")
        if path.name != "__init__.py"
    }


def packages_of_course_lib(root=ROOT):
    package = root / "course_lib"
    return {".".join(path.parent.relative_to(package).parts) for path in package.rglob("__init__.py")} - {""}


def names_in_the_module_map(readme):
    """Every `name` in the first column of README.md's module map (the table headed | module | idea |)."""
    table = readme[readme.index("| module | idea |") :]
    table = table[: table.index("\n\n")]
    return {name for row in table.splitlines()[2:] for name in re.findall(r"`([\w.]+)`", row.split("|")[1])}


def module_map_problems(root=ROOT):
    named = names_in_the_module_map((root / "README.md").read_text(encoding="utf-8"))
    modules = modules_of_course_lib(root)
    missing = sorted(modules - named)
    unknown = sorted(named - modules - packages_of_course_lib(root))
    return [f"{m}: a module the map does not name; add a row (or a name to a row)" for m in missing] + [
        f"{n}: named in the map but no module of course_lib; remove or rename it" for n in unknown
    ]


def test_the_module_map_in_the_readme_names_every_module():
    problems = module_map_problems()
    assert not problems, "README.md's module map (the one list of course_lib's modules):\n" + "\n".join(
        problems
    )


def test_the_module_map_check_can_fail(tmp_path):
    (tmp_path / "course_lib" / "viz").mkdir(parents=True)
    for name in ("__init__.py", "layers.py", "viz/__init__.py", "viz/plots.py"):
        (tmp_path / "course_lib" / name).write_text("")
    map_ = "| module | idea |\n|---|---|\n| `layers`, `viz.plot` | … |\n| `viz` | … |\n\nmore"
    (tmp_path / "README.md").write_text(map_)
    assert module_map_problems(tmp_path) == [
        "viz.plots: a module the map does not name; add a row (or a name to a row)",
        "viz.plot: named in the map but no module of course_lib; remove or rename it",
    ]


def core_modules_without_a_test_file(root=ROOT):
    """CONTRIBUTING's rule: every module of the core (course_lib's top level) has tests/test_<module>.py."""
    return sorted(
        path.stem
        for path in (root / "course_lib").glob("*.py")
        if path.name != "__init__.py" and not (root / "tests" / f"test_{path.stem}.py").exists()
    )


def test_every_core_module_has_its_test_file():
    missing = core_modules_without_a_test_file()
    assert not missing, (
        "a core module without tests/test_<module>.py (CONTRIBUTING, 'Where things go'): "
        + ", ".join(missing)
    )


def test_the_test_file_rule_can_fail(tmp_path):
    for name in (
        "course_lib/__init__.py",
        "course_lib/layers.py",
        "course_lib/pooling.py",
        "course_lib/lessons/descent.py",
        "tests/test_layers.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert core_modules_without_a_test_file(tmp_path) == ["pooling"]


def parsed_code_cells(nb):
    """[(k, ast.Module)] of a notebook's code cells (k: the cell's index among all cells), %magics made plain
    Python first, as IPython runs them."""
    from IPython.core.inputtransformer2 import TransformerManager

    to_python = TransformerManager().transform_cell
    return [
        (k, ast.parse(to_python("".join(cell["source"]))))
        for k, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
    ]


def in_every_notebook(check):
    """`<notebook> <where>` for every place `check(nb)` finds in every notebook."""
    return [
        f"{path.name} {where}"
        for path in NOTEBOOKS
        for where in check(json.loads(path.read_text(encoding="utf-8")))
    ]


def imports_outside_the_setup_cell(nb):
    """`cell <k> line <n>: <statement>` for every import in a notebook's code cells after its first one.

    A student restarts the kernel, runs the first code cell (the setup cell) and jumps to an exercise: every
    name the notebook imports must be defined by then. Imports inside a function count too: none is needed,
    and one place to read a notebook's dependencies is the rule a student can rely on."""
    return [
        f"cell {k} line {node.lineno}: {ast.unparse(node)}"
        for k, tree in parsed_code_cells(nb)[1:]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]


def test_every_import_is_in_the_setup_cell():
    found = in_every_notebook(imports_outside_the_setup_cell)
    assert not found, (
        "move these imports into the notebook's first code cell (the setup cell), so that a "
        "student who runs it can start at any cell:\n" + "\n".join(found)
    )


def bare_asserts(nb):
    """`cell <k> line <n>` for every `assert` statement in a notebook's code cells."""
    return [
        f"cell {k} line {node.lineno}"
        for k, tree in parsed_code_cells(nb)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert)
    ]


def test_notebook_claims_are_expect_calls_not_bare_asserts():
    """A notebook states what it checks with `expect` (a ✓ line with the value and its bound, logged for
    `make robust`), never with `assert`: a bare assert prints nothing when it holds, is skipped under python -O,
    and its margin is never measured (issue 24 item 7: 06 had three)."""
    found = in_every_notebook(bare_asserts)
    assert not found, "write these as expect(...):\n" + "\n".join(found)
    nb = {
        "cells": [
            {"cell_type": "code", "source": "x = 1\nassert x == 1"},
            {"cell_type": "markdown", "source": "assert nothing"},
        ]
    }
    assert bare_asserts(nb) == ["cell 0 line 2"]  # and the check can fail


def closes_outside_training(nb):
    """`cell <k>` for every code cell that calls `<plot>.close()` at top level after a `with training(…)`
    block: ■ while close() draws the last picture raised a 40-line KeyboardInterrupt traceback there (issue 23
    walkthrough); inside the block it is the one line `training` makes of it."""
    found = []
    for k, tree in parsed_code_cells(nb):
        seen_training = False
        for node in tree.body:
            if isinstance(node, ast.With) and "training(" in ast.unparse(node.items[0]):
                seen_training = True
            elif seen_training and isinstance(node, ast.Expr) and ast.unparse(node).endswith(".close()"):
                found.append(f"cell {k}")
    return found


def test_live_plots_close_inside_their_training_block():
    found = in_every_notebook(closes_outside_training)
    assert not found, "move plot.close() into the `with training(…)` block above it:\n" + "\n".join(found)
    nb = {
        "cells": [
            {"cell_type": "code", "source": "with training('a'):\n    fit()\nplot.close()"},
            {"cell_type": "code", "source": "with training('a'):\n    fit()\n    plot.close()"},
        ]
    }
    assert closes_outside_training(nb) == ["cell 0"]  # and the check can fail


def test_the_setup_cell_rule_can_fail():
    def cell(kind, source):
        return {"cell_type": kind, "source": source}

    nb = {
        "cells": [
            cell("markdown", "import this is prose"),
            cell("code", "import numpy as np\nsetup()"),
            cell("code", "%matplotlib inline\nx = 1"),
            cell("code", "def f():\n    from math import pi\n    return pi"),
            cell("code", "y = 2\nfrom course_lib.lessons.descent import bumpy"),
        ]
    }
    assert imports_outside_the_setup_cell(nb) == [
        "cell 3 line 2: from math import pi",
        "cell 4 line 2: from course_lib.lessons.descent import bumpy",
    ]
