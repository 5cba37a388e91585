"""Every picture the notebooks draw is legible on a 1280×720 projector (issue 23 item 7): its smallest text, as the
projection recipe shows it, is at least 18 device pixels. tools/projected_text.py executes each notebook with
COURSE_PROJECTOR=1 and measures; the browser test checks the same for chapter 1 in a real browser."""

import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
import projected_text  # noqa: E402


def test_every_notebooks_pictures_are_legible_on_a_projector(capsys):
    status = projected_text.main([])
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.count("distinct pictures") == len(list(projected_text.NOTEBOOKS.glob("*.ipynb")))


def test_the_measure_can_fail(capsys):
    """The same tool with a bar no text reaches: it names the pictures under it and fails."""
    assert projected_text.main([str(projected_text.NOTEBOOKS / "03_backprop.ipynb"), "--under", "100"]) == 1
    assert " px  " in capsys.readouterr().out


def test_a_wide_picture_counts_as_the_page_shrinks_it():
    note = {"px": 20.0, "text": "x", "size": [2 * projected_text.OUTPUT_WIDTH, 300]}
    assert projected_text.projected(note) == pytest.approx(20.0 / 2 * projected_text.ZOOM)
    assert projected_text.projected({**note, "size": [400, 300]}) == pytest.approx(20.0 * projected_text.ZOOM)
    assert projected_text.projected({**note, "px": None}) is None
