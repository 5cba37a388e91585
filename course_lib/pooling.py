"""Pooling (下采样): summarise each k×k block of a feature map by its maximum or its mean (notebook 06).

Shapes: x (N, C, H, W) → y (N, C, H // k, W // k), non-overlapping k×k windows (stride = k). Rows and
columns that do not fill a whole window are dropped (floor), as in PyTorch: a 17×17 map pools to 8×8 and
its last row and column are never looked at. A convolution, by contrast, refuses a size that does not fit
(`conv.conv_output_size`).

Backward, the "upsampling" of lecture `000`:
    max pooling   the gradient of each window goes to the position of its maximum, zeros elsewhere
    mean pooling  the gradient of each window is spread evenly: each of the k² inputs gets dout / k²
"""

from collections import namedtuple

import numpy as np

from .errors import ShapeError, expect_input, whole_number
from .i18n import _
from .layers import Layer


class _Pool(Layer):
    def __init__(self, kernel_size=2):
        super().__init__()
        self.kernel_size = whole_number(kernel_size, "kernel_size", 1, where=type(self).__name__)

    def _check_input(self, x):
        expect_input(self, x, ("N", "C", "H", "W"))
        k = self.kernel_size
        if x.shape[2] < k or x.shape[3] < k:
            raise ShapeError(
                _("{layer}: a {k}×{k} window is larger than the {H}×{W} input").format(
                    layer=self, k=k, H=x.shape[2], W=x.shape[3]
                )
            )

    def _blocks(self, x):
        """(N, C, Ho, k, Wo, k) view of the part of x that whole windows cover."""
        N, C, H, W = x.shape
        k = self.kernel_size
        Ho, Wo = H // k, W // k
        return x[:, :, : Ho * k, : Wo * k].reshape(N, C, Ho, k, Wo, k)

    def _spread(self, grad_blocks, shape):
        """Blocks of gradient (N, C, Ho, k, Wo, k) back into an array of the input's shape (zeros at the
        cut edge)."""
        dx = np.zeros(shape, dtype=grad_blocks.dtype)
        N, C, Ho, k, Wo, _ = grad_blocks.shape
        dx[:, :, : Ho * k, : Wo * k] = grad_blocks.reshape(N, C, Ho * k, Wo * k)
        return dx

    def __repr__(self):
        return f"{type(self).__name__}({self.kernel_size})"


class MaxPool2d(_Pool):
    """Largest value of each k×k window.

    Computed as the element-wise maximum of k² strided views (one per position inside the window), which
    keeps every operation on whole arrays; backward gives each window's gradient to the first position
    that holds the maximum.
    """

    Cache = namedtuple("MaxPoolCache", "x out")  # the input and the output (each window's maximum)

    def _offsets(self, x):
        N, C, H, W = x.shape
        Ho, Wo, k = H // self.kernel_size, W // self.kernel_size, self.kernel_size
        return [(u, v, x[:, :, u : Ho * k : k, v : Wo * k : k]) for u in range(k) for v in range(k)]

    def _forward(self, x):
        views = self._offsets(x)
        out = views[0][2].copy()
        for _row, _col, view in views[1:]:
            np.maximum(out, view, out=out)
        self.cache = self.Cache(x, out)
        return out

    def _backward(self, dout, need_dx):
        x, out = self.cache
        dx = np.zeros(x.shape, dtype=dout.dtype)
        Ho, Wo, k = out.shape[2], out.shape[3], self.kernel_size
        taken = np.zeros(out.shape, dtype=bool)
        for u, v, view in self._offsets(x):
            winner = (view == out) & ~taken  # the first position holding the maximum wins ties
            dx[:, :, u : Ho * k : k, v : Wo * k : k] = dout * winner
            taken |= winner
        return dx


class MeanPool2d(_Pool):
    """Mean of each k×k window (also called average pooling)."""

    def _forward(self, x):
        self.cache = x.shape
        return self._blocks(x).mean(axis=(3, 5))

    def _backward(self, dout, need_dx):
        return self._upsample(dout, self.cache)

    def _upsample(self, dout, shape):
        """dout (N, C, Ho, Wo) spread evenly over each window, ÷ k², into an array of the input's `shape`."""
        spread = np.broadcast_to(
            dout[:, :, :, None, :, None] / (self.kernel_size * self.kernel_size),
            dout.shape[:3] + (self.kernel_size,) + dout.shape[3:] + (self.kernel_size,),
        )
        return self._spread(np.ascontiguousarray(spread), shape)


class TrainablePool2d(MeanPool2d):
    """The textbook's subsampling layer: each channel's k×k means scaled by a trainable β and shifted by a
    trainable bias b (an activation f follows as its own layer, y = f(z)):

        z[n, c] = β[c] · down(x[n, c]) + b[c]          x (N, C, H, W) → z (N, C, H // k, W // k)

    Backward, with δ = ∂E/∂z:  ∂E/∂β[c] = Σ_n,i,j δ · down(x),  ∂E/∂b[c] = Σ_n,i,j δ,
    and dx = β[c] · (δ spread evenly over each window, ÷ k²): mean pooling's upsampling, scaled by β."""

    Cache = namedtuple("TrainablePoolCache", "shape down")  # the input's shape, and down(x)

    def __init__(self, channels, kernel_size=2, dtype=np.float32):
        super().__init__(kernel_size)
        self.channels = whole_number(channels, "channels", 1, where="TrainablePool2d")
        self.params = {"beta": np.ones(self.channels, dtype), "b": np.zeros(self.channels, dtype)}

    def _check_input(self, x):
        super()._check_input(x)
        expect_input(self, x, ("N", self.channels, "H", "W"))

    def _forward(self, x):
        down = super()._forward(x)
        self.cache = self.Cache(x.shape, down)
        return self.params["beta"][:, None, None] * down + self.params["b"][:, None, None]

    def _backward(self, dout, need_dx):
        shape, down = self.cache
        self.grads["beta"] = (dout * down).sum(axis=(0, 2, 3))
        self.grads["b"] = dout.sum(axis=(0, 2, 3))
        return self._upsample(dout * self.params["beta"][:, None, None], shape) if need_dx else None

    def __repr__(self):
        return f"TrainablePool2d({self.channels}, {self.kernel_size})"


class Flatten(Layer):
    """(N, C, H, W) → (N, C·H·W), so a dense layer can follow convolutions; backward reshapes back."""

    def _check_input(self, x):
        expect_input(self, x, ("N", ...), what=_("a batch"))

    def _forward(self, x):
        self.cache = x.shape
        return x.reshape(x.shape[0], -1)

    def _backward(self, dout, need_dx):
        return dout.reshape(self.cache)
