"""Widgets of chapter 00: what one neuron cannot separate, and how more data fights overfitting."""
import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...datasets.toy2d import make_toy
from ...errors import one_of, whole_number
from ...lessons.overfitting import overfit_curve, target
from ...lessons.perceptron import Perceptron
from ...lessons.separability import softmax_class1, train_two_layer
from ...train import accuracy
from ..plots import plot_decision_boundary
from .base import Explorer

SEPARABILITY_DATA = ("separable", "xor", "circles", "moons")
MAX_POINTS = 1000  # the two-layer network trains 300 epochs per redraw: more points would take seconds


class SeparabilityExplorer(Explorer):
    """A data set → the perceptron's straight line next to a two-layer network's curved boundary."""

    def __init__(self, n=200):
        self.accuracies = None        # the last update's two accuracies
        self.n = whole_number(n, "n (points)", 4, MAX_POINTS, self.where)
        super().__init__({"data": W.Dropdown(options=SEPARABILITY_DATA, value="xor", description="data")})

    def update(self, data="xor", seed=0):
        one_of(data, "data set", SEPARABILITY_DATA, self.where)
        seed = whole_number(seed, "seed", 0, where=self.where)
        rng = np.random.default_rng(seed)
        X, y = make_toy(data, self.n, rng)
        perceptron = Perceptron(2, rng)
        mistakes = perceptron.fit(X, y, epochs=100, rng=rng)
        net = train_two_layer(X, y, seed=seed)
        acc_p, acc_n = np.mean(perceptron.predict(X) == y), accuracy(net.forward(X), y)
        fig = Figure(figsize=(9, 4.4), layout="constrained")
        ax_p, ax_n = fig.subplots(1, 2)
        plot_decision_boundary(lambda P: perceptron.predict(P).astype(float), X, y, ax_p,
                               f"perceptron: accuracy {acc_p:.2f}"
                               + (" (converged)" if mistakes[-1] == 0 else ""))
        plot_decision_boundary(softmax_class1(net), X, y, ax_n, f"two-layer network: accuracy {acc_n:.2f}")
        self.fig, self.accuracies = fig, {"perceptron": acc_p, "two-layer": acc_n}
        return f"{data}: perceptron {acc_p:.2f}, two-layer network {acc_n:.2f}"


class DataSizeExplorer(Explorer):
    """Training-set size → a flexible model's training and validation loss: more data, less overfitting."""

    SIZES = (14, 16, 20, 25, 30, 40, 60, 80, 120, 200, 300, 500, 1000)

    def __init__(self):
        self.losses = None            # the last update's (training, validation) loss
        self.curve = np.array([overfit_curve(n)[:2] for n in self.SIZES])
        super().__init__({"n": W.SelectionSlider(options=self.SIZES, value=20, description="samples")})

    def update(self, n=20):
        # a degree-12 fit needs at least 14 points to be a least-squares fit; past 10 000 it only gets slower
        n = whole_number(n, "n (training samples)", self.SIZES[0], 10_000, self.where)
        train, val, (x, y, fit) = overfit_curve(n)
        fig = Figure(figsize=(10, 3.6), layout="constrained")
        ax_f, ax_c = fig.subplots(1, 2)
        t = np.linspace(-1, 1, 400)
        ax_f.plot(t, target(t), color="gray", lw=2, label="the truth: sin 3x")
        ax_f.plot(t, fit(t), color="C1", label="degree-12 fit")
        ax_f.plot(x, y, "k.", ms=4, label=f"{n} training samples")
        ax_f.set(ylim=(-2.5, 2.5), title="what the model learned")
        ax_f.legend(loc="lower right")
        ax_c.plot(self.SIZES, self.curve[:, 0], "o-", label="training loss")
        ax_c.plot(self.SIZES, self.curve[:, 1], "o-", label="validation loss")
        ax_c.axvline(n, color="k", lw=0.8)
        ax_c.set(xscale="log", yscale="log", xlabel="training samples", ylabel="mean squared error",
                 title="more data, less overfitting")
        ax_c.legend()
        self.fig, self.losses = fig, (train, val)
        return f"{n} samples: training loss {train:.3f}, validation loss {val:.3f}"
