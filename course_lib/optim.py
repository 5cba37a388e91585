"""Optimisers: update parameters in place from their gradients (SGD in notebooks 02–06, Adam in 07).

Learning rate, momentum and weight decay live here, not in the layers (the letters lab kept `lr` in each
layer; separating them lets one model be trained by different optimisers). For every parameter p with
gradient g:

    g ← g + λ·p                 weight decay λ (L2 penalty ½λ‖p‖², as PyTorch's `weight_decay`)
    g ← g + λ₁·sign(p)          L1 penalty λ₁‖p‖₁ (pushes small weights to exactly 0; not in PyTorch's SGD)
    v ← μ·v + g                 momentum μ (v = g when μ = 0)
    p ← p − η·v                 learning rate η

Adam (Kingma & Ba 2015) replaces the last two lines: it keeps running means of g and g², and steps
each parameter by η·m̂ / (√v̂ + ε), so every parameter moves by about η whatever its gradient's scale —
which helps recurrent nets, whose gradients differ by orders of magnitude between weights and over time:

    m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)

Optionally the gradients are first rescaled so that their global norm is at most `clip_norm`
(gradient clipping, used against exploding gradients in notebook 07).
"""

import numpy as np

from .errors import ConfigError, NotReadyError, finite_number, learning_rate, positive_number
from .i18n import _
from .layers import Layer


def _layers_of(model, where):
    """The layers an optimiser updates: a Sequential's (the same list), or a list of layers."""
    layers = getattr(model, "layers", model)
    if (
        isinstance(model, type)
        or not isinstance(layers, (list, tuple))
        or not all(isinstance(l, Layer) for l in layers)
    ):
        if isinstance(model, type):
            message = _(
                "{where} needs the model whose parameters it updates, {where}(model, lr=...); "
                "got the class {got}"
            )
            got = model.__name__
        else:
            message = _(
                "{where} needs the model whose parameters it updates, {where}(model, lr=...); got {got}"
            )
            got = "None" if model is None else type(model).__name__
        raise ConfigError(message.format(where=where, got=got))
    return layers if isinstance(layers, list) else list(layers)


def global_grad_norm(layers):
    """The global gradient norm: ‖g‖₂ over every gradient of every layer as one vector (clipping's).
    Each parameter's Σ g² is summed in its own dtype, and the sums over the parameters as Python floats."""
    return float(np.sqrt(sum(float(np.sum(g * g)) for layer in layers for g in layer.grads.values())))


def layer_grad_norm(layer):
    """The gradient norm of one layer: ‖∂L/∂θ_l‖₂ over all of its parameters θ_l at once (W and b together),
    the global norm of that layer alone.

    This is what "gradient norm per layer" means everywhere in the course (the Trainer's history, the
    playground's bars). `lessons.gradient_by_depth.param_grad_norms` measures one parameter's, ‖∂L/∂b_l‖ by
    default, under its own name.
    """
    return global_grad_norm([layer])


def _checked(name, check):
    """An optimiser option as a property whose every assignment goes through check(value, where), the
    constructor's check: `opt.momentum = 1.5` from a cell, or a widget changing the learning rate while a
    run goes on, is refused in one line then, instead of the run diverging later with the learning rate
    blamed for it."""
    private = "_" + name

    def set_checked(self, value):
        setattr(self, private, check(value, type(self).__name__))

    doc = f"{name}, checked on every change"  # i18n: not shown (a docstring)
    return property(lambda self: getattr(self, private), set_checked, doc=doc)


def _optional_clip(value, where):
    return None if value is None else positive_number(value, _("clip_norm (or None)"), where=where)


