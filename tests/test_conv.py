"""Convolution, pooling, flatten, batch norm and dropout: gradient checks, a naive reference, errors, modes."""
import numpy as np
import pytest

import course_lib as cl
from course_lib.conv import Conv2d, conv_output_size
from course_lib.normalization import BatchNorm, Dropout
from course_lib.pooling import Flatten, MaxPool2d, MeanPool2d

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
                    out[n, f, i, j] = b[f] + np.sum(W[f] * xp[n, :, i * stride:i * stride + k, j * stride:j * stride + k])
    return out


@pytest.mark.parametrize("C, F, k, stride, padding, size", [(1, 2, 3, 1, 0, 6), (3, 4, 3, 1, 1, 5), (2, 3, 3, 2, 1, 7),
                                                            (2, 2, 1, 1, 0, 4), (1, 3, 5, 2, 2, 9)])
def test_conv_matches_the_definition_and_the_gradient_check(rng, C, F, k, stride, padding, size):
    layer = Conv2d(C, F, k, rng, stride=stride, padding=padding, dtype=np.float64)
    x = rng.standard_normal((2, C, size, size))
    np.testing.assert_allclose(layer.forward(x), naive_conv(x, layer.params["W"], layer.params["b"], stride, padding),
                               rtol=1e-10, atol=1e-12)
    errors = cl.check_layer(layer, x)
    assert max(errors.values()) < 1e-7, errors


def test_output_size_arithmetic_and_its_errors(rng):
    assert conv_output_size(17, 3, 1, 1) == 17 and conv_output_size(17, 3, 2, 1) == 9 and conv_output_size(17, 5) == 13
    with pytest.raises(cl.ShapeError, match="larger than the padded input"):
        Conv2d(1, 2, 7, rng).forward(np.zeros((1, 1, 5, 5)))
    with pytest.raises(cl.ShapeError, match="stride 2 does not fit"):
        Conv2d(1, 2, 3, rng, stride=2).forward(np.zeros((1, 1, 6, 6)))
    with pytest.raises(cl.ShapeError, match=r"Conv2d\(3 → 2, 3×3\) expected input of shape \(N, 3, H, W\), got \(N, 1, 17, 17\)"):
        Conv2d(3, 2, 3, rng).forward(np.zeros((4, 1, 17, 17)))
    with pytest.raises(cl.ShapeError, match="reshape letters"):
        Conv2d(1, 2, 3, rng).forward(np.zeros((4, 289)))


def test_weight_sharing_parameter_count(rng):
    conv = Conv2d(1, 8, 3, rng, padding=1)
    assert sum(p.size for p in conv.params.values()) == 8 * 9 + 8
    assert cl.Linear(289, 8 * 289, rng).params["W"].size == 289 * 8 * 289


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
    np.testing.assert_array_equal(mp.backward(np.ones((1, 1, 2, 2)))[0, 0],
                                  [[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]])
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


@pytest.mark.parametrize("shape", [(8, 4), (4, 4, 3, 3)])
def test_batchnorm_gradcheck_and_modes(rng, shape):
    bn = BatchNorm(4, dtype=np.float64)
    bn.params["gamma"][:] = rng.uniform(0.5, 2, 4)
    x = rng.standard_normal(shape) * 3 + 2
    errors = cl.check_layer(bn, x)
    assert max(errors.values()) < 1e-6, errors
    fresh = BatchNorm(4, dtype=np.float64)
    y = fresh.forward(x)
    axes = (0,) if len(shape) == 2 else (0, 2, 3)
    np.testing.assert_allclose(y.mean(axis=axes), 0, atol=1e-9)
    np.testing.assert_allclose(y.std(axis=axes), 1, rtol=1e-3)
    for _ in range(200):
        fresh.forward(x)
    fresh.training = False
    np.testing.assert_allclose(fresh.forward(x).mean(axis=axes), 0, atol=0.05)   # running stats learned the data
    assert cl.check_layer(fresh, x)["x"] < 1e-7


def test_dropout_train_and_eval(rng):
    drop = Dropout(0.5, np.random.default_rng(0))
    x = np.ones((1000, 10))
    y = drop.forward(x)
    assert set(np.unique(y)) == {0.0, 2.0} and abs(y.mean() - 1) < 0.05
    np.testing.assert_array_equal(drop.backward(np.ones_like(x)), y)
    model = cl.Sequential([cl.Linear(10, 10, rng), Dropout(0.5, np.random.default_rng(0))]).eval()
    np.testing.assert_array_equal(model.forward(x[:3].astype(np.float32)), model.forward(x[:3].astype(np.float32)))
    assert model.train().layers[1].training
    with pytest.raises(cl.ConfigError):
        Dropout(1.0, rng)


def test_a_small_cnn_end_to_end_gradcheck(rng):
    model = cl.Sequential([Conv2d(1, 2, 3, rng, padding=1, dtype=np.float64), cl.ReLU(), MaxPool2d(2),
                           BatchNorm(2, dtype=np.float64), Flatten(), cl.Linear(2 * 3 * 3, 4, rng, dtype=np.float64)])
    x = rng.standard_normal((5, 1, 7, 7))
    errors = cl.check_model(model, cl.SoftmaxCrossEntropyLoss(), x, rng.integers(0, 4, 5))
    assert max(errors.values()) < 1e-6, errors


def test_pooling_floors_an_odd_size_as_the_notebook_says():
    x = np.arange(17 * 17, dtype=float).reshape(1, 1, 17, 17)
    y = MaxPool2d(2).forward(x)
    assert y.shape == (1, 1, 8, 8)
    assert y.max() == x[0, 0, 15, 15]                 # the 17th row and column are never looked at


def test_trainable_pooling_formula_and_gradcheck(rng):
    from course_lib.pooling import TrainablePool2d
    layer = TrainablePool2d(3, dtype=np.float64)
    layer.params["beta"][:] = [2.0, -1.0, 0.5]
    layer.params["b"][:] = [0.0, 1.0, -1.0]
    x = rng.standard_normal((2, 3, 6, 6))
    down = x.reshape(2, 3, 3, 2, 3, 2).mean(axis=(3, 5))
    np.testing.assert_allclose(layer.forward(x),
                               layer.params["beta"][:, None, None] * down + layer.params["b"][:, None, None])
    errors = cl.check_layer(layer, x)
    assert max(errors.values()) < 1e-7, errors
    with pytest.raises(cl.ShapeError, match=r"\(N, 3, H, W\)"):
        layer.forward(np.zeros((1, 2, 4, 4)))
