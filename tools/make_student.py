"""Write the student copy of the course for a graded session: `python tools/make_student.py [out_dir]`.

The copy (default build/student/) holds every file of notebooks/ (the Chinese edition in zh/) — each notebook
without outputs and with its `setup()` line changed to `setup(solutions=False)`, so every exercise's
`.solution()` says that solutions are off while `.check()` and `.hint()` still work. The notebooks in
notebooks/ are only read.

This hides the answers from the notebooks, not from a determined student: the reference solutions are in
the course_lib package the notebooks import (course_lib/exercises/), readable by anyone who opens it.
"""

import re
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
# every notebook's first code cell calls setup() on a line of its own
SETUP_LINE = re.compile(r"^setup\(\)$", re.MULTILINE)
STUDENT_SETUP = "setup(solutions=False)"


def student_notebook(nb):
    """`nb` (an nbformat notebook, changed in place and returned) with outputs removed and setup() replaced.
    Raises ValueError unless exactly one code cell calls setup() on its own line."""
    calls = [cell for cell in nb.cells if cell.cell_type == "code" and SETUP_LINE.search(cell.source)]
    if len(calls) != 1:
        raise ValueError(f"expected one code cell with a `setup()` line, found {len(calls)}")
    calls[0].source = SETUP_LINE.sub(STUDENT_SETUP, calls[0].source, count=1)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def make_student(out_dir):
    """Replace `out_dir` with the student copy of notebooks/; returns the notebooks written."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(ROOT / "notebooks", out_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    written = sorted(out_dir.rglob("*.ipynb"))  # the English chapters and the Chinese ones in zh/
    for path in written:
        try:
            nb = student_notebook(nbformat.read(path, as_version=4))
        except ValueError as e:
            raise SystemExit(f"{path.name}: {e}") from None
        nbformat.write(nb, path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "student"
    notebooks = make_student(target)
    print(f"student copy: {len(notebooks)} notebooks in {target}, solutions off (setup(solutions=False))")
