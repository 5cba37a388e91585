"""The training loop and the record it keeps.

One *step* (迭代) takes a mini-batch: forward pass, loss, backward pass, optimiser update.
One *epoch* (轮) is enough steps to see every training sample once, in a fresh random order.

The loop itself never prints or plots. It records into a `History` and tells its callbacks
(`on_fit_begin`, `on_step_end`, `on_epoch_end`, `on_fit_end`); live plots and widgets listen there.
If the loss runs away (NaN, inf, or a million times where it started) it stops with `TrainingDiverged`,
whose message says at which step and suggests the fix; a layer whose units have all saturated (or died)
gets one `CourseWarning` per run. Both rules live in one function each (`runaway`, `saturated_layer`),
which the playground uses too. Stopping a cell (■, Ctrl-C) raises `TrainingInterrupted` and undoes the
unfinished epoch: the run (model, optimiser, random streams, history) is as it was after its last whole one.
A notebook cell trains *up to* a number of epochs (`Trainer.fit_to`, `fit_in_turn` for runs side by side), so
that running it again continues a stopped run or does nothing, and the message says how far it got.
"""

import copy
import time
import warnings

import numpy as np

from .activations import ReLU, Sigmoid, Tanh
from .errors import (
    MAX_EPOCHS,
    ConfigError,
    CourseWarning,
    DataError,
    LabelError,
    ShapeError,
    TrainingDiverged,
    TrainingInterrupted,
    _prefix,
    shape_str,
    smaller_lr,
    whole_number,
)
from .i18n import _
from .init import as_generator
from .layers import Layer, as_numbers
from .losses import NAMES_TO_NUMBERS, Loss, check_labels
from .model import Sequential, not_an_instance
from .optim import Optimizer, layer_grad_norm

RUNAWAY = 1e6  # a loss this many times the run's first loss has run away
LOSS_FLOOR = 1e-3  # ... with the first loss counted as at least this (a hinge loss can start at 0)
SATURATED = 1e-4  # a sigmoid/tanh output this close to its limit passes a gradient of ~1e-4 or less
SGD_EXAMPLE = "cl.SGD(model, lr=0.1)"  # i18n: not shown (code)
LONG_RUN_S = 60  # a fit expected to take longer than this says so after its first epoch


def accuracy(scores, labels):
    """Fraction of rows whose largest score is at the true label. scores (N, K), labels (N,) → float."""
    scores = as_numbers(scores, "accuracy: scores")
    labels = as_numbers(labels, "accuracy: labels", LabelError)
    if scores.ndim != 2 or labels.shape != scores.shape[:1]:  # (N,) against (N, 1) would broadcast to N × N
        raise ShapeError(
            _("accuracy needs scores (N, K) and labels (N,), got {scores} and {labels}").format(
                scores=scores.shape, labels=labels.shape
            )
        )
    # 1..K labels would score wrong in silence
    labels = check_labels(labels, scores.shape[1], where="accuracy")
    return float(np.mean(np.argmax(scores, axis=1) == labels)) if len(labels) else float("nan")


def in_a_cell(lr):
    """What a run that diverged in a notebook cell should do: a fresh model, with a smaller rate than `lr`."""
    return _("rerun the cell that creates the model, and {advice}").format(advice=smaller_lr(lr))


def runaway(loss, first_loss, step, lr, advice=in_a_cell):
    """The message for a run whose loss has run away at `step`, or None while it has not.

    Runaway: the loss is NaN or inf, or more than RUNAWAY × the run's first loss (at least LOSS_FLOOR).
    By then the weights are huge or NaN, so going on, or lowering the learning rate of the same model,
    cannot help: the message ends with `advice(lr)`, what to do where the run was started — in a cell,
    a fresh model with a smaller rate (`in_a_cell`); in a widget, which builds a fresh model on every
    change, the control to move (`Explorer.divergence_advice`); in the playground, reset.
    A first loss that is itself NaN or inf is the data's fault, and the message says so.
    """
    if not np.isfinite(first_loss):  # before any update: no learning rate is to blame
        return _(
            "the loss is {first_loss} from the start (step {step}), before any update: look for huge "
            "values in the data or the targets, and scale them (e.g. X / abs(X).max())"
        ).format(first_loss=first_loss, step=step)
    reference = max(first_loss, LOSS_FLOOR)
    if np.isfinite(loss) and loss <= RUNAWAY * reference:
        return None
    if np.isfinite(loss):
        message = _(
            "diverged at step {step}: loss = {loss:.3g} (it started at {first_loss:.3g}); "
            "the model's weights are now broken — {advice}"
        )
    else:
        message = _(
            "diverged at step {step}: loss = {loss:.3g}; the model's weights are now broken — {advice}"
        )
    return message.format(step=step, loss=loss, first_loss=first_loss, advice=advice(lr))


