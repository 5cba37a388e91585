"""The activations: forward values, gradient checks in float64, stability, and the name table."""

import numpy as np
import pytest

from course_lib import ELU, Identity, LeakyReLU, ReLU, Sigmoid, Tanh, check_layer, make_activation, sigmoid
from course_lib.activations import ACTIVATIONS, softplus
from course_lib.errors import ConfigError

pytestmark = pytest.mark.ch03


@pytest.mark.parametrize(
    "make", [Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Identity, lambda: LeakyReLU(0.2), lambda: ELU(0.5)]
)
def test_activation_gradcheck(rng, make):
    x = rng.standard_normal((5, 8)) * 3
    x[np.abs(x) < 1e-3] = 0.5  # keep away from the kink of ReLU-like functions
    errors = check_layer(make(), x)
    assert errors["x"] < 1e-7, errors


def test_activations_work_on_images(rng):
    x = rng.standard_normal((2, 3, 4, 4))
    assert check_layer(Tanh(), x)["x"] < 1e-7


def test_sigmoid_is_stable_and_symmetric():
    x = np.array([-1000, -100, -20, 0, 20, 100, 1000], dtype=np.float32)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        y = sigmoid(x)
    assert np.all(np.isfinite(y)) and y[0] == 0 and y[-1] == 1 and y[3] == 0.5
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)
    np.testing.assert_allclose(sigmoid(z[280:320]), 1 / (1 + np.exp(-z[280:320])), rtol=1e-12)


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(np.tanh(z), 2 * sigmoid(2 * z) - 1, atol=1e-12)


def test_sigmoid_derivative_at_most_a_quarter():
    layer = Sigmoid()
    x = np.linspace(-10, 10, 2001)[None, :]
    layer.forward(x)
    d = layer.backward(np.ones_like(x))
    assert d.max() == pytest.approx(0.25) and d.argmax() == 1000


def test_softplus_is_finite_everywhere_and_its_derivative_is_sigmoid():
    z = np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = softplus(z)
    np.testing.assert_allclose(s[1:-1], np.log1p(np.exp(z[1:-1])), rtol=1e-12)
    assert s[0] == 0.0 and s[-1] == 1000.0
    h = 1e-6
    x = np.linspace(-8, 8, 33)
    np.testing.assert_allclose((softplus(x + h) - softplus(x - h)) / (2 * h), sigmoid(x), atol=1e-8)


def test_sigmoid_of_integers_does_not_wrap_around():
    assert sigmoid(np.array([3], dtype=np.uint8))[0] == pytest.approx(1 / (1 + np.exp(-3)))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_make_activation_builds_each_name(name):
    assert isinstance(make_activation(name), ACTIVATIONS[name])


def test_an_unknown_activation_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown activation 'softmax'"):
        make_activation("softmax")


@pytest.mark.parametrize(
    "layer, f",
    [
        (ReLU(), lambda x: np.maximum(x, 0)),
        (LeakyReLU(0.2), lambda x: np.where(x > 0, x, 0.2 * x)),
        (ELU(0.5), lambda x: np.where(x > 0, x, 0.5 * (np.exp(x) - 1))),
        (Tanh(), np.tanh),
        (Identity(), lambda x: x),
    ],
)
def test_forward_values(layer, f):
    x = np.linspace(-3, 3, 13)[None, :]
    np.testing.assert_allclose(layer.forward(x), f(x), rtol=1e-12, atol=1e-15)
