"""Maxout (Goodfellow et al. 2013): each unit takes the largest of k affine functions of its input.

    z_{n,h,j} = x_n · W[:, h, j] + b[h, j]        for j = 1..k pieces
    y_{n,h}   = max_j z_{n,h,j}

With k = 2, one piece w·x and the other 0, a maxout unit *is* a ReLU; with more pieces it learns its
own convex piecewise-linear activation. It never saturates and never dies, at the price of k times the
parameters (notebook 01).

Shapes: x (N, D_in) → y (N, D_out); W (D_in, D_out, k); b (D_out, k).
Backward: the gradient flows only into the piece that won the max, for each sample and unit.
"""

from collections import namedtuple

import numpy as np

from .errors import expect_input, whole_number
from .i18n import _
from .init import init_params
from .layers import Layer


class Maxout(Layer):
    """Dense layer with maxout units. Args: in_features, out_features, rng, k (pieces ≥ 2), init, dtype."""

    Cache = namedtuple("MaxoutCache", "x winner")  # the input, and the winning piece j of every (n, h)

    def __init__(self, in_features, out_features, rng, k=2, init="xavier", dtype=np.float32):
        super().__init__()
        self.in_features = whole_number(in_features, "in_features", 1, where="Maxout")
        self.out_features = whole_number(out_features, "out_features", 1, where="Maxout")
        self.k = whole_number(k, _("k (the number of pieces)"), 2, where="Maxout")

        W, b = init_params(init, self.in_features, self.out_features * self.k, rng, dtype, where=repr(self))
        self.params = {
            "W": W.reshape(self.in_features, self.out_features, self.k),
            "b": b.reshape(self.out_features, self.k),
        }

    def _check_input(self, x):
        expect_input(self, x, ("N", self.in_features))

    def _forward(self, x):
        W, b = self.params["W"], self.params["b"]
        z = (x @ W.reshape(self.in_features, -1)).reshape(len(x), self.out_features, self.k) + b
        winner = z.argmax(axis=2)  # (N, D_out)
        self.cache = self.Cache(x, winner)
        return np.take_along_axis(z, winner[..., None], axis=2)[..., 0]

    def _backward(self, dout, need_dx):
        x, winner = self.cache
        dz = np.zeros((len(x), self.out_features, self.k), dtype=dout.dtype)
        np.put_along_axis(dz, winner[..., None], dout[..., None], axis=2)  # route to the winning piece
        dz_flat = dz.reshape(len(x), -1)
        self.grads["W"] = (x.T @ dz_flat).reshape(self.params["W"].shape)
        self.grads["b"] = dz.sum(axis=0)
        return dz_flat @ self.params["W"].reshape(self.in_features, -1).T if need_dx else None

    def __repr__(self):
        return f"Maxout({self.in_features} → {self.out_features}, k={self.k})"