def saturated_layer(model, lr):
    """The warning for the first activation layer of `model` whose every unit is pinned, or None.

    Pinned, over the whole batch of the last forward pass (read from the layer's cache, so it is cheap):
    every Sigmoid output within SATURATED of 0 or 1, every Tanh output within SATURATED of ±1, or every
    ReLU output exactly 0 (all dead). Such a layer passes (almost) no gradient back, so the layers below it
    stop learning, while the loss sits still and nothing else looks wrong.
    """
    for i, layer in enumerate(model.layers):
        cache = layer.cache  # Sigmoid, Tanh: the output y; ReLU: the mask y > 0
        if not isinstance(layer, (Sigmoid, Tanh, ReLU)) or cache is None or not cache.size:
            continue
        if isinstance(layer, Sigmoid):
            pinned = np.min(np.abs(cache - 0.5)) > 0.5 - SATURATED
            message = _(
                "layer {number} ({layer}): every unit saturated at 0 or 1, so its gradient is ~0 — "
                "the learning rate {lr:g} is probably too large"
            )
        elif isinstance(layer, Tanh):
            pinned = np.min(np.abs(cache)) > 1 - SATURATED
            message = _(
                "layer {number} ({layer}): every unit saturated at −1 or 1, so its gradient is ~0 — "
                "the learning rate {lr:g} is probably too large"
            )
        else:
            pinned = not cache.any()
            message = _(
                "layer {number} ({layer}): every unit dead (outputs 0 for every sample), so no gradient "
                "passes through it — the learning rate {lr:g} is probably too large"
            )
        if pinned:
            return message.format(number=i + 1, layer=type(layer).__name__, lr=lr)
    return None


class History:
    """What a run recorded.

    Per step:  `step_loss[s]` (the mini-batch loss) and `grad_norms[s]` (one ‖∂L/∂θ‖ per layer with
               parameters, input layer first).
    Per epoch: `epoch_loss[e]` (mean training loss), `val_loss[e]` and `val_acc[e]` (if validation
               data was given), `steps_at_epoch[e]` (the step count when the epoch ended).
    """

    def __init__(self, name, layer_names):
        self.name = name
        self.layer_names = list(layer_names)
        self.step_loss, self.grad_norms = [], []
        self.epoch_loss, self.val_loss, self.val_acc, self.steps_at_epoch = [], [], [], []

    @property
    def steps(self):
        return len(self.step_loss)

    @property
    def epochs(self):
        return len(self.epoch_loss)

    def grad_norm_array(self):
        """Gradient norms as an array of shape (steps, layers)."""
        return np.array(self.grad_norms, dtype=float).reshape(-1, len(self.layer_names))

    def global_grad_norms(self):
        """‖∂L/∂θ‖ over all layers at once, per step (what clipping by global norm compares): (steps,)."""
        return np.sqrt((self.grad_norm_array() ** 2).sum(axis=1))

    def __repr__(self):
        acc = f", val_acc={self.val_acc[-1]:.3f}" if self.val_acc else ""
        counts = _("{epochs} epochs, {steps} steps").format(epochs=self.epochs, steps=self.steps)
        return f"History({self.name!r}: {counts}{acc})"


class Callback:
    """Something that listens to a Trainer. Override the hooks you need; each gets the trainer."""

    def on_fit_begin(self, trainer):
        pass

    def on_step_end(self, trainer):
        pass

    def on_epoch_end(self, trainer):
        pass

    def on_fit_end(self, trainer):
        pass


