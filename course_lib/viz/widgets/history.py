"""Widgets of chapter 00: what one neuron cannot separate, and how more data fights overfitting."""

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...errors import whole_number
from ...i18n import _
from ...lessons.overfitting import SIZES, overfit_curve, target
from ...lessons.separability import DATA_SETS, MAX_POINTS, N_POINTS, compare, softmax_class1
from ..plots import plot_decision_boundary
from .base import Explorer


class SeparabilityExplorer(Explorer):
    """A data set → the perceptron's straight line next to a two-layer network's curved boundary
    (`lessons.separability.compare` trains both; this draws them)."""

    def __init__(self, n=N_POINTS):
        self.n = whole_number(n, _("n (points)"), 4, MAX_POINTS, self.where)
        super().__init__({"data": W.Dropdown(options=DATA_SETS, value="xor", description=_("data"))})

    def update(self, data="xor", seed=0):
        run = compare(data, self.n, seed, where=self.where)
        X, y, perceptron, acc = run["X"], run["y"], run["perceptron"], run["accuracies"]
        acc_p, acc_n = acc["perceptron"], acc["two-layer"]
        fig = Figure(figsize=(9, 4.4), layout="constrained")
        ax_p, ax_n = fig.subplots(1, 2)
        converged = " (converged)" if run["converged"] else ""
        plot_decision_boundary(
            lambda P: perceptron.predict(P).astype(float),
            X,
            y,
            ax_p,
            f"perceptron: accuracy {acc_p:.2f}{converged}",
        )
        title = f"two-layer network: accuracy {acc_n:.2f}"  # i18n: not shown (figure text)
        plot_decision_boundary(softmax_class1(run["network"]), X, y, ax_n, title)
        self.fig = fig
        return _("{data}: perceptron {acc_p:.2f}, two-layer network {acc_n:.2f}").format(
            data=data, acc_p=acc_p, acc_n=acc_n
        )


class DataSizeExplorer(Explorer):
    """Training-set size → a flexible model's training and validation loss: more data, less overfitting."""

    def __init__(self):
        self.losses = None  # the last update's (training, validation) loss
        self.curve = np.array([overfit_curve(n)[:2] for n in SIZES])
        super().__init__({"n": W.SelectionSlider(options=SIZES, value=20, description=_("samples"))})

    def update(self, n=20):
        # a degree-12 fit needs at least 14 points to be a least-squares fit; past 10 000 it only gets slower
        n = whole_number(n, _("n (training samples)"), SIZES[0], 10_000, self.where)
        train, val, (x, y, fit) = overfit_curve(n)
        fig = Figure(figsize=(10, 3.6), layout="constrained")
        ax_f, ax_c = fig.subplots(1, 2)
        t = np.linspace(-1, 1, 400)
        ax_f.plot(t, target(t), color="gray", lw=2, label="the truth: sin 3x")
        ax_f.plot(t, fit(t), color="C1", label="degree-12 fit")
        ax_f.plot(x, y, "k.", ms=4, label=f"{n} training samples")
        ax_f.set(ylim=(-2.5, 2.5), title="what the model learned")  # i18n: not shown (figure text)
        ax_f.legend(loc="lower right")
        ax_c.plot(SIZES, self.curve[:, 0], "o-", label="training loss")
        ax_c.plot(SIZES, self.curve[:, 1], "o-", label="validation loss")
        ax_c.axvline(n, color="k", lw=0.8)
        ax_c.set(
            xscale="log",
            yscale="log",
            xlabel="training samples",
            ylabel="mean squared error",  # i18n: not shown (figure text)
            title="more data, less overfitting",  # i18n: not shown (figure text)
        )
        ax_c.legend()
        self.fig, self.losses = fig, (train, val)
        return _("{n} samples: training loss {train:.3f}, validation loss {val:.3f}").format(
            n=n, train=train, val=val
        )
