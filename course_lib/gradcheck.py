"""Numerical gradient checking: is a hand-written backward pass right? (notebook 03)

For a scalar function f and a parameter array p, the centred difference

    ∂f/∂p_i ≈ (f(p + h e_i) − f(p − h e_i)) / 2h

has error O(h²) (a one-sided difference has O(h)). In float64 with h = 1e-5 the two agree to about
1e-8 relative error when backward is right; float32's 7 digits make the check useless, so checks run
on float64 copies. The comparison uses

    rel_error(a, b) = max |a − b| / max(|a| + |b|, tiny)

which is ≈ 1e-7 or smaller for a correct gradient and ≈ 1 for a wrong one.
"""

import numpy as np

from .errors import ConfigError, ShapeError
from .i18n import _


def rel_error(a, b):
    """Largest element-wise difference relative to the size of the arrays (0 when both are zero)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ShapeError(
            _("rel_error: the two arrays must have the same shape, got {a} and {b}").format(
                a=a.shape, b=b.shape
            )
        )
    scale = np.max(np.abs(a) + np.abs(b)) if a.size else 0.0
    return float(np.max(np.abs(a - b)) / max(scale, 1e-300)) if a.size else 0.0


def numerical_gradient(f, p, h=1e-5):
    """∂f/∂p by centred differences, changing p in place one element at a time (and restoring it).

    Args:
        f: function of no arguments returning a float; it must read p (e.g. a layer's parameter).
        p: float64 array.
    Returns:
        array shaped like p.
    """
    if p.dtype != np.float64:
        raise ConfigError(
            _(
                "numerical_gradient needs float64 arrays for accuracy, got {dtype}: "
                "build the layer or model with dtype=np.float64"
            ).format(dtype=p.dtype)
        )

    grad = np.zeros_like(p)
    it = np.nditer(p, flags=["multi_index"])
    for _element in it:
        i = it.multi_index
        old = p[i]
        p[i] = old + h
        f_plus = f()
        p[i] = old - h
        f_minus = f()
        p[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def check_layer(layer, x, rng=None, h=1e-5):
    """Compare a layer's backward pass with numerical gradients, for dx and every parameter.

    A random upstream gradient dout makes the scalar f = Σ y ⊙ dout, whose gradient w.r.t. x is
    exactly what backward(dout) must return.

    Args:
        layer: a float64 layer.
        x: float64 input, shape the layer expects.
    Returns:
        {"x": rel_error, "W": rel_error, ...}.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    x = np.array(x, dtype=np.float64)
    dout = rng.standard_normal(layer.forward(x).shape)
    analytic_dx = layer.backward(dout)
    analytic = {k: g.copy() for k, g in layer.grads.items()}
    f = lambda: float(np.sum(layer.forward(x) * dout))
    errors = {"x": rel_error(analytic_dx, numerical_gradient(f, x, h))}
    for name, p in layer.params.items():
        errors[name] = rel_error(analytic[name], numerical_gradient(f, p, h))
    return errors


def check_loss(loss, prediction, target, h=1e-5):
    """rel_error between loss.backward() and the numerical gradient of loss.forward w.r.t. the prediction."""
    prediction = np.array(prediction, dtype=np.float64)
    loss.forward(prediction, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda: loss.forward(prediction, target), prediction, h)
    return rel_error(analytic, numeric)


def check_model(model, loss, x, target, h=1e-5):
    """Gradient check of a whole float64 Sequential through a loss: {"<index>.<param> (<layer>)": rel_error},
    one entry per parameter, keyed by the layer's position as `state_dict` is (layers that print alike, two
    Linear(4 → 4), stay apart), with the layer for the reader, e.g. "2.W (Linear(4 → 4))"."""

    def f():
        return loss.forward(model.forward(x), target)

    f()
    model.backward(loss.backward())
    analytic = {(i, k): g.copy() for i, layer in enumerate(model.layers) for k, g in layer.grads.items()}
    layers = model.layers
    return {
        f"{i}.{k} ({layers[i]!r})": rel_error(g, numerical_gradient(f, layers[i].params[k], h))
        for (i, k), g in analytic.items()
    }
