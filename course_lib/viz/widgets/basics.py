"""Widgets of chapters 01 and 02: activation functions, curves from hard sigmoids, gradient descent."""

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...activations import ACTIVATIONS
from ...errors import ConfigError, finite_number, learning_rate, one_of, whole_number
from ...i18n import _
from ...lessons.approx import eval_hard_sigmoids, fit_hard_sigmoids, hard_sigmoids, maxout_example, wiggly
from ...lessons.descent import LOSS_KINDS, batch_paths, bumpy, bumpy_grad, descend, line_grad, line_loss
from ..plots import plot_activation, plot_error_surface
from .base import Explorer, finite_array, stamp_diverged

MAX_PIECES = 200  # beyond this the ramps are thinner than a pixel and the fit takes seconds
MAX_STEPS = 10_000  # descent steps per redraw: enough for any path, short enough to stay interactive
MAX_EPOCHS = 100
START = 100  # |w0|, |b0| at most this: the surface is drawn on [−4, 6]², descent stops at 1e6


class ActivationExplorer(Explorer):
    """Pick an activation: see f and its derivative f′ (from the layer's own backward pass)."""

    def __init__(self):
        super().__init__(
            {
                "name": W.Dropdown(
                    options=list(ACTIVATIONS) + ["maxout"], value="sigmoid", description=_("activation")
                )
            }
        )

    def update(self, name="sigmoid"):
        one_of(name, "activation", list(ACTIVATIONS) + ["maxout"], self.where)
        x = np.linspace(-6, 6, 1201)
        fig = Figure(figsize=(6, 3.4), layout="constrained")
        ax = fig.subplots()
        if name == "maxout":
            unit = maxout_example()
            y = unit.forward(x[:, None]).ravel()
            dy = unit.backward(np.ones((len(x), 1))).ravel()
            ax.plot(x, y, label="maxout(x)")
            ax.plot(x, dy, "--", label="maxout′(x)")
            ax.legend()
        else:
            plot_activation(name, x, ax=ax)
            layer = ACTIVATIONS[name]()
            layer.forward(x[None, :])
            dy = layer.backward(np.ones((1, len(x)))).ravel()
        ax.set_ylim(-1.6, 3)
        ax.set_title(name)
        self.fig = fig
        flat = np.mean(np.abs(dy) < 0.01)
        return _("{name}: largest slope {slope:.3g}; slope below 0.01 on {flat:.0%} of [−6, 6]").format(
            name=name, slope=dy.max(), flat=flat
        )


class PiecesExplorer(Explorer):
    """Number of hard sigmoids → the piecewise-linear approximation of a curve, and its error."""

    follows_drag = True  # a sum of ramps: a few milliseconds, so the curve follows the slider

    def __init__(self):
        self.max_error = None  # the last update's largest error
        super().__init__({"pieces": W.IntSlider(4, min=1, max=40, description=_("pieces"))})

    def update(self, pieces=4):
        pieces = whole_number(pieces, "pieces", 1, MAX_PIECES, self.where)
        params = fit_hard_sigmoids(wiggly, -3, 3, pieces)
        x = np.linspace(-3, 3, 601)
        approx = eval_hard_sigmoids(params, x)
        fig = Figure(figsize=(10, 3.4), layout="constrained")
        ax, ax_r = fig.subplots(1, 2)
        ax.plot(x, wiggly(x), color="crimson", lw=2, label="target curve")
        ax.plot(x, approx, color="k", label=f"sum of {pieces} hard sigmoids + constant")
        ax.plot(params["knots"], wiggly(params["knots"]), "ko", ms=3)
        ax.legend()
        ax.set(title="the approximation", xlabel="x")
        for ramp in hard_sigmoids(params, x)[:12]:
            ax_r.plot(x, ramp, lw=1)
        ax_r.set(title="the hard sigmoids (first 12)", xlabel="x")  # i18n: not shown (figure text)
        self.fig = fig
        err = np.abs(approx - wiggly(x)).max()
        self.max_error = err
        return _("{pieces} pieces ({relus} ReLUs): largest error {err:.3f}").format(
            pieces=pieces, relus=2 * pieces, err=err
        )


def line_data(x, y, where):
    """Check the data of the line model: x and y of the same shape (N,), N ≥ 2, finite.
    Returns float64 copies."""
    x, y = finite_array(x, "x", where, ndim=1), finite_array(y, "y", where, ndim=1)
    if len(x) != len(y) or len(x) < 2:
        raise ConfigError(
            _(
                "{where}: x and y must be two arrays of the same length ≥ 2 (one y per x), got {nx} and {ny}"
            ).format(where=where, nx=len(x), ny=len(y))
        )
    return x, y


