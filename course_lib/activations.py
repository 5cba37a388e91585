"""Activation functions as layers: sigmoid, tanh, ReLU, leaky ReLU, ELU (notebooks 01 and 04).

Each layer applies its function element-wise, so y has the shape of x, whatever it is:
(N, D) after a dense layer, (N, C, H, W) after a convolution. Backward multiplies dout by the local
derivative f′(x) element-wise (the chain rule):  dx = dout ⊙ f′(x).

| layer      | f(x)                               | f′(x)                         |
|------------|------------------------------------|-------------------------------|
| Sigmoid    | σ(x) = 1 / (1 + e^(−x))            | σ(x)(1 − σ(x)) ≤ 1/4          |
| Tanh       | tanh x = 2σ(2x) − 1                | 1 − tanh² x ≤ 1               |
| ReLU       | max(0, x)                          | 1 if x > 0 else 0             |
| LeakyReLU  | x if x > 0 else αx                 | 1 if x > 0 else α             |
| ELU        | x if x > 0 else α(eᵡ − 1)          | 1 if x > 0 else α eᵡ          |
| Identity   | x ("linear")                       | 1                             |

σ′ ≤ 1/4 is why a stack of sigmoid layers shrinks the gradient (the vanishing gradient, 梯度消失).
"""

from collections import namedtuple

import numpy as np

from .errors import one_of, positive_number
from .i18n import _
from .layers import Layer


def _floats(x):
    """x as an array of floats: integers and bools become float64. In their own type −x wraps around
    (−np.uint8(3) is 253), so σ(3) would come out as σ(−253) = 0, in silence."""
    x = np.asarray(x)
    return x if x.dtype.kind in "fc" else x.astype(np.float64)


def sigmoid(x):
    """σ(x) = 1/(1 + e^(−x)): the course's one sigmoid, element-wise, same shape as x, and its dtype if x
    holds floats (float64 for integers).

    With e = e^(−|x|) ≤ 1 it is 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0: no overflow (the plain
    formula warns for x < −88 in float32), and tiny values survive — σ(−40) = 4.2e−18 in float32, as the
    plain formula gives, where ½(1 + tanh(x/2)) rounds it to 0. For x > 17 float32 still rounds σ(x) to
    exactly 1: 1 − σ(x) < 2⁻²⁴ is below its precision near 1 (notebook 05, stable losses).
    """
    x = _floats(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def softplus(z):
    """softplus(z) = log(1 + eᶻ), written as max(z, 0) + log1p(e^(−|z|)) so that it is finite for every z
    (e^(−|z|) ≤ 1 cannot overflow). Its derivative is σ(z); −log σ(z) = softplus(−z) (notebook 05)."""
    z = _floats(z)
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


# f′ written in terms of the output y = f(x), which is what a forward pass keeps: the Sigmoid and Tanh layers
# and every step of an RNN (`recurrent.RNN`, which keeps only h = φ(a)) multiply by these
DERIVATIVES = {
    "sigmoid": lambda y: (1.0 - y) * y,  # σ′ = σ(1 − σ) ≤ 1/4
    "tanh": lambda y: 1.0 - y * y,  # tanh′ = 1 − tanh² ≤ 1: below 1 when busy
    "relu": lambda y: (y > 0).astype(y.dtype),  # 1 where y > 0, which is where x > 0
    "linear": np.ones_like,
}


class Activation(Layer):
    """An element-wise function; its output has the shape of its input. Each subclass keeps in `cache` what
    its backward needs: the output y (Sigmoid, Tanh), the mask x > 0 (ReLU, LeakyReLU), or the mask and
    α(eˣ − 1) (ELU)."""


class Sigmoid(Activation):
    """y = σ(x); backward dx = dout · σ′(x) = dout · y(1 − y), using the cached output y (no second exp)."""

    def _forward(self, x):
        y = sigmoid(x)
        self.cache = y
        return y

    def _backward(self, dout, need_dx):
        return dout * DERIVATIVES["sigmoid"](self.cache)


class Tanh(Activation):
    """y = tanh x; backward dx = dout · (1 − y²)."""

    def _forward(self, x):
        y = np.tanh(x)
        self.cache = y
        return y

    def _backward(self, dout, need_dx):
        return dout * DERIVATIVES["tanh"](self.cache)


class ReLU(Activation):
    """y = max(0, x); backward passes dout where x > 0 and blocks it elsewhere (a dead unit gets no
    gradient)."""

    def _forward(self, x):
        mask = x > 0
        self.cache = mask
        return x * mask

    def _backward(self, dout, need_dx):
        return dout * self.cache


class LeakyReLU(Activation):
    """y = x for x > 0 and αx otherwise (α = 0.01 by default), so no unit ever stops learning completely."""

    def __init__(self, alpha=0.01):
        super().__init__()
        self.alpha = positive_number(alpha, "alpha", where="LeakyReLU", allow_zero=True)

    def _forward(self, x):
        mask = x > 0
        self.cache = mask
        return np.where(mask, x, self.alpha * x)

    def _backward(self, dout, need_dx):
        return np.where(self.cache, dout, self.alpha * dout)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class ELU(Activation):
    """y = x for x > 0 and α(eˣ − 1) otherwise (α = 1): smooth, and its outputs average nearer zero than
    ReLU's."""

    Cache = namedtuple("ELUCache", "mask neg")  # x > 0, and α(eˣ − 1) where x ≤ 0 (0 elsewhere)

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = positive_number(alpha, "alpha", where="ELU")

    def _forward(self, x):
        mask = x > 0
        # exp only of the non-positive part, so large positive x cannot overflow
        neg = self.alpha * np.expm1(np.minimum(x, 0))
        self.cache = self.Cache(mask, neg)
        return np.where(mask, x, neg)

    def _backward(self, dout, need_dx):
        mask, neg = self.cache
        # for x ≤ 0: d/dx α(eˣ − 1) = α eˣ = y + α
        return np.where(mask, dout, dout * (neg + self.alpha))

    def __repr__(self):
        return f"ELU(alpha={self.alpha})"


class Identity(Activation):
    """y = x: no activation at all (TensorFlow Playground's "linear"). A stack of such layers is one linear
    map. Backward needs nothing but the shape, so that is its cache."""

    def _forward(self, x):
        self.cache = x.shape
        return x

    def _backward(self, dout, need_dx):
        return dout

    def __repr__(self):
        return "Identity()"


ACTIVATIONS = {
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "linear": Identity,
}


def make_activation(name):
    """The activation layer called `name` (one of ACTIVATIONS), with its default parameters."""
    return ACTIVATIONS[one_of(name, _("activation"), ACTIVATIONS)]()
