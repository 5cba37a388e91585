"""Why depth pays: a function a deep network builds with a handful of parameters, which a shallow
network needs exponentially many for (notebook 00; Telgarsky 2016, Montúfar et al. 2014).

The tent map on [0, 1],  T(x) = 2x for x ≤ ½ and 2 − 2x for x > ½,  is two ReLUs:

    T(x) = 2·ReLU(x) − 4·ReLU(x − ½)

Composing it k times, T∘T∘…∘T, gives a sawtooth with 2^(k−1) teeth: 2^k linear pieces (Telgarsky 2016,
"Benefits of depth in neural networks"). A deep ReLU network computes it with 2 units per layer (k hidden
layers, ~6k parameters). A network with one hidden layer bends at most once per unit, and the sawtooth has
2^k − 1 kinks, so it needs at least 2^k − 1 units (the `approx.as_relu_network` construction uses two per
piece): its size doubles with every extra tooth.
"""

import numpy as np

from ..activations import ReLU
from ..errors import whole_number
from ..i18n import _
from ..layers import Linear
from ..model import Sequential


def sawtooth(x, k):
    """T applied k times (the reference), for x in [0, 1]."""
    k = whole_number(k, _("k (how many times T is applied)"), 0, 1000, where="sawtooth")
    x = np.asarray(x, dtype=float)
    for _i in range(k):
        x = np.where(x <= 0.5, 2 * x, 2 - 2 * x)
    return x


def deep_sawtooth_net(k):
    """Linear(1 → 2) → ReLU → [Linear(2 → 2) → ReLU] × (k − 1) → Linear(2 → 1), float64, computing
    sawtooth(x, k).

    Each hidden pair holds ReLU(u) and ReLU(u − ½) of the previous tent's output u = 2·r1 − 4·r2; the
    next Linear both finishes that tent and starts the next one.
    """
    where = "deep_sawtooth_net"  # i18n: not shown (a function's name)
    k = whole_number(k, _("k (the number of hidden layers)"), 1, 1000, where=where)
    rng = np.random.default_rng(0)  # weights are set below
    layers = []
    first = Linear(1, 2, rng, dtype=np.float64)
    first.params["W"][...] = [[1.0, 1.0]]
    first.params["b"][...] = [0.0, -0.5]
    layers += [first, ReLU()]
    for _i in range(k - 1):
        mid = Linear(2, 2, rng, dtype=np.float64)
        mid.params["W"][...] = [[2.0, 2.0], [-4.0, -4.0]]  # u = 2 r1 − 4 r2, fed to both units
        mid.params["b"][...] = [0.0, -0.5]
        layers += [mid, ReLU()]
    last = Linear(2, 1, rng, dtype=np.float64)
    last.params["W"][...] = [[2.0], [-4.0]]
    last.params["b"][...] = [0.0]
    layers.append(last)
    return Sequential(layers)
