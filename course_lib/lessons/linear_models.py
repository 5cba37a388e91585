"""Linear models with several features, trained by gradient descent (notebook 02).

Lecture 1 (`003`) grows the line ŷ = b + w·x into a linear model with D features,
ŷ = b + Σ_j w_j x_j, e.g. tomorrow's views from the views of the last D days. Batch-first, with
X (N, D) the features of N samples, y (N,) their labels, w (D,) and a number b:

    ŷ = X w + b        e = ŷ − y        L(w, b) = (1/N) Σ_n e_n²           (MSE)
    ∂L/∂w = (2/N) Xᵀ e   (D,)           ∂L/∂b = (2/N) Σ_n e_n

One matrix product serves all N samples and all D weights: no loop over either.
`fit_linear` runs plain gradient descent (`descent.descend`) on θ = (w_1 … w_D, b).
"""

import numpy as np

from ..errors import ShapeError, whole_number
from ..i18n import _
from ..init import generator
from ..layers import as_numbers
from .descent import descend

# One week of a channel's daily views, Monday first, relative to the average day: lower at the weekend.
WEEKLY_SHAPE = np.array([1.0, 1.1, 1.05, 1.0, 0.9, 0.35, 0.3])


def daily_views(days, rng, noise=0.08):
    """A made-up series of a channel's daily views, standardised to mean 0 and standard deviation 1:
    a weekly cycle (`WEEKLY_SHAPE`) whose size drifts slowly over a 90-day season, plus noise.
    Returns (days,) float64."""
    days = whole_number(days, "days", 30, 100_000, where="daily_views")
    generator(rng, "daily_views")
    t = np.arange(days)
    v = WEEKLY_SHAPE[t % 7] * (1 + 0.3 * np.sin(2 * np.pi * t / 90)) + noise * rng.standard_normal(days)
    return (v - v.mean()) / v.std()


def lagged(series, D):
    """The previous D values as features for each value of a series.

    Returns:
        X (L − D, D) with X[n] = series[n : n + D] (oldest first), y (L − D,) with y[n] = series[n + D].
    """
    series = as_numbers(series, "lagged: series").astype(float)
    D = whole_number(D, _("D (the number of previous values)"), 1, where="lagged")
    if series.ndim != 1 or series.size <= D:
        raise ShapeError(
            _("lagged: need a 1-D series longer than D = {D}, got shape {shape}").format(
                D=D, shape=series.shape
            )
        )
    return np.lib.stride_tricks.sliding_window_view(series, D)[:-1].copy(), series[D:].copy()


def _check_Xy(X, y, w, where):
    X, y = as_numbers(X, f"{where}: X").astype(float), as_numbers(y, f"{where}: y").astype(float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ShapeError(
            _("{where}: X must be (N, D) and y (N,), got shapes {x_shape} and {y_shape}").format(
                where=where, x_shape=X.shape, y_shape=y.shape
            )
        )
    if w is not None:
        w = as_numbers(w, f"{where}: w").astype(float)
        if w.shape != (X.shape[1],):
            raise ShapeError(
                _("{where}: X has {D} features, so w must have shape ({D},), got {shape}").format(
                    where=where, D=X.shape[1], shape=w.shape
                )
            )
    return X, y, w


def linear_loss(X, y, w, b):
    """MSE of ŷ = X w + b against y: X (N, D), y (N,), w (D,), b a number. Returns a float."""
    X, y, w = _check_Xy(X, y, w, "linear_loss")
    e = X @ w + b - y
    return float(np.mean(e * e))


def linear_grad(X, y, w, b):
    """(∂L/∂w (D,), ∂L/∂b) of the MSE, vectorised over the N samples: (2/N) Xᵀ e and (2/N) Σ e."""
    X, y, w = _check_Xy(X, y, w, "linear_grad")
    e = X @ w + b - y
    return 2 * X.T @ e / len(y), 2 * float(np.mean(e))


def curvature_limit(X):
    """2/λ_max for the MSE of a linear model on features X (N, D): gradient descent diverges for η above
    it. λ_max is the largest eigenvalue of the Hessian H = (2/N) [X 1]ᵀ[X 1], the matrix of second
    derivatives ∂²L/∂θ_i∂θ_j of the loss (constant here: the MSE surface of a linear model is a bowl)."""
    X, _y, _w = _check_Xy(X, np.zeros(len(np.asarray(X))), None, "curvature_limit")
    X1 = np.column_stack([X, np.ones(len(X))])
    return 2 / np.linalg.eigvalsh(2 * X1.T @ X1 / len(X1)).max()


def fit_linear(X, y, lr, steps):
    """Gradient descent on the MSE from w = 0, b = 0.

    Returns:
        dict with "w" (D,), "b", "losses" (steps taken + 1,) and "diverged" (None or a message).
    """
    X, y, _w = _check_Xy(X, y, None, "fit_linear")

    def grad(theta):
        gw, gb = linear_grad(X, y, theta[:-1], theta[-1])
        return np.append(gw, gb)

    run = descend(grad, np.zeros(X.shape[1] + 1), lr, steps)
    losses = np.array([linear_loss(X, y, th[:-1], th[-1]) for th in run["path"]])
    last = run["path"][-1]
    return {"w": last[:-1], "b": float(last[-1]), "losses": losses, "diverged": run["diverged"]}
