"""Weight initialisation by name: the spread each name promises, the biases, the seeds and the checks."""

import numpy as np
import pytest

from course_lib.errors import ConfigError
from course_lib.init import INITS, as_generator, float_dtype, generator, init_params

pytestmark = pytest.mark.ch03


@pytest.mark.parametrize(
    "name, std",
    [("seed", 1 / np.sqrt(400)), ("normal", 1.0), ("xavier", np.sqrt(2 / 500)), ("he", np.sqrt(2 / 400))],
)
def test_init_scales(name, std):
    W, b = init_params(name, 400, 100, np.random.default_rng(0), np.float64)
    assert W.shape == (400, 100) and b.shape == (100,)
    assert W.std() == pytest.approx(std, rel=0.03)


def test_unknown_init_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown initialisation 'glorot'"):
        init_params("glorot", 3, 2, np.random.default_rng(0))


def test_uniform_is_pytorchs_default_and_biases_follow_the_table():
    W, b = init_params("uniform", 400, 100, np.random.default_rng(0), np.float64)
    bound = 1 / np.sqrt(400)
    assert np.abs(W).max() <= bound and np.abs(b).max() <= bound
    assert W.std() == pytest.approx(bound / np.sqrt(3), rel=0.03)  # U(−a, a) has std a/√3
    for name in ("xavier", "he"):
        assert not init_params(name, 40, 10, np.random.default_rng(0))[1].any()
    b = init_params("seed", 40, 10_000, np.random.default_rng(0), np.float64)[1]
    assert b.std() == pytest.approx(1.0, rel=0.05)


@pytest.mark.parametrize("name", INITS)
def test_the_same_seed_draws_the_same_weights_in_the_asked_dtype(name):
    W1, b1 = init_params(name, 5, 3, np.random.default_rng(7), np.float32)
    W2, b2 = init_params(name, 5, 3, as_generator(7), np.float32)
    np.testing.assert_array_equal(W1, W2)
    np.testing.assert_array_equal(b1, b2)
    assert W1.dtype == b1.dtype == np.float32


def test_the_checks_name_the_fix():
    with pytest.raises(ConfigError, match=r"rng must be a numpy Generator, e\.g\. np\.random\.default_rng"):
        generator(0)
    with pytest.raises(ConfigError, match=r"dtype must be np\.float32 \(for training\) or np\.float64"):
        float_dtype(np.int32)
    assert float_dtype("float64") == np.float64
