"""Widgets driven without a browser: their figures change with the controls, and nonsense is a message."""
import numpy as np
import pytest

from course_lib.widgets import NeuronExplorer, VanishingGradientExplorer


@pytest.fixture(scope="module")
def letters_like():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 26, 2000)
    prototypes = (rng.random((26, 289)) < 0.3)
    X = (prototypes[y] ^ (rng.random((2000, 289)) < 0.05)).astype(np.float32)
    return X, y


def test_vanishing_gradient_explorer_reacts_to_depth(letters_like):
    X, y = letters_like
    ex = VanishingGradientExplorer(X, y, X, y, n_train=1000, n_val=500, epochs=2)
    ex.controls["hidden_layers"].value = 3           # what a learner's slider move does
    assert ex.summary.startswith("4 layers, sigmoid")
    bars = ex.fig.axes[0].patches
    assert len(bars) == 2 * 4                          # before and after, for each of 4 layers
    heights = [b.get_height() for b in bars[:4]]
    assert heights[0] < heights[-1]                    # sigmoid: earlier layers get smaller gradients


def test_vanishing_gradient_explorer_shows_divergence_instead_of_a_traceback(letters_like):
    X, y = letters_like
    ex = VanishingGradientExplorer(X, y, X, y, n_train=1000, n_val=500, epochs=3)
    summary = ex.update(hidden_layers=4, activation="leaky_relu", init="he", loss="cross-entropy", lr=100.0)
    assert summary.startswith("✗ 5 layers, leaky_relu, lr=100: diverged at step")
    assert "try a smaller learning rate" in summary
    assert "diverged" in [t.get_text() for t in ex.fig.axes[1].texts]


def test_neuron_explorer_quadratic_is_slow_cross_entropy_is_fast():
    ex = NeuronExplorer()
    ex.update(w=2, b=2, lr=0.15, loss="both", epochs=300)
    q, ce = ex.runs["quadratic"], ex.runs["cross-entropy"]
    assert q["a"][50] > 0.95 and ce["a"][50] < 0.5
    ex.controls["loss"].value = "quadratic"
    assert set(ex.runs) == {"quadratic"}
