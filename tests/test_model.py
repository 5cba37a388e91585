"""Sequential and mlp(): end-to-end gradient checks, saving and loading, and bad configurations."""

import numpy as np
import pytest

from course_lib import (
    ConfigError,
    Linear,
    QuadraticLoss,
    Sequential,
    ShapeError,
    SigmoidCrossEntropyLoss,
    SoftmaxCrossEntropyLoss,
    check_model,
    mlp,
)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "elu"])
@pytest.mark.parametrize(
    "loss, out",
    [(QuadraticLoss(), "sigmoid"), (SigmoidCrossEntropyLoss(), None), (SoftmaxCrossEntropyLoss(), None)],
)
def test_whole_network_gradcheck(rng, activation, loss, out):
    model = mlp((6, 5, 4, 3), activation, init="xavier", rng=rng, output_activation=out, dtype=np.float64)
    errors = check_model(model, loss, rng.standard_normal((8, 6)), rng.integers(0, 3, 8))
    assert len(errors) == 6 and max(errors.values()) < 1e-6, errors


def test_mlp_builds_the_seed_nets():
    deep = mlp((289, 20, 26), rng=0)
    assert repr(deep) == "Sequential(Linear(289 → 20) → Sigmoid() → Linear(20 → 26) → Sigmoid())"
    assert deep.num_params() == 289 * 20 + 20 + 20 * 26 + 26
    assert repr(mlp((289, 26), rng=0, output_activation=None)) == "Sequential(Linear(289 → 26))"


def test_same_seed_same_network():
    a, b, c = mlp((10, 5, 2), rng=7), mlp((10, 5, 2), rng=7), mlp((10, 5, 2), rng=8)
    np.testing.assert_array_equal(a.layers[0].params["W"], b.layers[0].params["W"])
    assert not np.array_equal(a.layers[0].params["W"], c.layers[0].params["W"])


@pytest.mark.parametrize("sizes", [(), (289,), (289, 0, 26), (289, 2.5, 26)])
def test_depth_below_one_or_bad_sizes(sizes):
    with pytest.raises(ConfigError):
        mlp(sizes)


def test_unknown_activation():
    with pytest.raises(ConfigError, match="unknown activation 'sigmoidd'"):
        mlp((3, 2), "sigmoidd")


def test_save_and_load_round_trip(tmp_path, rng):
    model = mlp((12, 7, 4), rng=rng)
    x = rng.standard_normal((5, 12)).astype(np.float32)
    model.save(tmp_path / "net.npz")
    fresh = mlp((12, 7, 4), rng=99).load(tmp_path / "net.npz")
    np.testing.assert_array_equal(fresh.forward(x), model.forward(x))
    np.testing.assert_array_equal(fresh.predict(x), model.predict(x))


def test_loading_into_another_architecture_is_a_clear_error(tmp_path):
    mlp((12, 7, 4), rng=0).save(tmp_path / "net.npz")
    with pytest.raises(ShapeError, match=r"saved W has shape \(12, 7\), this model needs \(12, 8\)"):
        mlp((12, 8, 4), rng=0).load(tmp_path / "net.npz")
    with pytest.raises(ShapeError, match="do not match"):
        mlp((12, 4), rng=0).load(tmp_path / "net.npz")


def test_sequential_rejects_non_layers():
    with pytest.raises(ConfigError):
        Sequential([Linear(2, 2, np.random.default_rng(0)), np.tanh])
