"""The training loop and the record it keeps.

One *step* (迭代) takes a mini-batch: forward pass, loss, backward pass, optimiser update.
One *epoch* (轮) is enough steps to see every training sample once, in a fresh random order.

The loop itself never prints or plots. It records into a `History` and tells its callbacks
(`on_fit_begin`, `on_step_end`, `on_epoch_end`, `on_fit_end`); live plots and widgets listen there.
If the loss stops being a finite number it stops with `TrainingDiverged`, whose message says at which
step and suggests the fix.
"""
import numpy as np

from .errors import ConfigError, ShapeError, TrainingDiverged


def accuracy(scores, labels):
    """Fraction of rows whose largest score is at the true label. scores (N, K), labels (N,) → float."""
    return float(np.mean(np.argmax(scores, axis=1) == labels)) if len(labels) else float("nan")


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
        """‖∂L/∂θ‖ over all layers at once, per step (what clipping by global norm compares): shape (steps,)."""
        return np.sqrt((self.grad_norm_array() ** 2).sum(axis=1))

    def __repr__(self):
        acc = f", val_acc={self.val_acc[-1]:.3f}" if self.val_acc else ""
        return f"History({self.name!r}: {self.epochs} epochs, {self.steps} steps{acc})"


class Callback:
    """Something that listens to a Trainer. Override the hooks you need; each gets the trainer."""

    def on_fit_begin(self, trainer): pass
    def on_step_end(self, trainer): pass
    def on_epoch_end(self, trainer): pass
    def on_fit_end(self, trainer): pass


def _layer_name(i, layer):
    return f"layer {i + 1}: {layer!r}"


class Trainer:
    """Mini-batch training of a `Sequential` model with a loss and an optimiser.

    Args:
        model: `Sequential`.
        loss: a loss object (`course_lib.losses`).
        optimizer: e.g. `SGD(model, lr=1.0)`.
        X, y: training inputs (N, D) and integer labels (N,) (or targets (N, K)).
        X_val, y_val: optional validation set, evaluated after every epoch.
        batch_size: samples per step; the last batch of an epoch may be smaller.
        seed: seeds the shuffling, so the same seed gives the same curves.
        callbacks: `Callback`s told about every step and epoch.
        name: the run's name, used in messages and plot legends.
    """

    def __init__(self, model, loss, optimizer, X, y, X_val=None, y_val=None, batch_size=1024, seed=0,
                 callbacks=(), name="run"):
        X, y = np.asarray(X), np.asarray(y)
        if len(X) != len(y):
            raise ShapeError(f"{name}: {len(X)} inputs but {len(y)} labels")
        if len(X) == 0:
            raise ShapeError(f"{name}: the training set is empty")
        if X_val is not None and len(X_val) != len(y_val):
            raise ShapeError(f"{name}: {len(X_val)} validation inputs but {len(y_val)} labels")
        if int(batch_size) != batch_size or batch_size < 1:
            raise ConfigError(f"{name}: batch_size must be a positive integer, got {batch_size!r}")
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.X, self.y, self.X_val, self.y_val = X, y, X_val, y_val
        self.batch_size, self.name = int(batch_size), name
        self.rng = np.random.default_rng(seed)
        self.callbacks = list(callbacks)
        self._param_layers = model.param_layers()
        self.history = History(name, [_layer_name(model.layers.index(l), l) for l in self._param_layers])

    # -- one step ----------------------------------------------------------------------------------
    def step(self, xb, yb):
        """Forward, loss, backward, update on one mini-batch; returns the batch loss."""
        # A diverging run overflows before its loss turns inf; say so once, below, not in warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            out = self.model.forward(xb)
            loss = self.loss.forward(out, yb)
        if not np.isfinite(loss):
            h = self.history
            raise TrainingDiverged(
                f"{self.name}: diverged at step {h.steps + 1}: loss = {loss}; "
                f"try a smaller learning rate (now {self.optimizer.lr:g})",
                step=h.steps + 1, loss=loss, history=h)
        with np.errstate(over="ignore", invalid="ignore"):   # an exploding gradient shows as inf/NaN loss next step
            self.model.backward(self.loss.backward(), need_dx=False)
            self.history.grad_norms.append([float(np.sqrt(sum(np.vdot(g, g) for g in l.grads.values())))
                                            for l in self._param_layers])
            self.optimizer.step()
        self.history.step_loss.append(loss)
        for cb in self.callbacks:
            cb.on_step_end(self)
        return loss

    # -- one epoch ---------------------------------------------------------------------------------
    def train_epoch(self):
        """One pass over the training set in a fresh random order; returns the mean batch loss."""
        self.model.train()                      # dropout and batch statistics on
        order = self.rng.permutation(len(self.X))
        X, y = self.X[order], self.y[order]     # one gather per epoch; batches are then views
        losses, sizes = [], []
        for start in range(0, len(X), self.batch_size):
            xb, yb = X[start:start + self.batch_size], y[start:start + self.batch_size]
            losses.append(self.step(xb, yb))
            sizes.append(len(xb))
        h = self.history
        h.epoch_loss.append(float(np.average(losses, weights=sizes)))
        h.steps_at_epoch.append(h.steps)
        if self.X_val is not None:
            val_loss, val_acc = self.evaluate(self.X_val, self.y_val)
            h.val_loss.append(val_loss)
            h.val_acc.append(val_acc)
        for cb in self.callbacks:
            cb.on_epoch_end(self)
        return h.epoch_loss[-1]

    def fit(self, epochs):
        """Train for `epochs` more epochs; returns the History (also `self.history`)."""
        if int(epochs) != epochs or epochs < 0:
            raise ConfigError(f"{self.name}: epochs must be a whole number ≥ 0, got {epochs!r}")
        for cb in self.callbacks:
            cb.on_fit_begin(self)
        try:
            for _ in range(int(epochs)):
                self.train_epoch()
        finally:
            for cb in self.callbacks:
                cb.on_fit_end(self)
        return self.history

    def evaluate(self, X, y, batch_size=10_000):
        """(mean loss, accuracy) of the current model on X, y, in evaluation mode, without changing anything."""
        was_training = any(layer.training for layer in self.model.layers)
        self.model.eval()                       # dropout off, running statistics: what the model will be used as
        total, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            out = self.model.forward(X[start:start + batch_size])
            yb = y[start:start + batch_size]
            total += self.loss.forward(out, yb) * len(yb)
            correct += int(np.sum(np.argmax(out, axis=1) == (yb if np.ndim(yb) == 1 else np.argmax(yb, 1))))
        self.model.train(was_training)
        return total / len(X), correct / len(X)


def fit(model, loss, optimizer, X, y, X_val=None, y_val=None, epochs=1, **kwargs):
    """Shortcut: `Trainer(...).fit(epochs)`; returns the History."""
    return Trainer(model, loss, optimizer, X, y, X_val, y_val, **kwargs).fit(epochs)
