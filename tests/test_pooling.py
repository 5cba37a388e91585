"""Pooling and flatten: gradient checks in float64, values, shapes and the trainable pooling."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.pooling import Flatten, MaxPool2d, MeanPool2d

pytestmark = pytest.mark.ch06


@pytest.mark.parametrize("Pool", [MaxPool2d, MeanPool2d])
@pytest.mark.parametrize("size", [4, 5])
def test_pooling_gradcheck(rng, Pool, size):
    x = rng.standard_normal((2, 3, size, size))
    assert cl.check_layer(Pool(2), x)["x"] < 1e-7


def test_pooling_values_and_upsampling():
    x = np.arange(16, dtype=float).reshape(1, 1, 4, 4)
    np.testing.assert_array_equal(MaxPool2d(2).forward(x)[0, 0], [[5, 7], [13, 15]])
    mean = MeanPool2d(2)
    np.testing.assert_array_equal(mean.forward(x)[0, 0], [[2.5, 4.5], [10.5, 12.5]])
    np.testing.assert_array_equal(mean.backward(np.ones((1, 1, 2, 2)))[0, 0], np.full((4, 4), 0.25))
    mp = MaxPool2d(2)
    mp.forward(x)
    np.testing.assert_array_equal(
        mp.backward(np.ones((1, 1, 2, 2)))[0, 0], [[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]
    )
    assert MaxPool2d(2).forward(np.zeros((1, 1, 17, 17))).shape == (1, 1, 8, 8)
    with pytest.raises(cl.ShapeError):
        MaxPool2d(3).forward(np.zeros((1, 1, 2, 2)))


def test_max_pooling_ignores_a_shift_inside_its_window():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 0, 0] = 1
    shifted = np.roll(x, 1, axis=3)
    np.testing.assert_array_equal(MaxPool2d(2).forward(x), MaxPool2d(2).forward(shifted))


def test_flatten_round_trip(rng):
    x = rng.standard_normal((2, 3, 4, 4))
    f = Flatten()
    assert f.forward(x).shape == (2, 48)
    np.testing.assert_array_equal(f.backward(f.forward(x)), x)


def test_pooling_floors_an_odd_size_as_the_notebook_says():
    x = np.arange(17 * 17, dtype=float).reshape(1, 1, 17, 17)
    y = MaxPool2d(2).forward(x)
    assert y.shape == (1, 1, 8, 8)
    assert y.max() == x[0, 0, 15, 15]  # the 17th row and column are never looked at


def test_trainable_pooling_formula_and_gradcheck(rng):
    from course_lib.pooling import TrainablePool2d

    layer = TrainablePool2d(3, dtype=np.float64)
    layer.params["beta"][:] = [2.0, -1.0, 0.5]
    layer.params["b"][:] = [0.0, 1.0, -1.0]
    x = rng.standard_normal((2, 3, 6, 6))
    down = x.reshape(2, 3, 3, 2, 3, 2).mean(axis=(3, 5))
    np.testing.assert_allclose(
        layer.forward(x), layer.params["beta"][:, None, None] * down + layer.params["b"][:, None, None]
    )
    errors = cl.check_layer(layer, x)
    assert max(errors.values()) < 1e-7, errors
    with pytest.raises(cl.ShapeError, match=r"\(N, 3, H, W\)"):
        layer.forward(np.zeros((1, 2, 4, 4)))


def test_flatten_gradcheck(rng):
    assert cl.check_layer(Flatten(), rng.standard_normal((2, 3, 4, 4)))["x"] < 1e-7
