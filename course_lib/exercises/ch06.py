"""Exercises of notebook 06, convolutional networks."""
import numpy as np

from ..conv import conv_output_size
from ..pooling import MaxPool2d
from .checks import assert_array_close, number_answer
from .core import Exercise, call_answer


def output_size(size, kernel, stride, padding):
    """Width of a convolution's output: (size + 2·padding − kernel) / stride + 1."""
    return (size + 2 * padding - kernel) // stride + 1


def _check_size(func):
    cases = [(17, 3, 1, 1), (17, 3, 2, 1), (32, 5, 1, 0), (28, 5, 1, 2), (9, 3, 3, 0)]
    for case in cases:
        got = number_answer(call_answer(func, *case), "17", text=False)
        want = conv_output_size(*case)
        forgot_padding = got == want - case[3] // case[2]
        assert got == want, (f"for size {case[0]}, kernel {case[1]}, stride {case[2]}, padding {case[3]} "
                             f"you gave {got:g}, expected {want}"
                             + (" — did you forget the padding on both sides?" if forgot_padding else ""))
    return "(size + 2·padding − kernel) / stride + 1, right for all five layers"


conv_size = Exercise("conv output size", _check_size,
                     "count the positions the kernel's left edge can take: from 0 to "
                     "size + 2·padding − kernel, in steps of stride.",
                     output_size)


def maxpool_backward(x, dout):
    """Gradient of 2×2 max pooling: each window's dout goes to the position of its maximum.
    x (N, C, H, W) with even H, W."""
    N, C, H, W = x.shape
    blocks = x.reshape(N, C, H // 2, 2, W // 2, 2)
    is_max = blocks == blocks.max(axis=(3, 5), keepdims=True)
    return (is_max * dout[:, :, :, None, :, None]).reshape(N, C, H, W)


def _check_pool(func):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 6, 6))
    dout = rng.standard_normal((2, 3, 3, 3))
    layer = MaxPool2d(2)
    layer.forward(x)
    assert_array_close("your dx", call_answer(func, x, dout), layer.backward(dout))
    return "right: each window's gradient lands on its maximum, zeros elsewhere"


pool_backward = Exercise("max-pooling backward", _check_pool,
                         "reshape x into (N, C, H/2, 2, W/2, 2) blocks; a block's maximum gets dout, "
                         "the rest 0.",
                         maxpool_backward)
