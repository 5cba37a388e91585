"""The maxout layer: gradient check in float64, the ReLU special case, the winning piece and errors."""

import numpy as np
import pytest

from course_lib import ConfigError, ShapeError, check_layer
from course_lib.maxout import Maxout


def test_maxout_gradcheck_and_relu_special_case(rng):
    layer = Maxout(5, 3, rng, k=3, dtype=np.float64)
    errors = check_layer(layer, rng.standard_normal((6, 5)))
    assert max(errors.values()) < 1e-7, errors
    relu_like = Maxout(1, 1, rng, k=2, dtype=np.float64)
    relu_like.params["W"][...] = [[[1.0, 0.0]]]
    relu_like.params["b"][...] = 0.0
    x = np.linspace(-2, 2, 9)[:, None]
    np.testing.assert_allclose(relu_like.forward(x), np.maximum(x, 0))
    with pytest.raises(ShapeError):
        layer.forward(np.zeros((2, 4)))
    with pytest.raises(ConfigError):
        Maxout(2, 2, rng, k=1)


def test_each_unit_takes_the_largest_of_its_k_pieces(rng):
    layer = Maxout(4, 3, rng, k=5, dtype=np.float64)
    x = rng.standard_normal((7, 4))
    pieces = np.einsum("nd,dhj->nhj", x, layer.params["W"]) + layer.params["b"]
    np.testing.assert_allclose(layer.forward(x), pieces.max(axis=2), rtol=1e-12)
    dout = rng.standard_normal((7, 3))
    layer.backward(dout)
    won = pieces == pieces.max(axis=2, keepdims=True)
    np.testing.assert_allclose(layer.grads["b"], (won * dout[..., None]).sum(axis=0), rtol=1e-12)
