"""Linear and the layer contract: forward values, gradient checks in float64, and the error messages
(the activations have test_activations.py, the initialisations test_init.py)."""

import numpy as np
import pytest

import course_lib as cl
from course_lib import ELU, Identity, Linear, NotReadyError, ReLU, ShapeError, Sigmoid, check_layer
from course_lib.lstm_fast import FastLSTM

pytestmark = pytest.mark.ch03


def test_linear_forward_is_affine(rng):
    layer = Linear(4, 3, rng, dtype=np.float64)
    x = rng.standard_normal((5, 4))
    np.testing.assert_allclose(layer.forward(x), x @ layer.params["W"] + layer.params["b"])


@pytest.mark.parametrize("init", ["seed", "normal", "xavier", "he"])
def test_linear_gradcheck(rng, init):
    layer = Linear(6, 4, rng, init=init, dtype=np.float64)
    errors = check_layer(layer, rng.standard_normal((7, 6)))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7, errors


def test_float32_stays_float32(rng):
    layer = Linear(5, 3, rng)
    x = rng.standard_normal((4, 5)).astype(np.float32)
    y = Sigmoid().forward(layer.forward(x))
    assert y.dtype == np.float32


def test_wrong_input_shape_names_the_layer_and_both_shapes(rng):
    layer = Linear(289, 20, rng)
    with pytest.raises(
        ShapeError, match=r"Linear\(289 → 20\) expected input of shape \(N, 289\), got \(N, 17, 17\)"
    ):
        layer.forward(np.zeros((3, 17, 17)))


def test_wrong_dout_shape_is_reported(rng):
    layer = Linear(4, 3, rng)
    layer.forward(np.zeros((2, 4)))
    with pytest.raises(ShapeError, match=r"dout of shape \(N, 3\)"):
        layer.backward(np.zeros((2, 4)))


@pytest.mark.parametrize("make", [lambda rng: Linear(3, 2, rng), lambda rng: Sigmoid(), lambda rng: ReLU()])
def test_backward_before_forward_is_a_clear_error(rng, make):
    with pytest.raises(NotReadyError, match="before forward"):
        make(rng).backward(np.zeros((1, 2)))


EVERY_LAYER = {  # a layer of each kind and an input it takes
    "Linear": (lambda r: Linear(4, 3, r), (2, 4)),
    "ELU": (lambda r: ELU(), (2, 4)),
    "Identity": (lambda r: Identity(), (2, 4)),
    "Maxout": (lambda r: cl.Maxout(4, 3, r), (2, 4)),
    "Conv2d": (lambda r: cl.Conv2d(2, 3, 3, r, stride=2, padding=1), (2, 2, 7, 7)),
    "MaxPool2d": (lambda r: cl.MaxPool2d(2), (2, 3, 5, 5)),
    "MeanPool2d": (lambda r: cl.MeanPool2d(3), (2, 1, 7, 6)),
    "TrainablePool2d": (lambda r: cl.TrainablePool2d(3), (2, 3, 5, 4)),
    "Flatten": (lambda r: cl.Flatten(), (2, 3, 4)),
    "BatchNorm": (lambda r: cl.BatchNorm(3), (2, 3, 2, 2)),
    "Dropout": (lambda r: cl.Dropout(0.5, r), (2, 4)),
    "RNN": (lambda r: cl.RNN(4, 3, r), (2, 5, 4)),
    "LSTM": (lambda r: cl.LSTM(4, 3, r), (2, 5, 4)),
    "FastLSTM": (lambda r: FastLSTM(4, 3, r), (2, 5, 4)),
    "LastStep": (lambda r: cl.LastStep(), (2, 5, 4)),
}


@pytest.mark.parametrize("kind", EVERY_LAYER)
def test_backward_takes_a_dout_of_the_output_shape_only(rng, kind):
    """The base class notes the shape of the last output; every layer's backward checks dout against it."""
    make, shape = EVERY_LAYER[kind]
    layer = make(rng)
    y = layer.forward(rng.standard_normal(shape))
    assert layer.output_shape == y.shape
    assert layer.backward(np.ones_like(y)).shape == shape
    for wrong in (y.shape[:-1] + (y.shape[-1] + 1,), (y.shape[0] + 1,) + y.shape[1:]):
        with pytest.raises(ShapeError, match=r"expected dout of shape .* \(the shape of its output\)"):
            layer.backward(np.ones(wrong))
