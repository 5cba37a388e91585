"""Widget of chapter 01: how c, b and w shape lecture 1's building block c·σ(b + wx)."""
import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...activations import sigmoid
from ...errors import finite_number
from ...lessons.approx import halfway_point, scaled_sigmoid
from .base import Explorer

X_RANGE = (-8.0, 8.0)
LIMITS = {"c": (-3.0, 3.0), "b": (-6.0, 6.0), "w": (-5.0, 5.0)}


class SigmoidShapeExplorer(Explorer):
    """Sliders for c, b, w → the curve c·σ(b + wx) beside the plain σ(x), with its halfway point marked."""

    def __init__(self, c=1.0, b=0.0, w=1.0):
        self.midpoint = None          # the last update's x where the curve is halfway up (None if w = 0)
        sliders = {}
        for name, value in (("c", c), ("b", b), ("w", w)):
            lo, hi = LIMITS[name]
            value = finite_number(value, name, self.where, lo, hi)
            sliders[name] = W.FloatSlider(value, min=lo, max=hi, step=0.1, description=name,
                                          readout_format=".1f")
        super().__init__(sliders)

    def update(self, c=1.0, b=0.0, w=1.0):
        c, b, w = (finite_number(value, name, self.where, *LIMITS[name])
                   for value, name in ((c, "c"), (b, "b"), (w, "w")))
        x = np.linspace(*X_RANGE, 801)
        y = scaled_sigmoid(x, c, b, w)
        self.midpoint = halfway_point(x, y, c / 2) if w != 0 and c != 0 else None
        fig = Figure(figsize=(7, 3.4), layout="constrained")
        ax = fig.subplots()
        ax.plot(x, sigmoid(x), color="0.75", lw=1.5, label="σ(x)  (c = 1, b = 0, w = 1)")
        ax.plot(x, y, color="C0", lw=2.2, label=f"{c:g}·σ({b:g} + {w:g}x)")
        ax.axhline(0, color="0.85", lw=0.8, zorder=0)
        if self.midpoint is not None:
            ax.axhline(c / 2, color="C1", ls=":", lw=1)
            ax.plot([self.midpoint], [c / 2], "o", color="C1", label=f"halfway: x = {self.midpoint:.2f}")
        ax.set(xlim=X_RANGE, ylim=(-3.3, 3.3), xlabel="x", title="c sets the height, w the steepness, "
               "b (with w) the position")
        ax.legend(loc="upper left", fontsize=8)
        self.fig = fig
        if self.midpoint is None:
            return f"c = {c:g}, b = {b:g}, w = {w:g}: a flat line at {c * sigmoid(b):.3g}, no halfway point"
        return (f"c = {c:g}, b = {b:g}, w = {w:g}: from {min(0, c):g} to {max(0, c):g}, halfway at "
                f"x = {self.midpoint:.2f}; steepest slope c·w/4 = {c * w / 4:.3g}")
