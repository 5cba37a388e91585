"""Optimisers: update parameters in place from their gradients (notebooks 02–05).

Learning rate, momentum and weight decay live here, not in the layers (the seed lab kept `lr` in each
layer; separating them lets one model be trained by different optimisers). For every parameter p with
gradient g:

    g ← g + λ·p                 weight decay λ (L2 penalty ½λ‖p‖², as PyTorch's `weight_decay`)
    g ← g + λ₁·sign(p)          L1 penalty λ₁‖p‖₁ (pushes small weights to exactly 0; not in PyTorch's SGD)
    v ← μ·v + g                 momentum μ (v = g when μ = 0)
    p ← p − η·v                 learning rate η

Optionally the gradients are first rescaled so that their global norm is at most `clip_norm`
(gradient clipping, used against exploding gradients in notebook 07).
"""
import numpy as np

from .errors import ConfigError


def _layers_of(model):
    return model.layers if hasattr(model, "layers") else list(model)


def global_grad_norm(layers):
    """‖g‖₂ over every gradient of every layer, as one vector."""
    return float(np.sqrt(sum(float(np.sum(g * g)) for layer in layers for g in layer.grads.values())))


class SGD:
    """Stochastic gradient descent with optional momentum, weight decay and gradient clipping.

    Args:
        model: a `Sequential` (or a list of layers) whose `params`/`grads` dicts are updated.
        lr: learning rate η > 0.
        momentum: μ in [0, 1).
        weight_decay: λ ≥ 0.
        l1: λ₁ ≥ 0.
        clip_norm: if given, scale all gradients down so that their global norm is ≤ clip_norm.
    """

    def __init__(self, model, lr, momentum=0.0, weight_decay=0.0, clip_norm=None, l1=0.0):
        self.layers = _layers_of(model)
        self.lr = lr
        if not 0 <= momentum < 1:
            raise ConfigError(f"SGD: momentum must be in [0, 1), got {momentum}")
        if not weight_decay >= 0:
            raise ConfigError(f"SGD: weight_decay must be ≥ 0, got {weight_decay}")
        if not l1 >= 0:
            raise ConfigError(f"SGD: l1 must be ≥ 0, got {l1}")
        if clip_norm is not None and not clip_norm > 0:
            raise ConfigError(f"SGD: clip_norm must be > 0 (or None), got {clip_norm}")
        self.momentum, self.weight_decay, self.clip_norm, self.l1 = momentum, weight_decay, clip_norm, l1
        self.velocity = {}

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):
        # checked on every change, because widgets set it while a run is going on
        try:
            ok = np.isfinite(value) and value > 0
        except TypeError:
            ok = False
        if not ok:
            raise ConfigError(f"learning rate must be a positive number, got {value!r}")
        self._lr = float(value)

    def step(self):
        """Apply one update to every parameter that has a gradient."""
        scale = 1.0
        if self.clip_norm is not None:
            norm = global_grad_norm(self.layers)
            if norm > self.clip_norm:
                scale = self.clip_norm / norm
        for i, layer in enumerate(self.layers):
            for name, p in layer.params.items():
                if name not in layer.grads:
                    continue
                g = layer.grads[name]
                if scale != 1.0:
                    g = g * scale
                if self.weight_decay:
                    g = g + self.weight_decay * p
                if self.l1:
                    g = g + self.l1 * np.sign(p)
                if self.momentum:
                    v = self.velocity.get((i, name))
                    v = g.copy() if v is None else self.momentum * v + g
                    self.velocity[(i, name)] = v
                    g = v
                p -= self.lr * g   # in place: the layer's array is updated, not replaced

    def __repr__(self):
        extras = "".join(f", {k}={v}" for k, v in (("momentum", self.momentum), ("weight_decay", self.weight_decay),
                                                   ("clip_norm", self.clip_norm), ("l1", self.l1)) if v)
        return f"SGD(lr={self.lr}{extras})"
