"""Widgets of chapters 04 and 05: depth and loss against the vanishing gradient; one neuron's two losses."""
import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ..activations import ACTIVATIONS
from ..diagnostics import layer_grad_norms
from ..errors import TrainingDiverged
from ..init import INITS
from ..losses import QuadraticLoss, SigmoidCrossEntropyLoss
from ..model import mlp
from ..optim import SGD
from ..plots import plot_grad_norms
from ..single_neuron import train_single_neuron
from ..train import Trainer
from .base import Explorer

LOSS_CHOICES = {"quadratic": (QuadraticLoss, "same"), "cross-entropy": (SigmoidCrossEntropyLoss, None)}


class VanishingGradientExplorer(Explorer):
    """Depth, activation, initialisation, loss and learning rate → per-layer gradient norms and curves.

    Each change builds a fresh network (seeded, so the same settings give the same picture), measures
    ‖∂L/∂b‖ of every layer at initialisation, trains a few epochs on a subset of the letters and draws
    the gradient norms (before and after) and the loss and validation accuracy.

    Args:
        X, y, X_val, y_val: letters (the first `n_train` / `n_val` are used, to stay interactive).
        epochs, batch_size, hidden: training budget per change and hidden width.
    """

    def __init__(self, X, y, X_val, y_val, n_train=8000, n_val=2000, epochs=5, batch_size=128, hidden=20):
        self.data = (X[:n_train], y[:n_train], X_val[:n_val], y_val[:n_val])
        self.epochs, self.batch_size, self.hidden = epochs, batch_size, hidden
        style = {"description_width": "initial"}
        super().__init__({
            "hidden_layers": W.IntSlider(1, min=0, max=5, description="hidden layers", style=style,
                                         continuous_update=False),
            "activation": W.Dropdown(options=list(ACTIVATIONS), value="sigmoid", description="activation"),
            "init": W.Dropdown(options=list(INITS), value="seed", description="init"),
            "loss": W.Dropdown(options=list(LOSS_CHOICES), value="quadratic", description="loss"),
            "lr": W.FloatLogSlider(value=1.0, base=10, min=-3, max=3, step=0.25, description="lr",
                                   continuous_update=False, readout_format=".3g"),
        })

    def update(self, hidden_layers=1, activation="sigmoid", init="seed", loss="quadratic", lr=1.0, seed=0):
        """Build, measure, train, draw. Returns a one-line summary."""
        X, y, Xv, yv = self.data
        loss_cls, out_act = LOSS_CHOICES[loss]
        sizes = [X.shape[1]] + [self.hidden] * hidden_layers + [26]
        model = mlp(sizes, activation, init, rng=seed, output_activation=out_act)
        before = layer_grad_norms(model, loss_cls(), X[:1000], y[:1000])
        trainer = Trainer(model, loss_cls(), SGD(model, lr=lr), X, y, Xv, yv, batch_size=self.batch_size,
                          seed=seed, name=f"{len(sizes) - 1} layers, {activation}, lr={lr:.3g}")
        try:
            trainer.fit(self.epochs)
            after = layer_grad_norms(model, loss_cls(), X[:1000], y[:1000])
            summary = f"{trainer.name}: validation accuracy {trainer.history.val_acc[-1]:.3f} after {self.epochs} epochs"
        except TrainingDiverged as e:
            after, summary = None, f"✗ {e}"
        self.fig = self._draw(trainer.history, before, after, summary)
        return summary

    def _draw(self, h, before, after, summary):
        fig = Figure(figsize=(11, 3.4), layout="constrained")
        ax_g, ax_l, ax_a = fig.subplots(1, 3)
        bars = {"at initialisation": before}
        if after is not None:
            bars[f"after {self.epochs} epochs"] = after
        plot_grad_norms(bars, ax=ax_g)
        if h.steps:
            ax_l.plot(np.arange(1, h.steps + 1) / (h.steps_at_epoch[0] if h.steps_at_epoch else h.steps), h.step_loss)
        ax_l.set(xlabel="epoch", ylabel="training loss", title="loss per step")
        ax_a.plot(np.arange(1, len(h.val_acc) + 1), h.val_acc, "o-")
        ax_a.set(xlabel="epoch", ylabel="validation accuracy", ylim=(0, 1), title="accuracy")
        if summary.startswith("✗"):
            ax_l.text(0.5, 0.5, "diverged", transform=ax_l.transAxes, ha="center", color="crimson", fontsize=18)
        return fig


class NeuronExplorer(Explorer):
    """One neuron, input 1, target 0: starting w and b, learning rate and loss → cost and output per epoch."""

    def __init__(self):
        style = {"description_width": "initial"}
        super().__init__({
            "w": W.FloatSlider(2.0, min=-4, max=4, step=0.1, description="start w", style=style),
            "b": W.FloatSlider(2.0, min=-4, max=4, step=0.1, description="start b", style=style),
            "lr": W.FloatLogSlider(value=0.15, base=10, min=-3, max=1, step=0.05, description="η",
                                   readout_format=".3g"),
            "loss": W.ToggleButtons(options=["both", "quadratic", "cross-entropy"], value="both"),
        })

    def update(self, w=2.0, b=2.0, lr=0.15, loss="both", epochs=300):
        """Train the neuron with the chosen loss(es); returns a summary of the final costs."""
        losses = ["quadratic", "cross-entropy"] if loss == "both" else [loss]
        runs = {name: train_single_neuron(w, b, lr, epochs, name) for name in losses}
        fig = Figure(figsize=(10, 3.2), layout="constrained")
        ax_c, ax_a = fig.subplots(1, 2)
        for name, r in runs.items():
            ax_c.plot(r["cost"], label=name)
            ax_a.plot(r["a"], label=name)
        ax_c.set(xlabel="epoch", ylabel="cost", title="cost (each in its own units)")
        ax_a.set(xlabel="epoch", ylabel="output a", ylim=(0, 1), title="output (target 0)")
        ax_a.legend()
        self.fig, self.runs = fig, runs
        return "; ".join(f"{name}: output {r['a'][-1]:.3f} after {epochs} epochs" for name, r in runs.items())
