"""2-D convolution, vectorised with im2col (notebook 06).

A convolution layer slides F small kernels over the input; each output value is a dot product of one
kernel with one window of the input, plus a bias:

    y[n, f, i, j] = b[f] + Σ_c Σ_u Σ_v  W[f, c, u, v] · x_pad[n, c, s·i + u, s·j + v]

Shapes: x (N, C, H, W) → y (N, F, H_out, W_out), with W (F, C, KH, KW), b (F,), padding p, stride s and
    H_out = (H + 2p − KH) / s + 1        (and the same for the width)
which must be a whole number. Every window uses the *same* kernel (weight sharing, 权值共享), so the
layer has F·C·KH·KW + F parameters whatever the image size.

im2col: gather every window of sample n into one column of a matrix cols[n] (C·KH·KW, H_out·W_out) — a
strided view, copied once — and the convolution is one matrix product per sample, W @ cols[n]. Backward
reuses it:
    dW = Σ_n dout[n] @ cols[n]ᵀ   (the kernel gradient: the input correlated with the output's
                                   sensitivity map)
    db = Σ dout over n, i, j
    dx = col2im(Wᵀ @ dout[n])     (each window's gradient added back where the window came from)
"""

from collections import namedtuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .errors import LETTERS_AS_IMAGES, ShapeError, check_memory, expect_input, whole_number
from .i18n import _, translated
from .init import init_params
from .layers import Layer


def conv_output_size(size, kernel, stride=1, padding=0):
    """(size + 2·padding − kernel) / stride + 1, or ShapeError if the kernel does not fit or the stride
    does not divide."""
    size, kernel = whole_number(size, "size", 1), whole_number(kernel, "kernel", 1)
    stride, padding = whole_number(stride, "stride", 1), whole_number(padding, "padding", 0)
    span = size + 2 * padding - kernel
    if span < 0:
        raise ShapeError(
            _(
                "a {kernel}-wide kernel is larger than the padded input ({size} + 2·{padding} = {padded})"
            ).format(kernel=kernel, size=size, padding=padding, padded=size + 2 * padding)
        )
    if span % stride:
        raise ShapeError(
            _(
                "stride {stride} does not fit: (size {size} + 2·padding {padding} − kernel {kernel}) "
                "= {span} is not a multiple of {stride}; change the padding or the stride"
            ).format(stride=stride, size=size, padding=padding, kernel=kernel, span=span)
        )
    return span // stride + 1


class Conv2d(Layer):
    """Convolution layer. Args: in_channels C, out_channels F, kernel_size k (KH = KW = k), rng, stride,
    padding, init (see `course_lib.init`; fan_in = C·k·k), dtype."""

    # the padded input's shape, and its windows (im2col)
    Cache = namedtuple("ConvCache", "pad_shape cols")  # i18n: not shown (field names)

    def __init__(
        self, in_channels, out_channels, kernel_size, rng, stride=1, padding=0, init="he", dtype=np.float32
    ):
        super().__init__()
        self.in_channels = whole_number(in_channels, "in_channels", 1, where="Conv2d")
        self.out_channels = whole_number(out_channels, "out_channels", 1, where="Conv2d")
        self.kernel_size = whole_number(
            kernel_size, _("kernel_size (one number: the kernel is square)"), 1, where="Conv2d"
        )
        self.stride = whole_number(stride, "stride", 1, where="Conv2d")
        # zeros beyond k − 1 on each side ("full" padding) only add windows that see nothing but zeros
        self.padding = whole_number(
            padding,
            _("padding (at most kernel_size − 1 = {most})").format(most=self.kernel_size - 1),
            0,
            self.kernel_size - 1,
            where="Conv2d",
        )
        C, F, k = self.in_channels, self.out_channels, self.kernel_size
        W, b = init_params(init, C * k * k, F, rng, dtype, where=repr(self))
        self.params = {"W": np.ascontiguousarray(W.T.reshape(F, C, k, k)), "b": b}

    def _check_input(self, x):
        hint = translated(LETTERS_AS_IMAGES) if x.ndim == 2 else ""
        expect_input(self, x, ("N", self.in_channels, "H", "W"), hint=hint)
        k, s, p = self.kernel_size, self.stride, self.padding
        Ho, Wo = conv_output_size(x.shape[2], k, s, p), conv_output_size(x.shape[3], k, s, p)
        N, H, W = x.shape[0], x.shape[2], x.shape[3]
        check_memory(
            N * self.in_channels * k * k * Ho * Wo,
            _("the windows of {N:,} images of {H}×{W} pixels").format(N=N, H=H, W=W),
            _("pass fewer or smaller images at a time"),
            str(self),
            x.dtype.itemsize,
        )

    def _forward(self, x):
        p, s, k = self.padding, self.stride, self.kernel_size
        N = x.shape[0]
        x_pad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x
        # (N, C, Ho, Wo, k, k), a view
        windows = sliding_window_view(x_pad, (k, k), axis=(2, 3))[:, :, ::s, ::s]
        Ho, Wo = windows.shape[2], windows.shape[3]
        # cols[n] is (C·k·k, Ho·Wo): one column per window. Laid out per sample, so that W @ cols[n] comes out
        # already in the (N, F, Ho, Wo) order the next layer wants — no transpose copy of the output.
        cols = windows.transpose(0, 1, 4, 5, 2, 3).reshape(N, -1, Ho * Wo)
        out = np.matmul(self.params["W"].reshape(self.out_channels, -1), cols)
        out += self.params["b"][:, None]
        self.cache = self.Cache(x_pad.shape, cols)
        return out.reshape(N, self.out_channels, Ho, Wo)

    def _backward(self, dout, need_dx):
        pad_shape, cols = self.cache
        N, _, Ho, Wo = dout.shape
        p, s, k = self.padding, self.stride, self.kernel_size
        d = dout.reshape(N, self.out_channels, Ho * Wo)
        self.grads["W"] = np.matmul(d, cols.transpose(0, 2, 1)).sum(axis=0).reshape(self.params["W"].shape)
        self.grads["b"] = d.sum(axis=(0, 2))
        if not need_dx:
            return None
        W_flat = self.params["W"].reshape(self.out_channels, -1)
        dcols = np.matmul(W_flat.T, d).reshape(N, self.in_channels, k, k, Ho, Wo)
        dx_pad = np.zeros(pad_shape, dtype=dout.dtype)
        for u in range(k):  # col2im: a loop over the k² kernel offsets, vectorised over everything else
            for v in range(k):
                dx_pad[:, :, u : u + s * Ho : s, v : v + s * Wo : s] += dcols[:, :, u, v]
        return dx_pad[:, :, p : pad_shape[2] - p, p : pad_shape[3] - p] if p else dx_pad

    def __repr__(self):
        extra = (f", stride={self.stride}" if self.stride != 1 else "") + (
            f", padding={self.padding}" if self.padding else ""
        )
        k = self.kernel_size
        return f"Conv2d({self.in_channels} → {self.out_channels}, {k}×{k}{extra})"
