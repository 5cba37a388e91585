"""Widget of chapter 01: how c, b and w shape lecture 1's building block c·σ(b + wx)."""

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...activations import sigmoid
from ...errors import finite_number
from ...i18n import _
from ...lessons.approx import halfway_point, scaled_sigmoid
from .base import Explorer

X_RANGE = (-8.0, 8.0)
LIMITS = {"c": (-3.0, 3.0), "b": (-6.0, 6.0), "w": (-5.0, 5.0)}


def signed(value):
    """A number as the course writes it: −2, not -2 (a true minus sign)."""
    return f"{value:g}".replace("-", "−")


def formula(c, b, w):
    """The curve's formula as a student would write it: 3.6 − 2x, not 3.6 + -2x; x alone for w = 1."""
    slope = "x" if abs(w) == 1 else f"{abs(w):g}x"
    inner = (
        (f"{signed(b)} {'−' if w < 0 else '+'} {slope}" if b != 0 else ("−" if w < 0 else "") + slope)
        if w != 0
        else signed(b)
    )
    return f"{signed(c)}·σ({inner})"


class SigmoidShapeExplorer(Explorer):
    """Sliders for c, b, w → the curve c·σ(b + wx) beside the plain σ(x), with its halfway point marked."""

    def __init__(self, c=1.0, b=0.0, w=1.0):
        self.midpoint = None  # the last update's x where the curve is halfway up (None if w = 0)
        sliders = {}
        for name, value in (("c", c), ("b", b), ("w", w)):
            lo, hi = LIMITS[name]
            value = finite_number(value, name, self.where, lo, hi)
            sliders[name] = W.FloatSlider(
                value, min=lo, max=hi, step=0.1, description=name, readout_format=".1f"
            )
        super().__init__(sliders)

    def update(self, c=1.0, b=0.0, w=1.0):
        c, b, w = (
            finite_number(value, name, self.where, *LIMITS[name])
            for value, name in ((c, "c"), (b, "b"), (w, "w"))
        )
        x = np.linspace(*X_RANGE, 801)
        y = scaled_sigmoid(x, c, b, w)
        self.midpoint = halfway_point(x, y, c / 2) if w != 0 and c != 0 else None
        fig = Figure(figsize=(7, 3.4), layout="constrained")
        ax = fig.subplots()
        ax.plot(x, sigmoid(x), color="0.75", lw=1.5, label="σ(x)  (c = 1, b = 0, w = 1)")
        ax.plot(x, y, color="C0", lw=2.2, label=formula(c, b, w))
        ax.axhline(0, color="0.85", lw=0.8, zorder=0)
        if self.midpoint is not None:
            ax.axhline(c / 2, color="C1", ls=":", lw=1)
            ax.plot(
                [self.midpoint],
                [c / 2],
                "o",
                color="C1",
                label=f"halfway: x = {signed(round(self.midpoint, 2))}",
            )
        ax.set(
            xlim=X_RANGE,
            ylim=(-3.3, 3.3),
            xlabel="x",
            title="c sets the height, w the steepness, b (with w) the position",  # i18n: not shown (figure)
        )
        # below the axes, where no curve is: inside, some setting of c, b, w always runs under it
        fig.legend(loc="outside lower center", ncols=3)
        self.fig = fig
        settings = f"c = {signed(c)}, b = {signed(b)}, w = {signed(w)}"
        if self.midpoint is None:
            return _("{settings}: a flat line at {height}, no halfway point").format(
                settings=settings, height=signed(float(f"{c * sigmoid(b):.3g}"))
            )
        left, right = (0, c) if w > 0 else (c, 0)  # σ(b + wx) runs 0 → 1 left to right only if w > 0
        slope = float(f"{c * w / 4:.3g}")
        return _(
            "{settings}: from {left} (left) to {right} (right), halfway at "
            "x = {halfway}; steepest slope c·w/4 = {slope}"
        ).format(
            settings=settings,
            left=signed(left),
            right=signed(right),
            halfway=signed(round(self.midpoint, 2)),
            slope=signed(slope),
        )
