"""Gradient descent on small problems we can draw (notebook 02).

The model of lecture 1 (`003`): y = b + w·x, with parameters w, b and data x, y of shape (N,).

    MAE  L(w, b) = (1/N) Σ |b + w x_n − y_n|         ∂L/∂w = (1/N) Σ sign(e_n) x_n
    MSE  L(w, b) = (1/N) Σ (b + w x_n − y_n)²         ∂L/∂w = (2/N) Σ e_n x_n,   ∂L/∂b = (2/N) Σ e_n

A gradient-descent step moves against the gradient: θ ← θ − η ∇L(θ). With η too small it crawls, with
η too large it overshoots and, past a threshold, diverges. `descend` records the path so it can be drawn,
and stops with a message instead of overflowing when it diverges.
"""

import numpy as np

from ..errors import MAX_EPOCHS, ConfigError, ShapeError, learning_rate, one_of, smaller_lr, whole_number
from ..i18n import _
from ..layers import as_numbers

LOSS_KINDS = ("mse", "mae")
MAX_STEPS = 100_000  # a path of more steps cannot be drawn, and would keep the kernel busy for minutes
BATCH_START = (-3.0, 4.0)  # (w, b) where `batch_paths` starts both runs: far from the minimum


def _check_line(x, y, kind, where):
    """x, y as two 1-D arrays of the same length, after checking them and `kind` (one-line errors
    otherwise)."""
    one_of(kind, _("loss kind"), LOSS_KINDS, where=where)
    x, y = as_numbers(x, f"{where}: x"), as_numbers(y, f"{where}: y")
    if x.shape != y.shape or x.ndim != 1:
        raise ShapeError(
            _(
                "{where}: x and y must be two arrays of the same length (N,), got shapes {x_shape} and "
                "{y_shape}"
            ).format(where=where, x_shape=x.shape, y_shape=y.shape)
        )
    return x, y


def line_loss(w, b, x, y, kind="mse"):
    """L(w, b) for the line y = b + w·x. w and b may be arrays of the same shape (a grid): returns that
    shape."""
    x, y = _check_line(x, y, kind, "line_loss")
    w, b = as_numbers(w, "line_loss: w").astype(float), as_numbers(b, "line_loss: b").astype(float)
    e = b[..., None] + w[..., None] * x - y  # (..., N)
    return np.mean(e * e, axis=-1) if kind == "mse" else np.mean(np.abs(e), axis=-1)


def line_grad(w, b, x, y, kind="mse"):
    """(∂L/∂w, ∂L/∂b) at one point (w, b)."""
    x, y = _check_line(x, y, kind, "line_grad")
    if np.ndim(w) or np.ndim(b):
        raise ShapeError(
            _("line_grad takes one point (w, b), two numbers; for a grid of points use line_loss")
        )
    w, b = as_numbers(w, "line_grad: w").astype(float), as_numbers(b, "line_grad: b").astype(float)
    e = b + w * x - y
    g = 2 * e if kind == "mse" else np.sign(e)
    return np.array([np.mean(g * x), np.mean(g)])


def descend(grad, start, lr, steps, limit=1e6):
    """Plain gradient descent from `start`.

    Args:
        grad: function θ (d,) → ∇L(θ) (d,).
        start: starting point, shape (d,) (or a number for d = 1).
        lr: learning rate η > 0.
        steps: number of steps.
        limit: a parameter larger than this in size counts as diverged.
    Returns:
        dict with "path" (steps taken + 1, d) and "diverged" (None, or a message with the step and a fix).
    """
    lr = learning_rate(lr, "descend")
    steps = whole_number(
        steps, "steps", 0, MAX_STEPS, where=_("descend (call it as descend(grad, start, lr, steps))")
    )
    if not callable(grad):
        raise ConfigError(
            _("descend: grad must be a function θ → ∇L(θ), got {type}").format(type=type(grad).__name__)
        )
    theta = np.atleast_1d(as_numbers(start, "descend: start").astype(float)).copy()
    if not np.isfinite(theta).all():
        raise ConfigError(_("descend: start must be finite numbers, got {start}").format(start=repr(start)))
    path, diverged = [theta.copy()], None
    for step in range(1, steps + 1):
        g = as_numbers(grad(theta), _("descend: what grad returned"))
        if g.shape != theta.shape:
            raise ShapeError(
                _("descend: grad(θ) must have the shape of start, {expected}, got {shape}").format(
                    expected=theta.shape, shape=g.shape
                )
            )
        theta = theta - lr * g
        if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > limit:
            diverged = _("diverged at step {step}: the parameters grew past {limit:g}; {advice}").format(
                step=step, limit=limit, advice=smaller_lr(lr)
            )
            break
        path.append(theta.copy())
    return {"path": np.array(path), "diverged": diverged}


def minibatch_descent(x, y, start, lr, batch_size, epochs, rng, kind="mse"):
    """Mini-batch SGD on the line model: shuffle each epoch, one step per batch.

    Returns:
        path (steps + 1, 2) of (w, b); batch_size = N gives full-batch gradient descent.
    """
    theta, path = np.array(start, dtype=float), [np.array(start, dtype=float)]
    for _i in range(int(epochs)):
        order = rng.permutation(len(x))
        for s in range(0, len(x), batch_size):
            idx = order[s : s + batch_size]
            theta = theta - lr * line_grad(theta[0], theta[1], x[idx], y[idx], kind)
            path.append(theta.copy())
    return np.array(path)


def batch_paths(x, y, batch_size, lr, epochs, seed=0, start=BATCH_START, where="batch_paths"):
    """Full-batch gradient descent against mini-batch SGD on the line model under the MSE: the same data,
    start, η and number of epochs (notebook 02's comparison; its explorer draws what this returns).

    Returns:
        dict with "full" and "mini", the two paths (steps + 1, 2) of (w, b) from `minibatch_descent`
        (the full batch takes `epochs` steps, batches of `batch_size` ⌈N / batch_size⌉ per epoch), and
        "loss", {"full": L, "mini": L} at each path's end (inf or NaN if η made that run diverge).
    """
    x, y = _check_line(x, y, "mse", where)
    batch_size = whole_number(batch_size, "batch_size", 1, len(x), where)
    lr = learning_rate(lr, where)
    epochs = whole_number(epochs, "epochs", 1, MAX_EPOCHS, where)
    seed = whole_number(seed, "seed", 0, where=where)
    with np.errstate(over="ignore", invalid="ignore"):  # a too-large η overflows: the losses say so
        paths = {
            name: minibatch_descent(x, y, start, lr, size, epochs, np.random.default_rng(seed))
            for name, size in (("full", len(x)), ("mini", batch_size))
        }
        loss = {name: float(line_loss(*path[-1], x, y)) for name, path in paths.items()}
    return {**paths, "loss": loss}


def bumpy(w):
    """A non-convex 1-D loss with a local minimum near w ≈ 1.9 and the global one near w ≈ −2.1."""
    w = np.asarray(w, float)
    return w**4 / 4 - 2 * w**2 + 0.5 * w + 4.5


def bumpy_grad(w):
    return np.asarray(w, float) ** 3 - 4 * np.asarray(w, float) + 0.5
