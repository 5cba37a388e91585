"""FastLSTM must match course_lib.LSTM (to rounding) and pass a numerical gradient check."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.lstm_fast import FastLSTM

pytestmark = pytest.mark.ch07


def pair(D, H, truncate=None, dtype=np.float64, seed=7):
    """Two layers with identical parameters (same rng seed)."""
    ref = cl.LSTM(D, H, np.random.default_rng(seed), dtype=dtype, truncate=truncate)
    fast = FastLSTM(D, H, np.random.default_rng(seed), dtype=dtype, truncate=truncate)
    for k in ref.params:
        assert np.array_equal(ref.params[k], fast.params[k])
    return ref, fast


def close(a, b, tol=1e-10):
    return np.max(np.abs(np.asarray(a) - np.asarray(b))) <= tol * max(1.0, np.max(np.abs(a)))


@pytest.mark.parametrize("truncate", [None, 1, 3, 50, 100])
@pytest.mark.parametrize("need_dx", [True, False])
@pytest.mark.parametrize("shape", [(32, 50, 10, 64), (3, 7, 4, 5), (2, 1, 3, 4), (1, 2, 1, 1)])
def test_matches_reference(shape, truncate, need_dx):
    N, T, D, H = shape
    rng = np.random.default_rng(0)
    x, dout = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))
    ref, fast = pair(D, H, truncate)
    y_ref, y_fast = ref.forward(x), fast.forward(x)
    assert y_fast.shape == y_ref.shape and close(y_ref, y_fast)
    dx_ref, dx_fast = ref.backward(dout, need_dx), fast.backward(dout, need_dx)
    if need_dx:
        assert dx_fast.shape == dx_ref.shape and close(dx_ref, dx_fast)
    else:
        assert dx_ref is None and dx_fast is None
    for k in ("Wx", "Wh", "b"):
        assert fast.grads[k].shape == ref.grads[k].shape and close(ref.grads[k], fast.grads[k]), k
    assert fast.dh_norms.shape == (T,) and close(ref.dh_norms, fast.dh_norms)


def test_float32_matches_reference_and_keeps_dtype():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((32, 50, 10)).astype(np.float32)
    dout = rng.standard_normal((32, 50, 64)).astype(np.float32)
    ref, fast = pair(10, 64, dtype=np.float32)
    y_ref, y_fast = ref.forward(x), fast.forward(x)
    dx_ref, dx_fast = ref.backward(dout), fast.backward(dout)
    assert y_fast.dtype == dx_fast.dtype == np.float32
    assert np.allclose(y_ref, y_fast, atol=1e-5) and np.allclose(dx_ref, dx_fast, rtol=1e-4, atol=1e-4)
    for k in ("Wx", "Wh", "b"):
        assert fast.grads[k].dtype == np.float32
        assert np.allclose(ref.grads[k], fast.grads[k], rtol=1e-4, atol=1e-3), k
    assert np.allclose(ref.dh_norms, fast.dh_norms, rtol=1e-4)


def test_repeated_calls_do_not_leak_state():
    """A second forward/backward on other data gives the reference's answer (no stale buffers)."""
    rng = np.random.default_rng(2)
    ref, fast = pair(3, 4, truncate=2)
    for _ in range(3):
        x, dout = rng.standard_normal((5, 6, 3)), rng.standard_normal((5, 6, 4))
        assert close(ref.forward(x), fast.forward(x))
        assert close(ref.backward(dout), fast.backward(dout))
        assert close(ref.grads["Wh"], fast.grads["Wh"]) and close(ref.dh_norms, fast.dh_norms)


@pytest.mark.parametrize("truncate", [None, 2])
def test_gradcheck(truncate):
    rng = np.random.default_rng(1234)
    layer = FastLSTM(3, 4, rng, dtype=np.float64, truncate=truncate)
    errors = cl.check_layer(layer, rng.standard_normal((2, 6, 3)))
    if truncate is None:
        assert max(errors.values()) < 1e-7, errors
    else:  # truncation is an approximation: it must differ from the true gradient
        assert errors["Wh"] > 1e-4


def test_truncated_gradient_ignores_dependencies_older_than_the_cut():
    rng = np.random.default_rng(1234)
    layer = FastLSTM(2, 3, rng, dtype=np.float64, truncate=3)
    layer.forward(rng.standard_normal((1, 7, 2)))
    dout = np.zeros((1, 7, 3))
    dout[:, -1] = 1.0
    dx = layer.backward(dout)
    assert np.all(dx[:, :6] == 0) and np.any(dx[:, 6] != 0)


def test_in_a_model_with_a_linear_readout():
    rng = np.random.default_rng(1234)
    model = cl.Sequential(
        [FastLSTM(2, 5, rng, dtype=np.float64), cl.Flatten(), cl.Linear(4 * 5, 3, rng, dtype=np.float64)]
    )
    errors = cl.check_model(
        model, cl.SoftmaxCrossEntropyLoss(), rng.standard_normal((3, 4, 2)), np.array([0, 1, 2])
    )
    assert max(errors.values()) < 1e-6, errors


def test_outputs_are_not_overwritten_by_later_calls():
    """h, dx and the grads handed out must survive the next forward/backward (scratch buffers are internal)."""
    rng = np.random.default_rng(3)
    _, fast = pair(3, 4)
    x1, x2 = rng.standard_normal((5, 6, 3)), rng.standard_normal((5, 6, 3))
    d1, d2 = rng.standard_normal((5, 6, 4)), rng.standard_normal((5, 6, 4))
    y1 = fast.forward(x1)
    dx1 = fast.backward(d1)
    saved = y1.copy(), dx1.copy(), {k: g.copy() for k, g in fast.grads.items()}
    grads1 = dict(fast.grads)
    fast.forward(x2)
    fast.backward(d2)
    assert np.array_equal(y1, saved[0]) and np.array_equal(dx1, saved[1])
    assert all(np.array_equal(grads1[k], saved[2][k]) for k in saved[2])


def test_mixed_dtypes_follow_numpy_promotion_like_the_reference():
    """float64 input into a float32 layer gives float64 results in both implementations."""
    rng = np.random.default_rng(4)
    ref, fast = pair(3, 4, dtype=np.float32)
    x, dout = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 4))
    y_ref, y_fast = ref.forward(x), fast.forward(x)
    assert y_ref.dtype == y_fast.dtype == np.float64 and np.allclose(y_ref, y_fast, atol=1e-6)
    assert np.allclose(ref.backward(dout), fast.backward(dout), atol=1e-6)
    for k in ("Wx", "Wh", "b"):
        assert np.allclose(ref.grads[k], fast.grads[k], atol=1e-6), k
