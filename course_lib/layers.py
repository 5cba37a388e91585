"""Layers as objects with a forward and a backward pass, and the dense (fully connected) layer.

The contract every layer keeps (notebook 03 builds it up step by step):

* `forward(x) -> y` computes the output and keeps in `self.cache` what backward will need (a layer that
  keeps several arrays names them, `Cache(x=…, h=…)`); the base class notes the shape of y.
* `backward(dout) -> dx` takes dL/dy (same shape as y), returns dL/dx (same shape as x) and fills
  `self.grads` with dL/dp for every parameter, under the same keys as `self.params`.
* Calling `backward` before `forward` is an error, not a silent wrong answer; so is an input the layer
  cannot take (each says what it takes in one line, `errors.expect_input`) or a dout not shaped as y.
* A layer never updates its own parameters: an optimiser does that (`course_lib.optim`).

Arrays are batch-first: x has shape (N, D) and every formula is vectorised over the N rows.
"""

import numpy as np

from .errors import (
    DataError,
    NotReadyError,
    ShapeError,
    expect_dout,
    expect_input,
    flatten_hint,
    whole_number,
)
from .i18n import _, translated
from .init import init_params


def as_numbers(x, what, error=DataError, hint=""):
    """np.asarray(x), or a one-line error if x is not an array of numbers: rows of different lengths
    (ShapeError), None, or text and Python objects (`error`, with `hint` after the description)."""
    try:
        x = np.asarray(x)
    except ValueError:
        raise ShapeError(
            _(
                "{what} is a list whose rows have different lengths; "
                "every row needs the same number of values"
            ).format(what=what)
        ) from None
    if x.dtype.kind not in "biuf":  # numpy's own error would come later, as a traceback
        hint = translated(hint)  # a constant marked N_ (losses.NAMES_TO_NUMBERS), or ""
        if x.ndim == 0 and x.item() is None:
            message, hint = _("{what} must be numbers, got None"), ""
        elif x.dtype.kind in "US" and x.size:
            message = _("{what} must be numbers, got text such as {text}")
        elif x.dtype.kind in "US":
            message = _("{what} must be numbers, got an empty array of text")
        else:
            message = _("{what} must be numbers, got values of type {type}")
        text = repr(x.flat[0].item()) if x.dtype.kind in "US" and x.size else ""
        kind = type(x.flat[0]).__name__ if x.size else x.dtype
        raise error(message.format(what=what, text=text, type=kind) + hint)
    return x


class Layer:
    """Base class. Subclasses set `self.params` (a dict of arrays, possibly empty) and implement
    `_forward(x)` and `_backward(dout)`; this class adds the shape checks and the cache bookkeeping."""

    def __init__(self):
        self.params = {}
        self.grads = {}
        self.cache = None
        self.output_shape = None  # the shape of the last output: backward's dout must have it
        self.training = True  # only BatchNorm and Dropout look at it (Sequential.train() / .eval())

    # -- the public contract -------------------------------------------------------------------
    def forward(self, x):
        """y = f(x) for a batch x; remembers what backward needs."""
        x = as_numbers(x, _("{layer}: the input").format(layer=self))
        self._check_input(x)
        y = self._forward(x)
        self.output_shape = y.shape
        return y

    def backward(self, dout, need_dx=True):
        """dx = dL/dx given dout = dL/dy; fills self.grads.

        need_dx=False skips computing dx where that saves work (the first layer of a network, whose
        input is data, not something to learn) and returns None.
        """
        if self.cache is None:
            raise NotReadyError(
                _("{layer}: backward() called before forward(); run a forward pass first").format(layer=self)
            )

        dout = np.asarray(dout)
        expect_dout(self, dout, self.output_shape)
        return self._backward(dout, need_dx)

    __call__ = forward

    # -- hooks for subclasses -------------------------------------------------------------------
    def _check_input(self, x):
        """Raise ShapeError if x cannot be this layer's input, e.g. `expect_input(self, x, ("N", D))`.
        Default: anything goes."""

    def _forward(self, x):
        raise NotImplementedError

    def _backward(self, dout, need_dx):
        raise NotImplementedError

    def __repr__(self):
        return type(self).__name__ + "()"


class Linear(Layer):
    """Dense layer y = x @ W + b (the letters lab's `FullyConnect`; PyTorch's `nn.Linear`).

    Args:
        in_features: D_in, the number of input features (PyTorch's name; the init literature's fan-in).
        out_features: D_out, the number of outputs (the fan-out).
        rng: numpy Generator that draws the initial weights.
        init: initialisation name, see `course_lib.init` ("seed", "normal", "xavier", "he").
        dtype: np.float32 for training, np.float64 for gradient checks.

    Shapes: x (N, D_in) → y (N, D_out); W (D_in, D_out); b (D_out,).

    Backward, for dout = dL/dy of shape (N, D_out):
        dW = xᵀ @ dout      (D_in, D_out)   — sums the N samples' contributions
        db = Σ_n dout[n]    (D_out,)
        dx = dout @ Wᵀ      (N, D_in)
    The loss is already a mean over the batch, so no division by N happens here (the letters lab divided
    here *and* in its quadratic loss, which is why it needed lr = 1000).
    """

    def __init__(self, in_features, out_features, rng, init="seed", dtype=np.float32):
        super().__init__()
        self.in_features = whole_number(in_features, "in_features", 1, where="Linear")
        self.out_features = whole_number(out_features, "out_features", 1, where="Linear")
        self.init = init
        W, b = init_params(init, self.in_features, self.out_features, rng, dtype, where=repr(self))
        self.params = {"W": W, "b": b}

    def _check_input(self, x):
        expect_input(self, x, ("N", self.in_features), hint=flatten_hint(x, self.in_features))

    def _forward(self, x):
        self.cache = x
        return x @ self.params["W"] + self.params["b"]

    def _backward(self, dout, need_dx):
        x = self.cache
        self.grads["W"] = x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T if need_dx else None

    def __repr__(self):
        return f"Linear({self.in_features} → {self.out_features})"