def _layer_name(i, layer):
    return f"layer {i + 1}: {layer!r}"


class Trainer:
    """Mini-batch training of a `Sequential` model with a loss and an optimiser.

    Args:
        model: `Sequential`.
        loss: a loss object (`course_lib.losses`).
        optimizer: e.g. `SGD(model, lr=1.0)`, built for this model.
        X, y: training inputs (N, ...) and integer labels (N,) in 0..K−1 (or targets (N, K)).
        X_val, y_val: optional validation set, evaluated after every epoch.
        batch_size: samples per step; the last batch of an epoch may be smaller.
        seed: seeds the shuffling, so the same seed gives the same curves.
        callbacks: `Callback`s told about every step and epoch.
        name: the run's name, used in messages and plot legends.
        advice: learning rate → what a diverged run's message tells the learner to do, where the run was
            started (`runaway`); by default `in_a_cell`.

    Everything is checked here, before any training: the objects' types, the shapes, the labels against
    the model's K outputs, and the data for NaN and inf. `finished` says whether the last `fit` ran to the
    end.
    """

    def __init__(
        self,
        model,
        loss,
        optimizer,
        X,
        y,
        X_val=None,
        y_val=None,
        batch_size=1024,
        seed=0,
        callbacks=(),
        name="run",
        advice=in_a_cell,
    ):
        self.name, self.advice = name, advice
        callbacks = () if callbacks is None else callbacks
        self._check_objects(model, loss, optimizer, callbacks)
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.batch_size = whole_number(batch_size, "batch_size", 1, where=name)
        self.rng = as_generator(seed, "seed", where=name)
        X, y = self._check_data(X, y, "")
        if (X_val is None) != (y_val is None):
            raise ConfigError(_("{name}: give both X_val and y_val (or neither)").format(name=name))
        if X_val is not None:
            X_val, y_val = self._check_data(X_val, y_val, "_val")
        self.X, self.y, self.X_val, self.y_val = X, y, X_val, y_val
        self.callbacks = list(callbacks)
        self._param_layers = model.param_layers()
        self.history = History(name, [_layer_name(model.layers.index(l), l) for l in self._param_layers])
        self.finished = False
        self._warned = False  # one saturation warning per run

    # -- checks --------------------------------------------------------------------------------------
    def _check_objects(self, model, loss, optimizer, callbacks):
        name = self.name
        if not isinstance(model, Sequential):
            example = "cl.mlp((289, 20, 26))"
            hint = (
                _(": wrap it, cl.Sequential([layer])")
                if isinstance(model, Layer)
                else not_an_instance(model, example)
                or _(": build one, e.g. {example}").format(example=example)
            )
            raise ConfigError(
                _("{name}: the model must be a cl.Sequential, got {what}").format(
                    name=name, what=_what(model)
                )
                + hint
            )
        if not isinstance(loss, Loss):
            raise ConfigError(
                _("{name}: the loss must be a loss object, got {what}").format(name=name, what=_what(loss))
                + (
                    not_an_instance(loss, f"cl.{getattr(loss, '__name__', '')}()")
                    or _(", e.g. {example}").format(example="cl.SoftmaxCrossEntropyLoss()")
                )
            )
        if not isinstance(optimizer, Optimizer):
            example = f"cl.{getattr(optimizer, '__name__', '')}(model, lr=...)"  # i18n: not shown (code)
            raise ConfigError(
                _("{name}: the optimiser must be an optimiser object, got {what}").format(
                    name=name, what=_what(optimizer)
                )
                + (not_an_instance(optimizer, example) or _(", e.g. {example}").format(example=SGD_EXAMPLE))
            )
        mine = {id(layer) for layer in model.param_layers()}
        if not mine:
            raise ConfigError(
                _("{name}: {model} has no parameters to train; add a layer such as cl.Linear").format(
                    name=name, model=model
                )
            )
        example = f"cl.{type(optimizer).__name__}(model, lr=...)"  # i18n: not shown (code)
        if not any(id(layer) in mine for layer in optimizer.layers):
            raise ConfigError(
                _(
                    "{name}: the optimiser was built for another model: create it with this one, {example}"
                ).format(name=name, example=example)
            )
        # Built on another Sequential that shares some layers with this one: the layers it lacks would never
        # train, in silence. (Given a list of layers, an optimiser trains those only, on purpose.)
        theirs = {id(layer) for layer in optimizer.layers}
        missed = [
            _("layer {number} ({layer})").format(number=i + 1, layer=repr(layer))
            for i, layer in enumerate(model.layers)
            if id(layer) in mine and id(layer) not in theirs
        ]
        if isinstance(getattr(optimizer, "model", None), Sequential) and missed:
            raise ConfigError(
                _(
                    "{name}: the optimiser was built for another model, which lacks {layers} of this one "
                    "(it would never train): create it with this one, {example}"
                ).format(name=name, layers=", ".join(missed), example=example)
            )
        if isinstance(callbacks, Callback):
            raise ConfigError(
                _("{name}: callbacks takes a list, callbacks=[{callback}(...)]").format(
                    name=name, callback=type(callbacks).__name__
                )
            )
        for cb in callbacks:
            if not isinstance(cb, Callback):
                raise ConfigError(
                    _("{name}: callbacks must be Callback objects, got {what}").format(
                        name=name, what=_what(cb)
                    )
                    + not_an_instance(cb, f"{getattr(cb, '__name__', '')}()")
                )

    def _check_data(self, X, y, which):
        """X, y as arrays, checked against each other, the model and the loss (which = "" or "_val")."""
        name = self.name
        X = as_numbers(X, f"{name}: X{which}")
        y = as_numbers(y, f"{name}: y{which}", LabelError, hint=NAMES_TO_NUMBERS)
        if X.ndim == 0 or y.ndim == 0:
            raise ShapeError(
                _(
                    "{name}: X{which} and y{which} must be arrays with one row per sample, "
                    "got shapes {X} and {y}"
                ).format(name=name, which=which, X=X.shape, y=y.shape)
            )
        if len(X) != len(y):
            if which:
                message = _("{name}: {inputs} validation inputs but {labels} labels")
            else:
                message = _("{name}: {inputs} inputs but {labels} labels")
            raise ShapeError(message.format(name=name, inputs=len(X), labels=len(y)))
        if len(X) == 0:
            if which:
                raise ShapeError(_("{name}: the validation data set is empty").format(name=name))
            raise ShapeError(_("{name}: the data set is empty").format(name=name))
        _check_finite(X, f"{name}: X{which}")
        # one sample through the model, in evaluation mode (no dropout draws, no batch-statistics update),
        # so that a shape error shows now rather than at the first step, and to learn K
        was_training = [layer.training for layer in self.model.layers]
        self.model.eval()
        try:
            with np.errstate(all="ignore"):
                out = self.model.forward(X[:1])
        except (ShapeError, DataError) as e:
            raise type(e)(f"{name}: X{which}: {e}") from None
        finally:
            for layer, mode in zip(self.model.layers, was_training):
                layer.training = mode
        if out.ndim != 2:
            raise ShapeError(
                _(
                    "{name}: the model's output has shape {shape}, but a loss needs "
                    "(N, K): end the model with a layer that gives one row per sample (Flatten(), "
                    "LastStep(), Linear)"
                ).format(name=name, shape=shape_str(out.shape))
            )
        K = out.shape[1]
        if y.ndim == 1:
            return X, check_labels(y, K, where=f"{name}: y{which}")
        if y.shape[1:] != (K,):
            raise ShapeError(
                _(
                    "{name}: y{which} has shape {shape}, but the model gives {K} "
                    "outputs: give labels (N,) in 0..{last} or targets (N, {K})"
                ).format(name=name, which=which, shape=shape_str(y.shape), K=K, last=K - 1)
            )
        _check_finite(y, f"{name}: y{which}")
        return X, y

    def set_data(self, X, y):
        """Train on X, y from now on, checked as the constructor checks its data (a fresh part of a task with
        endless examples, for instance); the model, the optimiser and the history carry on."""
        self.X, self.y = self._check_data(X, y, "")

    # -- one step ----------------------------------------------------------------------------------
    def step(self, xb, yb):
        """Forward, loss, backward, update on one mini-batch; returns the batch loss."""
        # A diverging run overflows before its loss turns inf; say so once, below, not in warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            out = self.model.forward(xb)
            loss = self.loss.forward(out, yb)
        h = self.history
        problem = runaway(
            loss, h.step_loss[0] if h.step_loss else loss, h.steps + 1, self.optimizer.lr, self.advice
        )
        if problem:
            message = _("{name}: {problem}").format(name=self.name, problem=problem)
            raise TrainingDiverged(message, step=h.steps + 1, loss=loss, history=h)
        # an exploding gradient shows as a runaway loss at the next step
        with np.errstate(over="ignore", invalid="ignore"):
            self.model.backward(self.loss.backward(), need_dx=False)
            h.grad_norms.append([layer_grad_norm(layer) for layer in self._param_layers])
            self.optimizer.step()
        h.step_loss.append(loss)
        for cb in self.callbacks:
            cb.on_step_end(self)
        return loss

    # -- one epoch ---------------------------------------------------------------------------------
    @property
    def steps_per_epoch(self):
        """Mini-batches in one epoch: ⌈N / batch_size⌉ (the last one may be smaller)."""
        return -(-len(self.X) // self.batch_size)

    def train_epoch(self):
        """One pass over the training set in a fresh random order; returns the mean batch loss.

        Stopped midway (■, Ctrl-C), it puts everything back as it was when the epoch began, so that a
        stopped run continued ends exactly where the same run uninterrupted would."""
        start = _Snapshot(self)
        try:
            return self._train_epoch()
        except KeyboardInterrupt:
            start.restore()
            raise

    def _train_epoch(self):
        self.model.train()  # dropout and batch statistics on
        order = self.rng.permutation(len(self.X))
        losses, sizes = [], []
        for start in range(0, len(order), self.batch_size):
            # gathered batch by batch: the same rows as shuffling the whole set first (the same losses to the
            # last digit), but each copy stays in the cache; a whole shuffled copy of the 40 000 letters is
            # 46 MB, and made an epoch measurably slower (benchmarks/README.md)
            rows = order[start : start + self.batch_size]
            xb, yb = self.X[rows], self.y[rows]
            losses.append(self.step(xb, yb))
            sizes.append(len(xb))
        if not self._warned:  # the last batch's activations are still in the layers' caches
            advice = saturated_layer(self.model, self.optimizer.lr)
            if advice:
                self._warned = True
                warnings.warn(CourseWarning(_prefix(self.name) + advice), stacklevel=2)
        epoch_loss = float(np.average(losses, weights=sizes))
        val = self._evaluate(self.X_val, self.y_val) if self.X_val is not None else None
        h = self.history  # record the epoch only now that all of it is known
        h.epoch_loss.append(epoch_loss)
        h.steps_at_epoch.append(h.steps)
        if val is not None:
            h.val_loss.append(val[0])
            h.val_acc.append(val[1])
        for cb in self.callbacks:
            cb.on_epoch_end(self)
        return h.epoch_loss[-1]

    def fit(self, epochs):
        """Train for `epochs` more epochs; returns the History (also `self.history`).

        A cell that may be run again should call `fit_to` instead: `fit(20)` run twice trains 40 epochs.
        Stopping the cell raises TrainingInterrupted (one line) instead of a traceback through the loop;
        the epochs completed so far stay in the history, and `finished` is False. At most MAX_EPOCHS at a
        time (fit(10**7) is a slip for fit(10**2)); a run that will take longer than LONG_RUN_S says how long
        after its first epoch.
        """
        epochs = whole_number(epochs, "epochs", 0, MAX_EPOCHS, where=f"{self.name}: fit")
        target = self.history.epochs + epochs
        return self._fit_to(
            target,
            again=_(
                "`.fit_to({target})` trains the remaining {left} (`.fit({epochs})` would train {epochs} more)"
            ).format(target=target, epochs=epochs, left="{left}"),
        )

    def fit_to(self, epochs):
        """Train until the history holds `epochs` epochs in all; returns the History.

        What a notebook cell calls: run again, it continues where a stopped run left off, or does nothing
        once the run has its `epochs` (or more). Stopping it raises TrainingInterrupted, which names the
        epochs reached and the target: "stopped after epoch 37 of 70; … run the cell again to train the
        remaining 33". At most MAX_EPOCHS."""
        epochs = whole_number(epochs, "epochs", 0, MAX_EPOCHS, where=f"{self.name}: fit_to")
        return self._fit_to(epochs, again=_("run the cell again to train the remaining {left}"))

    def _fit_to(self, target, again):
        """Train epochs until the history holds `target`; `again` says (with {left}) how to finish a stopped
        run (translated)."""
        self.finished = False
        epochs = max(target - self.history.epochs, 0)
        for cb in self.callbacks:
            cb.on_fit_begin(self)
        try:
            for epoch in range(epochs):
                start = time.perf_counter()
                self.train_epoch()
                if epoch == 0:
                    self._say_how_long(epochs, time.perf_counter() - start)
            self.finished = True
        except KeyboardInterrupt:
            reached = self.history.epochs
            if reached:
                message = _("{name}: {stopped}; the run is as it was after epoch {reached} — {again}")
            else:
                message = _("{name}: {stopped}; the run is as it was before its first epoch — {again}")
            raise TrainingInterrupted(
                message.format(
                    name=self.name,
                    stopped=stopped_after(reached, target),
                    reached=reached,
                    again=again.format(left=target - reached),
                )
            ) from None
        finally:
            for cb in self.callbacks:
                cb.on_fit_end(self)
        return self.history

    def _say_how_long(self, epochs, first):
        """One CourseWarning if `epochs` epochs of `first` seconds each will take more than LONG_RUN_S."""
        total = epochs * first
        if total > LONG_RUN_S:
            if total < 5400:
                how_long = _("{minutes:.0f} min").format(minutes=total / 60)
            else:
                how_long = _("{hours:.1f} h").format(hours=total / 3600)
            warnings.warn(
                CourseWarning(
                    _(
                        "{name}: {epochs:,} epochs will take about {how_long} "
                        "({first:.1f} s each); ■ stops the run and keeps its history"
                    ).format(name=self.name, epochs=epochs, how_long=how_long, first=first)
                ),
                stacklevel=3,
            )

    def evaluate(self, X, y, batch_size=10_000):
        """(mean loss, accuracy) of the current model on X, y, in evaluation mode; changes nothing."""
        X, y = self._check_data(X, y, "")
        return self._evaluate(X, y, batch_size)

    def _evaluate(self, X, y, batch_size=10_000):
        was_training = any(layer.training for layer in self.model.layers)
        self.model.eval()  # dropout off, running statistics: the model as it is used
        total, outputs = 0.0, []
        for start in range(0, len(X), batch_size):
            out = self.model.forward(X[start : start + batch_size])
            yb = y[start : start + batch_size]
            total += self.loss.forward(out, yb) * len(yb)
            outputs.append(out)
        self.model.train(was_training)
        labels = y if y.ndim == 1 else np.argmax(y, axis=1)  # targets (N, K): the class of the largest
        return total / len(X), accuracy(np.concatenate(outputs), labels)


class _Snapshot:
    """Everything a training epoch changes, as it was when taken: the parameters, what layers keep
    besides them (batch norm's running statistics, dropout's random stream), the optimiser's memory,
    the trainer's random order and the history's length. `restore()` puts it all back.

    Copies, not references: the parameters and running statistics are updated in place. A random
    Generator is restored in place (its state), so whoever else holds it sees the rewound stream too."""

    def __init__(self, trainer):
        self.trainer = trainer
        self.params = trainer.model.state_dict()
        self.kept, self.streams = [], [(trainer.rng, trainer.rng.bit_generator.state)]
        for layer in trainer.model.layers:
            for name, value in vars(layer).items():
                if isinstance(value, np.ndarray) and name not in ("cache", "params", "grads"):
                    self.kept.append((layer, name, value.copy()))
                elif isinstance(value, np.random.Generator):
                    self.streams.append((value, value.bit_generator.state))
        self.memory = copy.deepcopy(trainer.optimizer.state)
        h = trainer.history
        self.lengths = [
            (values, len(values))
            for values in (h.step_loss, h.grad_norms, h.epoch_loss, h.steps_at_epoch, h.val_loss, h.val_acc)
        ]

    def restore(self):
        t = self.trainer
        t.model.load_state_dict(self.params)
        for layer, name, value in self.kept:
            setattr(layer, name, value.copy())
        for stream, state in self.streams:
            stream.bit_generator.state = state
        t.optimizer.state = copy.deepcopy(self.memory)
        for values, n in self.lengths:
            del values[n:]


def _what(obj):
    """How to name an object in a message: the class `SGD` itself, or an instance of `str`."""
    if isinstance(obj, type):
        return _("the class {name}").format(name=obj.__name__)
    return f"{type(obj).__name__} {obj!r}"[:80]


def _check_finite(A, what):
    """DataError naming the first NaN or inf in A (N, ...): its row (the sample) and its place in the row."""
    if A.dtype.kind != "f" or np.isfinite(A).all():
        return
    where = np.argwhere(~np.isfinite(A))[0]
    kind = "NaN" if np.isnan(A[tuple(where)]) else "inf"
    if A.ndim == 1:
        message = _(
            "{what} contains {kind} at row {row}: clean the data (drop or fill in that row) before training"
        )
    elif A.ndim == 2:
        message = _(
            "{what} contains {kind} at row {row} (column {column}): clean the data (drop or fill in that "
            "row) before training"
        )
    else:
        message = _(
            "{what} contains {kind} at row {row} (position {position}): clean the data (drop or fill in that "
            "row) before training"
        )
    column = where[1] if A.ndim > 1 else None
    raise DataError(
        message.format(
            what=what, kind=kind, row=where[0], column=column, position=tuple(int(i) for i in where[1:])
        )
    )


def stopped_after(reached, target, unit="epoch"):
    """How far a stopped run got: "stopped after epoch 37 of 70" (or "during epoch 1 of 70"); `unit` is
    "epoch" or "round" (through_time's rounds of training)."""
    if unit == "round":
        if reached:
            return _("stopped after round {reached} of {target}").format(reached=reached, target=target)
        return _("stopped during round 1 of {target}").format(target=target)
    if reached:
        return _("stopped after epoch {reached} of {target}").format(reached=reached, target=target)
    return _("stopped during epoch 1 of {target}").format(target=target)


def fit_in_turn(trainers, epochs):
    """Train `trainers` one epoch each in turn until every one holds `epochs` epochs, so that their curves
    grow side by side; returns nothing (each trainer's `history` has its record).

    Like `Trainer.fit_to`, for a cell that may be run again: it continues where a stopped run left off, or
    does nothing once every run has `epochs`. Stopping it raises one TrainingInterrupted that names the
    epochs each run reached and the target."""
    trainers = list(trainers)
    for t in trainers:
        if not isinstance(t, Trainer):
            raise ConfigError(_("fit_in_turn: give a list of Trainers, got {what}").format(what=_what(t)))
    epochs = whole_number(epochs, "epochs", 0, MAX_EPOCHS, where="fit_in_turn")  # i18n: not shown (names)
    try:
        for epoch in range(1, epochs + 1):
            for t in trainers:
                t.fit_to(epoch)
    except KeyboardInterrupt:  # a TrainingInterrupted from one trainer, or ■ between two epochs
        reached = [t.history.epochs for t in trainers]
        each = ", ".join(f"{t.name}: {n}" for t, n in zip(trainers, reached))
        raise TrainingInterrupted(
            _(
                "{stopped} ({each}); each run is as it was after its last whole epoch — "
                "run the cell again to train the remaining {left}"
            ).format(stopped=stopped_after(min(reached), epochs), each=each, left=epochs - min(reached))
        ) from None


def fit(model, loss, optimizer, X, y, X_val=None, y_val=None, epochs=1, **kwargs):
    """Shortcut: `Trainer(...).fit(epochs)`; returns the History."""
    return Trainer(model, loss, optimizer, X, y, X_val, y_val, **kwargs).fit(epochs)
