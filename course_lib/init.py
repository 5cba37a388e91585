"""Weight initialisation, chosen by name.

A dense layer computes y = x @ W + b with W of shape (fan_in, fan_out). How W starts decides whether
signals and gradients keep their size as they pass through many layers (notebook 04):

| name      | W ~                          | b      | why                                                    |
|-----------|------------------------------|--------|--------------------------------------------------------|
| "seed"    | N(0, 1) / √fan_in            | N(0,1) | the lab's `FullyConnect`: Var(z) ≈ 1 + 1 per unit      |
| "normal"  | N(0, 1)                      | N(0,1) | naive; Var(z) ≈ fan_in, so sigmoids saturate at once   |
| "xavier"  | N(0, 2 / (fan_in + fan_out)) | 0      | Glorot & Bengio 2010: variance kept both ways          |
| "he"      | N(0, 2 / fan_in)             | 0      | He et al. 2015: for ReLU, which zeroes half its inputs |
| "uniform" | U(−1/√fan_in, 1/√fan_in)     | same   | PyTorch's default for nn.Linear, nn.RNN and nn.LSTM    |

Each function takes an explicit `rng` (numpy Generator): the same seed gives the same network.
"""

import numpy as np

from .errors import ConfigError, _prefix, check_memory, one_of, whole_number
from .i18n import _

INITS = ("seed", "normal", "xavier", "he", "uniform")
FLOAT_DTYPES = (np.float32, np.float64)  # training; gradient checks


def float_dtype(dtype, where=None):
    """np.dtype(dtype) if it is float32 or float64, else ConfigError: the one check of every layer's dtype.

    Integer weights would round each small update away (W −= 0.01·g leaves an int32 W as it was) and
    complex ones give a complex loss: both train in silence to nothing. float16 overflows past 65504.
    """
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt not in FLOAT_DTYPES:
        raise ConfigError(
            _prefix(where)
            + _(
                "dtype must be np.float32 (for training) or np.float64 (for gradient checks), got {dtype}"
            ).format(dtype=repr(getattr(dtype, "__name__", dtype)))
        )
    return dt


def as_generator(rng, name=None, where=None):
    """A numpy Generator from `rng`: a Generator as it is; a whole number ≥ 0 seeds a new one; None, a
    fresh one. `name` is how a message names rng (translated; by default "rng (a seed, or …)")."""
    if name is None:
        name = _("rng (a seed, or np.random.default_rng(seed))")
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    return np.random.default_rng(whole_number(rng, name, 0, where=where))


def generator(rng, where=None):
    """`rng` if it is a numpy Generator, else ConfigError: the check of every function that draws from one."""
    if not isinstance(rng, np.random.Generator):
        raise ConfigError(
            _prefix(where)
            + _("rng must be a numpy Generator, e.g. np.random.default_rng(0); got {type}").format(
                type=type(rng).__name__
            )
        )
    return rng


def check_weights(count, where=None):
    """ConfigError (errors.check_memory) if a layer's `count` weights would not fit in memory: checked before
    drawing them, which is done in float64 whatever the dtype, so 8 bytes a number."""
    check_memory(
        count,
        _("its weights"),
        _("check the sizes given to it (the course's largest layer has 1000 × 100 weights)"),
        where,
        itemsize=8,
    )


def init_params(name, fan_in, fan_out, rng, dtype=np.float32, where=None):
    """Draw the weight matrix and bias vector of one dense layer.

    Args:
        name: one of INITS.
        fan_in, fan_out: number of inputs D_in and outputs D_out of the layer.
        rng: numpy.random.Generator.
        dtype: float32 for training, float64 for gradient checks (anything else is a ConfigError).
        where: the layer, for messages, e.g. "Linear(289 → 20)".
    Returns:
        W of shape (fan_in, fan_out) and b of shape (fan_out,).
    Raises ConfigError before drawing anything if W would not fit in memory (`errors.check_memory`).
    """
    one_of(name, _("initialisation"), INITS, where)

    dtype = float_dtype(dtype, where)
    check_weights((fan_in + 1) * fan_out, where)
    generator(rng, where)
    if name == "uniform":
        bound = 1 / np.sqrt(fan_in)
        W, b = rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)
        return W.astype(dtype), b.astype(dtype)
    W = rng.standard_normal((fan_in, fan_out))
    if name == "seed":
        W /= np.sqrt(fan_in)
        b = rng.standard_normal(fan_out)
    elif name == "normal":
        b = rng.standard_normal(fan_out)
    elif name == "xavier":
        W *= np.sqrt(2.0 / (fan_in + fan_out))
        b = np.zeros(fan_out)
    else:  # "he"
        W *= np.sqrt(2.0 / fan_in)
        b = np.zeros(fan_out)
    return W.astype(dtype), b.astype(dtype)
