"""expect() and setup(): a false claim fails the notebook (under nbval too) but shows as one line."""
import subprocess
import sys

import nbformat
import pytest

from course_lib.notebook import ClaimFailed, expect


def test_expect_prints_a_tick_when_the_claim_holds(capsys):
    expect("validation accuracy", 0.981, at_least=0.95)
    assert capsys.readouterr().out == "✓ validation accuracy 0.981 (expected ≥ 0.950)\n"


@pytest.mark.parametrize("kwargs", [{"at_least": 0.99}, {"at_most": 0.5}, {"at_least": 0.99, "at_most": 1.0}])
def test_expect_raises_when_the_claim_fails(kwargs):
    with pytest.raises(ClaimFailed, match="does not hold"):
        expect("validation accuracy", 0.981 if "at_least" in kwargs else 0.7, **kwargs)


def test_a_false_claim_or_a_course_error_fails_nbval_with_a_one_line_message(tmp_path):
    cells = [nbformat.v4.new_code_cell("from course_lib.notebook import setup, expect\nsetup()"),
             nbformat.v4.new_code_cell("expect('accuracy', 0.5, at_least=0.9)"),
             nbformat.v4.new_code_cell("import numpy as np, course_lib as cl\ncl.mlp((3, 2)).forward(np.zeros((2, 5)))")]
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, tmp_path / "claims.ipynb")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                          "--nbval-current-env", str(tmp_path / "claims.ipynb")],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert "2 failed, 1 passed" in run.stdout, run.stdout
    assert "✗ ClaimFailed: accuracy 0.500 (expected ≥ 0.900)" in run.stdout
    assert "✗ ShapeError: Linear(3 → 2) expected input of shape (N, 3), got (N, 5)" in run.stdout
    assert "most recent call last" not in run.stdout and "site-packages" not in run.stdout
