"""Widget of chapter 07: gradients through time, exploding runs and gradient clipping."""

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...errors import (
    CourseError,
    TrainingDiverged,
    finite_number,
    learning_rate,
    one_of,
    positive_number,
    true_or_false,
    whole_number,
)
from ...i18n import _
from ...lessons.through_time import MAX_T, gradient_through_time, train_recall
from ...recurrent import RNN_ACTIVATIONS
from .base import Explorer

COLORS = {"RNN": "tab:red", "LSTM": "tab:blue"}
KINDS = ("RNN", "LSTM", "both")
# Each redraw trains steps × batch sequences of length T (twice for "both"): guards against slips, as the
# lesson's MAX_T is (a redraw's cost is bounded by train_recall's limit on steps × batch × T)
MAX_STEPS, MAX_BATCH, MAX_SCALE = 1000, 256, 10.0
ROUNDS = 5  # train_recall's validation rounds: a run needs at least this many steps


class ThroughTimeExplorer(Explorer):
    """Model, sequence length, recurrent weight scale, activation, learning rate and clipping →
    (left) ‖∂L/∂h_t‖ against t at initialisation, (middle, right) the loss and the gradient norm of a short
    SGD run on the recall task. A run whose loss turns NaN stops and says so; nothing raises.

    Args:
        steps, batch: the training run's length and batch size (kept small to stay interactive).
    """

    def __init__(self, steps=60, batch=32):
        self.norms, self.runs = None, None  # the last update's measurements and runs
        self.steps = whole_number(steps, "steps", ROUNDS, MAX_STEPS, self.where)
        self.batch = whole_number(batch, "batch", 1, MAX_BATCH, self.where)
        style = {"description_width": "initial"}
        slider = dict(style=style)
        super().__init__(
            {
                "kind": W.ToggleButtons(
                    options=[("RNN", "RNN"), ("LSTM", "LSTM"), (_("both"), "both")],
                    value="both",
                    description=_("model"),
                ),
                "T": W.IntSlider(50, min=5, max=100, step=5, description=_("sequence length T"), **slider),
                "scale": W.FloatSlider(
                    1.0, min=0.2, max=3.0, step=0.1, description=_("weight scale"), **slider
                ),
                "activation": W.Dropdown(
                    options=list(RNN_ACTIVATIONS), value="tanh", description=_("RNN activation"), style=style
                ),
                "lr": W.FloatLogSlider(
                    value=0.1,
                    base=10,
                    min=-3,
                    max=0.5,
                    step=0.25,
                    description=_("lr"),
                    readout_format=".3g",
                    **slider,
                ),
                "clip": W.Checkbox(value=False, description=_("clip gradients")),
                "clip_at": W.FloatLogSlider(
                    value=1.0,
                    base=10,
                    min=-2,
                    max=2,
                    step=0.25,
                    description=_("clip at"),
                    readout_format=".3g",
                    **slider,
                ),
            }
        )

    def update(
        self, kind="both", T=50, scale=1.0, activation="tanh", lr=0.1, clip=False, clip_at=1.0, seed=0
    ):
        """Measure and train each chosen model; returns a one-line summary per model."""
        where = self.where
        one_of(kind, _("model kind"), KINDS, where)
        T = whole_number(T, _("sequence length T"), 2, MAX_T, where)
        scale = finite_number(scale, _("weight scale"), where, 0, MAX_SCALE)
        one_of(activation, _("RNN activation"), tuple(RNN_ACTIVATIONS), where)
        lr = learning_rate(lr, where)
        clip = true_or_false(clip, "clip", where)
        clip_at = positive_number(clip_at, "clip_at", where)
        seed = whole_number(seed, "seed", 0, where=where)
        kinds = ["RNN", "LSTM"] if kind == "both" else [kind]
        self.norms, self.runs, lines = {}, {}, []
        for k in kinds:
            try:
                self.norms[k] = gradient_through_time(k, T, scale, activation, seed=seed)
            except CourseError as e:  # an overflow at initialisation: say it, keep the other panels
                self.norms[k] = None
                lines.append(f"{k}: ✗ {e}")
                continue
            try:
                trainer = train_recall(
                    k,
                    T,
                    steps=self.steps,
                    batch=self.batch,
                    lr=lr,
                    optimizer="sgd",
                    clip_norm=clip_at if clip else None,
                    scale=scale,
                    activation=activation,
                    seed=seed,
                    n_val=200,
                    rounds=ROUNDS,
                    advice=lambda lr: self.divergence_advice(lr, clip),
                )
                self.runs[k] = (trainer.history, None)
                first = self.norms[k][0]
                lines.append(
                    _(
                        "{kind}: ‖∂L/∂h_1‖ = {first:.2g} × ‖∂L/∂h_T‖; loss {start:.3g} → {end:.3g} "
                        "in {steps} steps, accuracy {accuracy:.2f}"
                    ).format(
                        kind=k,
                        first=first,
                        start=trainer.history.step_loss[0],
                        end=trainer.history.step_loss[-1],
                        steps=self.steps,
                        accuracy=trainer.history.val_acc[-1],
                    )
                )
            except TrainingDiverged as e:
                self.runs[k] = (e.history, e.step)
                if e.history.steps:
                    line = _("✗ NaN: {error} (loss at step 1: {loss:.3g})").format(
                        error=e, loss=e.history.step_loss[0]
                    )
                else:
                    line = f"✗ NaN: {e}"
                lines.append(line)
        self.fig = self._draw(T, clip and clip_at)
        return "\n".join(lines)

    def _draw(self, T, clip_at):
        fig = Figure(figsize=(11, 3.3), layout="constrained")
        ax_n, ax_l, ax_g = fig.subplots(1, 3)
        t = np.arange(1, T + 1)
        for k, norms in self.norms.items():
            if norms is not None:
                ax_n.semilogy(t, norms, color=COLORS[k], label=k)
            else:
                ax_n.text(
                    0.5,
                    0.5,
                    f"{k}: overflow (inf)",
                    color=COLORS[k],
                    transform=ax_n.transAxes,
                    ha="center",
                    fontsize="large",
                )
        ax_n.set(xlabel="step t", ylabel="‖∂L/∂h_t‖ / ‖∂L/∂h_T‖")
        ax_n.set_title("gradient through time (at init)", fontsize="medium")  # three titles side by side:
        # at the axes' usual "large" they ran into each other in projection mode
        for k, (h, diverged_at) in self.runs.items():
            steps = np.arange(1, h.steps + 1)
            marker = "o" if h.steps < 5 else None  # a run that died at step 2 is one point: show it
            ax_l.plot(steps, h.step_loss, color=COLORS[k], label=k, marker=marker)
            if h.steps:
                ax_g.semilogy(steps, h.global_grad_norms(), color=COLORS[k], label=k, marker=marker)
            if diverged_at is not None:
                ax_l.text(
                    0.5,
                    0.5 if k == "RNN" else 0.35,
                    f"{k}: NaN at step {diverged_at}",
                    color=COLORS[k],
                    transform=ax_l.transAxes,
                    ha="center",
                    fontsize="large",
                )
        losses = [v for h, _at in self.runs.values() for v in h.step_loss]
        # a blow-up (or one huge loss before a NaN): log scale, so 1.4 stays visible and no "1e9" offset
        if losses and (max(losses) > 20 * min(losses) or max(losses) > 1e3):
            ax_l.set_yscale("log")
        ax_l.set(xlabel="SGD step", ylabel="loss", xlim=(0, self.steps))
        ax_l.set_title("training on the recall task", fontsize="medium")
        ax_g.set(xlabel="SGD step", ylabel="global gradient norm", xlim=(0, self.steps))  # i18n: not shown
        ax_g.set_title("before clipping", fontsize="medium")
        if clip_at:
            ax_g.axhline(clip_at, color="k", ls="--", lw=1, label=f"clip at {clip_at:.3g}")
        # one legend above the three panels (the colours are the same in each): inside, it covered curves
        shown = {}
        for ax in (ax_n, ax_l, ax_g):
            for handle, label in zip(*ax.get_legend_handles_labels()):
                shown.setdefault(label, handle)
        if shown:
            fig.legend(shown.values(), shown.keys(), loc="outside upper center", ncols=len(shown))
        return fig
