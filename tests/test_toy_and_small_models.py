"""2-D data sets, the perceptron against a two-layer network, hard-sigmoid approximation and gradient
descent on a line."""

import numpy as np
import pytest

from course_lib import ConfigError
from course_lib.datasets import TOY_DATASETS, make_line, make_toy
from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.lessons.approx import as_relu_network, eval_hard_sigmoids, fit_hard_sigmoids
from course_lib.lessons.descent import (
    batch_paths,
    bumpy,
    bumpy_grad,
    descend,
    line_grad,
    line_loss,
    minibatch_descent,
)
from course_lib.lessons.perceptron import Perceptron
from course_lib.lessons.separability import compare


@pytest.mark.parametrize("name", list(TOY_DATASETS))
def test_toy_sets_shapes_balance_and_determinism(name):
    X, y = make_toy(name, 400, np.random.default_rng(0))
    X2, y2 = make_toy(name, 400, np.random.default_rng(0))
    assert X.shape == (400, 2) and X.dtype == np.float32 and y.dtype == np.int64
    assert 0.35 < y.mean() < 0.65 and np.abs(X).max() < 2
    np.testing.assert_array_equal(X, X2)


def test_toy_bad_arguments():
    with pytest.raises(ValueError, match="unknown data set"):
        make_toy("swirl", 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="n must be"):
        make_toy("xor", 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="numpy Generator"):  # a ConfigError, which is a ValueError
        make_toy("xor", 10, 0)


def test_xor_labels_follow_the_signs():
    X, y = make_toy("xor", 500, np.random.default_rng(1), noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))


def test_perceptron_learns_a_line_but_not_xor():
    rng = np.random.default_rng(0)
    X, y = make_toy("separable", 200, rng, noise=0.0)
    p = Perceptron(2, rng)
    mistakes = p.fit(X, y, epochs=100)
    assert mistakes[-1] == 0 and np.mean(p.predict(X) == y) == 1.0
    X, y = make_toy("xor", 200, rng)
    p = Perceptron(2, rng)
    mistakes = p.fit(X, y, epochs=50)
    assert min(mistakes) > 20 and np.mean(p.predict(X) == y) < 0.8


def test_separability_perceptron_fails_xor_network_solves_it():
    """Notebook 00's comparison, as `compare` computes it (its explorer only draws the result)."""
    xor = compare("xor")
    assert xor["accuracies"]["perceptron"] < 0.8 and xor["accuracies"]["two-layer"] > 0.95
    assert not xor["converged"] and xor["X"].shape == (200, 2)
    separable = compare("separable")
    assert separable["accuracies"]["perceptron"] > 0.95
    acc = np.mean(separable["perceptron"].predict(separable["X"]) == separable["y"])
    assert separable["accuracies"]["perceptron"] == acc


def test_hard_sigmoids_interpolate_and_converge():
    x = np.linspace(-3, 3, 601)
    errors = []
    for pieces in (2, 4, 8, 16, 32):
        p = fit_hard_sigmoids(np.sin, -3, 3, pieces)
        np.testing.assert_allclose(eval_hard_sigmoids(p, p["knots"]), np.sin(p["knots"]), atol=1e-12)
        np.testing.assert_allclose(
            as_relu_network(p).forward(x[:, None]).ravel(), eval_hard_sigmoids(p, x), atol=1e-12
        )
        errors.append(np.abs(eval_hard_sigmoids(p, x) - np.sin(x)).max())
    assert all(a > b for a, b in zip(errors, errors[1:]))
    assert errors[-2] / errors[-1] > 3  # ~4× per doubling: error ∝ 1/p²
    with pytest.raises(ConfigError):
        fit_hard_sigmoids(np.sin, 0, 1, 0)


@pytest.mark.parametrize("kind", ["mse", "mae"])
def test_line_gradient_matches_numerical(kind):
    rng = np.random.default_rng(2)
    x, y = make_line(50, rng)
    theta = np.array([0.3, -0.7])
    numeric = numerical_gradient(lambda: float(line_loss(theta[0], theta[1], x, y, kind)), theta)
    assert rel_error(line_grad(theta[0], theta[1], x, y, kind), numeric) < 1e-6


def test_line_loss_on_a_grid_has_the_grid_shape():
    x, y = make_line(20, np.random.default_rng(0))
    W, B = np.meshgrid(np.linspace(-1, 3, 5), np.linspace(-1, 2, 4))
    L = line_loss(W, B, x, y)
    assert L.shape == (4, 5) and L[1, 2] == pytest.approx(float(line_loss(W[1, 2], B[1, 2], x, y)))


def test_descent_converges_diverges_and_finds_different_minima():
    x, y = make_line(100, np.random.default_rng(0), w=2, b=1, noise=0.1)
    grad = lambda t: line_grad(t[0], t[1], x, y)
    good = descend(grad, [0, 0], 0.1, 200)
    assert good["diverged"] is None and np.allclose(good["path"][-1], [2, 1], atol=0.1)
    bad = descend(grad, [0, 0], 1.5, 200)
    assert bad["diverged"].startswith("diverged at step") and "smaller learning rate" in bad["diverged"]
    left, right = descend(bumpy_grad, -0.5, 0.05, 300), descend(bumpy_grad, 0.5, 0.05, 300)
    assert left["path"][-1, 0] < -2 and right["path"][-1, 0] > 1.8
    assert bumpy(left["path"][-1, 0]) < bumpy(right["path"][-1, 0])
    with pytest.raises(ConfigError):
        descend(grad, [0, 0], 0, 10)


def test_minibatch_takes_more_noisier_steps():
    rng = np.random.default_rng(0)
    x, y = make_line(64, rng, noise=0.3)
    full = minibatch_descent(x, y, [0, 0], 0.05, 64, 5, np.random.default_rng(1))
    mini = minibatch_descent(x, y, [0, 0], 0.05, 8, 5, np.random.default_rng(1))
    assert len(full) == 6 and len(mini) == 41


def test_batch_paths_compares_full_batch_with_minibatches():
    x, y = make_line(64, np.random.default_rng(0))
    run = batch_paths(x, y, batch_size=8, lr=0.05, epochs=5)
    assert len(run["full"]) == 6 and len(run["mini"]) == 41
    assert np.array_equal(run["full"][0], [-3, 4]) and np.array_equal(run["mini"][0], [-3, 4])
    assert run["loss"]["mini"] == line_loss(*run["mini"][-1], x, y) < run["loss"]["full"]
    with pytest.raises(ConfigError, match=r"batch_paths: batch_size must be a whole number from 1 to 64"):
        batch_paths(x, y, batch_size=65, lr=0.05, epochs=5)
    assert not np.isfinite(batch_paths(x, y, batch_size=64, lr=1e3, epochs=50)["loss"]["full"])


def test_deep_sawtooth_is_exact_and_cheaper_than_shallow():
    from course_lib.lessons.depth import deep_sawtooth_net, sawtooth

    x = np.linspace(0, 1, 1001)
    for k in (1, 3, 6):
        deep = deep_sawtooth_net(k)
        np.testing.assert_allclose(deep.forward(x[:, None]).ravel(), sawtooth(x, k), atol=1e-12)
        shallow = as_relu_network(fit_hard_sigmoids(lambda t: sawtooth(t, k), 0, 1, 2**k))
        np.testing.assert_allclose(shallow.forward(x[:, None]).ravel(), sawtooth(x, k), atol=1e-9)
    assert deep_sawtooth_net(6).num_params() == 37 and np.isclose(sawtooth(0.25, 2), 1.0)
