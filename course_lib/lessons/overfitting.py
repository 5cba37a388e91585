"""More data, less overfitting: a flexible model fitted to few and to many samples (notebook 00).

The truth is y = sin 3x on [−1, 1]; each sample carries Gaussian noise of standard deviation 0.3. The model
is a degree-12 polynomial (13 parameters), fitted by least squares. With 14 samples it can pass through
almost every point, noise included, and its validation loss is large; with hundreds of samples the noise
averages out and the training and validation losses meet near the noise level, 0.3² = 0.09.
"""

import numpy as np

# the training-set sizes the chapter compares (its explorer's slider); a degree-12 fit needs at least 14
# points to be a least-squares fit
SIZES = (14, 16, 20, 25, 30, 40, 60, 80, 120, 200, 300, 500, 1000)


def target(x):
    """The curve the samples come from: sin 3x."""
    return np.sin(3 * x)


def overfit_curve(n, degree=12, noise=0.3, seed=0, n_val=500):
    """Fit a degree-12 polynomial (13 parameters) to n noisy samples of sin(3x).

    Returns:
        (training MSE, validation MSE on n_val other samples, (x (n,), y (n,), the fitted function)).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    y = target(x) + noise * rng.standard_normal(n)
    xv = np.random.default_rng(10_000 + seed).uniform(-1, 1, n_val)
    yv = target(xv) + noise * np.random.default_rng(20_000 + seed).standard_normal(n_val)
    coef = np.polynomial.legendre.legfit(x, y, degree)  # least squares, in a well-conditioned basis
    fit = lambda t: np.polynomial.legendre.legval(t, coef)
    return float(np.mean((fit(x) - y) ** 2)), float(np.mean((fit(xv) - yv) ** 2)), (x, y, fit)
