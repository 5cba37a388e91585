"""RNN and LSTM: BPTT gradient checks, truncated BPTT, per-step gradient norms, errors."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.recurrent import LSTM, RNN, RNN_ACTIVATIONS, EveryStep, LastStep

pytestmark = pytest.mark.ch07


@pytest.mark.parametrize("Layer", [RNN, LSTM])
@pytest.mark.parametrize("truncate", [None, 2])
def test_bptt_gradcheck(rng, Layer, truncate):
    layer = Layer(3, 4, rng, dtype=np.float64, truncate=truncate)
    x = rng.standard_normal((2, 6, 3))
    errors = cl.check_layer(layer, x)
    if truncate is None:
        assert max(errors.values()) < 1e-7, errors
    else:  # truncation is an approximation: it must differ from the true gradient
        assert errors["Wh"] > 1e-4


@pytest.mark.parametrize("Layer", [RNN, LSTM])
def test_truncated_gradient_ignores_dependencies_older_than_the_cut(rng, Layer):
    """With truncate=3 and a loss on the last step only, steps before the cut get no gradient."""
    layer = Layer(2, 3, rng, dtype=np.float64, truncate=3)
    x = rng.standard_normal((1, 7, 2))
    layer.forward(x)
    dout = np.zeros((1, 7, 3))
    dout[:, -1] = 1.0
    dx = layer.backward(dout)
    assert np.all(dx[:, :6] == 0) and np.any(dx[:, 6] != 0)  # the cut at t = 6 stops everything older


def test_rnn_gradient_norms_per_step_shrink_backwards_with_small_weights(rng):
    layer = RNN(4, 16, rng, dtype=np.float64)
    layer.params["Wh"] *= 0.5 / np.abs(np.linalg.eigvals(layer.params["Wh"])).max()  # spectral radius 0.5
    x = rng.standard_normal((8, 20, 4))
    layer.forward(x)
    dout = np.zeros((8, 20, 16))
    dout[:, -1] = 1.0
    layer.backward(dout)
    assert layer.dh_norms.shape == (20,) and layer.dh_norms[0] < 1e-3 * layer.dh_norms[-1]


def test_lstm_in_a_model_with_a_linear_readout(rng):
    model = cl.Sequential(
        [LSTM(2, 5, rng, dtype=np.float64), cl.Flatten(), cl.Linear(4 * 5, 3, rng, dtype=np.float64)]
    )
    errors = cl.check_model(
        model, cl.SoftmaxCrossEntropyLoss(), rng.standard_normal((3, 4, 2)), np.array([0, 1, 2])
    )
    assert max(errors.values()) < 1e-6, errors


def test_errors(rng):
    with pytest.raises(
        cl.ShapeError, match=r"RNN\(3 → 4\) expected input of shape \(N, T, 3\), got \(N, 5\)"
    ):
        RNN(3, 4, rng).forward(np.zeros((2, 5)))
    with pytest.raises(cl.ConfigError):
        LSTM(3, 4, rng, truncate=0)


@pytest.mark.parametrize("activation", sorted(RNN_ACTIVATIONS))
def test_rnn_activations_gradcheck(rng, activation):
    layer = RNN(3, 4, rng, dtype=np.float64, activation=activation)
    x = rng.standard_normal((2, 5, 3)) + (0.3 if activation == "relu" else 0.0)
    errors = cl.check_layer(layer, x)
    assert max(errors.values()) < 1e-6, errors


def test_relu_rnn_is_not_tanh(rng):
    x = rng.standard_normal((2, 5, 3))
    a, b = RNN(3, 4, np.random.default_rng(1)), RNN(3, 4, np.random.default_rng(1), activation="relu")
    assert a.forward(x).min() < 0 <= b.forward(x).min()
    with pytest.raises(cl.ConfigError, match="unknown RNN activation 'softplus'"):
        RNN(3, 4, rng, activation="softplus")


def test_last_step_model_gradcheck_and_shapes(rng):
    """The sequence-to-one model of notebook 07: LSTM → last hidden state → Linear."""
    model = cl.Sequential(
        [LSTM(3, 5, rng, dtype=np.float64), LastStep(), cl.Linear(5, 4, rng, dtype=np.float64)]
    )
    x = rng.standard_normal((3, 6, 3))
    assert model.forward(x).shape == (3, 4)
    errors = cl.check_model(model, cl.SoftmaxCrossEntropyLoss(), x, np.array([0, 3, 1]))
    assert max(errors.values()) < 1e-6, errors
    with pytest.raises(cl.ShapeError, match=r"expected a sequence of shape \(N, T, H\), got \(N, 5\)"):
        LastStep().forward(np.zeros((2, 5)))


@pytest.mark.parametrize("Layer", [RNN, LSTM])
def test_every_step_model_gradcheck_and_shapes(rng, Layer):
    """The sequence-to-sequence model of notebook 07c: an answer (here a class of 4) at every step."""
    model = cl.Sequential(
        [Layer(3, 5, rng, dtype=np.float64), EveryStep(), cl.Linear(5, 4, rng, dtype=np.float64)]
    )
    x = rng.standard_normal((2, 6, 3))
    h = model.layers[0].forward(x)
    rows = model.forward(x)
    assert rows.shape == (12, 4)
    np.testing.assert_array_equal(model.layers[1].forward(h)[1 * 6 + 2], h[1, 2])  # row n·T + t is h[n, t]
    errors = cl.check_model(model, cl.SoftmaxCrossEntropyLoss(), x, rng.integers(0, 4, 12))
    assert max(errors.values()) < 1e-6, errors
    with pytest.raises(cl.ShapeError, match=r"expected a sequence of shape \(N, T, H\), got \(N, 5\)"):
        EveryStep().forward(np.zeros((2, 5)))


def test_uniform_init_is_pytorchs_default_and_lstm_forget_bias(rng):
    layer = LSTM(3, 16, rng, forget_bias=3.0)
    bound = 1 / np.sqrt(16)
    assert np.abs(layer.params["Wh"]).max() <= bound and np.abs(layer.params["Wh"]).max() > 0.9 * bound
    assert np.all(layer.params["b"][16:32] == 3.0) and np.abs(layer.params["b"][:16]).max() <= 1 / np.sqrt(3)
