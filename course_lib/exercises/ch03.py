"""Exercises of notebook 03, backpropagation."""
import numpy as np

from ..gradcheck import numerical_gradient, rel_error
from .checks import array_answer, assert_array_close
from .core import Exercise, call_answer
from .ch02 import descent_step  # noqa: F401  (notebook 03 reuses chapter 2's step exercise)


def sigmoid_pair(x):
    """(σ(x), σ′(x)) for an array x."""
    s = 1 / (1 + np.exp(-x))
    return s, s * (1 - s)


def _check_pair(func):
    x = np.linspace(-10, 10, 81)
    answer = call_answer(func, x)
    assert isinstance(answer, (tuple, list)) and len(answer) == 2, "return the pair (σ(x), σ′(x))"
    s, ds = sigmoid_pair(x)
    assert_array_close("your σ(x)", answer[0], s)
    assert_array_close("your σ′(x)", answer[1], ds)
    return "σ and σ′ = σ(1 − σ) are right"


sigmoid_and_derivative = Exercise("σ and σ′", _check_pair,
                                  "σ(x) = 1/(1 + e^(−x)); its derivative can be written with σ itself.",
                                  sigmoid_pair)


def dense_backward(x, W, dout):
    """Backward pass of y = x @ W + b: returns (dx, dW, db) for upstream gradient dout (N, D_out)."""
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def _check_dense(func):
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, 5))
    W = rng.standard_normal((5, 3))
    b = rng.standard_normal(3)
    dout = rng.standard_normal((4, 3))
    answer = call_answer(func, x.copy(), W.copy(), dout.copy())
    assert isinstance(answer, (tuple, list)) and len(answer) == 3, "return the triple (dx, dW, db)"
    f = lambda: float(np.sum((x @ W + b) * dout))  # gradient check: numerical derivatives of Σ y ⊙ dout
    for name, mine, p in (("dx", answer[0], x), ("dW", answer[1], W), ("db", answer[2], b)):
        numeric = numerical_gradient(f, p)
        mine = array_answer(name, mine)
        assert mine.shape == numeric.shape, (f"{name} has shape {mine.shape}, expected {numeric.shape} "
                                             f"(the shape of {name[1:]})")
        assert np.all(np.isfinite(mine)), f"{name} contains NaN or inf"
        err = rel_error(mine, numeric)
        assert err < 1e-6, f"{name} disagrees with the numerical gradient (relative error {err:.2g})"
    return "dx, dW and db all pass the gradient check"


dense_layer_backward = Exercise("a dense layer's backward", _check_dense,
                                "y = x @ W + b: dx = dout @ Wᵀ, dW = xᵀ @ dout, db sums dout over the batch.",
                                dense_backward)
