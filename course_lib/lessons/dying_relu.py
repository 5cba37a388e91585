"""Dying ReLUs: a careless learning rate kills hidden units, and careful steps afterwards do not bring them
back (notebook 01).

A unit j of the first hidden layer computes h_nj = ReLU(z_nj), z_nj = x_n · W[:, j] + b_j, for sample n.
It is *dead* on a data set when h_nj = 0 for every sample. Then ReLU′(z_nj) = 0 for every sample, so its
sensitivities δ_nj = ∂L/∂z_nj are all 0 and so are its gradients,

    ∂L/∂W[:, j] = Σ_n x_n δ_nj = 0,        ∂L/∂b_j = Σ_n δ_nj = 0,

and a plain gradient-descent step (no momentum, no weight decay) leaves W[:, j] and b_j where they are. The
inputs x_n are the fixed data, so z_nj stays ≤ 0 for every sample: the unit stays dead. Counting, per
unit, which were dead before and after the careful epochs tests this: a unit dead before and alive after
is a revival, one alive before and dead after a new death (not a revival with a minus sign).

The experiment: a 10 → 100 → 1 ReLU network (He initialisation) on y = sin x_1 + sin x_2 + sin x_3,
trained with the quadratic loss, first for a few epochs at a learning rate that may be careless, then
carefully at 0.01.
"""

import numpy as np

from ..errors import ConfigError
from ..i18n import _
from ..layers import Linear
from ..losses import QuadraticLoss
from ..model import mlp
from ..optim import SGD
from ..train import Trainer


def make_data(rng, n=2000):
    """X (n, 10) standard normal inputs and y (n, 1) = sin x_1 + sin x_2 + sin x_3, both float32."""
    X = rng.standard_normal((n, 10)).astype(np.float32)
    y = np.sin(X[:, :3]).sum(axis=1, keepdims=True).astype(np.float32)
    return X, y


def dead_units(model, X):
    """Which units of the model's first hidden layer have an input z ≤ 0 for every sample of X.

    For a ReLU these are the dead units, which output 0 for every sample; a leaky ReLU's units there still
    pass 0.01 of the gradient.
    Args:
        model: a Sequential whose layers[0] is Linear. X: (N, D) inputs.
    Returns:
        bool array (H,): True for a unit whose input is never positive.
    """
    if not isinstance(model.layers[0], Linear):
        raise ConfigError(
            _("dead_units: the model's first layer must be Linear, got {layer}").format(
                layer=repr(model.layers[0])
            )
        )
    z = model.layers[0].forward(X)  # (N, H)
    return ~np.any(z > 0, axis=0)


# the experiment's settings, the same for every learning rate tried
HIDDEN, BATCH_SIZE, EPOCHS, CAREFUL_LR, CAREFUL_EPOCHS = 100, 100, 3, 0.01, 5


def settings_text():
    """The settings every run shares, in words, for printing next to the results."""
    return _(
        "{hidden} hidden units, He init, quadratic loss, plain gradient descent on batches of "
        "{batch_size}, {epochs} epochs, then {careful_epochs} more at lr {careful_lr}"
    ).format(
        hidden=HIDDEN,
        batch_size=BATCH_SIZE,
        epochs=EPOCHS,
        careful_epochs=CAREFUL_EPOCHS,
        careful_lr=CAREFUL_LR,
    )


def careless_then_careful(X, y, lr, seed, activation="relu"):
    """Train a D-100-1 network EPOCHS epochs at `lr`, then CAREFUL_EPOCHS more at CAREFUL_LR.

    Plain SGD on mini-batches of BATCH_SIZE; `seed` seeds both the weights and the batches' order.
    Args:
        X: (N, D) inputs. y: (N, 1) targets. lr: the first epochs' learning rate. seed: a whole number.
        activation: the hidden units' ("relu"; "leaky_relu" for the notebook's exercise).
    Returns:
        (dead before, dead after): two bool arrays (HIDDEN,), the dead units (`dead_units`) after the first
        epochs and after the careful ones.
    """
    model = mlp((X.shape[1], HIDDEN, 1), activation, init="he", rng=seed, output_activation=None)
    trainer = Trainer(model, QuadraticLoss(), SGD(model, lr=lr), X, y, batch_size=BATCH_SIZE, seed=seed)
    trainer.fit(EPOCHS)
    before = dead_units(model, X)
    trainer.optimizer.lr = CAREFUL_LR
    trainer.fit(CAREFUL_EPOCHS)
    return before, dead_units(model, X)


def revivals(before, after):
    """(revived, newly dead): the number of units dead before and alive after, and alive before and dead
    after. `before`, `after`: bool arrays of the same shape, True for a dead unit."""
    before, after = np.asarray(before, dtype=bool), np.asarray(after, dtype=bool)
    return int(np.sum(before & ~after)), int(np.sum(~before & after))
