"""Linear and the layer contract: forward values, gradient checks in float64, and the error messages
(the activations have test_activations.py, the initialisations test_init.py)."""
import numpy as np
import pytest

from course_lib import Linear, NotReadyError, ReLU, ShapeError, Sigmoid, check_layer

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
    with pytest.raises(ShapeError, match=r"Linear\(289 → 20\) expected input of shape \(N, 289\), got \(N, 17, 17\)"):
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
