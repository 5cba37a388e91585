"""Gradients through time, and the training runs of notebook 07, as functions its cells and widgets call.

How far back does a gradient reach? For a loss on the last state h_T only, BPTT sends
    δ_T = ∂L/∂h_T,   δ_{t−1} = (δ_t ⊙ φ′(z_t)) Whᵀ
back through the sequence: one factor Whᵀ·diag(φ′) per step. If those factors shrink vectors (spectral
radius of Wh times φ′ below 1) ‖δ_t‖ decays geometrically as t moves back — the vanishing gradient
(梯度消失) through time; above 1 it grows geometrically — the exploding gradient (梯度爆炸).
`gradient_through_time` measures ‖δ_t‖ for every t; `scale` sets the size of Wh; `gradient_over_seeds` does
it for several draws of the weights.

`train_recall` trains an RNN or LSTM on the recall task (course_lib.datasets.recall_task) and
`train_series` one on windows of a recorded signal; both return their `Trainer`, whose history the
notebook plots.
"""

from contextlib import contextmanager

import numpy as np

from ..datasets.sequences import recall_task, windows
from ..errors import ConfigError, CourseError, TrainingInterrupted, finite_number, one_of, whole_number
from ..i18n import _
from ..layers import Linear
from ..losses import QuadraticLoss, SoftmaxCrossEntropyLoss
from ..lstm_fast import FastLSTM
from ..model import Sequential
from ..optim import SGD, Adam
from ..recurrent import RNN, LastStep
from ..train import Trainer, in_a_cell, stopped_after

KINDS = ("RNN", "LSTM")
# The longest sequence a cell or widget may ask for: a guard against slips (T = 10**6), not a budget — what a
# run costs is steps × batch × T, which train_recall bounds on its own. At T = 1000 a run of the widget's
# size (60 steps of 32 sequences) takes seconds (about 1 s for the RNN, 4 s for the LSTM); the notebooks'
# longest is T = 100, and beyond 1000 the picture shows nothing T = 1000 does not.
MAX_T = 1000
MAX_BATCH = 1024  # sequences per batch: the notebook's are 16 to 64


def recurrent_layer(kind, input_size, hidden, rng, scale=None, activation="tanh", forget_bias=3.0):
    """An RNN or LSTM layer (the LSTM as `FastLSTM`: the same maths and numbers, faster).

    `scale`, if given, redraws every H × H block of Wh as scale · N(0, 1/H), whose spectral radius is about
    `scale` (the circular law), so `scale` says how much one step multiplies a vector by. The LSTM ignores
    `activation`; the RNN ignores `forget_bias`."""
    one_of(kind, "kind", KINDS)
    if kind == "RNN":
        layer = RNN(input_size, hidden, rng, activation=activation)
    else:
        layer = FastLSTM(input_size, hidden, rng, forget_bias=forget_bias)
    if scale is not None:
        scale = finite_number(scale, _("the recurrent weight scale (or None)"), minimum=0)
        Wh = layer.params["Wh"]
        Wh[:] = scale * rng.standard_normal(Wh.shape) / np.sqrt(hidden)
    return layer


def gradient_through_time(kind="RNN", T=50, scale=1.0, activation="tanh", hidden=32, batch=16, seed=0):
    """‖∂L/∂h_t‖ for t = 1 … T when the loss depends on the last hidden state only, divided by ‖∂L/∂h_T‖.

    The input is a batch of the recall task; ∂L/∂h_T is a random direction. Returns a float64 array (T,).
    Raises CourseError if the hidden state or its gradient overflows (ReLU with a large scale does that)."""
    where = "gradient_through_time"  # i18n: not shown (a function's name)
    seed = whole_number(seed, "seed", 0, where=where)
    T = whole_number(T, _("T (the sequence length)"), 1, MAX_T, where=where)
    batch = whole_number(batch, "batch", 1, MAX_BATCH, where=where)
    rng = np.random.default_rng(seed)
    X, _y = recall_task(batch, T, rng)
    layer = recurrent_layer(kind, X.shape[2], hidden, rng, scale, activation)
    with np.errstate(over="ignore", invalid="ignore"):
        h = layer.forward(X)
        if not np.all(np.isfinite(h)):
            bad = int(np.argmax(~np.all(np.isfinite(h), axis=(0, 2)))) + 1
            raise CourseError(
                _(
                    "the hidden state overflowed to inf at step {bad} of {T}: with {activation} "
                    "and weight scale {scale:g}, h can grow by up to ×{scale:g} per step; "
                    "lower the scale or T"
                ).format(bad=bad, T=T, activation=activation, scale=scale)
            )
        dout = np.zeros_like(h)
        dout[:, -1] = rng.standard_normal((batch, hidden))
        layer.backward(dout, need_dx=False)
    norms = layer.dh_norms
    if not np.all(np.isfinite(norms)):
        raise CourseError(
            _(
                "the gradient overflowed to inf/NaN on its way back through {T} steps "
                "(weight scale {scale:g}): an exploding gradient; lower the scale or T"
            ).format(T=T, scale=scale)
        )
    return norms / norms[-1]


def gradient_over_seeds(kind="RNN", T=50, scale=1.0, activation="tanh", seed=0, n_seeds=10):
    """`gradient_through_time` for the seeds seed, seed + 1, …, seed + n_seeds − 1: (n_seeds, T) float64.

    One draw of the weights can sit far from the typical one — at weight scale 2 most tanh RNNs' gradients
    grow back through time, but some draws' shrink — so notebook 07 plots and claims what holds over many
    draws."""
    where = "gradient_over_seeds"  # i18n: not shown (a function's name)
    seed = whole_number(seed, "seed", 0, where=where)
    n_seeds = whole_number(n_seeds, "n_seeds", 1, 100, where=where)
    return np.array(
        [gradient_through_time(kind, T, scale, activation, seed=seed + k) for k in range(n_seeds)]
    )


