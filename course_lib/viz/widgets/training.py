"""Widgets of chapters 04 and 05: depth and loss against the vanishing gradient; one neuron's two losses."""

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...activations import ACTIVATIONS
from ...datasets.letters import CLASSES
from ...errors import LabelError, finite_number, learning_rate, one_of, whole_number
from ...i18n import _
from ...init import INITS
from ...lessons.gradient_by_depth import depth_run
from ...lessons.single_neuron import train_single_neuron
from ...losses import LOSS_NAMES
from ..plots import plot_grad_norms
from .base import Explorer, finite_array, stamp_diverged

NEURON_LOSSES = ("both",) + tuple(LOSS_NAMES)
# Each change trains a fresh network: beyond these the widget would take minutes per click.
MAX_HIDDEN_LAYERS, MAX_HIDDEN, MAX_EPOCHS = 10, 512, 50


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
        where = self.where
        n_train = whole_number(n_train, "n_train", 1, where=where)
        n_val = whole_number(n_val, "n_val", 1, where=where)
        self.data = self._checked_letters(X, y, n_train, "X", "y") + self._checked_letters(
            X_val, y_val, n_val, "X_val", "y_val"
        )
        self.epochs = whole_number(epochs, "epochs", 1, MAX_EPOCHS, where)
        self.batch_size = whole_number(batch_size, "batch_size", 1, where=where)
        self.hidden = whole_number(hidden, _("hidden (neurons per layer)"), 1, MAX_HIDDEN, where)
        self.accuracy, self.diverged = None, False  # the last run's, set by update
        style = {"description_width": "initial"}
        super().__init__(
            {
                "hidden_layers": W.IntSlider(1, min=0, max=5, description=_("hidden layers"), style=style),
                "activation": W.Dropdown(
                    options=list(ACTIVATIONS), value="sigmoid", description=_("activation")
                ),
                "init": W.Dropdown(options=list(INITS), value="seed", description=_("init")),
                "loss": W.Dropdown(options=list(LOSS_NAMES), value="quadratic", description=_("loss")),
                "lr": W.FloatLogSlider(
                    value=1.0, base=10, min=-3, max=3, step=0.25, description=_("lr"), readout_format=".3g"
                ),
            }
        )

    def _checked_letters(self, X, y, n, x_name, y_name):
        """The first n images X (n, D) and labels y (n,) in 0..25, as given (not copied), or a CourseError."""
        if not hasattr(X, "shape") or not hasattr(y, "shape"):
            raise LabelError(
                _(
                    "{where}: {x_name} and {y_name} must be numpy arrays, e.g. data.X_train "
                    "and data.y_train; got {x_type} and {y_type}"
                ).format(
                    where=self.where,
                    x_name=x_name,
                    y_name=y_name,
                    x_type=type(X).__name__,
                    y_type=type(y).__name__,
                )
            )
        X, y = X[:n], y[:n]
        finite_array(X, x_name, self.where, ndim=2)
        if (
            y.shape != (len(X),)
            or not np.issubdtype(y.dtype, np.integer)
            or len(y)
            and not 0 <= y.min() <= y.max() < CLASSES
        ):
            raise LabelError(
                _(
                    "{where}: {y_name} must hold one class label 0..{top} per row of "
                    "{x_name} (shape ({n},), integers); got shape {shape}, dtype {dtype}"
                ).format(
                    where=self.where,
                    y_name=y_name,
                    top=CLASSES - 1,
                    x_name=x_name,
                    n=len(X),
                    shape=y.shape,
                    dtype=y.dtype,
                )
            )
        return X, y

    def update(self, hidden_layers=1, activation="sigmoid", init="seed", loss="quadratic", lr=1.0, seed=0):
        """Build, measure, train, draw. Returns a one-line summary; `.accuracy` is then the run's final
        validation accuracy (None if it diverged) and `.diverged` whether it did."""
        where = self.where
        hidden_layers = whole_number(hidden_layers, "hidden_layers", 0, MAX_HIDDEN_LAYERS, where)
        one_of(activation, "activation", tuple(ACTIVATIONS), where)
        one_of(init, "init", INITS, where)
        one_of(loss, "loss", tuple(LOSS_NAMES), where)
        lr = learning_rate(lr, where)
        seed = whole_number(seed, "seed", 0, where=where)
        trainer, before, after, diverged = depth_run(
            *self.data,
            hidden_layers,
            self.hidden,
            activation,
            init,
            loss,
            lr,
            self.epochs,
            self.batch_size,
            seed,
            advice=self.divergence_advice,
        )
        # what the line says, also as values (a notebook checks them, in either language)
        self.diverged = bool(diverged)
        self.accuracy = None if diverged else float(trainer.history.val_acc[-1])
        if diverged:
            summary = f"✗ {diverged}"
        else:
            summary = _("{name}: validation accuracy {accuracy:.3f} after {epochs} epochs").format(
                name=trainer.name, accuracy=self.accuracy, epochs=self.epochs
            )
        self.fig = self._draw(trainer.history, before, after, summary, trainer.steps_per_epoch, diverged)
        return summary

    def _missing_bars(self, before, after):
        """The note for bars the gradient panel cannot draw, or "": none after training if the run diverged,
        and none (on its log scale) for a layer whose gradient is 0, all its units dead."""
        if after is None:
            return f"no bars after {self.epochs} epochs: the run diverged"  # i18n: not shown (figure text)
        notes = []
        for when, norms in (("at initialisation", before), (f"after {self.epochs} epochs", after)):
            zero = [str(i + 1) for i, v in enumerate(norms) if not v > 0]
            if zero:
                notes.append(
                    f"{when}: no bar for layer{'s' * (len(zero) > 1)} {', '.join(zero)}\n"  # i18n: not shown
                    "(gradient 0: every unit dead)"
                )
        return "\n".join(notes)

    def _draw(self, h, before, after, summary, steps_per_epoch, diverged):
        fig = Figure(figsize=(11, 3.4), layout="constrained")
        ax_g, ax_l, ax_a = fig.subplots(1, 3)
        bars = {"at initialisation": before}
        if after is not None:
            bars[f"after {self.epochs} epochs"] = after
        plot_grad_norms(bars, ax=ax_g)
        missing = self._missing_bars(before, after)
        if missing:  # bars a log scale cannot draw: say why, below the axis
            ax_g.set_xlabel(f"{ax_g.get_xlabel()}\n{missing}")
        # in epochs; in steps if not one epoch ended (a run that diverged at once)
        in_steps = f"step ({steps_per_epoch} make an epoch)"  # i18n: not shown (figure text)
        per, unit = (steps_per_epoch, "epoch") if h.epochs else (1, in_steps)
        ax_l.plot(np.arange(1, h.steps + 1) / per, h.step_loss)
        ax_l.set(xlabel=unit, ylabel="training loss", title="loss per step")  # i18n: not shown (figure text)
        if diverged:
            # the runaway loss is not in the history (the step was refused): mark it, on a log scale that
            # shows it beside the losses before it
            ax_l.plot(
                diverged.step / per,
                diverged.loss,
                "x",
                color="crimson",
                ms=10,
                label=f"step {diverged.step}: loss {diverged.loss:.3g}",
            )
            if np.isfinite(diverged.loss):
                ax_l.set_yscale("log")
            ax_l.legend(loc="upper left")
            stamp_diverged(ax_l)
        if h.val_acc:
            ax_a.plot(np.arange(1, len(h.val_acc) + 1), h.val_acc, "o-")
            ax_a.set(xlabel="epoch", ylabel="validation accuracy", ylim=(0, 1))
        else:  # no axis without data: its ticks would mean nothing
            ax_a.set_axis_off()
            ax_a.text(
                0.5,
                0.5,
                f"no epoch finished:\nthe run diverged in epoch {h.epochs + 1}",
                transform=ax_a.transAxes,
                ha="center",
                va="center",
            )
        ax_a.set_title("accuracy")
        return fig


