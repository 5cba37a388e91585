import warnings

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from course_lib.viz.diagrams import bptt_flow, lstm_cell, unrolled_rnn

DIAGRAMS = [
    unrolled_rnn,
    lambda: unrolled_rnn(steps=1),
    lambda: unrolled_rnn(steps=5),
    lstm_cell,
    bptt_flow,
    lambda: bptt_flow(steps=12),
]


def _texts(fig):
    return [t.get_text() for t in fig.findobj(Text)]


@pytest.mark.parametrize("draw", DIAGRAMS)
def test_returns_a_figure_with_axes(draw):
    fig = draw()
    assert isinstance(fig, Figure)
    assert len(fig.axes) >= 1


@pytest.mark.parametrize("draw", DIAGRAMS)
def test_draws_without_warnings(draw):
    # Catches missing glyphs (e.g. Chinese in DejaVu Sans) and mathtext errors, which only show up at draw time.
    fig = draw()
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        canvas.draw()


@pytest.mark.parametrize("steps", [1, 3, 5])
def test_unrolled_rnn_shares_u_w_v_across_steps(steps):
    texts = _texts(unrolled_rnn(steps=steps))
    for letter in "UWV":
        assert texts.count(letter) >= steps, (letter, texts.count(letter))


def test_unrolled_rnn_labels_the_middle_step_t():
    texts = _texts(unrolled_rnn(steps=3))
    assert {"$x_{t-1}$", "$x_{t}$", "$x_{t+1}$", "$h_{t}$", "$y_{t+1}$"} <= set(texts)


def test_lstm_cell_names_all_four_gates():
    text = " ".join(_texts(lstm_cell()))
    for word in ["forget", "input", "candidate", "output", "σ", "tanh", "gradients"]:
        assert word in text