def _sequence_model(layer, hidden, outputs, rng):
    """layer (N, T, D) → (N, T, H); keep the last step; a Linear V maps it to the outputs."""
    return Sequential([layer, LastStep(), Linear(hidden, outputs, rng, init="uniform")])


def train_recall(
    kind,
    T,
    steps=300,
    batch=64,
    lr=3e-3,
    hidden=32,
    num_symbols=4,
    forget_bias=None,
    optimizer="adam",
    clip_norm=1.0,
    scale=None,
    activation="tanh",
    seed=0,
    callbacks=(),
    rounds=5,
    n_val=1000,
    name=None,
    advice=in_a_cell,
):
    """Train `kind` ("RNN" or "LSTM") for `steps` mini-batches of recall sequences of length T.

    Every batch is new data (the task has endless examples). Training runs in `rounds` equal parts, each an
    "epoch" over its own fresh sequences, with a validation accuracy on `n_val` other sequences after each.
    optimizer: "adam" or "sgd". forget_bias: the LSTM's (3.0 if not given; an RNN has none).
    Returns the Trainer (its history has step_loss, grad_norms, val_acc).
    A run whose loss turns NaN raises TrainingDiverged, as any Trainer does; its message ends with
    `advice(lr)` (`course_lib.train.runaway`)."""
    where = "train_recall"
    one_of(optimizer, "optimizer", ("adam", "sgd"), where=where)
    if kind == "RNN" and forget_bias is not None:
        raise ConfigError(
            _(
                "{where}: an RNN has no forget gate, so forget_bias would be ignored: "
                "leave it out, or train an LSTM"
            ).format(where=where)
        )
    forget_bias = 3.0 if forget_bias is None else forget_bias
    seed = whole_number(seed, "seed", 0, where=where)
    T = whole_number(T, _("T (the sequence length)"), 1, MAX_T, where=where)
    steps = whole_number(steps, "steps", 1, 10_000, where=where)
    batch = whole_number(batch, "batch", 1, MAX_BATCH, where=where)
    rounds = whole_number(rounds, "rounds", 1, steps, where=where)
    if batch * steps * T > 20_000_000:  # the training sequences are made up front: keep them under ~400 MB
        raise ConfigError(
            _(
                "{where}: batch × steps × T = {total:,} sequence steps of data is "
                "too much to hold in memory (at most 20,000,000): lower steps, batch or T"
            ).format(where=where, total=batch * steps * T)
        )
    rng = np.random.default_rng(seed)
    X, y = recall_task(batch * steps, T, np.random.default_rng(seed + 1), num_symbols)
    X_val, y_val = recall_task(n_val, T, np.random.default_rng(seed + 2), num_symbols)
    layer = recurrent_layer(kind, num_symbols + 1, hidden, rng, scale, activation, forget_bias)
    model = _sequence_model(layer, hidden, num_symbols, rng)
    opt = (Adam if optimizer == "adam" else SGD)(model, lr=lr, clip_norm=clip_norm)
    parts = np.array_split(np.arange(len(X)), rounds)
    trainer = Trainer(
        model,
        SoftmaxCrossEntropyLoss(),
        opt,
        X[parts[0]],
        y[parts[0]],
        X_val,
        y_val,
        batch_size=batch,
        seed=seed,
        callbacks=callbacks,
        name=name or f"{kind}, T = {T}",
        advice=advice,
    )
    with _stopped(trainer, rounds, "round"):
        for part in parts:
            trainer.set_data(X[part], y[part])  # fresh sequences for every round
            trainer.fit(1)
    return trainer


@contextmanager
def _stopped(trainer, target, unit):
    """■ inside: one line that says how far the run got and that the cell starts it afresh (the Trainer's own
    message would offer `.fit_to`, but these functions return the trainer only once it has finished)."""
    try:
        yield
    except KeyboardInterrupt:
        raise TrainingInterrupted(
            _("{name}: {stopped}; running the cell again trains it from the start").format(
                name=trainer.name, stopped=stopped_after(trainer.history.epochs, target, unit)
            )
        ) from None


def train_series(
    kind, series, split, T=30, horizon=5, epochs=8, batch=32, lr=1e-2, hidden=32, seed=0, callbacks=()
):
    """Train `kind` to predict series[t + horizon − 1] from the T values before t, on series[:split].

    Returns (trainer, X_test, y_test): the windows that end after `split`, for predictions on unseen data."""
    seed = whole_number(seed, "seed", 0, where="train_series")
    X, y = windows(series, T, horizon)
    # a training window ends before `split`, a test window after it: split from T + horizon to L − 1
    T, horizon, length = int(T), int(horizon), len(X) + int(T) + int(horizon) - 1
    split = whole_number(
        split,
        _(
            "split (for T = {T}, horizon = {horizon} and {length} values, one that "
            "leaves training and test windows)"
        ).format(T=T, horizon=horizon, length=length),
        T + horizon,
        length - 1,
        where="train_series",
    )
    n_train = split - T - horizon + 1
    rng = np.random.default_rng(seed)
    model = _sequence_model(recurrent_layer(kind, 1, hidden, rng), hidden, 1, rng)
    trainer = Trainer(
        model,
        QuadraticLoss(),
        Adam(model, lr=lr, clip_norm=1.0),
        X[:n_train],
        y[:n_train],
        batch_size=batch,
        seed=seed,
        callbacks=callbacks,
        name=f"{kind}, T = {T}",
    )
    with _stopped(trainer, epochs, "epoch"):
        trainer.fit(epochs)
    return trainer, X[n_train:], y[n_train:]