class Optimizer:
    """What SGD and Adam share: the learning rate, clipping, weight decay and the L1 penalty.
    Subclasses implement `_update(key, p, g)` for one parameter p (updated in place) and its gradient g.
    Every option is checked when it is set, in the constructor or later (`_checked`)."""

    lr = _checked("lr", learning_rate)
    weight_decay = _checked(
        "weight_decay", lambda v, where: positive_number(v, "weight_decay", where, allow_zero=True)
    )
    l1 = _checked("l1", lambda v, where: positive_number(v, "l1", where, allow_zero=True))
    clip_norm = _checked("clip_norm", _optional_clip)

    def __init__(self, model, lr, weight_decay=0.0, clip_norm=None, l1=0.0):
        self.model = model  # what it was built on: the Trainer checks that it trains every layer
        self.layers = _layers_of(model, type(self).__name__)
        self.lr, self.weight_decay, self.l1, self.clip_norm = lr, weight_decay, l1, clip_norm
        self.state = {}  # per-parameter memory (velocity, moments), keyed by (layer index, name)
        self._owner = {}  # ... and the array it belongs to: a layer replaced since then starts afresh

    def step(self):
        """Apply one update to every parameter that has a gradient."""
        if not any(layer.grads for layer in self.layers):
            raise NotReadyError(
                _(
                    "{optimizer}.step() called before any backward(): run forward, "
                    "the loss and backward first, so that there are gradients to follow"
                ).format(optimizer=type(self).__name__)
            )
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
                if self._owner.get((i, name)) is not p:  # a new layer in this place: no old momentum
                    self.state.pop((i, name), None)
                    self._owner[(i, name)] = p
                self._update((i, name), p, g)  # in place: the layer's array is updated, not replaced

    def _options(self):
        return (("weight_decay", self.weight_decay), ("clip_norm", self.clip_norm), ("l1", self.l1))

    def __repr__(self):
        extras = "".join(f", {k}={v}" for k, v in self._options() if v)
        return f"{type(self).__name__}(lr={self.lr}{extras})"


def _momentum(value, where):
    mu = positive_number(value, "momentum", where=where, allow_zero=True)
    if mu >= 1:
        raise ConfigError(
            _("{where}: momentum must be in [0, 1) (0.9 is usual), got {value}").format(
                where=where, value=repr(value)
            )
        )
    return mu


def _betas(value, where):
    try:
        a_pair = not isinstance(value, (str, bytes)) and len(value) == 2
    except TypeError:
        a_pair = False
    if not a_pair:
        raise ConfigError(
            _("{where}: betas must be two numbers in [0, 1), e.g. (0.9, 0.999), got {value}").format(
                where=where, value=repr(value)
            )
        )

    return tuple(
        finite_number(b, f"betas[{i}] ({beta})", where, minimum=0, below=1)
        for i, (b, beta) in enumerate(zip(value, ("β₁", "β₂")))
    )


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, weight decay and gradient clipping.

    Args:
        model: a `Sequential` (or a list of layers) whose `params`/`grads` dicts are updated.
        lr: learning rate η > 0.
        momentum: μ in [0, 1).
        weight_decay: λ ≥ 0.
        l1: λ₁ ≥ 0.
        clip_norm: if given, scale all gradients down so that their global norm is ≤ clip_norm.
    """

    momentum = _checked("momentum", _momentum)

    def __init__(self, model=None, lr=None, momentum=0.0, weight_decay=0.0, clip_norm=None, l1=0.0):
        super().__init__(model, lr, weight_decay, clip_norm, l1)
        self.momentum = momentum

    def _update(self, key, p, g):
        if self.momentum:
            v = self.state.get(key)
            v = g.copy() if v is None else self.momentum * v + g
            self.state[key] = v
            g = v
        p -= self.lr * g

    def _options(self):
        return (("momentum", self.momentum),) + super()._options()


class Adam(Optimizer):
    """Adam: SGD whose step for each parameter is scaled by running estimates of its gradient's mean
    and size (formulas above; PyTorch's `torch.optim.Adam`, weight decay added to g as there).

    Args:
        model, lr, weight_decay, clip_norm, l1: as for SGD (lr η ≈ 1e-3 is the usual start).
        betas: (β₁, β₂) in [0, 1), the memories of the two running means.
        eps: ε > 0, keeps the step finite where v̂ ≈ 0.
    """

    betas = _checked("betas", _betas)
    eps = _checked("eps", lambda v, where: positive_number(v, "eps", where=where))

    def __init__(
        self, model=None, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, clip_norm=None, l1=0.0
    ):
        super().__init__(model, lr, weight_decay, clip_norm, l1)
        self.betas, self.eps = betas, eps

    def _update(self, key, p, g):
        b1, b2 = self.betas
        t, m, v = self.state.get(key, (0, 0.0, 0.0))
        t, m, v = t + 1, b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        self.state[key] = (t, m, v)
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