class NeuronExplorer(Explorer):
    """One neuron, input 1, target 0: starting w and b, learning rate and loss → cost and output per epoch."""

    def __init__(self):
        self.runs = None  # the last update's run per loss
        style = {"description_width": "initial"}
        super().__init__(
            {
                "w": W.FloatSlider(2.0, min=-4, max=4, step=0.1, description=_("start w"), style=style),
                "b": W.FloatSlider(2.0, min=-4, max=4, step=0.1, description=_("start b"), style=style),
                # a grid of steps through 0.15 exactly, the notebook's η (10^-3 … 10 would snap it to 0.158)
                "lr": W.FloatLogSlider(
                    value=0.15,
                    base=10,
                    min=np.log10(0.15) - 2.5,
                    max=np.log10(0.15) + 1.75,
                    step=0.25,
                    description="η",
                    readout_format=".3g",
                ),
                "loss": W.ToggleButtons(
                    options=[(_("both") if n == "both" else n, n) for n in NEURON_LOSSES], value="both"
                ),
            }
        )

    def update(self, w=2.0, b=2.0, lr=0.15, loss="both", epochs=300):
        """Train the neuron with the chosen loss(es); returns a summary of the final costs."""
        w, b = finite_number(w, _("starting w"), self.where), finite_number(b, _("starting b"), self.where)
        lr = learning_rate(lr, self.where)
        one_of(loss, "loss", NEURON_LOSSES, self.where)
        epochs = whole_number(epochs, "epochs", 1, 10_000, self.where)
        losses = list(LOSS_NAMES) if loss == "both" else [loss]
        runs = {name: train_single_neuron(w, b, lr, epochs, name) for name in losses}
        fig = Figure(figsize=(10, 3.2), layout="constrained")
        ax_c, ax_a = fig.subplots(1, 2)
        for name, r in runs.items():
            ax_c.plot(r["cost"], label=name)
            ax_a.plot(r["a"], label=name)
        ax_c.set(xlabel="epoch", ylabel="cost")
        ax_c.set_title("cost (each in its own units)")
        ax_a.set(xlabel="epoch", ylabel="output a", ylim=(0, 1), title="output (target 0)")
        ax_a.legend()
        self.fig, self.runs = fig, runs
        return _("; ").join(
            _("{name}: output {a:.3f} after {epochs} epochs").format(name=name, a=r["a"][-1], epochs=epochs)
            for name, r in runs.items()
        )
