"""course_lib.lessons.linear_models: the vectorised gradient is the numerical one, descent reaches least squares,
2/λ_max really is where descent starts to diverge, and bad input gets one line."""

import numpy as np
import pytest

from course_lib.errors import CourseError
from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.lessons.linear_models import (
    curvature_limit,
    daily_views,
    fit_linear,
    lagged,
    linear_grad,
    linear_loss,
)


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((50, 4))
    return X, X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.7 + 0.1 * rng.standard_normal(50), rng


def test_gradient_matches_numerical(data):
    X, y, rng = data
    w, b = rng.standard_normal(4), 0.2
    gw, gb = linear_grad(X, y, w, b)
    assert rel_error(gw, numerical_gradient(lambda: linear_loss(X, y, w, b), w)) < 1e-8
    assert abs(gb - (linear_loss(X, y, w, b + 1e-6) - linear_loss(X, y, w, b - 1e-6)) / 2e-6) < 1e-6


def test_descent_reaches_least_squares(data):
    X, y, _ = data
    fit = fit_linear(X, y, 0.5 * curvature_limit(X), 500)
    exact = np.linalg.lstsq(np.column_stack([X, np.ones(50)]), y, rcond=None)[0]
    assert np.allclose(np.append(fit["w"], fit["b"]), exact, atol=1e-6) and fit["diverged"] is None


def test_the_limit_separates_converging_from_diverging(data):
    X, y, _ = data
    limit = curvature_limit(X)
    assert fit_linear(X, y, 0.95 * limit, 300)["diverged"] is None
    assert fit_linear(X, y, 1.05 * limit, 3000)["diverged"] is not None


def test_lagged_features_and_the_weekly_series():
    X, y = lagged(np.arange(10.0), 3)
    assert X.shape == (7, 3) and list(X[0]) == [0, 1, 2] and y[0] == 3 and y[-1] == 9
    v = daily_views(100, np.random.default_rng(0))
    assert v.shape == (100,) and abs(v.mean()) < 1e-12 and abs(v.std() - 1) < 1e-12
    assert np.array_equal(v, daily_views(100, np.random.default_rng(0)))


@pytest.mark.parametrize(
    "call, words",
    [
        (
            lambda: linear_loss(np.zeros((5, 2)), np.zeros(4), np.zeros(2), 0.0),
            r"X must be \(N, D\) and y \(N,\)",
        ),
        (lambda: linear_grad(np.zeros((5, 2)), np.zeros(5), np.zeros(3), 0.0), r"w must have shape \(2,\)"),
        (lambda: lagged([1.0, 2.0], 5), "longer than D = 5"),
        (lambda: daily_views(100, 0), "rng must be a numpy Generator"),
        (lambda: fit_linear(np.zeros((5, 2)), np.zeros(5), -1, 10), "learning rate"),
    ],
)
def test_bad_input_gets_one_line(call, words):
    with pytest.raises(CourseError, match=words) as caught:
        call()
    assert "\n" not in str(caught.value)
