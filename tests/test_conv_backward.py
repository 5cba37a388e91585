"""lessons.conv_backward: correlation vs convolution, and the input gradient by the rotated kernel."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.lessons.conv_backward import conv_input_grad, convolve2d, correlate2d, rot180


def test_correlation_and_convolution_by_the_definition():
    x = np.arange(16.0).reshape(4, 4)
    K = np.array([[1.0, 2.0], [3.0, 4.0]])
    by_hand = np.array([[np.sum(K * x[i : i + 2, j : j + 2]) for j in range(3)] for i in range(3)])
    np.testing.assert_allclose(correlate2d(x, K), by_hand)
    flipped = np.array(
        [
            [sum(K[u, v] * x[i + 1 - u, j + 1 - v] for u in range(2) for v in range(2)) for j in range(3)]
            for i in range(3)
        ]
    )  # x[i − u, j − v], indices shifted
    np.testing.assert_allclose(convolve2d(x, K), flipped)
    assert not np.allclose(convolve2d(x, K), correlate2d(x, K))
    np.testing.assert_array_equal(rot180(K), [[4.0, 3.0], [2.0, 1.0]])
    assert convolve2d(x, K, "full").shape == (5, 5)
    # a symmetric kernel cannot tell the two apart
    S = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])
    np.testing.assert_allclose(convolve2d(x, S), correlate2d(x, S))


@pytest.mark.parametrize("C, F, k, padding", [(1, 1, 3, 0), (2, 3, 3, 1), (3, 2, 5, 2), (2, 2, 2, 0)])
def test_input_gradient_is_the_full_convolution_with_the_rotated_kernel(C, F, k, padding):
    rng = np.random.default_rng(k + C)
    layer = cl.Conv2d(C, F, k, rng, padding=padding, dtype=np.float64)
    x = rng.standard_normal((2, C, 7, 6))
    delta = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(delta)
    assert cl.rel_error(conv_input_grad(delta, layer.params["W"], padding), dx) < 1e-12
    # without the rotation it is wrong (the test can fail)
    assert cl.rel_error(conv_input_grad(delta, rot180(layer.params["W"]), padding), dx) > 1e-2 or k == 1


def test_bad_shapes_are_one_line_errors():
    with pytest.raises(cl.ShapeError, match="pass one channel"):
        correlate2d(np.zeros((1, 1, 4, 4)), np.ones((2, 2)))
    with pytest.raises(cl.ShapeError, match="larger than"):
        correlate2d(np.zeros((2, 2)), np.ones((3, 3)))
    with pytest.raises(cl.ShapeError, match="same F"):
        conv_input_grad(np.zeros((1, 2, 3, 3)), np.zeros((3, 1, 3, 3)))
    with pytest.raises(cl.ShapeError, match="'valid' or 'full'"):
        convolve2d(np.zeros((3, 3)), np.ones((2, 2)), "same")
