"""The gradient checker itself: centred differences, rel_error, and that each check catches a wrong
backward."""

import numpy as np
import pytest

from course_lib import (
    ConfigError,
    QuadraticLoss,
    ShapeError,
    Sigmoid,
    SoftmaxCrossEntropyLoss,
    check_layer,
    check_loss,
    check_model,
    mlp,
    numerical_gradient,
    rel_error,
)

pytestmark = pytest.mark.ch03


def test_numerical_gradient_of_a_known_function_and_p_is_restored(rng):
    p = rng.standard_normal((3, 4))
    before = p.copy()
    grad = numerical_gradient(lambda: float(np.sum(p**3)), p)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-8)
    np.testing.assert_array_equal(p, before)


def test_numerical_gradient_refuses_float32():
    with pytest.raises(ConfigError, match="needs float64 arrays .* dtype=np.float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))


def test_rel_error_is_relative_and_zero_for_equal_or_zero_arrays():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0 and rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error([1e-9], [2e-9]) == pytest.approx(1 / 3)
    assert rel_error([1.0], [-1.0]) == pytest.approx(1.0)
    with pytest.raises(ShapeError, match=r"same shape, got \(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


def test_check_loss_passes_a_right_loss_and_catches_a_wrong_one(rng):
    a, y = rng.uniform(0.1, 0.9, (5, 3)), rng.integers(0, 3, 5)
    assert check_loss(QuadraticLoss(), a, y) < 1e-8

    class ForgotTheN(QuadraticLoss):
        def _backward(self, a, y, _):
            return a - y  # the mean's 1/N left out

    assert check_loss(ForgotTheN(), a, y) > 0.5


def test_a_wrong_backward_fails_the_check(rng):
    class BrokenSigmoid(Sigmoid):
        def _backward(self, dout, need_dx):
            return dout * self.cache  # forgot the (1 − y) factor

    assert check_layer(BrokenSigmoid(), rng.standard_normal((4, 5)))["x"] > 1e-2


def test_the_check_keeps_layers_that_print_alike_apart(rng):
    """mlp((4, 4, 4, 3)) has two Linear(4 → 4): keyed by repr, the second overwrote the first and 4 results
    stood for 6 parameters, so an error in one of them went unseen (issue 24)."""
    model = mlp((4, 4, 4, 3), "tanh", init="xavier", rng=rng, output_activation=None, dtype=np.float64)
    x, y = rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    errors = check_model(model, SoftmaxCrossEntropyLoss(), x, y)
    assert len(errors) == 6 and "0.W (Linear(4 → 4))" in errors and "2.W (Linear(4 → 4))" in errors, errors
    first = model.layers[0]
    real = type(first)._backward

    def wrong_first_layer(self, dout, need_dx):  # a bug in the first of the two alike layers only
        dx = real(self, dout, need_dx)
        if self is first:
            self.grads["W"] *= 1.5
        return dx

    type(first)._backward = wrong_first_layer
    try:
        broken = check_model(model, SoftmaxCrossEntropyLoss(), x, y)
    finally:
        type(first)._backward = real
    assert broken["0.W (Linear(4 → 4))"] > 1e-3 and broken["2.W (Linear(4 → 4))"] < 1e-6, broken
