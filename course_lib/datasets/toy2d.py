"""Small 2-D data sets for the playground and the early chapters (XOR, circles, Gaussians, spiral,
moons, a linearly separable pair of blobs), and 1-D regression data for chapter 2.

Every function takes `n` and an explicit `rng` (numpy Generator) and returns
    X: (n, 2) float32 points, roughly inside [−1, 1]²,   y: (n,) int64 class labels 0 or 1,
except `make_line`, which returns x (n,) and y (n,) float64 for y = b + w·x + noise.
`noise` is the standard deviation of Gaussian jitter added to the points.
"""

import numpy as np

from ..errors import check_memory, finite_number, one_of, whole_number
from ..i18n import _
from ..init import generator

# The data live in about [−1, 1]: a noise, slope or offset a million times that is far past any lesson, and
# anything much larger turns the data or the losses computed on them into inf (1e200 overflows float32,
# w = 1e308 overflows w·x even in float64).
MAX_SCALE = 1e6


def _check(n, rng, noise):
    """n as an int, after checking n, rng and noise (ConfigError naming the fix otherwise)."""
    generator(rng)
    finite_number(noise, _("noise (a standard deviation)"), minimum=0, maximum=MAX_SCALE)
    n = whole_number(n, "n", 1)
    # each point is drawn as float64 coordinates and noise before the float32 copy
    check_memory(
        4 * n,
        _("{n:,} points").format(n=n),
        _("the lessons use a few hundred to a few thousand"),
        itemsize=8,
    )
    return n


def _finish(X, y, noise, rng):
    X = X + noise * rng.standard_normal(X.shape)
    return X.astype(np.float32), y.astype(np.int64)


def _two_blobs(n, rng, noise, centre, spread):
    """Class 0 around −centre, class 1 around +centre, each a Gaussian cloud of standard deviation
    `spread`."""
    n = _check(n, rng, noise)
    y = rng.integers(0, 2, n)
    centres = np.array([[-centre[0], -centre[1]], centre])
    return _finish(centres[y] + spread * rng.standard_normal((n, 2)), y, noise, rng)


def make_separable(n, rng, noise=0.1):
    """Two blobs that a straight line separates."""
    return _two_blobs(n, rng, noise, centre=(0.5, 0.4), spread=0.2)


def make_xor(n, rng, noise=0.05):
    """Class 1 where x1 and x2 have opposite signs: no straight line separates it."""
    n = _check(n, rng, noise)
    X = rng.uniform(-1, 1, (n, 2))
    X += 0.1 * np.sign(X)  # keep points off the axes, where the label flips
    y = (X[:, 0] * X[:, 1] < 0).astype(int)
    return _finish(X, y, noise, rng)


def make_circles(n, rng, noise=0.05):
    """A disc (class 1) inside a ring (class 0)."""
    n = _check(n, rng, noise)
    y = rng.integers(0, 2, n)
    radius = np.where(y == 1, rng.uniform(0, 0.45, n), rng.uniform(0.65, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    return _finish(np.c_[radius * np.cos(angle), radius * np.sin(angle)], y, noise, rng)


def make_gaussians(n, rng, noise=0.05):
    """Two overlapping Gaussian clouds."""
    return _two_blobs(n, rng, noise, centre=(0.4, 0.4), spread=0.3)


def make_spiral(n, rng, noise=0.05):
    """Two interleaved spiral arms, one and a half turns each: the hardest of the set."""
    n = _check(n, rng, noise)
    y = rng.integers(0, 2, n)
    t = rng.uniform(0.05, 1, n)
    angle = 3 * np.pi * t + np.pi * y
    return _finish(np.c_[t * np.cos(angle), t * np.sin(angle)], y, noise, rng)


def make_moons(n, rng, noise=0.05):
    """Two interleaved half circles."""
    n = _check(n, rng, noise)
    y = rng.integers(0, 2, n)
    angle = rng.uniform(0, np.pi, n)
    X = np.where(
        y[:, None] == 0, np.c_[np.cos(angle), np.sin(angle)], np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]
    )
    return _finish((X - [0.5, 0.25]) * [0.9, 1.2], y, noise, rng)


TOY_DATASETS = {
    "separable": make_separable,
    "xor": make_xor,
    "circles": make_circles,
    "gaussians": make_gaussians,
    "spiral": make_spiral,
    "moons": make_moons,
}


def make_toy(name, n, rng, noise=0.05):
    """The 2-D data set called `name` (one of TOY_DATASETS)."""
    one_of(name, _("data set"), TOY_DATASETS)

    return TOY_DATASETS[name](n, rng, noise=noise)


def make_line(n, rng, w=2.0, b=1.0, noise=0.5):
    """Regression data for chapter 2: x uniform in [−2, 2], y = b + w·x + N(0, noise²). Returns x, y (n,)."""
    n = _check(n, rng, noise)
    w, b = (finite_number(v, name, "make_line", -MAX_SCALE, MAX_SCALE) for v, name in ((w, "w"), (b, "b")))
    x = rng.uniform(-2, 2, n)
    return x, b + w * x + noise * rng.standard_normal(n)


def make_plane(n, rng, noise=0.05):
    """Regression: the target rises across the plane, y = (x1 + x2)/2.
    Returns X (n, 2) float32, y (n,) float32."""
    n = _check(n, rng, noise)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] + X[:, 1]) / 2 + noise * rng.standard_normal(n)
    return X.astype(np.float32), y.astype(np.float32)


def make_bumps(n, rng, noise=0.05):
    """Regression: two Gaussian bumps of opposite sign.
    Returns X (n, 2) float32, y (n,) float32 in about [−1, 1]."""
    n = _check(n, rng, noise)
    X = rng.uniform(-1, 1, (n, 2))
    bump = lambda c: np.exp(-np.sum((X - c) ** 2, axis=1) / 0.18)
    y = bump(np.array([0.4, 0.4])) - bump(np.array([-0.4, -0.4])) + noise * rng.standard_normal(n)
    return X.astype(np.float32), y.astype(np.float32)


REGRESSION_DATASETS = {"plane": make_plane, "bumps": make_bumps}
