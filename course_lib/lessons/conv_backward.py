"""The convolution's backward pass to its input, written out with the textbook's formulas (notebook 06).

Deep learning's "convolution" is a cross-correlation: the kernel slides over the input unflipped,

    correlate(x, K)[i, j] = Σ_u Σ_v K[u, v] · x[i + u, j + v]      x (H, W), K (k, k) → (H−k+1, W−k+1)

while the convolution of signal processing flips the kernel first (rotates it by 180°):

    convolve(x, K)[i, j] = Σ_u Σ_v K[u, v] · x[i − u, j − v]  =  correlate(x, rot180(K)).

Backward to the input of a stride-1 layer y = correlate(x, K): the input pixel x[a, b] met the kernel
weight K[u, v] in the output y[a − u, b − v], so

    ∂E/∂x[a, b] = Σ_u Σ_v δ[a − u, b − v] · K[u, v]  =  full convolution of δ with K
                = correlate(δ padded by k − 1 zeros on every side, rot180(K)),

which is the (H, W) map the input had. With several channels, x (C, H, W), δ (F, Ho, Wo) and W (F, C, k, k),
each input channel sums the contributions of every output channel: dx[c] = Σ_f full_conv(δ[f], W[f, c]).
The same formula gives the sensitivity of a pooling layer whose output feeds a convolution (the textbook's
δ of a pooling layer "from the next convolution layer").
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..errors import ShapeError, shape_str, whole_number
from ..i18n import _
from ..layers import as_numbers


def rot180(kernel):
    """The kernel turned by 180° (flipped upside down and left to right); acts on the last two axes."""
    return np.asarray(kernel)[..., ::-1, ::-1]


def _grids(x, kernel, where):
    x = as_numbers(x, _("{where}: the input").format(where=where)).astype(float)
    kernel = as_numbers(kernel, _("{where}: the kernel").format(where=where)).astype(float)
    if x.ndim != 2 or kernel.ndim != 2:
        raise ShapeError(
            _(
                "{where} takes a 2-D input and a 2-D kernel, got shapes {x_shape} and "
                "{kernel_shape}; pass one channel, e.g. x[0, 0]"
            ).format(where=where, x_shape=x.shape, kernel_shape=kernel.shape)
        )
    if kernel.shape[0] > x.shape[0] or kernel.shape[1] > x.shape[1]:
        raise ShapeError(
            _(
                "{where}: the {kernel_shape} kernel is larger than the {x_shape} input; "
                "pad the input or use a smaller kernel"
            ).format(where=where, kernel_shape=kernel.shape, x_shape=x.shape)
        )
    return x, kernel


def correlate2d(x, kernel):
    """Cross-correlation, 'valid': out[i, j] = Σ_u,v kernel[u, v] · x[i + u, j + v].
    x (H, W), kernel (KH, KW) → (H − KH + 1, W − KW + 1). This is what Conv2d computes."""
    x, kernel = _grids(x, kernel, "correlate2d")
    return np.einsum("ijuv,uv->ij", sliding_window_view(x, kernel.shape), kernel)  # i18n: not shown


def convolve2d(x, kernel, mode="valid"):
    """True convolution: the kernel rotated by 180°, then correlated.
    mode 'valid' → (H − KH + 1, W − KW + 1); 'full' first pads x with KH − 1 rows and KW − 1 columns of
    zeros on each side → (H + KH − 1, W + KW − 1)."""
    x, kernel = _grids(x, kernel, "convolve2d")
    if mode == "full":
        x = np.pad(x, ((kernel.shape[0] - 1,) * 2, (kernel.shape[1] - 1,) * 2))
    elif mode != "valid":
        raise ShapeError(_("convolve2d: mode must be 'valid' or 'full', got {mode}").format(mode=repr(mode)))
    return correlate2d(x, rot180(kernel))


def conv_input_grad(delta, W, padding=0):
    """∂E/∂x of a stride-1 Conv2d: dx[n, c] = Σ_f full_conv(delta[n, f], W[f, c]), the padding cropped
    off.

    delta (N, F, Ho, Wo), W (F, C, k, k) → dx (N, C, Ho + k − 1 − 2p, Wo + k − 1 − 2p), p the padding."""
    where = "conv_input_grad"  # i18n: not shown (a function's name)
    delta = as_numbers(delta, f"{where}: delta").astype(float)
    W = as_numbers(W, f"{where}: W").astype(float)
    p = whole_number(padding, "padding", 0, where=where)
    if delta.ndim != 4 or W.ndim != 4 or delta.shape[1] != W.shape[0] or W.shape[2] != W.shape[3]:
        raise ShapeError(
            _(
                "conv_input_grad needs delta (N, F, Ho, Wo) and square kernels W (F, C, k, k) with "
                "the same F, got {delta_shape} and {w_shape}"
            ).format(delta_shape=shape_str(delta.shape), w_shape=W.shape)
        )
    k = W.shape[2]
    if 2 * p > delta.shape[2] + k - 2:
        raise ShapeError(_("conv_input_grad: padding {p} is more than the layer could have had").format(p=p))
    full = np.pad(delta, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
    windows = sliding_window_view(full, (k, k), axis=(2, 3))  # (N, F, H + 2p, W + 2p, k, k)
    dx = np.einsum("nfijuv,fcuv->ncij", windows, rot180(W))  # i18n: not shown (a formula)
    return dx[:, :, p : dx.shape[2] - p, p : dx.shape[3] - p]