class DescentExplorer(Explorer):
    """Learning rate, start point and loss → the gradient-descent path on the error surface."""

    def __init__(self, x, y):
        self.result = None  # the last update's descend() result: path and divergence
        self.x, self.y = line_data(x, y, self.where)
        style = {"description_width": "initial"}
        super().__init__(
            {
                "lr": W.FloatLogSlider(
                    0.1, base=10, min=-3, max=0.5, step=0.05, description="η", readout_format=".3g"
                ),
                "w0": W.FloatSlider(-3.0, min=-4, max=6, step=0.25, description=_("start w"), style=style),
                "b0": W.FloatSlider(4.0, min=-4, max=6, step=0.25, description=_("start b"), style=style),
                "kind": W.ToggleButtons(options=["mse", "mae"], value="mse", description=_("loss")),
                "steps": W.IntSlider(30, min=1, max=200, description=_("steps")),
            }
        )

    def update(self, lr=0.1, w0=-3.0, b0=4.0, kind="mse", steps=30):
        lr = learning_rate(lr, self.where)
        w0 = finite_number(w0, "start w0", self.where, -START, START)
        b0 = finite_number(b0, "start b0", self.where, -START, START)
        one_of(kind, "loss kind", LOSS_KINDS, self.where)
        steps = whole_number(steps, "steps", 1, MAX_STEPS, self.where)
        grad = lambda t: line_grad(t[0], t[1], self.x, self.y, kind)
        result = descend(grad, [w0, b0], lr, steps)
        path = result["path"]
        losses = line_loss(path[:, 0], path[:, 1], self.x, self.y, kind)
        W_, B_ = np.meshgrid(np.linspace(-4, 6, 81), np.linspace(-4, 6, 81))
        fig = Figure(figsize=(11, 3.8), layout="constrained")
        ax_s, ax_l = fig.subplots(1, 2, width_ratios=[1.3, 1])
        plot_error_surface(W_, B_, line_loss(W_, B_, self.x, self.y, kind), ax_s)
        ax_s.plot(path[:, 0], path[:, 1], "o-", color="k", ms=3, lw=1)
        ax_s.plot(*path[0], "o", color="white", mec="k", ms=8)
        # fixed view: a diverging path leaves it
        ax_s.set(xlim=(-4, 6), ylim=(-4, 6), title=f"gradient descent, η = {lr:.3g}")
        ax_l.plot(losses, "o-", ms=3)
        ax_l.set(yscale="log", xlabel="step", ylabel=f"L ({kind.upper()})")
        ax_l.set_title("loss per step")

        if result["diverged"]:
            stamp_diverged(ax_l)
        self.fig, self.result = fig, result
        if result["diverged"]:
            return f"✗ {result['diverged']}"
        w, b = path[-1]
        return _("after {steps} steps: w = {w:.3f}, b = {b:.3f}, L = {loss:.4f}").format(
            steps=len(path) - 1, w=w, b=b, loss=losses[-1]
        )


class MinimaExplorer(Explorer):
    """Start point and learning rate on a loss with two valleys: which minimum does descent find?"""

    def __init__(self):
        self.result = None  # the last update's descend() result
        super().__init__(
            {
                "w0": W.FloatSlider(0.5, min=-3, max=3, step=0.05, description=_("start w")),
                "lr": W.FloatLogSlider(
                    0.05, base=10, min=-3, max=-0.3, step=0.05, description="η", readout_format=".3g"
                ),
            }
        )

    def update(self, w0=0.5, lr=0.05, steps=100):
        w0 = finite_number(w0, "start w0", self.where, -10, 10)  # the two valleys lie within ±3
        lr = learning_rate(lr, self.where)
        steps = whole_number(steps, "steps", 1, MAX_STEPS, self.where)
        result = descend(bumpy_grad, w0, lr, steps, limit=100)
        path = result["path"][:, 0]
        w = np.linspace(-3, 3, 400)
        fig = Figure(figsize=(6, 3.4), layout="constrained")
        ax = fig.subplots()
        ax.plot(w, bumpy(w), color="gray")
        ax.plot(path, bumpy(path), "o-", ms=3, lw=0.8, color="C1")
        ax.plot(path[:1], bumpy(path[:1]), "o", color="white", mec="k", ms=8)
        ax.set(
            xlim=(-3, 3),
            ylim=(-1, 10),
            xlabel="w",
            ylabel="L(w)",
            title="a loss with a local and a global minimum",  # i18n: not shown (figure text)
        )
        self.fig, self.result = fig, result
        if result["diverged"]:
            return f"✗ {result['diverged']}"
        return describe_minima_run(path)


# the two minima of `bumpy` and the hump between them: the real roots of L'(w) = w³ − 4w + 0.5
GLOBAL_MIN, HUMP, LOCAL_MIN = np.sort(np.roots([1, 0, -4, 0.5]).real)
SETTLED = 1e-4  # converged: the last step and the distance to a minimum are this small


