"""Any curve as a sum of hard sigmoids — or of ReLUs, two per hard sigmoid (notebook 01; lecture 1 of `003`).

A hard sigmoid is a ramp: 0 left of `lo`, rising linearly to height c at `hi`, flat after:

    hard(x; lo, hi, c) = c · clip((x − lo)/(hi − lo), 0, 1) = c/(hi − lo) · [ReLU(x − lo) − ReLU(x − hi)]

Pick knots x_0 < x_1 < … < x_p on the curve f. The piecewise-linear curve through the points (x_i, f(x_i))
is a constant plus one ramp per segment:

    g(x) = f(x_0) + Σ_i hard(x; x_{i−1}, x_i, f(x_i) − f(x_{i−1}))

More pieces, closer fit: for a smooth f the error falls like 1/p². And since each ramp is two ReLUs,
g is exactly a network Linear(1 → 2p) → ReLU → Linear(2p → 1): a one-hidden-layer network can
approximate any continuous curve on an interval.

A maxout unit (`course_lib.maxout`) builds a piecewise-linear curve the other way round: it takes the
largest of k lines, max_j (w_j x + b_j), so its curve is convex with up to k − 1 kinks.
"""
import numpy as np

from ..activations import ReLU
from ..errors import ConfigError, finite_number, whole_number
from ..layers import Linear
from ..maxout import Maxout
from ..model import Sequential


def fit_hard_sigmoids(f, lo, hi, pieces):
    """Knots and ramp heights of the piecewise-linear interpolant of f on [lo, hi].

    Returns:
        dict with "knots" (pieces + 1,), "heights" (pieces,) and "const" (float).
    """
    where = "fit_hard_sigmoids"
    pieces = whole_number(pieces, "the number of pieces", 1, 100_000, where=where)
    lo, hi = finite_number(lo, "lo", where=where), finite_number(hi, "hi", where=where)
    if not lo < hi:
        raise ConfigError(f"{where}: the interval [lo, hi] must have lo < hi, got lo = {lo:g}, hi = {hi:g}")
    if not callable(f):
        raise ConfigError(f"{where}: f must be a function of x, such as np.sin, got {type(f).__name__}")
    knots = np.linspace(lo, hi, pieces + 1)
    try:
        values = np.asarray(f(knots), dtype=float)
    except (TypeError, ValueError):
        values = None
    if values is None or values.shape != knots.shape:
        raise ConfigError(f"{where}: f must take an array of x values and return one value for each, "
                          "as np.sin does (use numpy functions, not math.sin)")
    return {"knots": knots, "heights": np.diff(values), "const": float(values[0])}


def hard_sigmoids(params, x):
    """Each ramp evaluated at x: array (pieces, len(x))."""
    k = params["knots"]
    ramps = np.clip((x[None, :] - k[:-1, None]) / (k[1:, None] - k[:-1, None]), 0, 1)
    return params["heights"][:, None] * ramps


def eval_hard_sigmoids(params, x):
    """g(x) = const + Σ ramps: the approximation at the points x (any shape)."""
    x = np.asarray(x, dtype=float)
    return params["const"] + hard_sigmoids(params, x.ravel()).sum(axis=0).reshape(x.shape)


def as_relu_network(params):
    """The same function as a Sequential Linear(1 → 2p) → ReLU → Linear(2p → 1), float64.

    Hidden unit pairs compute ReLU(x − x_{i−1}) and ReLU(x − x_i); the output weights ±c_i/(x_i − x_{i−1})
    turn each pair into one ramp; the output bias is the constant.
    """
    k, c = params["knots"], params["heights"]
    p = len(c)
    rng = np.random.default_rng(0)                       # weights are overwritten below
    first, second = Linear(1, 2 * p, rng, dtype=np.float64), Linear(2 * p, 1, rng, dtype=np.float64)
    first.params["W"][...] = 1.0
    first.params["b"][...] = -np.concatenate([k[:-1], k[1:]])
    slope = c / np.diff(k)
    second.params["W"][...] = np.concatenate([slope, -slope])[:, None]
    second.params["b"][...] = params["const"]
    return Sequential([first, ReLU(), second])


def wiggly(x):
    """The curve notebook 01 and its pieces explorer approximate: sin 2x + 0.3x² − 0.5x."""
    return np.sin(2 * x) + 0.3 * x ** 2 - 0.5 * x


def maxout_example():
    """A float64 1-input maxout unit with pieces −0.5x − 1, 0.2x and 1.5x − 1: a convex kinked curve."""
    unit = Maxout(1, 1, np.random.default_rng(0), k=3, dtype=np.float64)
    unit.params["W"][...] = [[[-0.5, 0.2, 1.5]]]
    unit.params["b"][...] = [[-1.0, 0.0, -1.0]]
    return unit
