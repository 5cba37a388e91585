"""The seed lab's training code, rewritten in its style for a speed comparison: per-sample Python loops.

Column vectors, one `np.dot` per sample in forward and backward, weights updated inside the layer,
labels one-hot encoded in a Python loop — the structure of the lab's `layers.py`. The maths is the
same as course_lib's (289-20-26 sigmoid network, sigmoid cross-entropy, plain SGD); only the loops differ.
Used by `bench_epoch.py`; not part of the course library.
"""

import numpy as np


class FullyConnect:
    def __init__(self, l_x, l_y, rng, lr):
        self.weights = (rng.standard_normal((l_y, l_x)) / np.sqrt(l_x)).astype(np.float32)
        self.bias = rng.standard_normal((l_y, 1)).astype(np.float32)
        self.lr = lr

    def forward(self, x):  # x: (N, l_x, 1)
        self.x = x
        return np.array([np.dot(self.weights, xx) + self.bias for xx in x])

    def backward(self, d):  # d: (N, l_y, 1)
        ddw = [np.dot(dd, xx.T) for dd, xx in zip(d, self.x)]
        dw = np.sum(ddw, axis=0) / self.x.shape[0]
        db = np.sum(d, axis=0) / self.x.shape[0]
        dx = np.array([np.dot(self.weights.T, dd) for dd in d])
        self.weights -= self.lr * dw
        self.bias -= self.lr * db
        return dx


class Sigmoid:
    def forward(self, x):
        self.y = 1 / (1 + np.exp(-x))
        return self.y

    def backward(self, d):
        return d * self.y * (1 - self.y)


class CrossEntropyLoss:
    """On sigmoid outputs, as in the lab; its backward divides by a(1 − a), the Sigmoid multiplies it back."""

    def forward(self, x, label):
        self.x = x
        self.label = np.zeros_like(x)
        for a, b in zip(self.label, label):
            a[b] = 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            loss = np.nan_to_num(-self.label * np.log(x) - (1 - self.label) * np.log(1 - x))
        return np.sum(loss) / x.shape[0]

    def backward(self):
        return (self.x - self.label) / self.x / (1 - self.x)


def train_epoch(layers, loss, X, y, batch_size, rng):
    """One epoch: shuffle, then forward / loss / backward per mini-batch. X: (N, 289, 1)."""
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        x, label = X[start : start + batch_size], y[start : start + batch_size]
        for layer in layers:
            x = layer.forward(x)
        loss.forward(x, label)
        d = loss.backward()
        for layer in reversed(layers):
            d = layer.backward(d)


def build(rng, lr=1.0):
    return [
        FullyConnect(289, 20, rng, lr),
        Sigmoid(),
        FullyConnect(20, 26, rng, lr),
        Sigmoid(),
    ], CrossEntropyLoss()
