"""course_lib.lessons.receptive_field: the window of input pixels one unit sees, against the pixels whose
gradient actually reaches that unit."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.lessons.letters_cnn import letters_cnn
from course_lib.lessons.receptive_field import receptive_field, window


def test_the_letters_cnn_with_a_second_conv_layer():
    fields = receptive_field(letters_cnn(second=16).layers[:6])
    assert [f.size for f in fields] == [3, 3, 4, 8, 8, 10]
    assert [f.jump for f in fields] == [1, 1, 2, 2, 2, 4]
    assert [f.start for f in fields] == [-1, -1, -1, -3, -3, -3]
    assert window(fields[0], 6) == (5, 7) and window(fields[2], 3) == (5, 8)
    assert window(fields[3], 3) == (3, 10) and window(fields[5], 1) == (1, 10)


def test_stride_and_no_padding():
    rng = np.random.default_rng(0)
    fields = receptive_field([cl.Conv2d(1, 1, 5, rng, stride=2), cl.Conv2d(1, 1, 3, rng, stride=3)])
    assert [(f.size, f.jump, f.start) for f in fields] == [(5, 2, 0), (9, 6, 0)]


def pixels_that_reach(layers, unit, size=17):
    """The input rows and columns whose gradient reaches output unit (row, col) of channel 0."""
    x = np.random.default_rng(1).random((1, 1, size, size)).astype(np.float32)
    for layer in layers:
        x = layer.forward(x)
    dout = np.zeros_like(x)
    dout[0, 0, unit[0], unit[1]] = 1
    for layer in reversed(layers):
        dout = layer.backward(dout)
    rows, cols = np.nonzero(dout[0, 0])
    return (rows.min(), rows.max()), (cols.min(), cols.max())


@pytest.mark.parametrize("unit", [(1, 1), (2, 3), (0, 0)])
def test_the_window_is_where_the_gradient_comes_from(unit):
    # mean pooling and no ReLU: every pixel of the window reaches the unit (max pooling would pick one)
    rng = np.random.default_rng(2)
    layers = [
        cl.Conv2d(1, 2, 3, rng, padding=1),
        cl.MeanPool2d(2),
        cl.Conv2d(2, 3, 3, rng, padding=1),
        cl.MeanPool2d(2),
    ]
    field = receptive_field(layers)[-1]
    clip = lambda w: (max(w[0], 0), min(w[1], 16))  # the window's pixels inside the 17 × 17 image
    assert pixels_that_reach(layers, unit) == (clip(window(field, unit[0])), clip(window(field, unit[1])))


def test_layers_that_mix_every_position_are_refused():
    model = letters_cnn(second=16)
    with pytest.raises(ValueError, match=r"pass only the layers before it"):
        receptive_field(model.layers)
