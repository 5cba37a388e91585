"""The receptive field: which input pixels one unit of a layer sees, through a stack of convolutions and
poolings (notebook 06b, section 3).

Each layer is a square window of side k moved by a stride s (a pooling: k = s = its kernel size), after p
zeros of padding. Going up the stack, with r the side of the window of input pixels one unit sees, j the
distance in input pixels between two neighbouring units (the jump) and a the input pixel where unit 0's
window starts (negative: it reaches into the padding), a layer (k, s, p) makes

    r_out = r_in + (k − 1)·j_in        (k units of the layer below, neighbours j_in apart)
    j_out = j_in · s
    a_out = a_in − p·j_in

starting from the image itself: r = 1, j = 1, a = 0. Unit i of the layer (in each direction) sees the
input pixels a_out + i·j_out … a_out + i·j_out + r_out − 1. Layers that act pixel by pixel (activations,
batch norm) leave the window as it is. For the letters CNN with a second convolution: 3×3 conv → 3,
2×2 pool → 4, 3×3 conv → 8, 2×2 pool → 10 pixels across.
"""

from collections import namedtuple

from ..conv import Conv2d
from ..i18n import _
from ..layers import Linear
from ..pooling import Flatten, MaxPool2d, MeanPool2d

# r, j, a above; name: the layer's repr
Field = namedtuple("Field", "name size jump start")  # i18n: not shown (field names)


def receptive_field(layers):
    """One Field(name, size, jump, start) per layer of `layers` (Conv2d, MaxPool2d / MeanPool2d, and
    layers that act pixel by pixel), for the units of that layer's output: see the module's docstring."""
    size, jump, start, fields = 1, 1, 0, []
    for layer in layers:
        if isinstance(layer, Conv2d):
            k, s, p = layer.kernel_size, layer.stride, layer.padding
        elif isinstance(layer, (MaxPool2d, MeanPool2d)):
            k, s, p = layer.kernel_size, layer.kernel_size, 0
        elif isinstance(layer, (Flatten, Linear)):
            raise ValueError(
                _(
                    "receptive_field: {layer} mixes every position of its input; pass only the layers before "
                    "it (e.g. model.layers[:5])"
                ).format(layer=repr(layer))
            )
        else:  # acts pixel by pixel: the window stays as it is
            k, s, p = 1, 1, 0
        size, jump, start = size + (k - 1) * jump, jump * s, start - p * jump
        fields.append(Field(repr(layer), size, jump, start))
    return fields


def window(field, i):
    """The input pixels (first, last) that unit i of `field`'s layer sees along one direction; they may reach
    past the image into the padding (first < 0, or last ≥ the image's size)."""
    first = field.start + i * field.jump
    return first, first + field.size - 1
