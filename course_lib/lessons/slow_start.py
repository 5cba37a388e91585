"""Why the deep letters network starts slowly: testing the lab's explanation (notebook 04, section 3).

The letters lab trains a 289-20-26 sigmoid network with the quadratic loss and sees it learn far more slowly
at first than the 289-26 network. Its explanation: the gradient vanishes on its way back through the
extra sigmoid layer, since every sigmoid multiplies it by σ′(z) ≤ ¼. Two things in the backward pass
can make the steps small, and they make different predictions:

    δ_out = (a − y) ⊙ σ′(z_out) / N          output layer (quadratic loss; cross-entropy: (a − y) / N)
    δ_1   = (δ_out W_outᵀ) ⊙ σ′(z_1)         hidden layer: one more factor W·σ′ than the output layer

- If the extra factor W·σ′ starves the first layer, then lengthening only the first layer's steps should
  make the network start faster. `BoostedSGD` does exactly that: plain SGD, except that one dense layer's
  steps are `factor` times longer,

        p ← p − η·g                for the parameters of every other layer
        p ← p − factor·η·g         for the parameters of the boosted layer

- If instead the output factor σ′(z_out) is small, every layer's gradient is small alike (δ_1 is built
  from δ_out), and cross-entropy, which removes that one factor and nothing else, should fix it.

`output_summary` measures what the outputs do (how large the right letter's output is, and the σ′ it
passes back); `settings` prints what a run was, so that two runs can be compared side by side.
The chapter's measurements (chapter 4, section 3) side with the second explanation for this network;
the first is real too, and grows with depth (section 4).
"""

import numpy as np

from ..activations import Sigmoid, sigmoid
from ..errors import ConfigError, positive_number
from ..i18n import _
from ..optim import SGD


class BoostedSGD(SGD):
    """SGD whose steps for one dense layer are `factor` times longer (the others' are plain SGD's).

    Args:
        model: the `Sequential` to train.
        lr: learning rate η of every layer.
        layer: which layer with parameters to boost, counted as in `model.param_layers()` (0: the first,
            −1: the last).
        factor: how many times longer that layer's steps are (> 0; 1 is plain SGD).
        momentum, weight_decay, clip_norm, l1: as for `SGD`; the boost applies to the gradient after them.
    """

    def __init__(self, model, lr, layer, factor, **options):
        super().__init__(model, lr, **options)
        layers = model.param_layers()
        whole = isinstance(layer, (int, np.integer)) and not isinstance(layer, bool)
        if not whole or not -len(layers) <= layer < len(layers):
            raise ConfigError(
                _(
                    "BoostedSGD: layer must be the index of one of the model's {n} "
                    "layers with parameters (0 … {last}, or −1 for the last), got {layer}"
                ).format(n=len(layers), last=len(layers) - 1, layer=repr(layer))
            )
        self.boosted = layers[layer]
        self.factor = positive_number(factor, "factor", where="BoostedSGD")

    def _update(self, key, p, g):
        # key = (index in self.layers, parameter name): the step of the boosted layer's W and b grows
        if self.layers[key[0]] is self.boosted:
            g = self.factor * g
        super()._update(key, p, g)

    def __repr__(self):
        return f"{super().__repr__()[:-1]}, steps × {self.factor:g} for {self.boosted!r})"


def settings(trainer, seed=None):
    """One line saying what a run is: model, loss, optimiser, batch size, epochs so far (and its seed)."""
    line = _("{model} · {loss} · {optimizer} · batches of {batch_size} · {epochs} epochs").format(
        model=trainer.model,
        loss=trainer.loss,
        optimizer=trainer.optimizer,
        batch_size=trainer.batch_size,
        epochs=trainer.history.epochs,
    )
    return line if seed is None else line + _(" · seed {seed}").format(seed=seed)


def output_summary(model, X, y):
    """How a letters network's 26 outputs a = σ(z) answer, averaged over the samples X (N, D), labels y (N,).

    Works for a model that ends in a `Sigmoid` (it gives a) and for one that ends in logits z.
    Returns a dict of floats:
        "right":  mean a of the right letter's output;
        "others": mean a of the other 25 outputs;
        "slope":  mean σ′(z) = a(1 − a) of the right letter's output: the factor by which the quadratic
                  loss's push on it, (a − 1)·σ′(z), is smaller than cross-entropy's, a − 1.
    """
    out = model.forward(X)
    a = out if isinstance(model.layers[-1], Sigmoid) else sigmoid(out)
    a = a.astype(np.float64)
    rows = np.arange(len(y))
    right = a[rows, y]
    others = (a.sum(axis=1) - right) / (a.shape[1] - 1)
    return {
        "right": float(right.mean()),
        "others": float(others.mean()),
        "slope": float(np.mean(right * (1 - right))),
    }
