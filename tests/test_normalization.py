"""Batch norm and dropout: gradient checks in float64, the statistics they promise, train and eval modes."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.normalization import BatchNorm, Dropout

pytestmark = pytest.mark.ch06


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
    np.testing.assert_allclose(
        fresh.forward(x).mean(axis=axes), 0, atol=0.05
    )  # running stats learned the data
    assert cl.check_layer(fresh, x)["x"] < 1e-7


def test_dropout_train_and_eval(rng):
    drop = Dropout(0.5, np.random.default_rng(0))
    x = np.ones((1000, 10))
    y = drop.forward(x)
    assert set(np.unique(y)) == {0.0, 2.0} and abs(y.mean() - 1) < 0.05
    np.testing.assert_array_equal(drop.backward(np.ones_like(x)), y)
    model = cl.Sequential([cl.Linear(10, 10, rng), Dropout(0.5, np.random.default_rng(0))]).eval()
    np.testing.assert_array_equal(
        model.forward(x[:3].astype(np.float32)), model.forward(x[:3].astype(np.float32))
    )
    assert model.train().layers[1].training
    with pytest.raises(cl.ConfigError):
        Dropout(1.0, rng)


def test_dropout_gradcheck_with_its_mask_fixed(rng):
    """Each forward draws a new mask, so the check runs in eval mode (the identity) and, in train mode,
    on a layer whose mask is drawn again from the same seed every time."""
    x = rng.standard_normal((6, 5))
    drop = Dropout(0.3, np.random.default_rng(0))
    drop.training = False
    assert cl.check_layer(drop, x)["x"] < 1e-7

    class SameMask(Dropout):
        def _forward(self, x):
            self.rng = np.random.default_rng(3)
            return super()._forward(x)

    assert cl.check_layer(SameMask(0.3, np.random.default_rng(3)), x)["x"] < 1e-7
