"""What one neuron cannot separate and two layers can (notebook 00).

The perceptron (`lessons.perceptron`) draws one straight line. A network with one hidden layer of tanh
units bends its boundary: 2 inputs → 16 tanh units → 2 logits z, trained with softmax cross-entropy.
Its probability of class 1 is the softmax of two logits, which is a sigmoid of their difference:

    p(1 | x) = e^(z_1) / (e^(z_0) + e^(z_1)) = σ(z_1 − z_0)

`compare` is the chapter's experiment: both models trained on the same points of one toy data set, and
each one's accuracy on them. The chapter's explorer draws what it returns; the notebook asserts its numbers.
"""

import numpy as np

from ..activations import sigmoid
from ..datasets.toy2d import make_toy
from ..errors import MAX_EPOCHS, one_of, whole_number
from ..i18n import _
from ..losses import SoftmaxCrossEntropyLoss
from ..model import mlp
from ..optim import SGD
from ..train import Trainer, accuracy
from .perceptron import Perceptron

DATA_SETS = ("separable", "xor", "circles", "moons")
MAX_POINTS = 1000  # the two-layer network trains 300 epochs per run: more points would take seconds
N_POINTS = 200  # the chapter's data sets: 200 points each
PERCEPTRON_PASSES = 100


# how the two-layer network is trained, defined once: train_two_layer uses it, the notebook prints it
RECIPE = {"hidden": 16, "lr": 0.5, "momentum": 0.9, "batch_size": 50, "epochs": 300}


def recipe_text():
    """The two-layer network's training settings in words, for printing next to its accuracy."""
    r = RECIPE
    return _(
        "2-{hidden}-2 tanh, softmax cross-entropy, SGD lr {lr} with momentum {momentum}, "
        "batch {batch_size}, {epochs} epochs"
    ).format(**r)


def train_two_layer(X, y, hidden=RECIPE["hidden"], epochs=RECIPE["epochs"], lr=RECIPE["lr"], seed=0):
    """A 2-16-2 tanh network trained with softmax cross-entropy on X (N, 2), y (N,) in {0, 1}; returns it."""
    where = "train_two_layer"  # i18n: not shown (a function's name)
    epochs = whole_number(epochs, "epochs", 0, MAX_EPOCHS, where=where)
    model = mlp((2, hidden, 2), "tanh", init="xavier", rng=seed, output_activation=None)
    Trainer(
        model,
        SoftmaxCrossEntropyLoss(),
        SGD(model, lr=lr, momentum=RECIPE["momentum"]),
        X,
        y,
        batch_size=RECIPE["batch_size"],
        seed=seed,
    ).fit(epochs)
    return model


def softmax_class1(model):
    """p(class 1) = σ(z_1 − z_0) of a 2-logit model, as a function of points (M, 2) → (M,)."""

    def probability(points):
        z = model.forward(points)
        return sigmoid(z[:, 1] - z[:, 0])

    return probability


def compare(data="xor", n=N_POINTS, seed=0, where="compare"):
    """The perceptron and the two-layer network, each trained on the same n points of one toy data set.

    Args:
        data: one of DATA_SETS. n: the number of points (4 to MAX_POINTS). seed: draws the points, the
            perceptron's start and order, and the network's weights and batches.
        where: the name bad input is reported under (the explorer passes its own).
    Returns:
        dict with "X" (n, 2) and "y" (n,) the points; "perceptron" (a trained `Perceptron`, at most
        PERCEPTRON_PASSES passes) and "converged" (True if its last pass made no mistake); "network" (the
        trained 2-16-2 Sequential, see RECIPE); "accuracies" {"perceptron": …, "two-layer": …}, each the
        fraction of the n training points classified right.
    """
    one_of(data, "data set", DATA_SETS, where)
    n = whole_number(n, "n (points)", 4, MAX_POINTS, where)
    seed = whole_number(seed, "seed", 0, where=where)
    rng = np.random.default_rng(seed)
    X, y = make_toy(data, n, rng)
    perceptron = Perceptron(2, rng)
    mistakes = perceptron.fit(X, y, epochs=PERCEPTRON_PASSES, rng=rng)
    network = train_two_layer(X, y, seed=seed)
    return {
        "X": X,
        "y": y,
        "perceptron": perceptron,
        "converged": mistakes[-1] == 0,
        "network": network,
        "accuracies": {
            "perceptron": float(np.mean(perceptron.predict(X) == y)),
            "two-layer": float(accuracy(network.forward(X), y)),
        },
    }
