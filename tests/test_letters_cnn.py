"""course_lib.lessons.letters_cnn: chapter 6's small CNN, built once for both of its notebooks."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.lessons.letters_cnn import letters_cnn


def inline_letters_cnn(filters=4, pool=cl.MaxPool2d, activation=cl.ReLU, init="he", batch_norm=False, seed=0):
    """The definition notebook 06 had inline before the chapter was split."""
    rng = np.random.default_rng(seed)
    layers = [cl.Conv2d(1, filters, 3, rng, padding=1, init=init)]
    layers += [cl.BatchNorm(filters)] if batch_norm else []
    layers += [activation(), pool(2), cl.Flatten(), cl.Linear(filters * 64, 26, rng, init="xavier")]
    return cl.Sequential(layers)


def test_shapes_and_parameter_count():
    model = letters_cnn()
    assert model.num_params() == 6722 == 4 * (9 + 1) + 26 * (4 * 64 + 1)
    x = np.random.default_rng(0).random((5, 1, 17, 17))
    shapes = []
    for layer in model.layers:
        x = layer.forward(x)
        shapes.append(x.shape)
    assert shapes == [(5, 4, 17, 17), (5, 4, 17, 17), (5, 4, 8, 8), (5, 256), (5, 26)]
    assert letters_cnn(filters=8).num_params() == 8 * 10 + 26 * (8 * 64 + 1)
    assert len(letters_cnn(batch_norm=True).layers) == 6


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"seed": 3},
        {"filters": 8, "seed": 1},
        {"pool": cl.MeanPool2d},
        {"activation": cl.Tanh, "init": "normal", "seed": 2},
        {"batch_norm": True, "seed": 5},
    ],
)
def test_it_is_the_old_inline_definition(kwargs):
    new, old = letters_cnn(**kwargs), inline_letters_cnn(**kwargs)
    assert [repr(a) for a in new.layers] == [repr(b) for b in old.layers]
    for a, b in zip(new.layers, old.layers):
        assert a.params.keys() == b.params.keys()
        for name in a.params:
            np.testing.assert_array_equal(a.params[name], b.params[name])
    x = np.random.default_rng(7).random((4, 1, 17, 17)).astype(np.float32)
    np.testing.assert_array_equal(new.forward(x), old.forward(x))


def test_a_different_seed_gives_a_different_network():
    x = np.random.default_rng(7).random((4, 1, 17, 17)).astype(np.float32)
    assert not np.array_equal(letters_cnn(seed=0).forward(x), letters_cnn(seed=1).forward(x))


def test_a_second_conv_layer():
    model = letters_cnn(second=16)
    assert model.num_params() == 7314 == 4 * 10 + 16 * (4 * 9 + 1) + 26 * (16 * 16 + 1)
    x = np.random.default_rng(0).random((5, 1, 17, 17)).astype(np.float32)
    shapes = []
    for layer in model.layers:
        x = layer.forward(x)
        shapes.append(x.shape)
    assert shapes == [
        (5, 4, 17, 17),
        (5, 4, 17, 17),
        (5, 4, 8, 8),
        (5, 16, 8, 8),
        (5, 16, 8, 8),
        (5, 16, 4, 4),
        (5, 256),
        (5, 26),
    ]
    # the first layer's kernels are drawn first, as without the second layer
    np.testing.assert_array_equal(model.layers[0].params["W"], letters_cnn().layers[0].params["W"])
    with pytest.raises(cl.ConfigError, match="second"):
        letters_cnn(second=2.5)
