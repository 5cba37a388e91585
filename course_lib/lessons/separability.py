"""What one neuron cannot separate and two layers can (notebook 00).

The perceptron (`lessons.perceptron`) draws one straight line. A network with one hidden layer of tanh
units bends its boundary: 2 inputs → 16 tanh units → 2 logits z, trained with softmax cross-entropy.
Its probability of class 1 is the softmax of two logits, which is a sigmoid of their difference:

    p(1 | x) = e^(z_1) / (e^(z_0) + e^(z_1)) = σ(z_1 − z_0)
"""
from ..activations import sigmoid
from ..errors import MAX_EPOCHS, whole_number
from ..losses import SoftmaxCrossEntropyLoss
from ..model import mlp
from ..optim import SGD
from ..train import Trainer


# how the two-layer network is trained, defined once: train_two_layer uses it, the notebook prints it
RECIPE = {"hidden": 16, "lr": 0.5, "momentum": 0.9, "batch_size": 50, "epochs": 300}


def recipe_text():
    """The two-layer network's training settings in words, for printing next to its accuracy."""
    r = RECIPE
    return (f"2-{r['hidden']}-2 tanh, softmax cross-entropy, SGD lr {r['lr']} with momentum {r['momentum']}, "
            f"batch {r['batch_size']}, {r['epochs']} epochs")


def train_two_layer(X, y, hidden=RECIPE["hidden"], epochs=RECIPE["epochs"], lr=RECIPE["lr"], seed=0):
    """A 2-16-2 tanh network trained with softmax cross-entropy on X (N, 2), y (N,) in {0, 1}; returns it."""
    epochs = whole_number(epochs, "epochs", 0, MAX_EPOCHS, where="train_two_layer")
    model = mlp((2, hidden, 2), "tanh", init="xavier", rng=seed, output_activation=None)
    Trainer(model, SoftmaxCrossEntropyLoss(), SGD(model, lr=lr, momentum=RECIPE["momentum"]), X, y,
            batch_size=RECIPE["batch_size"], seed=seed).fit(epochs)
    return model


def softmax_class1(model):
    """p(class 1) = σ(z_1 − z_0) of a 2-logit model, as a function of points (M, 2) → (M,)."""
    def probability(points):
        z = model.forward(points)
        return sigmoid(z[:, 1] - z[:, 0])
    return probability
