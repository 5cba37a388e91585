"""Convolution: gradient checks, a naive reference, output sizes and errors; a small CNN checked end to end
(pooling and flatten have test_pooling.py, batch norm and dropout test_normalization.py)."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.conv import Conv2d, conv_output_size
from course_lib.normalization import BatchNorm
from course_lib.pooling import Flatten, MaxPool2d

pytestmark = pytest.mark.ch06


def naive_conv(x, W, b, stride=1, padding=0):
    """The definition, four loops deep (plus channels): the reference the vectorised layer must match."""
    N, C, H, Wd = x.shape
    F, _, k, _ = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Ho, Wo = (H + 2 * padding - k) // stride + 1, (Wd + 2 * padding - k) // stride + 1
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = b[f] + np.sum(
                        W[f] * xp[n, :, i * stride : i * stride + k, j * stride : j * stride + k]
                    )
    return out


@pytest.mark.parametrize(
    "C, F, k, stride, padding, size",
    [(1, 2, 3, 1, 0, 6), (3, 4, 3, 1, 1, 5), (2, 3, 3, 2, 1, 7), (2, 2, 1, 1, 0, 4), (1, 3, 5, 2, 2, 9)],
)
def test_conv_matches_the_definition_and_the_gradient_check(rng, C, F, k, stride, padding, size):
    layer = Conv2d(C, F, k, rng, stride=stride, padding=padding, dtype=np.float64)
    x = rng.standard_normal((2, C, size, size))
    np.testing.assert_allclose(
        layer.forward(x),
        naive_conv(x, layer.params["W"], layer.params["b"], stride, padding),
        rtol=1e-10,
        atol=1e-12,
    )
    errors = cl.check_layer(layer, x)
    assert max(errors.values()) < 1e-7, errors


def test_output_size_arithmetic_and_its_errors(rng):
    assert (
        conv_output_size(17, 3, 1, 1) == 17
        and conv_output_size(17, 3, 2, 1) == 9
        and conv_output_size(17, 5) == 13
    )
    with pytest.raises(cl.ShapeError, match="larger than the padded input"):
        Conv2d(1, 2, 7, rng).forward(np.zeros((1, 1, 5, 5)))
    with pytest.raises(cl.ShapeError, match="stride 2 does not fit"):
        Conv2d(1, 2, 3, rng, stride=2).forward(np.zeros((1, 1, 6, 6)))
    with pytest.raises(
        cl.ShapeError,
        match=r"Conv2d\(3 → 2, 3×3\) expected input of shape \(N, 3, H, W\), got \(N, 1, 17, 17\)",
    ):
        Conv2d(3, 2, 3, rng).forward(np.zeros((4, 1, 17, 17)))
    with pytest.raises(cl.ShapeError, match="reshape letters"):
        Conv2d(1, 2, 3, rng).forward(np.zeros((4, 289)))


def test_weight_sharing_parameter_count(rng):
    conv = Conv2d(1, 8, 3, rng, padding=1)
    assert sum(p.size for p in conv.params.values()) == 8 * 9 + 8
    assert cl.Linear(289, 8 * 289, rng).params["W"].size == 289 * 8 * 289


def test_a_small_cnn_end_to_end_gradcheck(rng):
    model = cl.Sequential(
        [
            Conv2d(1, 2, 3, rng, padding=1, dtype=np.float64),
            cl.ReLU(),
            MaxPool2d(2),
            BatchNorm(2, dtype=np.float64),
            Flatten(),
            cl.Linear(2 * 3 * 3, 4, rng, dtype=np.float64),
        ]
    )
    x = rng.standard_normal((5, 1, 7, 7))
    errors = cl.check_model(model, cl.SoftmaxCrossEntropyLoss(), x, rng.integers(0, 4, 5))
    assert max(errors.values()) < 1e-6, errors
