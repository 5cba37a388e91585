"""Batch normalisation and dropout: layers that behave differently in training and in evaluation
(notebook 06b's training tricks). `Sequential.train()` / `.eval()` switch every layer's `training` flag.

BatchNorm (Ioffe & Szegedy 2015), per feature (per channel for images), with ε = 1e-5:
    training:   μ, σ² = mean and variance over the batch (and over H, W for images)
                x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β;  running averages of μ, σ² are updated (momentum 0.1)
    evaluation: the running averages replace μ and σ²
    backward (training), with m values per feature:
                dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ/√(σ² + ε) · (dy − mean(dy) − x̂·mean(dy·x̂))
Shapes: (N, D) with γ, β (D,), or (N, C, H, W) with γ, β (C,).

Dropout(p): in training each value is zeroed with probability p and the survivors scaled by 1/(1 − p)
(so the expected output is unchanged); in evaluation it is the identity. The mask comes from an explicit rng.
"""

from collections import namedtuple

import numpy as np

from .errors import ConfigError, ShapeError, check_memory, expect_input, positive_number, whole_number
from .i18n import _
from .init import as_generator, float_dtype
from .layers import Layer


class BatchNorm(Layer):
    """Batch normalisation over features (2-D input) or channels (4-D input). Args: num_features, dtype."""

    # x̂, and 1/√(σ² + ε) per feature
    Cache = namedtuple("BatchNormCache", "x_hat inv_std")  # i18n: not shown (field names)

    def __init__(self, num_features, momentum=0.1, eps=1e-5, dtype=np.float32):
        super().__init__()
        num_features = whole_number(num_features, "num_features", 1, where="BatchNorm")
        momentum = positive_number(momentum, "momentum", where="BatchNorm", allow_zero=True)
        eps = positive_number(eps, "eps", where="BatchNorm")
        if momentum > 1:
            raise ConfigError(
                _("BatchNorm: momentum must be in [0, 1] (0.1 is usual), got {value}").format(
                    value=repr(momentum)
                )
            )
        dtype = float_dtype(dtype, where="BatchNorm")
        check_memory(
            4 * num_features,
            _("its γ, β and running statistics for {count:,} features").format(count=num_features),
            _("num_features is the number of features (or channels) of the layer before it"),
            f"BatchNorm({num_features})",
            dtype.itemsize,
        )
        self.params = {"gamma": np.ones(num_features, dtype), "beta": np.zeros(num_features, dtype)}
        self.running_mean, self.running_var = np.zeros(num_features, dtype), np.ones(num_features, dtype)
        self.num_features, self.momentum, self.eps = num_features, momentum, eps

    def _check_input(self, x):
        D = self.num_features
        expect_input(self, x, ("N", D), ("N", D, "H", "W"))
        # one value per feature: its variance is 0, so x̂ = 0 and nothing is learnt
        if self.training and x.size // D < 2:
            raise ShapeError(
                _(
                    "{layer}: in training mode batch norm needs at least 2 values per feature, "
                    "got a batch of shape {shape}; call model.eval() to predict single samples "
                    "(and pick a batch_size that does not leave 1 sample over)"
                ).format(layer=self, shape=x.shape)
            )

    def _axes(self, x):
        return (0,) if x.ndim == 2 else (0, 2, 3)

    def _shape(self, x):
        return (1, self.num_features) if x.ndim == 2 else (1, self.num_features, 1, 1)

    def _forward(self, x):
        axes, shape = self._axes(x), self._shape(x)
        if self.training:
            mean, var = x.mean(axis=axes), x.var(axis=axes)
            m = x.size // self.num_features
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            unbiased_var = var * m / max(m - 1, 1)
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * unbiased_var
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = (x - mean.reshape(shape)) * inv_std.reshape(shape)
        self.cache = self.Cache(x_hat, inv_std)
        return self.params["gamma"].reshape(shape) * x_hat + self.params["beta"].reshape(shape)

    def _backward(self, dout, need_dx):
        x_hat, inv_std = self.cache
        axes, shape = self._axes(dout), self._shape(dout)
        self.grads["beta"] = dout.sum(axis=axes)
        self.grads["gamma"] = (dout * x_hat).sum(axis=axes)
        g = (self.params["gamma"] * inv_std).reshape(shape)
        if not self.training:  # statistics are constants in evaluation mode
            return dout * g
        mean_d = dout.mean(axis=axes, keepdims=True)
        mean_dx = (dout * x_hat).mean(axis=axes, keepdims=True)
        return g * (dout - mean_d - x_hat * mean_dx)

    def __repr__(self):
        return f"BatchNorm({self.num_features})"


class Dropout(Layer):
    """Zero each value with probability p while training (scaling the rest by 1/(1 − p)); identity in
    evaluation."""

    Cache = namedtuple("DropoutCache", "mask")  # kept ÷ (1 − p) and dropped 0; None: the identity

    def __init__(self, p, rng):
        super().__init__()
        p = positive_number(p, _("p (the chance of dropping a value)"), where="Dropout", allow_zero=True)
        if p >= 1:
            raise ConfigError(
                _("Dropout: p is the chance of dropping a value and must be in [0, 1), got {p}").format(
                    p=repr(p)
                )
            )
        if rng is None:
            raise ConfigError(
                _("Dropout needs an rng (np.random.default_rng(seed)) so that runs are reproducible")
            )

        self.p, self.rng = p, as_generator(rng, where="Dropout")

    def _forward(self, x):
        if self.training and self.p:
            mask = (self.rng.random(x.shape) >= self.p).astype(x.dtype) / (1 - self.p)
        else:
            mask = None
        self.cache = self.Cache(mask)
        return x * mask if mask is not None else x

    def _backward(self, dout, need_dx):
        mask = self.cache.mask
        return dout * mask if mask is not None else dout

    def __repr__(self):
        return f"Dropout({self.p})"
