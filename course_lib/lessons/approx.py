"""Any curve as a sum of hard sigmoids — or of ReLUs, two per hard sigmoid (notebook 01; lecture 1 of `003`).

A hard sigmoid is a ramp: 0 left of `lo`, rising linearly to height c at `hi`, flat after:

    hard(x; lo, hi, c) = c · clip((x − lo)/(hi − lo), 0, 1) = c/(hi − lo) · [ReLU(x − lo) − ReLU(x − hi)]

Pick knots x_0 < x_1 < … < x_p on the curve f. The piecewise-linear curve through the points (x_i, f(x_i))
is a constant plus one ramp per segment:

    g(x) = f(x_0) + Σ_i hard(x; x_{i−1}, x_i, f(x_i) − f(x_{i−1}))

More pieces, closer fit: for a smooth f the error falls like 1/p². And since each ramp is two ReLUs,
g is exactly a network Linear(1 → 2p) → ReLU → Linear(2p → 1): a one-hidden-layer network can
approximate any continuous curve on an interval.

Two ReLUs per ramp is generous: ramp i stops at the knot where ramp i + 1 starts, so one unit per knot
does. On [x_0, x_p], with slopes s_i = c_i/(x_i − x_{i−1}),

    g(x) = f(x_0) + s_1·ReLU(x − x_0) + Σ_{i=2..p} (s_i − s_{i−1})·ReLU(x − x_{i−1}),

p units: one for each of the p − 1 inner kinks and one for the first piece's slope. Each unit of a
one-hidden-layer network bends the line at one point, so p − 1 inner kinks need at least p − 1 units
(notebook 00 counts the sawtooth's parameters this way).

The building block of lecture 1 is the sigmoid c·σ(b + wx): c sets its height, w its steepness (and
direction), b with w its position: it is halfway up, at c/2, where b + wx = 0, i.e. at x = −b/w.

A maxout unit (`course_lib.maxout`) builds a piecewise-linear curve the other way round: it takes the
largest of k lines, max_j (w_j x + b_j), so its curve is convex with up to k − 1 kinks.
"""

import numpy as np

from ..activations import ReLU, sigmoid
from ..errors import ConfigError, finite_number, whole_number
from ..i18n import _
from ..layers import Linear
from ..maxout import Maxout
from ..model import Sequential


def fit_hard_sigmoids(f, lo, hi, pieces):
    """Knots and ramp heights of the piecewise-linear interpolant of f on [lo, hi].

    Returns:
        dict with "knots" (pieces + 1,), "heights" (pieces,) and "const" (float).
    """
    where = "fit_hard_sigmoids"  # i18n: not shown (a function's name)
    pieces = whole_number(pieces, _("the number of pieces"), 1, 100_000, where=where)
    lo, hi = finite_number(lo, "lo", where=where), finite_number(hi, "hi", where=where)
    if not lo < hi:
        raise ConfigError(
            _("{where}: the interval [lo, hi] must have lo < hi, got lo = {lo:g}, hi = {hi:g}").format(
                where=where, lo=lo, hi=hi
            )
        )
    if not callable(f):
        raise ConfigError(
            _("{where}: f must be a function of x, such as np.sin, got {type}").format(
                where=where, type=type(f).__name__
            )
        )
    knots = np.linspace(lo, hi, pieces + 1)
    try:
        values = np.asarray(f(knots), dtype=float)
    except (TypeError, ValueError):
        values = None
    if values is None or values.shape != knots.shape:
        raise ConfigError(
            _(
                "{where}: f must take an array of x values and return one value for each, "
                "as np.sin does (use numpy functions, not math.sin)"
            ).format(where=where)
        )
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
    rng = np.random.default_rng(0)  # weights are overwritten below
    first, second = Linear(1, 2 * p, rng, dtype=np.float64), Linear(2 * p, 1, rng, dtype=np.float64)
    first.params["W"][...] = 1.0
    first.params["b"][...] = -np.concatenate([k[:-1], k[1:]])
    slope = c / np.diff(k)
    second.params["W"][...] = np.concatenate([slope, -slope])[:, None]
    second.params["b"][...] = params["const"]
    return Sequential([first, ReLU(), second])


def as_relu_network_one_per_kink(params):
    """The same function on [x_0, x_p] with p hidden units: Linear(1 → p) → ReLU → Linear(p → 1), float64.

    Unit i computes ReLU(x − x_i) for the knots x_0 … x_{p−1}; its output weight is the change of slope
    there (the first unit's is the first slope). Left of x_0 the network is flat, like the ramps; right of
    x_p it keeps the last slope instead of turning flat (a (p + 1)-th unit at x_p would flatten it).
    """
    k, c = params["knots"], params["heights"]
    p = len(c)
    slope = c / np.diff(k)
    rng = np.random.default_rng(0)  # weights are overwritten below
    first, second = Linear(1, p, rng, dtype=np.float64), Linear(p, 1, rng, dtype=np.float64)
    first.params["W"][...] = 1.0
    first.params["b"][...] = -k[:-1]
    second.params["W"][...] = np.diff(slope, prepend=0.0)[:, None]
    second.params["b"][...] = params["const"]
    return Sequential([first, ReLU(), second])


def scaled_sigmoid(x, c, b, w):
    """c·σ(b + wx), lecture 1's building block, element-wise on x (any shape); c, b, w are numbers."""
    return c * sigmoid(b + w * np.asarray(x, dtype=float))


def halfway_point(x, y, level):
    """Where the sampled curve y(x) first crosses `level`, by linear interpolation between samples; None if
    it does not cross inside [x[0], x[-1]]. x, y: arrays (n,), x increasing."""
    above = y >= level
    crossings = np.flatnonzero(above[1:] != above[:-1])
    if y[0] == level:
        return float(x[0])
    if not len(crossings):
        return None
    i = crossings[0]
    return float(x[i] + (level - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))


def wiggly(x):
    """The curve notebook 01 and its pieces explorer approximate: sin 2x + 0.3x² − 0.5x."""
    return np.sin(2 * x) + 0.3 * x**2 - 0.5 * x


def maxout_example():
    """A float64 1-input maxout unit with pieces −0.5x − 1, 0.2x and 1.5x − 1: a convex kinked curve."""
    unit = Maxout(1, 1, np.random.default_rng(0), k=3, dtype=np.float64)
    unit.params["W"][...] = [[[-0.5, 0.2, 1.5]]]
    unit.params["b"][...] = [[-1.0, 0.0, -1.0]]
    return unit
