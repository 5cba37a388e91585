"""SGD and Adam: the update rules, momentum, weight decay, clipping, and nonsense settings."""

import numpy as np
import pytest

from course_lib import SGD, Adam, ConfigError, Linear
from course_lib.optim import global_grad_norm, layer_grad_norm


def _layer_with_grads(rng):
    layer = Linear(3, 2, rng, dtype=np.float64)
    layer.grads = {"W": rng.standard_normal((3, 2)), "b": rng.standard_normal(2)}
    return layer


def test_plain_step_is_p_minus_lr_g(rng):
    layer = _layer_with_grads(rng)
    W0, g = layer.params["W"].copy(), layer.grads["W"].copy()
    W_obj = layer.params["W"]
    SGD([layer], lr=0.1).step()
    np.testing.assert_allclose(layer.params["W"], W0 - 0.1 * g)
    assert layer.params["W"] is W_obj, "the update must be in place"


def test_momentum_and_weight_decay(rng):
    layer = _layer_with_grads(rng)
    p0, g = layer.params["b"].copy(), layer.grads["b"].copy()
    opt = SGD([layer], lr=0.1, momentum=0.9, weight_decay=0.01)
    opt.step()
    v1 = g + 0.01 * p0
    p1 = p0 - 0.1 * v1
    np.testing.assert_allclose(layer.params["b"], p1)
    opt.step()  # same gradient again: v2 = 0.9 v1 + (g + λ p1)
    v2 = 0.9 * v1 + g + 0.01 * p1
    np.testing.assert_allclose(layer.params["b"], p1 - 0.1 * v2)


def test_clipping_caps_the_global_norm(rng):
    layer = _layer_with_grads(rng)
    norm = global_grad_norm([layer])
    p0 = layer.params["W"].copy()
    SGD([layer], lr=1.0, clip_norm=norm / 2).step()
    np.testing.assert_allclose(p0 - layer.params["W"], layer.grads["W"] / 2)


def test_a_layers_gradient_norm_is_the_global_norm_of_that_layer_alone(rng):
    """One norm, computed one way: what the history records per layer is what clipping measures, to the bit."""
    layers = [Linear(50, 40, rng), Linear(40, 3, rng)]
    for layer in layers:
        layer.grads = {k: rng.standard_normal(v.shape).astype(np.float32) for k, v in layer.params.items()}
        flat = np.concatenate([g.ravel().astype(np.float64) for g in layer.grads.values()])
        assert layer_grad_norm(layer) == global_grad_norm([layer]) == pytest.approx(np.linalg.norm(flat))
    assert global_grad_norm(layers) == pytest.approx(np.hypot(*[layer_grad_norm(l) for l in layers]))


@pytest.mark.parametrize("lr", [0, -1, float("nan"), float("inf"), "fast", None])
def test_nonsense_learning_rates(rng, lr):
    with pytest.raises(ConfigError, match="learning rate lr must be a finite number > 0"):
        SGD([_layer_with_grads(rng)], lr=lr)


def test_learning_rate_is_checked_when_changed(rng):
    opt = SGD([_layer_with_grads(rng)], lr=0.1)
    with pytest.raises(ConfigError):
        opt.lr = -0.5
    assert opt.lr == 0.1


@pytest.mark.parametrize("kwargs", [{"momentum": 1.0}, {"weight_decay": -1}, {"clip_norm": 0}])
def test_other_nonsense(rng, kwargs):
    with pytest.raises(ConfigError):
        SGD([_layer_with_grads(rng)], lr=0.1, **kwargs)


def test_l1_pushes_towards_zero_by_a_constant(rng):
    layer = _layer_with_grads(rng)
    layer.grads = {"W": np.zeros((3, 2)), "b": np.zeros(2)}
    W0 = layer.params["W"].copy()
    SGD([layer], lr=0.1, l1=0.5).step()
    np.testing.assert_allclose(layer.params["W"], W0 - 0.05 * np.sign(W0))
    with pytest.raises(ConfigError):
        SGD([layer], lr=0.1, l1=-1)


def test_adam_first_step_moves_every_weight_by_lr_against_its_gradient_sign(rng):
    """m̂ = g and v̂ = g² after one step, so the step is η·g/|g|: the same size for every weight."""
    layer = _layer_with_grads(rng)
    layer.grads["W"] *= np.array([[1e-4], [1.0], [1e3]])  # gradients of very different scales
    W0, g = layer.params["W"].copy(), layer.grads["W"].copy()
    Adam([layer], lr=0.01, eps=1e-12).step()
    np.testing.assert_allclose(layer.params["W"], W0 - 0.01 * np.sign(g), rtol=1e-6)


def test_adam_second_step_follows_the_moment_formulas(rng):
    layer = _layer_with_grads(rng)
    b0, g1 = layer.params["b"].copy(), layer.grads["b"].copy()
    opt = Adam([layer], lr=0.1, betas=(0.5, 0.75), eps=1e-8)
    opt.step()
    g2 = rng.standard_normal(2)
    layer.grads["b"] = g2
    opt.step()
    m = 0.5 * (0.5 * g1) + 0.5 * g2
    v = 0.75 * (0.25 * g1**2) + 0.25 * g2**2
    m_hat, v_hat = m / (1 - 0.5**2), v / (1 - 0.75**2)
    b1 = b0 - 0.1 * np.sign(g1)
    np.testing.assert_allclose(layer.params["b"], b1 - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-7)


@pytest.mark.parametrize("kwargs", [{"betas": (0.9, 1.0)}, {"betas": (0.9,)}, {"eps": 0}, {"clip_norm": -1}])
def test_adam_rejects_nonsense_settings(rng, kwargs):
    with pytest.raises(ConfigError):
        Adam([_layer_with_grads(rng)], lr=0.1, **kwargs)