def describe_minima_run(path):
    """What a descent `path` (steps + 1,) on `bumpy` did, in one line: converged to a minimum (within
    SETTLED), still on its way (its last ten steps all go the same way), or still oscillating (they do not:
    the learning rate is too large for it to settle)."""
    end, steps = path[-1], len(path) - 1
    where = _("after {steps} steps w = {w:.3f}, L = {loss:.3f}").format(steps=steps, w=end, loss=bumpy(end))
    is_global = end < HUMP
    best = GLOBAL_MIN if is_global else LOCAL_MIN
    target = (
        _("the global minimum (w = {w:.3f}, L = {loss:.3f})")
        if is_global
        else _("the local minimum (w = {w:.3f}, L = {loss:.3f})")
    ).format(w=best, loss=bumpy(best))
    last = path[-11:]
    moves = np.diff(last)
    if abs(end - best) < SETTLED and (not len(moves) or abs(moves[-1]) < SETTLED):
        return _("{where}: converged to {target}").format(where=where, target=target)
    if np.all(moves > 0) or np.all(moves < 0):
        return _("{where}: still on its way to {target}: more steps or a larger learning rate").format(
            where=where, target=target
        )
    span = _("w from {low:.2f} to {high:.2f} in the last {n} steps").format(
        low=last.min(), high=last.max(), n=len(moves)
    )
    if last.min() < HUMP < last.max():
        return _(
            "{where}: still jumping between the two valleys ({span}): the learning rate is too large "
            "to settle"
        ).format(where=where, span=span)
    message = (
        _(
            "{where}: still oscillating in the global valley ({span}), not at {target}: the learning rate "
            "is too large to settle"
        )
        if is_global
        else _(
            "{where}: still oscillating in the local valley ({span}), not at {target}: the learning rate "
            "is too large to settle"
        )
    )
    return message.format(where=where, span=span, target=target)


class BatchExplorer(Explorer):
    """Full batch vs mini-batches on the same surface: same epochs, more and noisier steps
    (`lessons.descent.batch_paths` runs both; this draws them)."""

    def __init__(self, x, y):
        self.x, self.y = line_data(x, y, self.where)
        super().__init__(
            {
                "batch_size": W.Dropdown(
                    options=[(_("full batch"), len(self.x))]
                    + [(label, b) for label, b in (("32", 32), ("8", 8), ("1 (SGD)", 1)) if b < len(self.x)],
                    value=min(8, len(self.x)),
                    description=_("batch"),
                ),
                "lr": W.FloatLogSlider(
                    0.05, base=10, min=-3, max=-0.5, step=0.05, description="η", readout_format=".3g"
                ),
            }
        )

    def update(self, batch_size=8, lr=0.05, epochs=5, seed=0):
        epochs = whole_number(epochs, "epochs", 1, MAX_EPOCHS, self.where)  # fewer than batch_paths allows
        run = batch_paths(self.x, self.y, batch_size, lr, epochs, seed, where=self.where)
        full, mini = run["full"], run["mini"]
        W_, B_ = np.meshgrid(np.linspace(-4, 6, 81), np.linspace(-4, 6, 81))
        fig = Figure(figsize=(7, 4.2), layout="constrained")
        ax = fig.subplots()
        plot_error_surface(W_, B_, line_loss(W_, B_, self.x, self.y), ax)
        ax.plot(full[:, 0], full[:, 1], "o-", color="k", ms=4, label=f"full batch: {len(full) - 1} steps")
        ax.plot(
            mini[:, 0],
            mini[:, 1],
            ".-",
            color="white",
            ms=3,
            lw=0.8,
            label=f"batch {batch_size}: {len(mini) - 1} steps",
        )
        ax.set(xlim=(-4, 6), ylim=(-4, 6), title=f"{epochs} epochs each, η = {lr:.3g}")
        # below: inside, it covered a path's first steps; on grey, where the white path's key shows
        fig.legend(loc="outside lower center", ncols=2, facecolor="0.7", framealpha=1)
        self.fig = fig
        end_full, end_mini = run["loss"]["full"], run["loss"]["mini"]
        if not (np.isfinite(end_full) and np.isfinite(end_mini)):
            return _("✗ diverged: the loss overflowed to inf/NaN; {advice}").format(
                advice=self.divergence_advice(lr)
            )
        return _(
            "after {epochs} epochs: full batch {full_steps} steps, L = {end_full:.3f}; "
            "batch {batch_size}: {mini_steps} steps, L = {end_mini:.3f}"
        ).format(
            epochs=epochs,
            full_steps=len(full) - 1,
            end_full=end_full,
            batch_size=batch_size,
            mini_steps=len(mini) - 1,
            end_mini=end_mini,
        )
