"""One sigmoid neuron learning to output 0 — the smallest experiment that shows why the loss matters.

The neuron: input x = 1, output a = σ(w·x + b), target y = 0, plain gradient descent with rate η.

    quadratic      C = ½(a − y)²                        ∂C/∂w = (a − y)·σ′(z)·x
    cross-entropy  C = −[y ln a + (1 − y) ln(1 − a)]    ∂C/∂w = (a − y)·x

Started at w = b = 2 (a ≈ 0.98, badly wrong), σ′(z) ≈ 0.018 makes the quadratic loss's steps tiny for
hundreds of epochs, while cross-entropy, which has no σ′ factor, moves at once (notebook 05; the
example is from Nielsen's "Neural Networks and Deep Learning", ch. 3).
"""

import numpy as np

from ..activations import sigmoid, softplus
from ..errors import finite_number, learning_rate, one_of, whole_number
from ..i18n import _
from ..losses import LOSS_NAMES


def train_single_neuron(w, b, lr, epochs, loss, x=1.0, y=0.0):
    """Gradient descent on one neuron.

    Args:
        w, b: starting weight and bias.
        lr: learning rate η > 0.
        epochs: number of steps (one sample, so one step per epoch).
        loss: "quadratic" or "cross-entropy".
    Returns:
        dict of float64 arrays of length epochs + 1: "w", "b", "a" (output), "cost".
    """
    where = "train_single_neuron"  # i18n: not shown (a function's name)
    one_of(loss, "loss", tuple(LOSS_NAMES), where=where)
    lr = learning_rate(lr, where)
    epochs = whole_number(epochs, "epochs", 0, 1_000_000, where=where)
    w, b = finite_number(w, _("starting w"), where=where), finite_number(b, _("starting b"), where=where)
    x = finite_number(x, "x", where=where)
    y = finite_number(y, "the target y", where=where, minimum=0, maximum=1)
    ws, bs = np.empty(epochs + 1), np.empty(epochs + 1)
    ws[0], bs[0] = w, b
    for t in range(epochs):
        z = ws[t] * x + bs[t]
        a = sigmoid(z)
        delta = a - y  # ∂C/∂z for cross-entropy …
        if loss == "quadratic":
            delta = delta * a * (1 - a)  # … and times σ′(z) for the quadratic loss
        ws[t + 1] = ws[t] - lr * delta * x
        bs[t + 1] = bs[t] - lr * delta
    z = ws * x + bs
    a = sigmoid(z)
    if loss == "quadratic":
        cost = 0.5 * (a - y) ** 2
    else:  # written with logits: finite for every z
        cost = softplus(z) - y * z
    return {"w": ws, "b": bs, "a": a, "cost": cost}
