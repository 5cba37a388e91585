"""Rosenblatt's perceptron (1958): the first learning neuron, and why it cannot learn XOR (notebook 00).

Prediction: ŷ = 1 if w·x + b > 0 else 0 — a straight line splits the plane.
Learning rule, one sample at a time: if ŷ ≠ y, then w ← w + η (y − ŷ) x and b ← b + η (y − ŷ).
The perceptron convergence theorem: if a line separates the classes, this stops making mistakes after
finitely many updates. If none does (XOR), it never stops — Minsky and Papert's 1969 objection.
"""

import numpy as np

from ..errors import MAX_EPOCHS, ShapeError, TrainingInterrupted, finite_number, shape_str, whole_number
from ..i18n import _
from ..init import as_generator
from ..layers import as_numbers
from ..losses import check_labels


class Perceptron:
    """A single threshold unit. Shapes: X (N, D), y (N,) in {0, 1}."""

    def __init__(self, n_inputs, rng):
        self.w = 0.01 * rng.standard_normal(n_inputs)
        self.b = 0.0

    def predict(self, X):
        return (X @ self.w + self.b > 0).astype(np.int64)

    def fit(self, X, y, epochs=50, lr=0.1, rng=None):
        """Run the learning rule for up to `epochs` passes; returns the number of mistakes in each pass.

        Stops early after a pass with no mistake (it has converged). The sample order is shuffled with
        `rng` each pass, since the rule is applied sample by sample (per-sample updates are the method
        here, not a shortcut). At most MAX_EPOCHS passes; stopping the cell (■) is one line
        (TrainingInterrupted), and the weights learnt so far are kept.
        """
        where = "Perceptron.fit"
        epochs = whole_number(epochs, "epochs", 1, MAX_EPOCHS, where=where)
        lr = finite_number(lr, "lr", where=where, minimum=0)
        rng = as_generator(0 if rng is None else rng, where=where)
        X = as_numbers(X, f"{where}: X")
        if X.ndim != 2 or X.shape[1] != len(self.w):
            raise ShapeError(
                _("{where}: X must have shape (N, {D}), got {shape}").format(
                    where=where, D=len(self.w), shape=shape_str(X.shape)
                )
            )
        y = check_labels(y, 2, where=_("{where}: y (0 or 1, as the perceptron's output)").format(where=where))
        if len(y) != len(X):
            raise ShapeError(
                _("{where}: {n_inputs} inputs but {n_labels} labels").format(
                    where=where, n_inputs=len(X), n_labels=len(y)
                )
            )
        mistakes = []
        try:
            for _i in range(epochs):
                errors = 0
                for i in rng.permutation(len(X)):
                    delta = y[i] - int(X[i] @ self.w + self.b > 0)
                    if delta:
                        self.w += lr * delta * X[i]
                        self.b += lr * delta
                        errors += 1
                mistakes.append(errors)
                if errors == 0:
                    break
        except KeyboardInterrupt:
            raise TrainingInterrupted(
                _("{where}: stopped in pass {n} of {epochs}; the weights learnt so far are kept").format(
                    where=where, n=len(mistakes) + 1, epochs=epochs
                )
            ) from None
        return mistakes
